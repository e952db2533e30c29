//! Properties of the layout on random mixed text: every char is drawn exactly once (or is a
//! hidden bidi control), no line is wider than the width, the cell maps round-trip, nothing
//! raw reaches the terminal, and nothing panics.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::check_invariants;
use hamish::layout::{self, Direction, Options, Shaping};
use proptest::prelude::*;

fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[\u{627}-\u{64A}]{1,8}",
        1 => "[\u{5D0}-\u{5EA}]{1,6}",
        2 => "[A-Za-z]{1,8}",
        2 => "[0-9\u{660}-\u{669}]{1,5}",
        4 => Just(" ".to_string()),
        2 => "[.,:;!?\"'()\\[\\]{}«»/%+\\-]",
        2 => "[\u{64B}-\u{652}\u{640}]",
        1 => "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{61C}]",
        1 => "[\t\u{1b}\u{7}\u{7f}\u{85}\u{2028}\u{feff}\u{a0}]",
        1 => "[\u{4E00}-\u{4E10}\u{FE70}-\u{FEFC}\u{1F600}]",
        1 => Just("لا".to_string()),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn options() -> impl Strategy<Value = Options> {
    (
        prop_oneof![1 => Just(0usize), 6 => 1usize..=200],
        prop_oneof![
            Just(Direction::Auto),
            Just(Direction::Rtl),
            Just(Direction::Ltr)
        ],
        prop_oneof![Just(Shaping::App), Just(Shaping::Off)],
        any::<bool>(),
    )
        .prop_map(|(width, direction, shaping, show_controls)| Options {
            width,
            direction,
            shaping,
            show_controls,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_char_drawn_once_and_lines_fit(text in mixed_text(), options in options()) {
        let laid = layout::layout(&text, &options);
        if let Err(why) = check_invariants(&text, &options, &laid) {
            return Err(TestCaseError::fail(format!("{why}\ntext: {text:?}\noptions: {options:?}")));
        }
    }

    #[test]
    fn unwrapped_is_one_line(text in mixed_text()) {
        let options = Options { width: 0, ..Options::default() };
        prop_assert_eq!(layout::layout(&text, &options).lines().len(), 1);
    }
}
