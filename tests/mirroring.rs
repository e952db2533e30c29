//! Rule L4 against Unicode's BidiMirroring.txt: every pair of the file is mirrored at an odd
//! level, on screen, and nothing else is.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use hamish::layout::{self, mirror, Direction, Options, Shaping};

#[test]
fn the_table_is_the_file() {
    let pairs = common::ucd::mirror_pairs();
    assert_eq!(pairs.len(), 428, "BidiMirroring.txt 15.0 has 428 pairs");
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        assert_eq!(
            mirror::mirrored(c),
            pairs.get(&c).copied(),
            "U+{:04X}",
            c as u32
        );
    }
}

/// Each char drawn between two Hebrew letters in a right-to-left paragraph (level 1) shows its
/// mirror glyph; between two Latin letters (level 0) it shows itself.
#[test]
fn every_pair_is_mirrored_on_screen() {
    let mut wrong = Vec::new();
    for (&c, &m) in &common::ucd::mirror_pairs() {
        for (text, direction, want) in [
            (format!("א{c}ב"), Direction::Rtl, m),
            (format!("a{c}b"), Direction::Ltr, c),
        ] {
            let options = Options {
                width: 0,
                direction,
                shaping: Shaping::Off,
                show_controls: false,
            };
            let laid = layout::layout(&text, &options);
            let line = &laid.lines()[0];
            let cells = laid.cells(line);
            let middle = cells
                .iter()
                .find(|cell| text[cell.logical.start as usize..].starts_with(c))
                .expect("the char has a cell");
            let drawn = laid.glyph(middle);
            if !drawn.starts_with(want) {
                wrong.push(format!(
                    "U+{:04X} in {direction:?}: drawn {drawn:?}",
                    c as u32
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
