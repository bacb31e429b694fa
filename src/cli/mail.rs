//! `mfactl mail …`

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Set the mail server every admin of this store sends through
    ///
    /// smtp://[USER@]HOST:PORT uses STARTTLS, required unless HOST is a loopback
    /// address (127.0.0.1, ::1); smtps:// is TLS from the start. Certificates are
    /// verified against the system roots, or only against --ca-file. The password is
    /// read from standard input with --password-stdin (smtp://USER@HOST:PORT); a
    /// password inside the URL (smtp://USER:PASS@HOST:PORT) works too, with a warning:
    /// the process list shows it to every user of the machine, and the shell's history
    /// keeps it. The user and password are stored encrypted with the key file and never
    /// printed. A send taking longer than MFACTL_MAIL_TIMEOUT seconds (default 60)
    /// fails. Without a server, messages are written as .eml files to the outbox folder
    /// of the data directory.
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
    /// smtp://[USER@]HOST:PORT (STARTTLS) or smtps://[USER@]HOST:PORT (TLS)
    #[arg(long, value_name = "URL")]
    pub smtp_url: String,
    /// Read the password of the URL's user from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,
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
