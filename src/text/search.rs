//! Arabic-aware search: the byte ranges, in the text as stored, of every match of a query
//! when both are read through [`fold`](super::fold) (harakat, tatweel and invisible marks
//! dropped, أ إ آ ٱ → ا, ى → ي, ة → ه, Latin lowercased, whitespace runs made one).
//!
//! Hand-written because no crate does this: regex and aho-corasick match the bytes as
//! written (at best with Unicode case folding, which leaves hamza seats, ى/ي, ة/ه and
//! harakat apart), and the normalisers that fold Arabic return a new string without the
//! map back to offsets in the original, which is what an annotation needs. Here the text
//! is folded once, each folded char remembering the original bytes it came from, and the
//! folded query is found in it with `memchr::memmem`.

use super::fold::{fold, fold_char};
use std::ops::Range;

/// Invisible format chars: dropped like harakat, but not part of the letter before them, so
/// a match never ends on one.
fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// `text` folded, and for each folded char the original bytes it stands for: a letter with
/// the harakat and tatweel after it, or a whole run of whitespace.
struct Folded {
    text: String,
    spans: Vec<Range<usize>>,
}

fn fold_with_offsets(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut spans: Vec<Range<usize>> = Vec::with_capacity(text.len() / 2);
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match fold_char(c) {
            None => {
                // A mark belongs to the letter (or the whitespace run) before it.
                if let Some(last) = spans.last_mut().filter(|_| !is_format(c)) {
                    last.end = end;
                }
            }
            Some(' ') if out.ends_with(' ') => {
                if let Some(last) = spans.last_mut() {
                    last.end = end;
                }
            }
            Some(f) => {
                spans.push(i..end);
                out.push(f);
            }
        }
    }
    Folded { text: out, spans }
}

/// Byte ranges in `text` of every match of `query`, left to right and non-overlapping.
/// Both sides are folded (see the module doc); a whitespace run matches any whitespace run.
/// A match starts at its first letter and ends after the harakat and tatweel of its last
/// one. An empty query, or one of marks only, finds nothing.
pub fn find_all(text: &str, query: &str) -> Vec<Range<usize>> {
    let needle = fold(query);
    if needle.is_empty() {
        return Vec::new();
    }
    let folded = fold_with_offsets(text);
    let hay = folded.text.as_bytes();
    let mut out = Vec::new();
    // Folded chars before byte `at` of the folded text, counted as the matches go right.
    let (mut at, mut chars) = (0, 0);
    let count = |bytes: &[u8]| bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    for start in memchr::memmem::find_iter(hay, needle.as_bytes()) {
        let end = start + needle.len();
        chars += count(&hay[at..start]);
        let first = chars;
        let last = first + count(&hay[start..end]) - 1;
        chars = last + 1;
        at = end;
        if let (Some(a), Some(b)) = (folded.spans.get(first), folded.spans.get(last)) {
            out.push(a.start..b.end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::find_all;

    fn found<'a>(text: &'a str, query: &str) -> Vec<&'a str> {
        find_all(text, query)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn hamza_seats_tanween_and_tatweel_fold() {
        assert_eq!(found("قال الأمريكي", "الامريكي"), ["الأمريكي"]);
        assert_eq!(found("قال الامريكي", "الأمريكي"), ["الامريكي"]);
        assert_eq!(found("الممارسات فعلياً.", "فعليا"), ["فعلياً"]);
        assert_eq!(found("في مـصر اليوم", "مصر"), ["مـصر"]);
        assert_eq!(
            found("مستشفى المدينة", "مستشفي المدينه"),
            ["مستشفى المدينة"]
        );
        assert_eq!(found("إلى آسيا", "الي اسيا"), ["إلى آسيا"]);
    }

    #[test]
    fn a_query_with_harakat_finds_the_bare_word_and_the_voweled_one() {
        assert_eq!(found("فعليا ثم فَعْلِيًّا", "فعلياً"), ["فعليا", "فَعْلِيًّا"]);
        assert_eq!(found("كتب كُتُب", "كُتُب"), ["كتب", "كُتُب"]);
    }

    #[test]
    fn latin_is_case_insensitive_and_whitespace_runs_match_each_other() {
        assert_eq!(
            found("John KERRY and john kerry", "john Kerry"),
            ["John KERRY", "john kerry"]
        );
        assert_eq!(
            found("جون \u{a0}\t كيري", "جون كيري"),
            ["جون \u{a0}\t كيري"]
        );
        assert_eq!(found("جون كيري", "  جون   كيري "), ["جون كيري"]);
        assert!(found("جونكيري", "جون كيري").is_empty());
    }

    #[test]
    fn matches_next_to_each_other_do_not_overlap() {
        assert_eq!(found("ااااا", "اا"), ["اا", "اا"]);
        assert_eq!(found("مصرمصر", "مصر"), ["مصر", "مصر"]);
        assert_eq!(find_all("مصرمصر", "مصر"), [0..6, 6..12]);
    }

    #[test]
    fn offsets_land_exactly_on_the_original() {
        let text = "\u{feff}قال: «الصّين» والصين";
        let got = find_all(text, "الصين");
        assert_eq!(got.len(), 2);
        for r in &got {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        assert_eq!(&text[got[0].clone()], "الصّين");
        assert_eq!(&text[got[1].clone()], "الصين");
        assert_eq!(got[1].end, text.len());
        // The marks of the last letter are inside the match, an invisible mark after it not.
        assert_eq!(found("مصرُ\u{200F} و", "مصر"), ["مصرُ"]);
        assert_eq!(found("مصرـــ!", "مصر"), ["مصرـــ"]);
        // A leading mark with no letter before it is never part of a match.
        assert_eq!(found("\u{064B}مصر", "مصر"), ["مصر"]);
    }

    #[test]
    fn empty_and_mark_only_queries_find_nothing() {
        assert!(find_all("مصر", "").is_empty());
        assert!(find_all("مصر", "  ").is_empty());
        assert!(find_all("مصـر", "ـًّ").is_empty());
        assert!(find_all("", "مصر").is_empty());
    }
}
