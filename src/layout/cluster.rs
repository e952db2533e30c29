//! Grapheme clusters (UAX #29) of a paragraph.
//!
//! unicode-segmentation decides every boundary, but it is the most expensive step of laying
//! out plain Arabic or Latin text, where almost every char is its own cluster. Between two
//! chars of the [`super::chars::SIMPLE`] set there is always a boundary (rule GB999: neither is a
//! control, extender, spacing mark, prepend, Hangul, emoji or regional indicator, and no
//! rule looks back across such a pair), so the text is cut there first and only the pieces
//! between such cuts go through unicode-segmentation. A test checks the result against
//! unicode-segmentation on the whole text.

use unicode_segmentation::UnicodeSegmentation;

#[inline]
fn is_simple(c: char) -> bool {
    super::chars::flags(c as u32) & super::chars::SIMPLE != 0
}

/// Appends the end byte offset of every grapheme cluster of `text` to `ends`, in order.
pub fn cluster_ends(text: &str, ends: &mut Vec<u32>) {
    let mut chunk_start = 0;
    let mut prev_start = 0;
    let mut prev_simple = false;
    for (i, c) in text.char_indices() {
        let simple = is_simple(c);
        if simple && prev_simple {
            if prev_start == chunk_start {
                // The chunk is one char: no need to ask unicode-segmentation.
                ends.push(i as u32);
            } else {
                segment(&text[chunk_start..i], chunk_start, ends);
            }
            chunk_start = i;
        }
        prev_simple = simple;
        prev_start = i;
    }
    if chunk_start < text.len() {
        segment(&text[chunk_start..], chunk_start, ends);
    }
}

fn segment(chunk: &str, offset: usize, ends: &mut Vec<u32>) {
    for (i, g) in chunk.grapheme_indices(true) {
        ends.push((offset + i + g.len()) as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ends(text: &str) -> Vec<usize> {
        let mut v = Vec::new();
        cluster_ends(text, &mut v);
        v.into_iter().map(|e| e as usize).collect()
    }

    fn reference(text: &str) -> Vec<usize> {
        text.grapheme_indices(true)
            .map(|(i, g)| i + g.len())
            .collect()
    }

    #[test]
    fn harakat_stay_with_their_letter() {
        let t = "بَيْت ab";
        assert_eq!(ends(t), reference(t));
        assert_eq!(ends(t)[0], "بَ".len());
    }

    proptest! {
        #[test]
        fn same_as_unicode_segmentation(s in "[a-z \u{627}-\u{64A}\u{64B}-\u{652}\u{600}-\u{605}\u{200C}\u{200D}\r\n\u{1F1E6}-\u{1F1FF}\u{1F600}\u{FE0F}\u{915}\u{94D}\u{0300}\u{1100}\u{1161}\u{AC00}\u{A9}\u{5D0}]{0,40}") {
            prop_assert_eq!(ends(&s), reference(&s));
        }
    }
}
