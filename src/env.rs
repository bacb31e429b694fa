//! The names of every environment variable mfactl reads, in one place.

/// The store: an SQLite file's path or a PostgreSQL URL (same as `--store`).
pub const STORE: &str = "MFACTL_STORE";
/// Path of the encryption key file; default: beside the store.
pub const KEY_FILE: &str = "MFACTL_KEY_FILE";
/// libpq's password for a PostgreSQL store whose URL has none.
pub const PGPASSWORD: &str = "PGPASSWORD";
/// libpq's password file, read when neither the URL nor `PGPASSWORD` gives one;
/// default `~/.pgpass`.
pub const PGPASSFILE: &str = "PGPASSFILE";
/// The home directory: the data directory's default, `~/.pgpass`, and
/// `~/.postgresql/root.crt` (libpq's default `sslrootcert`).
pub const HOME: &str = "HOME";
/// Who is acting, recorded in the audit log (same as `--actor`).
pub const ACTOR: &str = "MFACTL_ACTOR";
/// The tenant of commands that name a user, company, role or group (same as `--tenant`).
pub const TENANT: &str = "MFACTL_TENANT";
/// The longest one message may take to send, in seconds (1 to 600; default 60).
pub const MAIL_TIMEOUT: &str = "MFACTL_MAIL_TIMEOUT";
/// Set to a shell's name (`bash`, `zsh`, `fish`, …) by the script that
/// `COMPLETE=bash mfactl` prints: the run prints completion candidates instead.
pub const COMPLETE: &str = "COMPLETE";
/// Which word of the command line is being completed, set by that script.
pub const COMPLETE_INDEX: &str = "_CLAP_COMPLETE_INDEX";
/// Set to 1 when running the tests to rewrite the generated docs in `man/` and `completions/`.
pub const BLESS: &str = "MFACTL_BLESS";

/// The terminal's width in columns, when set (shells set it, but seldom export it);
/// otherwise the terminal is asked. Decides whether a QR code fits.
pub const COLUMNS: &str = "COLUMNS";

/// The terminal's width from `COLUMNS`: a positive whole number, else `None`.
pub fn columns() -> Option<usize> {
    std::env::var(COLUMNS)
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|n: &usize| *n > 0)
}

/// Set (to anything but empty) to turn ANSI colour off: <https://no-color.org>.
pub const NO_COLOR: &str = "NO_COLOR";

/// Whether ANSI colour may be used: no `NO_COLOR`, and `TERM` is not `dumb`.
pub fn color_allowed() -> bool {
    std::env::var_os(NO_COLOR).is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// Whether the terminal's background is light, from `COLORFGBG` ("fg;bg", set by
/// rxvt, Konsole and others); `None` when it does not say.
pub fn light_background() -> Option<bool> {
    let value = std::env::var("COLORFGBG").ok()?;
    let background: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    Some(matches!(background, 7 | 15))
}

/// The operating-system user name, the default actor: `$USER` or `$LOGNAME`, else the
/// passwd entry of the process's uid (CI and cron often set neither), else `uid:N`.
pub fn os_user() -> String {
    if let Some(name) = ["USER", "LOGNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    {
        return name;
    }
    let uid = rustix::process::getuid().as_raw().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .find_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            (fields.nth(1)? == uid).then(|| name.to_owned())
        })
        .unwrap_or_else(|| format!("uid:{uid}"))
}
