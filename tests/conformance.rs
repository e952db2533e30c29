//! Unicode conformance: every line of BidiCharacterTest.txt (Unicode 15.0, vendored gzipped
//! under tests/data/) laid out with no wrapping and no shaping must give the file's visual
//! order and paragraph level.
//!
//! The file orders single chars (it applies L1 and L2, not L3); hamish keeps a grapheme
//! cluster together (a letter and its harakat are drawn in one cell), so the expected order
//! is compared cluster by cluster: the file's sequence of chars, read as the sequence of the
//! clusters they belong to, must equal the sequence of cells. Chars the algorithm removes
//! (level `x`) are left out of both. Each line runs twice: with bidi formatting characters
//! shown as tags (they take their place in the order) and hidden, as by default; hidden,
//! they steer the algorithm but are not drawn, and are left out of the expected order.
//! Rule L4 is checked on the drawn glyphs: a mirrored char (brackets and the like) shows
//! its mirror image (tests/data/BidiMirroring.txt) exactly when its resolved level is odd.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use flate2::read::GzDecoder;
use hamish::layout::{self, Direction, Options, Shaping};
use std::io::Read;

struct Case {
    line_no: usize,
    text: String,
    direction: Direction,
    para_level: u8,
    levels: Vec<Option<u8>>,
    order: Vec<usize>,
}

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/BidiCharacterTest.txt.gz"
    );
    let file = std::fs::File::open(path).expect("tests/data/BidiCharacterTest.txt.gz is vendored");
    let mut data = String::new();
    GzDecoder::new(file)
        .read_to_string(&mut data)
        .expect("the vendored file is gzipped UTF-8");
    let mut cases = Vec::new();
    for (i, line) in data.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split(';').collect();
        assert_eq!(f.len(), 5, "line {}", i + 1);
        let text: String = f[0]
            .split_whitespace()
            .map(|h| char::from_u32(u32::from_str_radix(h, 16).expect("hex")).expect("scalar"))
            .collect();
        let direction = match f[1] {
            "0" => Direction::Ltr,
            "1" => Direction::Rtl,
            _ => Direction::Auto,
        };
        cases.push(Case {
            line_no: i + 1,
            text,
            direction,
            para_level: f[2].parse().expect("level"),
            levels: f[3].split_whitespace().map(|l| l.parse().ok()).collect(),
            order: f[4]
                .split_whitespace()
                .map(|o| o.parse().expect("index"))
                .collect(),
        });
    }
    cases
}

/// Lines of the file where hamish differs on purpose, with the reason. Empty: none.
const EXCEPTIONS: &[(usize, &str)] = &[];

fn check(
    case: &Case,
    show_controls: bool,
    mirrors: &std::collections::BTreeMap<char, char>,
) -> Result<(), String> {
    let options = Options {
        width: 0,
        direction: case.direction,
        shaping: Shaping::Off,
        show_controls,
    };
    let laid = layout::layout(&case.text, &options);
    if laid.rtl != (case.para_level == 1) {
        return Err(format!(
            "paragraph level: rtl={} expected {}",
            laid.rtl, case.para_level
        ));
    }
    let lines = laid.lines();
    if lines.len() != 1 {
        return Err(format!("{} lines", lines.len()));
    }
    // byte offset -> char index
    let starts: Vec<usize> = case.text.char_indices().map(|(b, _)| b).collect();
    let char_of = |b: u32| starts.partition_point(|&s| s < b as usize);
    let mut cluster_of = vec![usize::MAX; starts.len()];
    let mut got = Vec::new();
    let text: Vec<char> = case.text.chars().collect();
    for (k, cell) in laid.cells(&lines[0]).iter().enumerate() {
        let chars = char_of(cell.logical.start)..char_of(cell.logical.end);
        let mut kept = false;
        for c in chars.clone() {
            cluster_of[c] = k;
            if let Some(level) = case.levels[c] {
                kept = true;
                if cell.rtl != (level % 2 == 1) {
                    return Err(format!("char {c}: rtl={} expected level {level}", cell.rtl));
                }
            }
        }
        // L4: a mirrored char shows its mirror glyph exactly when its level is odd.
        if let (1, Some(level)) = (chars.len(), case.levels[chars.start]) {
            let ch = text[chars.start];
            if let Some(&mirror) = mirrors.get(&ch) {
                let want = if level % 2 == 1 { mirror } else { ch };
                let glyph = laid.glyph(cell);
                if !glyph.starts_with(want) {
                    return Err(format!(
                        "char {}: drawn {glyph:?}, expected {want:?}",
                        chars.start
                    ));
                }
            }
        }
        if kept {
            got.push(k);
        }
    }
    let mut expected: Vec<usize> = Vec::new();
    for &c in &case.order {
        if !show_controls && layout::chars::is_bidi_format(text[c]) {
            // Steers the algorithm; not drawn (the render contract removes them).
            continue;
        }
        let k = cluster_of[c];
        if k == usize::MAX {
            return Err(format!("char {c} is in no cell"));
        }
        if expected.last() != Some(&k) {
            expected.push(k);
        }
    }
    if got != expected {
        return Err(format!("order: got cells {got:?}, expected {expected:?}"));
    }
    Ok(())
}

#[test]
fn bidi_character_test_all_lines() {
    let cases = cases();
    let mirrors = common::ucd::mirror_pairs();
    assert!(cases.len() > 90_000, "{} cases", cases.len());
    let mut failures = Vec::new();
    for (case, show) in cases.iter().flat_map(|c| [(c, false), (c, true)]) {
        if let Err(why) = check(case, show, &mirrors) {
            if !EXCEPTIONS.iter().any(|(l, _)| *l == case.line_no) {
                failures.push(format!(
                    "line {} (show controls: {show}): {:04X?}: {why}",
                    case.line_no,
                    case.text.chars().map(|c| c as u32).collect::<Vec<_>>()
                ));
            }
        }
    }
    let passed = 2 * cases.len() - failures.len();
    println!("BidiCharacterTest: {passed} of {} runs conform (each line with bidi controls hidden and shown)", 2 * cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} runs differ; first ones:\n{}",
        failures.len(),
        2 * cases.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
