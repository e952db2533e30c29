//! The cursor and selection model, written as text fixtures: `#[` and `]#` mark the
//! selection in the text, in reading (logical) order.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hamish::annotate::selection::{self, End, Laid};
use hamish::annotate::Selection;
use hamish::layout::{Options, Shaping};
use hamish::text::Document;
use std::ops::Range;

/// The text without its marks, and the marked byte range.
fn parse(fixture: &str) -> (String, Range<usize>) {
    let start = fixture.find("#[").expect("fixture has #[");
    let end = fixture.find("]#").expect("fixture has ]#") - 2;
    (fixture.replace("#[", "").replace("]#", ""), start..end)
}

fn show(text: &str, range: &Range<usize>) -> String {
    format!(
        "{}#[{}]#{}",
        &text[..range.start],
        &text[range.clone()],
        &text[range.end..]
    )
}

fn doc(text: &str) -> Document {
    Document::new("t.txt", text.to_string())
}

fn laid(text: &str, width: usize) -> Laid {
    let options = Options {
        width,
        shaping: Shaping::Off,
        ..Options::default()
    };
    Laid::new(doc(text), &options)
}

/// Applies `step` to the fixture's selection and shows the result.
fn step(fixture: &str, f: impl Fn(&Document, Range<usize>) -> Option<Range<usize>>) -> String {
    let (text, range) = parse(fixture);
    let out = f(&doc(&text), range).expect("the cursor moves");
    show(&text, &out)
}

#[test]
fn w_and_b_go_by_words_in_reading_order() {
    let next = |d: &Document, r: Range<usize>| selection::next_word(d, r.start);
    let prev = |d: &Document, r: Range<usize>| selection::prev_word(d, r.start);
    assert_eq!(step("قال #[وزير]# الخارجية", next), "قال وزير #[الخارجية]#");
    assert_eq!(step("قال #[وزير]# الخارجية", prev), "#[قال]# وزير الخارجية");
    // Punctuation and quote marks are stepped over; a number is a word.
    assert_eq!(step("#[كيري]#: «الصين»", next), "كيري: «#[الصين]#»");
    assert_eq!(step("#[نسبة]# 5.7% فقط", next), "نسبة #[5.7]#% فقط");
    // On to the next paragraph, and back.
    assert_eq!(step("#[قال]#\n\nكيري", next), "قال\n\n#[كيري]#");
    assert_eq!(step("قال\n\n#[كيري]#", prev), "#[قال]#\n\nكيري");
    // From a span of several words (a speaker found in the list), on to the word after it.
    let after = |d: &Document, r: Range<usize>| selection::word_after(d, &r);
    assert_eq!(
        step("دعا #[لي كه تشيانغ]# الجانبين", after),
        "دعا لي كه تشيانغ #[الجانبين]#"
    );
    assert_eq!(step("#[قال]# كيري", after), "قال #[كيري]#");
    assert_eq!(step("#[و]#الصين قال", after), "والصين #[قال]#");
    // Harakat belong to their word.
    assert_eq!(step("#[قالَ]# مُحَمَّدٌ", next), "قالَ #[مُحَمَّدٌ]#");
}

#[test]
fn the_first_word_and_the_last() {
    let (text, _) = parse("«#[قال]#» كيري.");
    assert_eq!(selection::first_word(&doc(&text)), Some(2..8));
    assert_eq!(selection::last_word(&doc(&text)), Some(11..19));
    assert_eq!(selection::first_word(&doc("... ؟")), None);
}

/// The word the arrow lands on: `left` toward the left of the screen.
fn arrow(fixture: &str, width: usize, left: bool) -> String {
    let (text, range) = parse(fixture);
    let mut g = laid(&text, width);
    let out = selection::visual_step(&mut g, &range, left).expect("a word that way");
    show(&text, &out)
}

#[test]
fn arrows_follow_the_screen_not_the_reading_order() {
    // On screen: «اليوم John Kerry قال», read from the right. Left from قال goes to the
    // word drawn next to it, Kerry, though John comes first in reading order.
    assert_eq!(
        arrow("#[قال]# John Kerry اليوم", 80, true),
        "قال John #[Kerry]# اليوم"
    );
    assert_eq!(
        arrow("قال John #[Kerry]# اليوم", 80, true),
        "قال #[John]# Kerry اليوم"
    );
    assert_eq!(
        arrow("قال #[John]# Kerry اليوم", 80, true),
        "قال John Kerry #[اليوم]#"
    );
    assert_eq!(
        arrow("قال John Kerry #[اليوم]#", 80, false),
        "قال #[John]# Kerry اليوم"
    );
    assert_eq!(
        arrow("قال #[John]# Kerry اليوم", 80, false),
        "قال John #[Kerry]# اليوم"
    );
    // In an English paragraph, Right from "said" lands on the Arabic word drawn next to
    // it: وزير, the second of the two in reading order.
    assert_eq!(
        arrow("He #[said]# قال وزير today", 80, false),
        "He said قال #[وزير]# today"
    );
    assert_eq!(
        arrow("He said قال #[وزير]# today", 80, false),
        "He said #[قال]# وزير today"
    );
}

#[test]
fn arrows_go_on_to_the_next_line_where_reading_does() {
    // Width 10: «قال وزير» on line 1, «الخارجية» on line 2. Left of the leftmost word of an
    // RTL line is the rightmost word of the next line, and Right comes back.
    assert_eq!(
        arrow("قال #[وزير]# الخارجية", 10, true),
        "قال وزير #[الخارجية]#"
    );
    assert_eq!(
        arrow("قال وزير #[الخارجية]#", 10, false),
        "قال #[وزير]# الخارجية"
    );
    // In LTR text, Right of the last word goes on to the next line's leftmost word.
    assert_eq!(arrow("one #[two]# three", 8, false), "one two #[three]#");
    // Nothing beyond the ends.
    let (text, range) = parse("#[قال]# وزير");
    assert_eq!(
        selection::visual_step(&mut laid(&text, 80), &range, false),
        None
    );
}

#[test]
fn up_and_down_keep_the_column() {
    // Two lines of four-letter words at width 14: each line holds three words.
    let text = "أحمد سعيد خالد\nجمال وليد مراد";
    let mut g = laid(text, 14);
    let (_, said) = parse("أحمد #[سعيد]# خالد\nجمال وليد مراد");
    let goal = selection::column_of(&mut g, &said).expect("on screen");
    let down = selection::vertical_step(&mut g, &said, true, goal).expect("a line below");
    assert_eq!(
        show(text, &down),
        "أحمد سعيد خالد\nجمال #[وليد]# مراد",
        "the word below, in the middle column"
    );
    let up = selection::vertical_step(&mut g, &down, false, goal).expect("a line above");
    assert_eq!(up, said);
    assert_eq!(selection::vertical_step(&mut g, &said, false, goal), None);
}

#[test]
fn either_end_moves_by_one_letter_with_its_marks() {
    let adjust = |fixture: &str, end: End, forward: bool| {
        let (text, range) = parse(fixture);
        show(&text, &selection::adjust(&doc(&text), range, end, forward))
    };
    // Dropping the conjunction و and the preposition بِ (with its kasra) from a word.
    assert_eq!(adjust("#[والصين]#", End::Start, true), "و#[الصين]#");
    assert_eq!(adjust("#[بِالصين]#", End::Start, true), "بِ#[الصين]#");
    // Taking the closing quote mark in, and giving it back.
    assert_eq!(adjust("«#[الصين]#»", End::End, true), "«#[الصين»]#");
    assert_eq!(adjust("«#[الصين»]#", End::End, false), "«#[الصين]#»");
    assert_eq!(adjust("«#[الصين]#»", End::Start, false), "#[«الصين]#»");
    // Never empty, never past the paragraph.
    assert_eq!(adjust("#[و]#", End::Start, true), "#[و]#");
    assert_eq!(adjust("#[قال]#\nكيري", End::End, true), "#[قال]#\nكيري");
}

#[test]
fn extending_keeps_the_anchor_word() {
    let (text, kerry) = parse("قال جون #[كيري]# اليوم");
    let d = doc(&text);
    let mut sel = Selection::cursor(kerry.clone());
    let next = selection::next_word(&d, kerry.start).expect("next");
    sel.move_to(next, true);
    assert_eq!(show(&text, &sel.range()), "قال جون #[كيري اليوم]#");
    // Back past the anchor: the selection now runs from the earlier word to the anchor's
    // end.
    for _ in 0..2 {
        let prev = selection::prev_word(&d, sel.head.start).expect("prev");
        sel.move_to(prev, true);
    }
    assert_eq!(show(&text, &sel.range()), "قال #[جون كيري]# اليوم");
    assert!(sel.selected);
    let moved = selection::next_word(&d, sel.head.start).expect("next");
    sel.move_to(moved, false);
    assert_eq!(show(&text, &sel.range()), "قال جون #[كيري]# اليوم");
    assert!(!sel.selected);
}
