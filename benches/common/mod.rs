//! Helpers shared by the benchmarks.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The 3.5 MB corpus file: `$HAMISH_BIG`, else `../shared/corpus/big.txt` beside the project.
/// `None` (said on stderr, with what is skipped) when it is in neither place.
pub fn big(skipping: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("HAMISH_BIG").map(PathBuf::from),
        Some(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/big.txt"
        ))),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_file());
    if found.is_none() {
        eprintln!("big.txt not found (set HAMISH_BIG): skipping {skipping}");
    }
    found
}

/// Runs `cmd` with its output thrown away; it must succeed.
pub fn run_quiet(cmd: &mut Command) {
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the command runs");
    assert!(status.success(), "{cmd:?} failed");
}
