//! `mfactl mail …`

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Set the mail server every admin of this store sends through
    ///
    /// smtp://[USER:PASS@]HOST:PORT uses STARTTLS, required unless HOST is a loopback
    /// address (127.0.0.1, ::1); smtps:// is TLS from the start. Certificates are
    /// verified against the system roots, or only against --ca-file. The user and
    /// password are stored encrypted with the key file and never printed. A send taking
    /// longer than MFACTL_MAIL_TIMEOUT seconds (default 60) fails. Without a server,
    /// messages are written as .eml files to the outbox folder of the data directory.
    Set(MailSetArgs),
    /// Show the mail server (never its password), or where the outbox is
    Show,
    /// Send a test message, to check delivery
    ///
    /// A server that is down or refuses gives exit 1 with its answer.
    Test(MailTestArgs),
}

#[derive(Debug, Args)]
pub struct MailSetArgs {
    /// smtp://[USER:PASS@]HOST:PORT (STARTTLS) or smtps://[USER:PASS@]HOST:PORT (TLS)
    #[arg(long, value_name = "URL")]
    pub smtp_url: String,
    /// The sender of every message: an address, or "Name <address>"
    #[arg(long, value_name = "ADDRESS")]
    pub from: String,
    /// A PEM file of the CA that signed the server's certificate (instead of the system roots)
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MailTestArgs {
    /// Where to send the test message
    #[arg(value_name = "TO")]
    pub to: String,
}
