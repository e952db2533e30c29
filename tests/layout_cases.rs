//! The layout on the cases readers of Arabic news meet: numbers, Latin names, brackets and
//! quotes, harakat, tatweel, embeddings, controls; and wrapping like a printed column.
//! Expected lines are written as they appear on screen, left to right: `rev("كلمة")` is an
//! RTL word as its cells are laid out.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use hamish::layout::{self, plain, CellKind, Direction, Options, Shaping};

use common::{laid_out, rev};

/// Visual lines of `text`, unshaped, unpadded.
fn visual(text: &str, width: usize) -> Vec<String> {
    plain::lines(&laid_out(text, width, Direction::Auto))
}

fn one_line(text: &str) -> String {
    visual(text, 0).concat()
}

#[test]
fn numbers_read_left_to_right_inside_arabic() {
    // corpus 01: an RLM inside "5.‏7"; fribidi agrees on this order.
    assert_eq!(
        one_line("قوته 5.\u{200f}7 درجة"),
        format!("{} 7.5 {}", rev("درجة"), rev("قوته"))
    );
    // corpus 04: a Hijri date with slashes stays one number.
    assert_eq!(
        one_line("بدءا من 1435/11/1 للمنشآت"),
        format!("{} 1435/11/1 {} {}", rev("للمنشآت"), rev("من"), rev("بدءا"))
    );
    // corpus 07: Arabic-Indic digits with a decimal point and a percent sign.
    assert_eq!(
        one_line("بحوالي ٣.١٤ % بالرغم"),
        format!("{} % ٣.١٤ {}", rev("بالرغم"), rev("بحوالي"))
    );
}

#[test]
fn latin_names_keep_their_order() {
    assert_eq!(one_line("وتعرضه MBC1."), format!(".MBC1 {}", rev("وتعرضه")));
    assert_eq!(
        one_line("اسم \"First They\" اليوم"),
        format!("{} \"First They\" {}", rev("اليوم"), rev("اسم"))
    );
    // A URL in parentheses: the brackets take the Arabic context and are mirrored.
    assert_eq!(
        one_line("الموقع الالكتروني (www.gosi.gov.sa) واختيار"),
        format!(
            "{} (www.gosi.gov.sa) {} {}",
            rev("واختيار"),
            rev("الالكتروني"),
            rev("الموقع")
        )
    );
}

#[test]
fn brackets_and_guillemets_face_the_right_way() {
    assert_eq!(
        one_line("ويضم «الكابوس» مجموعة"),
        format!("{} «{}» {}", rev("مجموعة"), rev("الكابوس"), rev("ويضم"))
    );
    assert_eq!(
        one_line("زيارة لـ (أمستردام) عاصمة"),
        format!(
            "{} ({}) {} {}",
            rev("عاصمة"),
            rev("أمستردام"),
            rev("لـ"),
            rev("زيارة")
        )
    );
}

#[test]
fn harakat_stay_after_their_letter() {
    // Clusters are reversed whole (L3): the fatha stays on its letter.
    assert_eq!(one_line("جَعَلْنَا"), "انَلْعَجَ");
    let laid = layout::layout("بَيت", &Options::default());
    let line = &laid.lines()[0];
    let glyphs: Vec<&str> = laid.cells(line).iter().map(|c| laid.glyph(c)).collect();
    assert_eq!(glyphs.len(), 3, "three cells for three letters: {glyphs:?}");
}

#[test]
fn embeddings_steer_and_vanish() {
    // corpus 15: a line wrapped in RLE … PDF.
    assert_eq!(
        one_line("\u{202b}إخراج: مايكل بيري\u{202c}"),
        format!("{} {} :{}", rev("بيري"), rev("مايكل"), rev("إخراج"))
    );
    let shown = layout::layout(
        "\u{202b}إخراج\u{202c}",
        &Options {
            show_controls: true,
            shaping: Shaping::Off,
            ..Options::default()
        },
    );
    let text = plain::lines(&shown).concat();
    assert!(text.contains("<RLE>") && text.contains("<PDF>"), "{text}");
}

#[test]
fn presentation_forms_in_the_source_are_kept() {
    // corpus 16 mixes U+FExx letters with normal ones.
    assert_eq!(
        one_line("ﻭصفت رئيسة"),
        format!("{} {}", rev("رئيسة"), rev("ﻭصفت"))
    );
}

#[test]
fn escape_sequences_become_visible_symbols() {
    let line = one_line("a\u{1b}[2J\u{1b}]0;title\u{7}b");
    assert_eq!(line, "a\u{241b}[2J\u{241b}]0;title\u{2407}b");
}

#[test]
fn tabs_expand_to_the_next_stop() {
    assert_eq!(one_line("ab\tc"), "ab      c");
}

#[test]
fn forced_direction() {
    let options = Options {
        width: 0,
        direction: Direction::Ltr,
        shaping: Shaping::Off,
        show_controls: false,
    };
    let laid = layout::layout("قال John", &options);
    assert!(!laid.rtl);
    assert_eq!(plain::lines(&laid).concat(), format!("{} John", rev("قال")));
}

#[test]
fn wraps_between_words_in_reading_order() {
    let text = "قال وزير الخارجية الأمريكي جون كيري اليوم السبت";
    let lines = visual(text, 20);
    assert!(lines.len() > 1);
    // The first line holds the first words, its first word at the right.
    assert!(lines[0].ends_with(&rev("قال")), "{lines:?}");
    // Every line is whole words: joined back in reading order they give the text.
    let words: Vec<String> = lines
        .iter()
        .flat_map(|l| {
            l.split(' ')
                .filter(|w| !w.is_empty())
                .map(rev)
                .rev()
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(words.join(" "), text);
    for line in &lines {
        assert!(line.chars().count() <= 20, "{line:?}");
        assert!(!line.starts_with(' '), "hanging space drawn: {line:?}");
    }
}

#[test]
fn each_line_is_reordered_with_the_paragraph_levels() {
    // Latin split across two lines of an Arabic paragraph.
    let lines = visual("قال John Smith اليوم", 11);
    assert_eq!(
        lines,
        [
            format!("John {}", rev("قال")),
            format!("{} Smith", rev("اليوم"))
        ]
    );
}

#[test]
fn a_word_longer_than_the_line_breaks_between_clusters() {
    let word = "بَيْتٌ".repeat(5);
    let options = Options {
        width: 4,
        shaping: Shaping::Off,
        ..Options::default()
    };
    let laid = layout::layout(&word, &options);
    common::check_invariants(&word, &options, &laid).expect("invariants");
    assert!(laid.lines().len() >= 4);
    for line in laid.lines() {
        for cell in laid.cells(line) {
            let glyph = laid.glyph(cell);
            assert!(
                !glyph.starts_with(|c: char| ('\u{64B}'..='\u{652}').contains(&c)),
                "a mark was split from its letter: {glyph:?}"
            );
            assert_ne!(cell.kind, CellKind::Symbol);
        }
    }
}

#[test]
fn url_between_lrm_marks_reads_left_to_right_with_its_brackets() {
    // corpus 05: the marks make the brackets part of the URL's left-to-right run.
    assert_eq!(
        one_line("للبرنامج \u{200f}\u{200e}(www.secb.gov.sa)\u{200e}، \u{200f}مؤكدا"),
        format!("{} ،(www.secb.gov.sa) {}", rev("مؤكدا"), rev("للبرنامج"))
    );
}

fn shaped_cells(text: &str) -> Vec<(String, std::ops::Range<u32>)> {
    let options = Options {
        width: 0,
        shaping: Shaping::App,
        ..Options::default()
    };
    let laid = layout::layout(text, &options);
    common::check_invariants(text, &options, &laid).expect("invariants");
    let line = &laid.lines()[0];
    laid.cells(line)
        .iter()
        .map(|c| (laid.glyph(c).to_string(), c.logical.clone()))
        .collect()
}

#[test]
fn lam_alef_is_one_cell_for_two_chars() {
    assert_eq!(shaped_cells("لا"), [("\u{FEFB}".to_string(), 0..4)]);
    // سلام: seen initial, lam-alef final (joined to the seen), meem alone: the alef does
    // not join to the left. Left to right on screen.
    let cells = shaped_cells("سلام");
    let glyphs: Vec<&str> = cells.iter().map(|(g, _)| g.as_str()).collect();
    assert_eq!(glyphs, ["\u{FEE1}", "\u{FEFC}", "\u{FEB3}"]);
    assert_eq!(
        cells[1].1,
        2..6,
        "the ligature cell stands for lam and alef"
    );
}

#[test]
fn tatweel_and_harakat_join() {
    // corpus 12: "صُـدفة", a decorative tatweel after a damma.
    let glyphs: Vec<String> = shaped_cells("صُـدفة").into_iter().map(|(g, _)| g).collect();
    assert_eq!(
        glyphs,
        [
            "\u{FE94}",
            "\u{FED3}",
            "\u{FEAA}",
            "\u{640}",
            "\u{FEBB}\u{64F}"
        ]
    );
}

#[test]
fn shown_controls_between_lam_and_alef_keep_their_cells() {
    let options = Options {
        width: 0,
        shaping: Shaping::App,
        show_controls: true,
        ..Options::default()
    };
    let text = "ل\u{202e}ا\u{202c}";
    let laid = layout::layout(text, &options);
    common::check_invariants(text, &options, &laid).expect("invariants");
    let line = plain::lines(&laid).concat();
    assert!(line.contains("<RLO>") && line.contains("<PDF>"), "{line}");
}

#[test]
fn zero_width_joiners_and_non_joiners_reach_the_terminal() {
    // Persian می‌خواهم: without its ZWNJ a terminal that joins letters would misspell it.
    assert!(one_line("می\u{200c}خواهم").contains('\u{200c}'));
    // A family emoji is one cluster, two columns.
    let laid = layout::layout("👨\u{200d}👩\u{200d}👧", &Options::default());
    let cells = laid.cells(&laid.lines()[0]);
    assert_eq!(cells.len(), 1);
    assert_eq!(cells[0].width, 2);
}

#[test]
fn c1_controls_and_separators_are_shown_not_sent() {
    assert_eq!(one_line("a\u{9b}b"), "a<9B>b");
    assert_eq!(one_line("a\u{2028}b"), "a\u{2424}b");
}

/// The drawn cells of each line, left to right, as glyph strings (collapsed spaces left out).
fn cell_glyphs(text: &str, width: usize, direction: Direction) -> Vec<Vec<String>> {
    let laid = laid_out(text, width, direction);
    laid.lines()
        .iter()
        .map(|line| {
            laid.cells(line)
                .iter()
                .filter(|c| c.kind != CellKind::Collapsed)
                .map(|c| laid.glyph(c).to_string())
                .collect()
        })
        .collect()
}

#[test]
fn a_mark_typed_after_a_space_keeps_its_cell_when_the_line_wraps_there() {
    // big.txt: a kasra typed after a space, "حَدْسي ِ فقدّمتهُنَّ". The space carrying the
    // mark is not whitespace (UAX #14 LB10 takes it as a letter): it stays on the line, after
    // its word, drawn; only the plain space after it hangs.
    let text = "أنامِلُ حَدْسي ِ فقدّمتهُنَّ";
    let lines = cell_glyphs(text, 12, Direction::Auto);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let first: Vec<&str> = lines[0].iter().map(String::as_str).collect();
    assert_eq!(
        first,
        [" \u{650}", "ي", "س", "دْ", "حَ", " ", "لُ", "مِ", "ا", "ن", "أ"],
        "the first line, left to right"
    );
    let second: String = lines[1].concat();
    assert_eq!(second.chars().filter(|&c| c == '\u{650}').count(), 0);
}

#[test]
fn a_space_carrying_a_mark_is_not_trailing_whitespace_for_l1() {
    // Inside an isolate at the end of a line, rule L1 resets trailing whitespace to the
    // paragraph level; a space with a mark on it is not whitespace (the mark is NSM), so it
    // keeps the isolate's level and sits before its word's left end.
    let text = "Title: \u{2067}حَدْسي ِ\u{2069}";
    let lines = cell_glyphs(text, 0, Direction::Ltr);
    let line: Vec<&str> = lines[0].iter().map(String::as_str).collect();
    assert_eq!(
        line,
        ["T", "i", "t", "l", "e", ":", " ", " \u{650}", "ي", "س", "دْ", "حَ"],
    );
}
