//! The layer rules of ENGINEERING.md, checked: `core` stays pure, SQL stays in `store`.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn core_uses_no_io_clock_sql_or_clap() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core"),
        &mut files,
    );
    assert!(!files.is_empty());
    for (path, text) in files {
        for banned in [
            "rusqlite",
            "clap",
            "std::fs",
            "stdout",
            "SystemTime::now",
            "std::env",
            "getrandom",
            "println!",
        ] {
            assert!(!text.contains(banned), "{path} uses {banned}");
        }
    }
}

/// SQL lives in a backend of the store (`src/store/sqlite/`, `src/store/postgres/`): not
/// in commands, and not in `src/store/*.rs`, the contract every backend implements,
/// which commands see. Each backend's client crate stays in its backend.
#[test]
fn sql_lives_in_a_store_backend() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(
        files
            .iter()
            .any(|(path, _)| path.contains("/src/store/sqlite/"))
    );
    for (path, text) in files {
        if path.contains("/src/store/sqlite/") {
            assert!(
                !text.contains("postgres::"),
                "{path} uses the PostgreSQL client"
            );
            continue;
        }
        if path.contains("/src/store/postgres/") {
            assert!(!text.contains("rusqlite"), "{path} uses rusqlite");
            continue;
        }
        for banned in ["rusqlite", "SELECT ", "INSERT INTO", "UPDATE "] {
            assert!(!text.contains(banned), "{path} has SQL ({banned})");
        }
    }
}

/// `core` computes TOTP codes with `totp-rs`, built without its `std` feature (the
/// `*_current` functions that read the system clock) and without `gen_secret` (its
/// RNG): time and randomness stay inputs of core.
#[test]
fn totp_rs_comes_without_its_clock_or_rng() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|line| line.starts_with("totp-rs "))
        .expect("totp-rs in Cargo.toml");
    assert!(line.contains("default-features = false"), "{line}");
    for feature in ["\"std\"", "\"gen_secret\"", "\"migration\""] {
        assert!(!line.contains(feature), "{line}");
    }
}

/// TLS (mail, PostgreSQL) goes through rustls with ring: no OpenSSL, native-tls or
/// aws-lc (a C build) anywhere in the dependency graph, for any target.
#[test]
fn no_openssl_in_the_lock_file() {
    let lock =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    assert!(lock.contains("name = \"rustls\""));
    for banned in [
        "openssl",
        "openssl-sys",
        "native-tls",
        "aws-lc-sys",
        "aws-lc-rs",
    ] {
        assert!(
            !lock.contains(&format!("name = \"{banned}\"")),
            "Cargo.lock has {banned}: a crate's default features pulled it in"
        );
    }
}

/// `build.rs` links the unwinder from gcc's static `libgcc_eh`, so the binary does not
/// load the shared `libgcc_s` at every start (about 0.1 ms of a `user show`, issue 22):
/// the libraries it loads are glibc's own.
#[test]
fn the_binary_loads_no_libgcc_s() {
    crate::support::require_tool("ldd", "libc-bin");
    let out = std::process::Command::new("ldd")
        .arg(env!("CARGO_BIN_EXE_mfactl"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let libraries = String::from_utf8(out.stdout).unwrap();
    assert!(libraries.contains("libc.so"), "{libraries}");
    assert!(
        !libraries.contains("libgcc_s"),
        "the binary loads libgcc_s: build.rs no longer links libgcc_eh in\n{libraries}"
    );
}
