//! The `mfactl` binary: everything lives in the library; see `mfactl::run`.

fn main() -> std::process::ExitCode {
    mfactl::run(std::env::args_os())
}
