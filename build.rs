//! Link flags only; writes nothing into the tree.
//!
//! On Linux with glibc, Rust's standard library takes its unwinder from the shared
//! `libgcc_s`, whose loading and CPU probe (`cpuid`, a VM exit on a virtual machine) cost
//! a start-up about 0.1 ms: a twentieth of a `user show` (issue 22, benches/RESULTS.md).
//! The same unwinder linked in from gcc's static `libgcc_eh` (what `gcc -static-libgcc`
//! does) makes `libgcc_s` unneeded, and the linker's `--as-needed` drops it. Panics,
//! backtraces and everything else work as before.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        // `-bundle`: the linker finds the archive in gcc's own folder, where rustc does not look.
        println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
