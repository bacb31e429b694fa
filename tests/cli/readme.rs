//! The README's smoke test runs as it is written, with the built binary on PATH.

use crate::support::{Env, require_tool};

#[test]
fn the_readme_smoke_test_passes() {
    require_tool("oathtool", "oathtool");
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let after = readme
        .split("<!-- smoke-test -->")
        .nth(1)
        .expect("a smoke-test block in the README");
    let script = after
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a sh block");
    let env = Env::new();
    let out = env
        .shell(script, &[])
        .env_remove("MFACTL_STORE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the README smoke test failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.matches("Signed in as ci@example.com").count(),
        2,
        "{stdout}"
    );
}
