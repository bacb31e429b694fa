//! Connecting to a PostgreSQL store, as libpq would: a `postgres://` or `postgresql://`
//! URL read into a `Target`; the password from the URL, else `PGPASSWORD`, else
//! `~/.pgpass` (libpq's format, read only when no one else can); TLS through rustls with
//! libpq's `sslmode` meanings and `sslrootcert` (a PEM file, or `system`).
//!
//! Every failure to connect is an environment error (exit 1) naming the host and port;
//! a URL that cannot be read is a usage error (exit 2). Neither ever shows the password.
//! Nothing here reads the process environment except `PgEnv::from_process`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use postgres::config::{Host, SslMode as WireSslMode};
use postgres::error::SqlState;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::check;
use crate::env::{HOME, PGPASSFILE, PGPASSWORD};
use crate::error::{Error, Result};
use crate::output::printable;

/// How long connecting may take when the URL sets no `connect_timeout` (libpq waits
/// forever; a command line should not).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// The most of `sslrootcert` that is read: far more than any CA bundle (the system's
/// is about 200 KB).
const MAX_ROOT_CERT_BYTES: u64 = 16 << 20;

/// The most of a password file that is read.
const MAX_PASSFILE_BYTES: u64 = 1 << 20;

/// Where libpq on Debian looks for the server when the URL names no host.
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

/// libpq's `sslmode` values (`allow` is not offered: it tries plain text first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// No TLS.
    Disable,
    /// TLS when the server offers it, else plain text; the certificate is checked
    /// only when a root certificate is given (libpq's default).
    Prefer,
    /// TLS or nothing; the certificate is checked only when a root certificate is given.
    Require,
    /// TLS, and the certificate must chain to the root certificate.
    VerifyCa,
    /// TLS, the certificate must chain to the root certificate and name the host.
    VerifyFull,
}

impl SslMode {
    fn parse(value: &str) -> Result<SslMode> {
        match value {
            "disable" => Ok(SslMode::Disable),
            "prefer" => Ok(SslMode::Prefer),
            "require" => Ok(SslMode::Require),
            "verify-ca" => Ok(SslMode::VerifyCa),
            "verify-full" => Ok(SslMode::VerifyFull),
            _ => Err(Error::usage(format!(
                "sslmode={value} in the PostgreSQL URL is not one mfactl knows"
            ))
            .with_hint("use disable, prefer, require, verify-ca or verify-full")),
        }
    }

    /// The value as the URL writes it.
    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// What the server's certificate is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RootCert {
    /// A PEM file of CA certificates (`sslrootcert=PATH`, or `~/.postgresql/root.crt`).
    File(PathBuf),
    /// The operating system's roots (`sslrootcert=system`).
    System,
}

/// How much of the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Nothing (libpq's `prefer` and `require` without a root certificate).
    Nothing,
    /// That it chains to the root certificate.
    Chain,
    /// That it chains to the root certificate and names the host.
    ChainAndName,
}

/// What libpq would take from the environment: resolved once by the caller.
#[derive(Clone, Default)]
pub struct PgEnv {
    /// `PGPASSWORD`.
    pub password: Option<String>,
    /// `PGPASSFILE`; default `~/.pgpass`.
    pub passfile: Option<PathBuf>,
    /// `HOME`, for `~/.pgpass` and `~/.postgresql/root.crt`.
    pub home: Option<PathBuf>,
    /// The user when the URL names none (the OS user, as libpq).
    pub user: String,
}

impl fmt::Debug for PgEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgEnv")
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("passfile", &self.passfile)
            .field("home", &self.home)
            .field("user", &self.user)
            .finish()
    }
}

impl PgEnv {
    /// `PGPASSWORD`, `PGPASSFILE`, `HOME` and the OS user of this process.
    pub fn from_process() -> PgEnv {
        PgEnv {
            password: std::env::var(PGPASSWORD).ok().filter(|p| !p.is_empty()),
            passfile: std::env::var_os(PGPASSFILE)
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
            home: std::env::var_os(HOME)
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
            user: crate::env::os_user(),
        }
    }
}

/// Whether a `--store` value is a PostgreSQL URL rather than a file path.
pub fn is_url(store: &str) -> bool {
    store.starts_with("postgres://") || store.starts_with("postgresql://")
}

/// A PostgreSQL server and database to connect to, read from a URL.
#[derive(Debug, Clone)]
pub struct Target {
    /// The client's settings, password included (its `Debug` redacts it).
    config: postgres::Config,
    sslmode: SslMode,
    root_cert: Option<RootCert>,
    check: Check,
    /// Where the password came from, for the hint of a refused login.
    password_from: Option<&'static str>,
    /// Why `~/.pgpass` was not read, when it was there and not used.
    pgpass_note: Option<String>,
}

/// What `store info` shows of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerInfo {
    /// `host:port` (each one, when the URL lists several).
    pub endpoint: String,
    pub database: String,
    pub user: String,
    /// `server_version`, e.g. `15.18 (Debian 15.18-0+deb12u1)`.
    pub server_version: String,
    /// The TLS version and cipher in use, `None` for plain text.
    pub tls: Option<String>,
    /// The `sslmode` in effect.
    pub sslmode: SslMode,
    /// Whether the server's certificate was checked against a root certificate.
    pub certificate_checked: bool,
}

impl Target {
    /// Reads a libpq URL: `postgres[ql]://[USER[:PASS]@][HOST][:PORT][,…][/DB][?k=v&…]`,
    /// with libpq's parameters (`sslmode`, `sslrootcert`, `passfile`, `connect_timeout`,
    /// `application_name`, `options`, …). Finds the password as libpq does.
    pub fn parse(url: &str, env: &PgEnv) -> Result<Target> {
        if !is_url(url) {
            return Err(Error::usage(
                "a PostgreSQL store is given as a URL starting with postgres:// or postgresql://",
            ));
        }
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut passed_on = Vec::new();
        let mut sslmode = None;
        let mut root_cert = None;
        let mut passfile = env.passfile.clone();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').ok_or_else(|| {
                Error::usage(format!(
                    "the PostgreSQL URL's parameter {} has no value",
                    decode(pair)
                ))
            })?;
            match decode(key).as_str() {
                "sslmode" => sslmode = Some(SslMode::parse(&decode(value))?),
                "sslrootcert" => root_cert = Some(decode(value)),
                "passfile" => passfile = Some(PathBuf::from(decode(value))),
                _ => passed_on.push(pair),
            }
        }
        let rest = if passed_on.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", passed_on.join("&"))
        };
        let mut config = postgres::Config::from_str(&rest).map_err(|e| {
            let mut message = String::from("the PostgreSQL URL cannot be read");
            if let Some(why) = std::error::Error::source(&e) {
                message.push_str(&format!(": {why}"));
            }
            Error::usage(message).with_hint(
                "write it as postgres://USER@HOST:PORT/DATABASE?sslmode=require (libpq's URL form)",
            )
        })?;
        defaults(&mut config, env);
        let (sslmode, root_cert, check) = tls_settings(sslmode, root_cert.as_deref(), env)?;
        config.ssl_mode(match sslmode {
            SslMode::Disable => WireSslMode::Disable,
            SslMode::Prefer => WireSslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => WireSslMode::Require,
        });

        let mut target = Target {
            config,
            sslmode,
            root_cert,
            check,
            password_from: None,
            pgpass_note: None,
        };
        target.find_password(env, passfile);
        Ok(target)
    }

    /// libpq's order: the URL, `PGPASSWORD`, then the password file.
    fn find_password(&mut self, env: &PgEnv, passfile: Option<PathBuf>) {
        if self.config.get_password().is_some() {
            self.password_from = Some("the URL");
            return;
        }
        if let Some(password) = &env.password {
            self.config.password(password.as_str());
            self.password_from = Some("PGPASSWORD");
            return;
        }
        let Some(file) = passfile.or_else(|| env.home.as_ref().map(|h| h.join(".pgpass"))) else {
            return;
        };
        let host = match self.config.get_hosts().first() {
            // libpq matches a socket connection with `localhost`.
            Some(Host::Tcp(host)) => host.clone(),
            _ => "localhost".to_owned(),
        };
        let port = self
            .config
            .get_ports()
            .first()
            .copied()
            .unwrap_or(5432)
            .to_string();
        let user = self.user().to_owned();
        let database = self.database().to_owned();
        match pgpass_lookup(&file, [&host, &port, &database, &user]) {
            Ok(Some(password)) => {
                self.config.password(password);
                self.password_from = Some("the password file");
            }
            Ok(None) => {}
            Err(note) => self.pgpass_note = Some(note),
        }
    }

    /// The user to log in as.
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    /// The database (libpq's default: the user's name).
    pub fn database(&self) -> &str {
        self.config.get_dbname().unwrap_or_else(|| self.user())
    }

    /// The URL of the database without its password or parameters, as messages and
    /// `store info` show it: `postgresql://USER@HOST:PORT/DB`.
    pub fn display_url(&self) -> String {
        format!(
            "postgresql://{}@{}/{}",
            self.user(),
            self.endpoint(),
            self.database()
        )
    }

    /// The `sslmode` in effect.
    pub fn sslmode(&self) -> SslMode {
        self.sslmode
    }

    /// `host:port` of each server the URL names, `, `-separated; a socket's path.
    pub fn endpoint(&self) -> String {
        let hosts = self.config.get_hosts();
        let ports = self.config.get_ports();
        hosts
            .iter()
            .enumerate()
            .map(|(i, host)| {
                let port = ports
                    .get(i)
                    .or_else(|| ports.first())
                    .copied()
                    .unwrap_or(5432);
                match host {
                    Host::Tcp(name) if name.contains(':') => format!("[{name}]:{port}"),
                    Host::Tcp(name) => format!("{name}:{port}"),
                    Host::Unix(dir) => format!("{}/.s.PGSQL.{port}", dir.display()),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Connects, with TLS as `sslmode` asks.
    pub fn connect(&self) -> Result<postgres::Client> {
        let tls = MakeRustlsConnect::new(self.tls_config()?);
        #[expect(
            clippy::disallowed_methods,
            reason = "the one place that connects to a PostgreSQL store"
        )]
        let mut client = self
            .config
            .connect(tls)
            .map_err(|e| self.connect_error(&e))?;
        self.settle_session(&mut client)?;
        Ok(client)
    }

    /// Makes the session mfactl's whatever the database, role or URL settings say: its
    /// own role (not one `ALTER DATABASE … SET role` switches to), strings as the SQL
    /// standard reads them, every commit on disk before it returns (`synchronous_commit
    /// = on`), no row security policy ever applied (a query one would apply to fails),
    /// and nothing searched but mfactl's schema (`search_path = mfactl`, `pg_catalog`
    /// searched first whenever the path does not name it). Then refuses a session in
    /// which foreign keys are not enforced (`session_replication_role`) or commits are
    /// not synchronous, and a schema that holds or allows what mfactl did not make
    /// (`check`). All in one round trip (simple query protocol, statements in order):
    /// it is paid by every command, and the server may be far away.
    fn settle_session(&self, client: &mut postgres::Client) -> Result<()> {
        let setup = format!(
            "SET ROLE NONE; SET search_path = pg_catalog; SET standard_conforming_strings = on; \
             SET synchronous_commit = on; SET row_security = off; {}; SET search_path = {}",
            check::FACTS,
            check::SCHEMA
        );
        let messages = client
            .simple_query(&setup)
            .map_err(self.error("setting up the session"))?;
        let facts = check::Facts::read(&messages, self)?;
        let place = format!("the database {} on {}", self.database(), self.endpoint());
        if facts.replication_role != "origin" {
            return Err(Error::environment(format!(
                "{place} runs its sessions with session_replication_role = {}: foreign keys are not enforced there, and mfactl does not write without them",
                printable(&facts.replication_role)
            ))
            .with_hint("have a superuser run ALTER DATABASE … RESET session_replication_role (or ALTER ROLE … RESET it)"));
        }
        // A commit that returns before it is on disk can be lost in a crash: a TOTP
        // step recorded as used, a lock counted, an audit entry. `SET` above overrides
        // the database's, the role's and the URL's `options`; checked in case something
        // between mfactl and the server (a pooler) did not keep it.
        if facts.synchronous_commit != "on" {
            return Err(Error::environment(format!(
                "{place} runs mfactl's session with synchronous_commit = {} although mfactl set it on: a confirmed change could be lost in a crash of the server, and mfactl does not write without it",
                printable(&facts.synchronous_commit)
            ))
            .with_hint("connect to the server directly, not through a pooler that drops session settings"));
        }
        let refused = check::verify(client, self, &facts, check::Depth::Session)?;
        if !refused.is_empty() {
            return Err(check::refusal(&place, &refused));
        }
        Ok(())
    }

    /// The rustls settings: the certificate checked as `sslmode` and the root say.
    fn tls_config(&self) -> Result<rustls::ClientConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier: Arc<dyn ServerCertVerifier> = match self.check {
            Check::Nothing => Arc::new(AnyCertificate(provider.clone())),
            Check::Chain | Check::ChainAndName => {
                let roots = self.roots()?;
                let webpki =
                    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                        .build()
                        .map_err(|e| {
                            Error::environment("cannot check the PostgreSQL server's certificate")
                                .caused_by(e)
                        })?;
                if self.check == Check::Chain {
                    Arc::new(ChainOnly(webpki))
                } else {
                    webpki
                }
            }
        };
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::environment("cannot set up TLS").caused_by(e))?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        // What PostgreSQL 17 asks of a client that starts TLS directly; others ignore it.
        config.alpn_protocols = vec![b"postgresql".to_vec()];
        Ok(config)
    }

    /// The root certificates of `sslrootcert`.
    fn roots(&self) -> Result<RootCertStore> {
        let mut roots = RootCertStore::empty();
        match &self.root_cert {
            Some(RootCert::File(path)) => {
                let unreadable = |why: String| {
                    Error::environment(format!(
                        "cannot read the CA certificate {} (sslrootcert)",
                        path.display()
                    ))
                    .caused_by(why)
                    .with_hint("give sslrootcert the path of a PEM file of CA certificates")
                };
                // A regular file only: a FIFO or a device would block or never end.
                let pem = crate::paths::read_regular_file(path, MAX_ROOT_CERT_BYTES)
                    .map_err(unreadable)?;
                let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(|e| unreadable(e.to_string()))?;
                if certs.is_empty() {
                    return Err(unreadable("it holds no certificate".to_owned()));
                }
                for cert in certs {
                    roots.add(cert).map_err(|e| unreadable(e.to_string()))?;
                }
            }
            Some(RootCert::System) => {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
                if roots.is_empty() {
                    return Err(Error::environment(
                        "sslrootcert=system: the system has no root certificates",
                    )
                    .with_hint("install the Debian package ca-certificates"));
                }
            }
            None => {}
        }
        Ok(roots)
    }

    /// The error of a failed connection: what failed, and where.
    fn connect_error(&self, e: &postgres::Error) -> Error {
        let at = self.endpoint();
        let causes = chain(e);
        let error = if let Some(db) = e.as_db_error() {
            let code = db.code();
            if code == &SqlState::INVALID_PASSWORD
                || code == &SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            {
                let mut hint = match self.password_from {
                    Some(from) => format!("check the password (it came from {from})"),
                    None => "give the password in the URL, PGPASSWORD or ~/.pgpass".to_owned(),
                };
                hint.push_str(" and the server's pg_hba.conf");
                if let Some(note) = &self.pgpass_note {
                    hint.push_str(&format!("; {note}"));
                }
                Error::environment(format!(
                    "the PostgreSQL server at {at} refused the login of user {}",
                    self.user()
                ))
                .with_hint(hint)
            } else if code == &SqlState::INVALID_CATALOG_NAME {
                Error::environment(format!(
                    "there is no database {} on the PostgreSQL server at {at}",
                    self.database()
                ))
                .with_hint(
                    "create it (see docs/postgresql.md in mfactl's source), or check the URL",
                )
            } else {
                Error::environment(format!(
                    "the PostgreSQL server at {at} refused the connection"
                ))
            }
        } else if causes.first().is_some_and(|c| c.contains("TLS handshake"))
            || causes.iter().any(|c| c.contains("does not support TLS"))
        {
            Error::environment(format!(
                "TLS with the PostgreSQL server at {at} failed (sslmode={})",
                self.sslmode.name()
            ))
            .with_hint(
                "check that the server has ssl = on, and that sslrootcert is its CA's certificate",
            )
        } else if causes.iter().any(|c| c == "password missing") {
            let mut error = Error::environment(format!(
                "the PostgreSQL server at {at} asks for a password for user {} and none was given",
                self.user()
            ))
            .with_hint("give it in the URL, PGPASSWORD or ~/.pgpass");
            if let Some(note) = &self.pgpass_note {
                error = error.with_hint(format!(
                    "give it in the URL, PGPASSWORD or ~/.pgpass; {note}"
                ));
            }
            error
        } else {
            Error::environment(format!("cannot reach the PostgreSQL server at {at}")).with_hint(
                "check the host and port in the URL, and that the server is running and accepts connections from here",
            )
        };
        causes.into_iter().fold(error, Error::caused_by)
    }

    /// Maps an error of a query on a connected client: a lost connection or a failed
    /// statement, naming the server and what was being done. Nothing of a transaction
    /// that fails this way is committed.
    pub fn error<'a>(&'a self, doing: &'a str) -> impl FnOnce(postgres::Error) -> Error + 'a {
        move |e| {
            let at = self.endpoint();
            let error = if lost_connection(&e) {
                Error::environment(format!(
                    "lost the connection to the PostgreSQL server at {at} while {doing}; nothing of it was saved"
                ))
                .with_hint("check the server and the network, and run the command again")
            } else {
                Error::environment(format!(
                    "store error on the PostgreSQL server at {at} while {doing}"
                ))
            };
            chain(&e).into_iter().fold(error, Error::caused_by)
        }
    }

    /// The server, database, user and TLS state of a connection made from this target.
    pub fn server_info(&self, client: &mut postgres::Client) -> Result<ServerInfo> {
        let row = client
            .query_one(
                "SELECT current_setting('server_version'), current_database()::text, \
                        current_user::text, coalesce(s.ssl, false), s.version, s.cipher \
                 FROM (SELECT 1) AS one \
                 LEFT JOIN pg_stat_ssl AS s ON s.pid = pg_backend_pid()",
                &[],
            )
            .map_err(self.error("reading the server's settings"))?;
        let ssl: bool = row.get(3);
        let tls = ssl.then(|| {
            let version: Option<String> = row.get(4);
            let cipher: Option<String> = row.get(5);
            format!(
                "{} {}",
                version.unwrap_or_default(),
                cipher.unwrap_or_default()
            )
            .trim()
            .to_owned()
        });
        Ok(ServerInfo {
            endpoint: self.endpoint(),
            server_version: row.get(0),
            database: row.get(1),
            user: row.get(2),
            certificate_checked: tls.is_some() && self.check != Check::Nothing,
            tls,
            sslmode: self.sslmode,
        })
    }
}

/// libpq's defaults for what the URL leaves out, and mfactl's for a command line.
fn defaults(config: &mut postgres::Config, env: &PgEnv) {
    if config.get_user().is_none() {
        config.user(&env.user);
    }
    if config.get_hosts().is_empty() {
        if Path::new(DEFAULT_SOCKET_DIR).is_dir() {
            config.host_path(DEFAULT_SOCKET_DIR);
        } else {
            config.host("localhost");
        }
    }
    if config.get_ports().is_empty() {
        config.port(5432);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("mfactl");
    }
    // A server's notices (warnings it sends beside answers) are not shown: nothing
    // mfactl asks for produces one, and a rogue server's text has no place on the
    // terminal. (The client's default hands them to `log`, unescaped.)
    config.notice_callback(|_notice| {});
}

/// The `sslmode` in effect, the root certificate and how much of the server's
/// certificate is checked, as libpq decides them.
fn tls_settings(
    sslmode: Option<SslMode>,
    root_cert: Option<&str>,
    env: &PgEnv,
) -> Result<(SslMode, Option<RootCert>, Check)> {
    let root_cert = match root_cert {
        Some("system") => Some(RootCert::System),
        Some(path) => Some(RootCert::File(PathBuf::from(path))),
        None => env
            .home
            .as_ref()
            .map(|home| home.join(".postgresql/root.crt"))
            .filter(|path| path.is_file())
            .map(RootCert::File),
    };
    // libpq: with the system's roots, sslmode defaults to verify-full and nothing
    // weaker is accepted (any public CA could vouch for any name).
    let sslmode = match (&root_cert, sslmode) {
        (Some(RootCert::System), None | Some(SslMode::VerifyFull)) => SslMode::VerifyFull,
        (Some(RootCert::System), Some(weak)) => {
            return Err(Error::usage(format!(
                "sslmode={} cannot be used with sslrootcert=system",
                weak.name()
            ))
            .with_hint("use sslmode=verify-full, or give the CA's certificate file"));
        }
        (_, mode) => mode.unwrap_or(SslMode::Prefer),
    };
    let check = match (sslmode, &root_cert) {
        (SslMode::VerifyFull, _) => Check::ChainAndName,
        // libpq: a root certificate at hand makes require (and prefer) check the chain.
        (SslMode::VerifyCa, _) | (SslMode::Prefer | SslMode::Require, Some(_)) => Check::Chain,
        (SslMode::Disable, _) | (SslMode::Prefer | SslMode::Require, None) => Check::Nothing,
    };
    if check != Check::Nothing && root_cert.is_none() {
        return Err(Error::usage(format!(
            "sslmode={} needs the certificate of the server's CA",
            sslmode.name()
        ))
        .with_hint(
            "add sslrootcert=PATH (a PEM file) to the URL, or put it in ~/.postgresql/root.crt",
        ));
    }
    Ok((sslmode, root_cert, check))
}

/// Whether the connection is gone: closed, an I/O error, or the server ending the
/// session (SQLSTATE class 57P: shutdown, terminated by an administrator).
fn lost_connection(e: &postgres::Error) -> bool {
    e.is_closed()
        || e.as_db_error()
            .is_some_and(|db| db.code().code().starts_with("57P"))
        || std::error::Error::source(e).is_some_and(<dyn std::error::Error>::is::<std::io::Error>)
}

/// An error and its sources, one line each. What the server sent (its message, detail
/// and hint) is the server's text, which a rogue server chooses: its control characters
/// are escaped as other untrusted text is (`output::printable`), so that a newline in it
/// cannot print as a line of its own that reads as mfactl's (`error: …`).
fn chain(e: &postgres::Error) -> Vec<String> {
    let mut out = vec![printable(&e.to_string()).into_owned()];
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        if let Some(db) = cause.downcast_ref::<postgres::error::DbError>() {
            out.push(format!(
                "{}: {}",
                printable(db.severity()),
                printable(db.message())
            ));
            if let Some(detail) = db.detail() {
                out.push(format!("DETAIL: {}", printable(detail)));
            }
            if let Some(hint) = db.hint() {
                out.push(format!("HINT: {}", printable(hint)));
            }
        } else {
            out.push(printable(&cause.to_string()).into_owned());
        }
        source = cause.source();
    }
    out
}

/// Percent-decoding of a URL part (libpq decodes `%XX`, and nothing else).
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// The password of the first line of a libpq password file matching `host:port:db:user`
/// (`*` matches anything; `\:` and `\\` are escapes). `Err` says why the file was not
/// read although it is there: libpq ignores a file that others may read.
fn pgpass_lookup(file: &Path, wanted: [&str; 4]) -> Result<Option<String>, String> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(file) else {
        return Ok(None);
    };
    if !meta.is_file() {
        return Ok(None);
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(format!(
            "{} was not read: others may read it (chmod 0600 it, as libpq asks)",
            file.display()
        ));
    }
    // A regular file, read once it is open (a swap for a FIFO would block), and only
    // its first MiB: a password file is a few lines.
    let text = crate::paths::read_regular_file(file, MAX_PASSFILE_BYTES)
        .map_err(|why| format!("{} was not read: {why}", file.display()))?;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = pgpass_fields(line);
        let [host, port, database, user, password] = fields.as_slice() else {
            continue;
        };
        let matches = [host, port, database, user]
            .iter()
            .zip(wanted)
            .all(|(field, want)| field.as_str() == "*" || field.as_str() == want);
        if matches {
            return Ok(Some(password.clone()));
        }
    }
    Ok(None)
}

/// The fields of a password file line: four split at unescaped colons, then the rest
/// (the password, in which colons need no escape).
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

/// libpq's `prefer` and `require` without a root certificate: any certificate, the
/// handshake's signatures still verified (the connection is encrypted, not authenticated).
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// libpq's `verify-ca`: the chain to the root certificate is checked, the name is not.
/// webpki checks the name last, after the chain, so only that one error is forgiven.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::{Check, PgEnv, SslMode, Target, pgpass_fields, pgpass_lookup};

    fn env() -> PgEnv {
        PgEnv {
            user: "me".to_owned(),
            ..PgEnv::default()
        }
    }

    #[test]
    fn url_forms_and_defaults() {
        let target = Target::parse("postgresql://ann@db.example:6543/mfa", &env()).unwrap();
        assert_eq!(target.endpoint(), "db.example:6543");
        assert_eq!((target.user(), target.database()), ("ann", "mfa"));
        assert_eq!(target.sslmode(), SslMode::Prefer);
        let target = Target::parse("postgres://[::1]/x?sslmode=require", &env()).unwrap();
        assert_eq!(target.endpoint(), "[::1]:5432");
        assert_eq!((target.user(), target.database()), ("me", "x"));
        assert_eq!(target.sslmode(), SslMode::Require);
        let target = Target::parse("postgres://h1:1,h2:2/d", &env()).unwrap();
        assert_eq!(target.endpoint(), "h1:1, h2:2");
    }

    #[test]
    fn refusals_are_usage_errors_without_the_password() {
        for url in [
            "postgres://u:s3cret@h/d?sslmode=allow",
            "postgres://u:s3cret@h/d?sslmode=verify-full",
            "postgres://u:s3cret@h/d?sslrootcert=system&sslmode=require",
            "postgres://u:s3cret@h/d?nonsense=1",
            "postgres://u:s3cret@h/d?sslmode",
        ] {
            let e = Target::parse(url, &env()).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{url}: {e}");
            let text = format!("{e} {:?}", e.hint);
            assert!(!text.contains("s3cret"), "{text}");
        }
    }

    /// libpq: a root certificate in ~/.postgresql/root.crt makes prefer and require
    /// check the chain; verify-ca and verify-full need one.
    #[test]
    fn the_default_root_certificate_turns_checking_on() {
        let home = tempfile::tempdir().unwrap();
        let env = PgEnv {
            home: Some(home.path().to_owned()),
            ..env()
        };
        let check = |query: &str| Target::parse(&format!("postgres://h/d?{query}"), &env);
        assert_eq!(check("sslmode=require").unwrap().check, Check::Nothing);
        assert_eq!(check("sslmode=verify-ca").unwrap_err().exit_code(), 2);
        std::fs::create_dir(home.path().join(".postgresql")).unwrap();
        std::fs::write(home.path().join(".postgresql/root.crt"), "").unwrap();
        assert_eq!(check("sslmode=require").unwrap().check, Check::Chain);
        assert_eq!(check("").unwrap().check, Check::Chain);
        assert_eq!(check("sslmode=verify-ca").unwrap().check, Check::Chain);
        assert_eq!(
            check("sslmode=verify-full").unwrap().check,
            Check::ChainAndName
        );
        assert_eq!(check("sslmode=disable").unwrap().check, Check::Nothing);
    }

    #[test]
    fn system_roots_mean_verify_full() {
        let target = Target::parse("postgres://h/d?sslrootcert=system", &env()).unwrap();
        assert_eq!(target.sslmode(), SslMode::VerifyFull);
    }

    #[test]
    fn password_order_url_then_pgpassword_then_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(&file, "other:*:*:*:no\nh:5432:d:u:from\\:file\n").unwrap();
        std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        let mut env = env();
        env.passfile = Some(file.clone());
        let password = |t: &Target| t.config.get_password().map(<[u8]>::to_vec);
        let t = Target::parse("postgres://u@h/d", &env).unwrap();
        assert_eq!(password(&t), Some(b"from:file".to_vec()));
        env.password = Some("from-env".to_owned());
        let t = Target::parse("postgres://u@h/d", &env).unwrap();
        assert_eq!(password(&t), Some(b"from-env".to_vec()));
        let t = Target::parse("postgres://u:in%40url@h/d", &env).unwrap();
        assert_eq!(password(&t), Some(b"in@url".to_vec()));
        // Readable by others: not read, and the reason kept for the error's hint.
        std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o644))
            .unwrap();
        assert!(pgpass_lookup(&file, ["h", "5432", "d", "u"]).is_err());
    }

    #[test]
    fn pgpass_lines_split_as_libpq_does() {
        assert_eq!(
            pgpass_fields(r"h\:x:*:db:u:pa:ss\\w"),
            ["h:x", "*", "db", "u", r"pa:ss\w"]
        );
    }
}
