//! Unicode conformance of the line break function: every line of LineBreakTest.txt
//! (Unicode 15.0, vendored gzipped under tests/data/) must give exactly the file's break
//! opportunities (÷) and no others.
//!
//! This tests `layout::linebreak::breaks` itself. The layout takes fewer of them: never one
//! inside a grapheme cluster or a lam–alef ligature (its own tailoring, tested in
//! `tests/layout_cases.rs`).

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use flate2::read::GzDecoder;
use hamish::layout::linebreak::{self, Break};
use std::io::Read;

struct Case {
    line_no: usize,
    text: String,
    /// Byte offsets of the file's ÷, the one at the start (never there: LB2) left out.
    breaks: Vec<usize>,
    /// The whole line, for the message.
    line: String,
}

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/LineBreakTest.txt.gz"
    );
    let file = std::fs::File::open(path).expect("tests/data/LineBreakTest.txt.gz is vendored");
    let mut data = String::new();
    GzDecoder::new(file)
        .read_to_string(&mut data)
        .expect("the vendored file is gzipped UTF-8");
    assert!(data.starts_with("# LineBreakTest-15.0.0.txt"));
    let mut cases = Vec::new();
    for (i, line) in data.lines().enumerate() {
        let body = line.split('#').next().unwrap_or("").trim();
        if body.is_empty() {
            continue;
        }
        let mut text = String::new();
        let mut breaks = Vec::new();
        for token in body.split_whitespace() {
            match token {
                "÷" => breaks.push(text.len()),
                "×" => {}
                hex => text.push(
                    char::from_u32(u32::from_str_radix(hex, 16).expect("hex")).expect("scalar"),
                ),
            }
        }
        assert_eq!(body.split_whitespace().next(), Some("×"), "line {}", i + 1);
        cases.push(Case {
            line_no: i + 1,
            text,
            breaks,
            line: line.to_string(),
        });
    }
    cases
}

/// Lines of the file where hamish differs on purpose, with the reason. Empty: none.
const EXCEPTIONS: &[(usize, &str)] = &[];

#[test]
fn every_line_of_line_break_test_passes() {
    let cases = cases();
    assert_eq!(cases.len(), 7654, "the whole file is read");
    let mut failures = Vec::new();
    for case in &cases {
        let got: Vec<usize> = linebreak::breaks(&case.text).map(|(at, _)| at).collect();
        let excepted = EXCEPTIONS.iter().any(|&(n, _)| n == case.line_no);
        if (got != case.breaks) != excepted {
            let classes: Vec<&str> = case.text.chars().map(linebreak::class_name).collect();
            failures.push(format!(
                "line {}: got {got:?}, want {:?} (classes {classes:?})\n  {}",
                case.line_no, case.breaks, case.line
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} lines fail:\n{}",
        failures.len(),
        cases.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

#[test]
fn the_end_and_hard_breaks_are_mandatory_and_nothing_else_is() {
    for case in cases() {
        for (at, kind) in linebreak::breaks(&case.text) {
            let before = case.text[..at].chars().next_back();
            let hard = matches!(
                before,
                Some('\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
            );
            let want = if hard || at == case.text.len() {
                Break::Mandatory
            } else {
                Break::Allowed
            };
            assert_eq!(kind, want, "line {} at byte {at}", case.line_no);
        }
    }
}
