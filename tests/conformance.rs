//! Unicode conformance: every line of BidiCharacterTest.txt and every case of BidiTest.txt
//! (Unicode 15.0, vendored gzipped under tests/data/) laid out with no wrapping and no shaping
//! must give the file's visual order, levels and paragraph level. BidiTest.txt gives classes,
//! not chars: each class is drawn by one char of it ([`class_char`]), and each data line runs
//! once per paragraph direction its bitset names.
//!
//! The files order single chars (it applies L1 and L2, not L3); hamish keeps a grapheme
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
    /// None where the file does not say (BidiTest.txt with auto direction).
    para_level: Option<u8>,
    levels: Vec<Option<u8>>,
    order: Vec<usize>,
}

fn vendored(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path} is vendored: {e}"));
    let mut data = String::new();
    GzDecoder::new(file)
        .read_to_string(&mut data)
        .expect("the vendored file is gzipped UTF-8");
    data
}

fn character_cases() -> Vec<Case> {
    let data = vendored("BidiCharacterTest.txt.gz");
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
            para_level: Some(f[2].parse().expect("level")),
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
    if let Some(level) = case.para_level {
        if laid.rtl != (level == 1) {
            return Err(format!(
                "paragraph level: rtl={} expected {level}",
                laid.rtl
            ));
        }
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

/// A char of each bidi class for BidiTest.txt's class sequences. Marks combine with what comes
/// before them into one cell, as in any text; the check reads the file's order cluster by
/// cluster for that.
fn class_char(class: &str) -> char {
    match class {
        "L" => 'a',
        "R" => '\u{05D0}',
        "AL" => '\u{0628}',
        "EN" => '1',
        "ES" => '+',
        "ET" => '$',
        "AN" => '\u{0660}',
        "CS" => ',',
        "NSM" => '\u{0300}',
        "BN" => '\u{00AD}',
        "B" => '\u{2029}',
        "S" => '\t',
        "WS" => ' ',
        "ON" => '!',
        "LRE" => '\u{202A}',
        "RLE" => '\u{202B}',
        "PDF" => '\u{202C}',
        "LRO" => '\u{202D}',
        "RLO" => '\u{202E}',
        "LRI" => '\u{2066}',
        "RLI" => '\u{2067}',
        "FSI" => '\u{2068}',
        "PDI" => '\u{2069}',
        other => panic!("unknown bidi class {other}"),
    }
}

/// Every data line of BidiTest.txt, once per paragraph direction its bitset names.
fn class_cases() -> Vec<Case> {
    let data = vendored("BidiTest.txt.gz");
    let mut cases = Vec::new();
    let mut levels: Vec<Option<u8>> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    for (i, line) in data.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("@Levels:") {
            levels = rest.split_whitespace().map(|l| l.parse().ok()).collect();
            continue;
        }
        if let Some(rest) = line.strip_prefix("@Reorder:") {
            order = rest
                .split_whitespace()
                .map(|o| o.parse().expect("index"))
                .collect();
            continue;
        }
        if line.starts_with('@') {
            continue;
        }
        let (input, bits) = line.split_once(';').expect("input ; bitset");
        let text: String = input.split_whitespace().map(class_char).collect();
        assert_eq!(text.chars().count(), levels.len(), "line {}", i + 1);
        let bits = u8::from_str_radix(bits.trim(), 16).expect("hex bitset");
        for (bit, direction) in [
            (1, Direction::Auto),
            (2, Direction::Ltr),
            (4, Direction::Rtl),
        ] {
            if bits & bit != 0 {
                cases.push(Case {
                    line_no: i + 1,
                    text: text.clone(),
                    direction,
                    para_level: match direction {
                        Direction::Ltr => Some(0),
                        Direction::Rtl => Some(1),
                        Direction::Auto => None,
                    },
                    levels: levels.clone(),
                    order: order.clone(),
                });
            }
        }
    }
    cases
}

/// Runs every case with bidi controls hidden and shown; fails with the first differences.
fn run(file: &str, cases: &[Case]) {
    let mirrors = common::ucd::mirror_pairs();
    let mut failures = Vec::new();
    for (case, show) in cases.iter().flat_map(|c| [(c, false), (c, true)]) {
        if let Err(why) = check(case, show, &mirrors) {
            if !EXCEPTIONS.iter().any(|(l, _)| *l == case.line_no) {
                failures.push(format!(
                    "line {} ({:?}, show controls: {show}): {:04X?}: {why}",
                    case.line_no,
                    case.direction,
                    case.text.chars().map(|c| c as u32).collect::<Vec<_>>()
                ));
            }
        }
    }
    let runs = 2 * cases.len();
    println!(
        "{file}: {} of {runs} runs conform (each case with bidi controls hidden and shown)",
        runs - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{file}: {} of {runs} runs differ; first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn bidi_character_test_all_lines() {
    let cases = character_cases();
    assert!(cases.len() > 90_000, "{} cases", cases.len());
    run("BidiCharacterTest.txt", &cases);
}

#[test]
fn bidi_test_all_lines() {
    let cases = class_cases();
    assert!(cases.len() > 700_000, "{} cases", cases.len());
    run("BidiTest.txt", &cases);
}
