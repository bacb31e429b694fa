//! The command line, parsed only: the clap tree of SPEC §2, one file per noun.
//! Nothing here touches the store, prints or decides; `app.rs` acts on the result.

pub mod audit;
pub mod company;
pub mod complete;
pub mod docs;
pub mod generate;
pub mod group;
pub mod login;
pub mod mail;
pub mod policy;
pub mod report;
pub mod role;
pub mod store;
pub mod tenant;
pub mod user;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Terminal admin tool for two-factor authentication.
///
/// mfactl keeps tenants, companies, users, roles and their second factors in a local
/// SQLite store, and runs the sign-in flow those users go through with every policy
/// rule applied. Every command takes --json for scripts and --no-input for pipelines.
/// `mfactl --help` ends with the exit codes, the environment variables and the files.
#[derive(Debug, Parser)]
#[command(name = "mfactl", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The store: an SQLite file, or a postgres:// URL
    ///
    /// An SQLite file [default: mfactl.db in the platform data directory], or a
    /// postgres:// URL of a PostgreSQL store.
    #[arg(
        long,
        global = true,
        env = "MFACTL_STORE",
        hide_env_values = true,
        hide_short_help = true,
        value_name = "PATH"
    )]
    pub store: Option<PathBuf>,
    /// Print one JSON value on stdout (errors as {"error": {...}} on stderr)
    #[arg(long, global = true, hide_short_help = true)]
    pub json: bool,
    /// Who is acting, recorded in the audit log [default: the OS user]
    ///
    /// With `audit`, show only this actor's entries.
    #[arg(
        long,
        global = true,
        env = "MFACTL_ACTOR",
        hide_env_values = true,
        hide_short_help = true,
        value_name = "NAME"
    )]
    pub actor: Option<String>,
    /// Never prompt; a missing answer exits 4 naming the flag
    ///
    /// Implied when standard input or standard error is not a terminal.
    #[arg(long, global = true, hide_short_help = true)]
    pub no_input: bool,
    /// Print no success messages (results, JSON and errors are still printed)
    #[arg(short, long, global = true, hide_short_help = true)]
    pub quiet: bool,
}

/// The command tree alone, without the help's examples, JSON fields and completers:
/// what parsing a right command line needs, and no more. It accepts exactly what
/// `command()` accepts.
pub fn bare_command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command()
}

/// The bare tree with only the top-level command `name` in it, for a command line that
/// names it: the other eleven are not built (their arguments are most of a small
/// command's start-up). Of a command with subcommands (`user`), only the one `verb`
/// names is kept when there is one (so clap does not copy the global options into the
/// twenty others: 129 KB of heap and 60 page faults of `user show`, issue 22); without
/// it, or for a verb that is none, all of them, for clap's error to list. Built as the
/// derive builds `Cli::command()` (a test compares the two); `None` for a name that is
/// no command.
pub fn bare_command_for(name: &str, verb: Option<&str>) -> Option<clap::Command> {
    use clap::{Args, Subcommand};
    fn nested<S: Subcommand>(sub: clap::Command, verb: Option<&str>) -> clap::Command {
        let all = S::augment_subcommands(sub.clone());
        let sub = match verb.and_then(|verb| all.find_subcommand(verb)) {
            Some(one) => sub.subcommand(one.clone()),
            None => all,
        };
        sub.subcommand_required(true).arg_required_else_help(true)
    }
    fn leaf<A: Args>(sub: clap::Command, _: Option<&str>) -> clap::Command {
        A::augment_args(sub)
    }
    type Build = fn(clap::Command, Option<&str>) -> clap::Command;
    let (name, build): (&'static str, Build) = match name {
        "tenant" => ("tenant", nested::<tenant::TenantCommand>),
        "company" => ("company", nested::<company::CompanyCommand>),
        "user" => ("user", nested::<user::UserCommand>),
        "role" => ("role", nested::<role::RoleCommand>),
        "group" => ("group", nested::<group::GroupCommand>),
        "mail" => ("mail", nested::<mail::MailCommand>),
        "policy" => ("policy", nested::<policy::PolicyCommand>),
        "store" => ("store", nested::<store::StoreCommand>),
        "login" => ("login", leaf::<login::LoginArgs>),
        "audit" => ("audit", leaf::<audit::AuditArgs>),
        "report" => ("report", leaf::<report::ReportArgs>),
        "completions" => ("completions", leaf::<CompletionsArgs>),
        _ => return None,
    };
    let sub = build(clap::Command::new(name), verb);
    let root = clap::Command::new("mfactl")
        .version(env!("CARGO_PKG_VERSION"))
        .max_term_width(100)
        .group(clap::ArgGroup::new("Cli").multiple(true));
    let root = GlobalArgs::augment_args(root);
    Some(
        root.subcommand(sub)
            .subcommand_required(true)
            .arg_required_else_help(true),
    )
}

/// The `--tenant` and `--store` typed on the command line (not from the environment),
/// for the commands a run suggests (`suggest::Context`).
pub fn typed_context(matches: &clap::ArgMatches) -> crate::suggest::Context {
    let mut deepest = matches;
    while let Some((_, sub)) = deepest.subcommand() {
        deepest = sub;
    }
    let typed = |name: &str| {
        // Only an argument this command has may be asked about (clap panics in debug
        // builds otherwise).
        let present = deepest.ids().any(|id| id.as_str() == name);
        (present && deepest.value_source(name) == Some(clap::parser::ValueSource::CommandLine))
            .then(|| deepest.try_get_raw(name).ok().flatten())
            .flatten()
            .and_then(|mut values| values.next())
            .map(|value: &std::ffi::OsStr| value.to_string_lossy().into_owned())
    };
    crate::suggest::Context::new(typed("tenant"), typed("store"))
}

/// The command tree as the binary parses it: each command's examples and JSON fields
/// (`docs`) after its flags, completion from the store attached (`complete.rs`), and
/// the default store's real path on this machine in the help of `--store` (the
/// generated man pages keep the platform-neutral text).
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let command = complete::attach(docs::apply(Cli::command()));
    match crate::paths::store_path(None) {
        Ok(path) => command.mut_arg("store", |arg| {
            arg.long_help(format!(
                "An SQLite file [default: {}], or a postgres:// URL of a PostgreSQL store.",
                path.display()
            ))
        }),
        Err(_) => command,
    }
}

/// The tenant of a command that names a user, company, role or group.
#[derive(Debug, Clone, Args)]
pub struct TenantArg {
    /// Tenant to act in [default: the only tenant of the store]
    #[arg(
        long,
        env = "MFACTL_TENANT",
        hide_env_values = true,
        value_name = "TENANT"
    )]
    pub tenant: Option<String>,
}

/// The tenant of a listing or report, which covers every tenant without it.
#[derive(Debug, Clone, Args)]
pub struct TenantFilterArg {
    /// Only this tenant [default: every tenant]
    #[arg(
        long,
        env = "MFACTL_TENANT",
        hide_env_values = true,
        value_name = "TENANT"
    )]
    pub tenant: Option<String>,
}

/// `--yes`: confirm a change that destroys or weakens protection without a prompt.
#[derive(Debug, Clone, Copy, Args)]
pub struct YesArg {
    /// Do not ask for confirmation (for scripts)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage tenants (super apps, reseller platforms) and their 2FA settings
    #[command(subcommand)]
    Tenant(tenant::TenantCommand),
    /// Manage companies of a tenant and their MFA enforcement
    #[command(subcommand)]
    Company(company::CompanyCommand),
    /// Manage users, their passwords and their second factors
    #[command(subcommand)]
    User(user::UserCommand),
    /// Manage roles and role-based 2FA enforcement
    #[command(subcommand)]
    Role(role::RoleCommand),
    /// Manage groups; roles granted to a group reach its members
    #[command(subcommand)]
    Group(group::GroupCommand),
    /// Set and check how mfactl sends email (codes and notifications)
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// Keep the 2FA policy of many tenants in one reviewed file: export, plan, apply
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Show the store in use: its path, key file, schema version and counts
    #[command(subcommand)]
    Store(store::StoreCommand),
    // These take their help from the doc comment of their arguments' struct.
    Login(login::LoginArgs),
    Audit(audit::AuditArgs),
    Report(report::ReportArgs),
    Completions(CompletionsArgs),
}

/// Print a shell completion script
///
/// Write it where the shell looks for completions (see the examples).
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
