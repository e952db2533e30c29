//! Wrapping at the break opportunities of UAX #14 15.0 on news text: URLs, dates and
//! numbers break where the standard allows and nowhere else, and a word that fits on a
//! line of its own is moved there whole, never split. Lines are given in reading order
//! (the logical text of each line, its hanging spaces left out); the expected breaks were
//! worked out by hand from the rules named beside them.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use hamish::layout::{self, plain, Direction, Options, Shaping};

use common::{laid_out, rev};

/// The text of each line of `text` laid out `width` columns wide, in reading order.
fn reading(text: &str, width: usize) -> Vec<String> {
    let laid = laid_out(text, width, Direction::Auto);
    laid.lines()
        .iter()
        .map(|l| text[l.logical.clone()].trim_end_matches(' ').to_string())
        .collect()
}

#[test]
fn a_url_breaks_after_each_slash_before_a_letter_or_a_number() {
    // From the shared corpus (arriyadiyah.com): a photo's path in an Arabic sentence.
    // SY ÷ NU outside a number (LB31: the number rule LB25 needs a digit before the slash),
    // SY ÷ AL (LB31), while `2015/06/02/` is one number (LB25: NU (NU|SY|IS)* × NU).
    // unicode-linebreak kept `styles/114x72/` together (the old pair rule SY × NU), 14
    // columns, and split it inside `114x72` on a 12-column line.
    let text = "تعد لفلسطين styles/114x72/public/2015/06/02/ أجرى المنتخب";
    assert_eq!(
        reading(text, 12),
        [
            "تعد لفلسطين",
            "styles/",
            "114x72/",
            "public/",
            "2015/06/02/",
            "أجرى المنتخب"
        ]
    );
    // Wide enough, the path's parts share a line.
    assert_eq!(
        reading(text, 14),
        [
            "تعد لفلسطين",
            "styles/114x72/",
            "public/",
            "2015/06/02/",
            "أجرى المنتخب"
        ]
    );
}

#[test]
fn a_date_written_with_spaces_breaks_after_a_slash() {
    // From the shared corpus: `17 /5 / 1436هـ`. No break before a slash (LB13 × SY), one
    // after the slash before `5` (LB31: `/` follows a space, not a number), one before
    // `1436` (LB18, after a space), and `1436هـ` is held together (LB23 NU × AL).
    let text = "بتاريخ 17 /5 / 1436هـ وفي مدينة برلين";
    assert_eq!(
        reading(text, 12),
        ["بتاريخ 17 /", "5 / 1436هـ", "وفي مدينة", "برلين"]
    );
    // The first line as it is drawn: the number at the left of the word, and the slash,
    // between two numbers in an Arabic paragraph, right to left (UAX #9 N1) at its left.
    let options = Options {
        width: 12,
        shaping: Shaping::Off,
        ..Options::default()
    };
    let lines = plain::lines(&layout::layout(text, &options));
    assert_eq!(lines[0], format!("/ 17 {}", rev("بتاريخ")));
}

#[test]
fn numbers_with_their_signs_stay_whole() {
    // corpus 04: a bracketed number is one unit (LB14 OP ×, LB25 NU (NU|SY|IS)* × CP).
    assert_eq!(
        reading("تصل إلى مبلغ (10.000) ريال", 9),
        ["تصل إلى", "مبلغ", "(10.000)", "ريال"]
    );
    // corpus 07: a decimal is one unit (LB25 NU × IS, NU IS × NU); the percent sign after
    // a space may start a line (LB18 SP ÷), but fits here.
    assert_eq!(
        reading("بحوالي ٣.١٤ % بالرغم", 6),
        ["بحوالي", "٣.١٤ %", "بالرغم"]
    );
    // Constructed: a currency sign before a bracket holds only when a number follows
    // (LB25 as tailored: (PR|PO) × (OP|HY)? NU). `$(5)` stays whole; `$(` before a word
    // may break, so `(عشرة)` wraps whole where unicode-linebreak (PR × OP always) split it.
    assert_eq!(reading("ثمن $(5) لكل", 4), ["ثمن", "$(5)", "لكل"]);
    assert_eq!(reading("ثمن $(عشرة)", 6), ["ثمن $", "(عشرة)"]);
}

#[test]
fn no_word_is_split_when_it_fits_on_a_line_of_its_own() {
    // Every corpus article at widths from 8 to 40: a line that ends inside a word (not at a
    // break opportunity) is only allowed when that word alone is wider than the line.
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus"))
        .expect("the corpus is there")
    {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("UTF-8 text");
        for para in text.split('\n').filter(|p| !p.is_empty()) {
            let opportunities: Vec<usize> =
                layout::linebreak::breaks(para).map(|(at, _)| at).collect();
            for width in [8, 13, 21, 40] {
                let options = Options {
                    width,
                    shaping: Shaping::Off,
                    ..Options::default()
                };
                let laid = layout::layout(para, &options);
                for line in laid.lines() {
                    let end = line.logical.end;
                    if end == para.len() || opportunities.contains(&end) {
                        continue;
                    }
                    // Split inside a word: the word (from the opportunity before to the one
                    // after, its trailing spaces left out) must be wider than the line.
                    let start = opportunities
                        .iter()
                        .rev()
                        .find(|&&b| b < end)
                        .copied()
                        .unwrap_or(0);
                    let stop = opportunities
                        .iter()
                        .find(|&&b| b > end)
                        .copied()
                        .unwrap_or(para.len());
                    let word = para[start..stop].trim_end();
                    let columns: usize = word
                        .chars()
                        .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                        .sum();
                    assert!(
                        columns > width,
                        "{}: {word:?} ({columns} columns) split on a {width}-column line",
                        path.display()
                    );
                }
            }
        }
    }
}
