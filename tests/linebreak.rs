//! Unicode conformance of the line break function: every line of LineBreakTest.txt
//! (Unicode 15.0, vendored gzipped under tests/data/) must give exactly the file's break
//! opportunities (÷) and no others.
//!
//! ICU4X's `icu_segmenter` (UAX #14 15.1) is the oracle on the corpus: where it and hamish
//! disagree, the difference must be one of the rules changed after 15.0.
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

/// Why UAX #14 15.1 (`icu_segmenter`) may differ from 15.0 at byte `at` of `text`, if it
/// can: the rules that changed between the two and touch the chars around it.
fn changed_in_15_1(text: &str, at: usize) -> Option<&'static str> {
    let class = |c: Option<char>| c.map_or("", linebreak::class_name);
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    let before_spaces = text[..at].trim_end_matches(' ').chars().next_back();
    // LB15a and LB15b replace LB15: what a quotation mark holds depends on its being an
    // initial (Pi) or a final (Pf) one, across spaces.
    if class(before_spaces) == "QU" || class(after) == "QU" {
        return Some("LB15a/LB15b: quotation marks by Pi and Pf");
    }
    // LB25 as in UAX #14 (the pair rules), no longer the tailoring of the 15.0 test file.
    let number = ["PR", "PO", "OP", "HY", "IS", "SY", "NU", "CL", "CP"];
    if number.contains(&class(before)) && number.contains(&class(after)) {
        return Some("LB25: the pair rules for numbers");
    }
    None
}

#[test]
fn on_the_corpus_hamish_agrees_with_icu_but_for_rules_changed_after_15_0() {
    let segmenter = icu_segmenter::LineSegmenter::new_for_non_complex_scripts(Default::default());
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus");
    let mut paragraphs = 0;
    let mut explained = std::collections::BTreeMap::<&str, usize>::new();
    for entry in std::fs::read_dir(dir).expect("the corpus is there") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("UTF-8 text");
        for para in text.split('\n') {
            paragraphs += 1;
            let ours: Vec<usize> = linebreak::breaks(para).map(|(at, _)| at).collect();
            // ICU gives 0 first, which is no opportunity (LB2).
            let icu: Vec<usize> = segmenter.segment_str(para).filter(|&b| b != 0).collect();
            let only_ours = ours.iter().filter(|b| !icu.contains(b));
            let only_icu = icu.iter().filter(|b| !ours.contains(b));
            for &at in only_ours.chain(only_icu) {
                let why = changed_in_15_1(para, at).unwrap_or_else(|| {
                    panic!(
                        "{}: hamish and icu_segmenter disagree at byte {at}: {:?} | {:?}",
                        path.display(),
                        &para[para.floor_char_boundary(at.saturating_sub(20))..at],
                        &para[at..para.ceil_char_boundary((at + 20).min(para.len()))]
                    )
                });
                *explained.entry(why).or_default() += 1;
            }
        }
    }
    assert!(paragraphs > 100, "the corpus is read");
    eprintln!("differences from icu_segmenter, explained: {explained:?}");
}
