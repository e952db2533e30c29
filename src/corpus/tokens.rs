//! The tokens of an article for the training formats (JSON Lines, CoNLL): the words of
//! UAX #29 (`unicode-segmentation`), cut again at every span edge, so that every span
//! starts at a token's start and ends at a token's end. The و of «والصين» is its own token
//! when a Country starts after it, and the `".` after a claim's last word is cut after
//! the `"` when the claim ends there.
//!
//! Whitespace is kept as spaCy keeps it, so that the tokens give the text back exactly:
//! one plain space after a word is that word's `ws` (spaCy's `whitespace_`), any other run
//! of whitespace (line ends, two spaces, a space before the first word) is a token of its
//! own. A space a span starts or ends on is never folded into `ws`, since a span must
//! begin and end on tokens. The information separators U+001C..U+001F count as
//! whitespace too: Python's `str.split()` splits on them, so a token holding one would
//! come apart in a reader of CoNLL.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// One token: a byte range of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Its bytes in the text.
    pub range: Range<usize>,
    /// Followed by one plain space that is not a token (spaCy's `whitespace_`).
    pub ws: bool,
    /// Whitespace only (line ends, a run of spaces): spaCy keeps such tokens, CoNLL leaves
    /// them out.
    pub space: bool,
}

/// Whether `c` separates tokens: whitespace, or one that Python's `str.split()` takes
/// for whitespace.
pub fn separates(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Pushes the piece `range` of `text` (`space`: whitespace only). A word segment may hold
/// a separator among other chars (UAX #29 joins a space and the mark after it, and
/// U+001C..U+001F are no space to it): such a piece is cut at each of them, so that no
/// word token holds one.
fn push_piece(
    text: &str,
    range: Range<usize>,
    space: bool,
    pieces: &mut Vec<(Range<usize>, bool)>,
) {
    let piece = &text[range.clone()];
    if space || !piece.chars().any(separates) {
        pieces.push((range, space));
        return;
    }
    let first = pieces.len();
    for (i, c) in piece.char_indices() {
        let at = range.start + i;
        let sep = separates(c);
        let grows = pieces.len() > first;
        match pieces.last_mut() {
            Some((last, s)) if grows && *s == sep => last.end = at + c.len_utf8(),
            _ => pieces.push((at..at + c.len_utf8(), sep)),
        }
    }
}

/// The tokens of `text`, in order, covering it exactly: each token's text followed by a
/// space where `ws` is the text. `spans` are the byte ranges of the spans (on char
/// boundaries); each of them starts at a token's start and ends at a token's end.
pub fn tokens(text: &str, spans: &[Range<usize>]) -> Vec<Token> {
    let mut starts: Vec<usize> = spans.iter().map(|r| r.start).collect();
    let mut ends: Vec<usize> = spans.iter().map(|r| r.end).collect();
    let mut edges: Vec<usize> = starts.iter().chain(&ends).copied().collect();
    for v in [&mut starts, &mut ends, &mut edges] {
        v.sort_unstable();
        v.dedup();
    }
    let is = |v: &[usize], at: usize| v.binary_search(&at).is_ok();

    // The pieces: word segments cut at the edges, each marked whitespace or not.
    let mut pieces: Vec<(Range<usize>, bool)> = Vec::new();
    let mut next_edge = 0;
    for (at, seg) in text.split_word_bound_indices() {
        let end = at + seg.len();
        let space = seg.chars().all(separates);
        let mut from = at;
        while next_edge < edges.len() && edges[next_edge] <= from {
            next_edge += 1;
        }
        while next_edge < edges.len() && edges[next_edge] < end {
            let cut = edges[next_edge];
            if text.is_char_boundary(cut) {
                push_piece(text, from..cut, space, &mut pieces);
                from = cut;
            }
            next_edge += 1;
        }
        push_piece(text, from..end, space, &mut pieces);
    }

    let mut out: Vec<Token> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    // Ends the whitespace run being gathered: one plain space after a word becomes its
    // `ws` unless a span starts on that space or ends just after it; the rest is a token.
    let flush = |out: &mut Vec<Token>, run: Range<usize>| {
        let mut from = run.start;
        let after_word = out
            .last()
            .is_some_and(|t: &Token| !t.space && t.range.end == from);
        if after_word && text[from..].starts_with(' ') && !is(&starts, from) && !is(&ends, from + 1)
        {
            if let Some(t) = out.last_mut() {
                t.ws = true;
            }
            from += 1;
        }
        if from < run.end {
            out.push(Token {
                range: from..run.end,
                ws: false,
                space: true,
            });
        }
    };
    for (range, space) in pieces {
        if range.is_empty() {
            continue;
        }
        if space {
            pending = match pending.take() {
                // A run goes on over pieces, but not over a span edge.
                Some(run) if !is(&edges, range.start) => Some(run.start..range.end),
                Some(run) => {
                    flush(&mut out, run);
                    Some(range)
                }
                None => Some(range),
            };
            continue;
        }
        if let Some(run) = pending.take() {
            flush(&mut out, run);
        }
        out.push(Token {
            range,
            ws: false,
            space: false,
        });
    }
    if let Some(run) = pending.take() {
        flush(&mut out, run);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, tokens: &[Token]) -> Vec<(&'a str, bool)> {
        tokens
            .iter()
            .map(|t| (&text[t.range.clone()], t.ws))
            .collect()
    }

    #[test]
    fn a_span_edge_cuts_a_word_and_spaces_are_spacy_whitespace() {
        let text = "قال \"كيري\".  والصين\n";
        // A Country on الصين after the و, and a span ending after "كيري" (its quote in).
        let w = text.find("والصين").unwrap_or(0);
        let country = w + "و".len()..w + "والصين".len();
        let q = text.find("\"كيري\"").unwrap_or(0);
        let quote = q..q + "\"كيري\"".len();
        let got = tokens(text, &[country, quote]);
        assert_eq!(
            texts(text, &got),
            [
                ("قال", true),
                ("\"", false),
                ("كيري", false),
                ("\"", false),
                (".", true),
                (" ", false),
                ("و", false),
                ("الصين", false),
                ("\n", false),
            ]
        );
        assert!(got[5].space && got[8].space && !got[6].space);
    }

    #[test]
    fn a_space_a_span_starts_or_ends_on_is_a_token() {
        let text = "أ ب ج";
        // A span "أ " ending on the space, and one " ج" starting on the other.
        let got = tokens(text, &[0..3, 5..8]);
        assert_eq!(
            texts(text, &got),
            [
                ("أ", false),
                (" ", false),
                ("ب", false),
                (" ", false),
                ("ج", false)
            ]
        );
    }

    #[test]
    fn separators_never_sit_inside_a_token() {
        let text = "a\u{1f}b c";
        let got = tokens(text, &[]);
        assert_eq!(
            texts(text, &got),
            [("a", false), ("\u{1f}", false), ("b", true), ("c", false)]
        );
    }
}
