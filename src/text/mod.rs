//! The document: a UTF-8 text file split into paragraphs (one per line), with the maps
//! between byte and char offsets and the sha256 of the bytes as stored.

pub mod fold;
pub mod load;
pub mod search;

pub use load::{load, load_head, Head, LoadError, HEAD_BYTES};

use sha2::{Digest, Sha256};
use std::ops::Range;
use std::sync::OnceLock;

/// A loaded text. Paragraphs are the lines of the file, without their line end (`\n` or
/// `\r\n`); the text itself is kept exactly as stored.
#[derive(Debug)]
pub struct Document {
    /// Name shown to the user (the path as given, or a label for built-in text).
    pub name: String,
    text: String,
    paragraphs: Vec<Range<usize>>,
    /// Chars before each paragraph, computed on first use (a 3.5 MB file opens without it).
    char_starts: OnceLock<Vec<usize>>,
    sha256: OnceLock<String>,
}

impl Document {
    /// Splits `text` into paragraphs. An empty text has no paragraphs; a final line end
    /// does not start an empty paragraph.
    pub fn new(name: impl Into<String>, text: String) -> Document {
        let bytes = text.as_bytes();
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
            if end == bytes.len() && start == end {
                break; // a final line end does not start an empty paragraph
            }
            // "\r\n" ends a line too, and a "\r" right before the end of the file is one cut
            // short: the "\r" is never drawn.
            let content_end = if end > start && bytes[end - 1] == b'\r' {
                end - 1
            } else {
                end
            };
            paragraphs.push(start..content_end);
            start = end + 1;
        }
        Document {
            name: name.into(),
            text,
            paragraphs,
            char_starts: OnceLock::new(),
            sha256: OnceLock::new(),
        }
    }

    /// The whole text as stored.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The number of paragraphs (lines of the file).
    pub fn len_paragraphs(&self) -> usize {
        self.paragraphs.len()
    }

    /// Paragraph `i` without its line end.
    pub fn paragraph(&self, i: usize) -> &str {
        &self.text[self.paragraphs[i].clone()]
    }

    /// Byte range of paragraph `i` in the text.
    pub fn paragraph_range(&self, i: usize) -> Range<usize> {
        self.paragraphs[i].clone()
    }

    /// The paragraph holding byte offset `byte` (or the last one before it, for a byte in a
    /// line end).
    pub fn paragraph_at(&self, byte: usize) -> Option<usize> {
        match self.paragraphs.binary_search_by(|r| r.start.cmp(&byte)) {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }

    fn char_starts(&self) -> &[usize] {
        self.char_starts.get_or_init(|| {
            let mut starts = Vec::with_capacity(self.paragraphs.len());
            let mut chars = 0;
            let mut at = 0;
            for p in &self.paragraphs {
                chars += count_chars(&self.text.as_bytes()[at..p.start]);
                starts.push(chars);
                at = p.start;
            }
            starts
        })
    }

    /// Char offset (Unicode scalar values from the start of the file) of byte offset `byte`,
    /// which must lie on a char boundary.
    pub fn byte_to_char(&self, byte: usize) -> usize {
        match self.paragraph_at(byte) {
            Some(i) => {
                let p = &self.paragraphs[i];
                self.char_starts()[i] + count_chars(&self.text.as_bytes()[p.start..byte])
            }
            None => count_chars(&self.text.as_bytes()[..byte]),
        }
    }

    /// Byte offset of char offset `ch`; `None` past the end of the text.
    pub fn char_to_byte(&self, ch: usize) -> Option<usize> {
        let starts = self.char_starts();
        let (from_byte, from_char) = match starts.partition_point(|&s| s <= ch) {
            0 => (0, 0),
            i => (self.paragraphs[i - 1].start, starts[i - 1]),
        };
        let rest = &self.text[from_byte..];
        let mut left = ch - from_char;
        for (b, _) in rest.char_indices() {
            if left == 0 {
                return Some(from_byte + b);
            }
            left -= 1;
        }
        (left == 0).then_some(self.text.len())
    }

    /// Number of chars in the text.
    pub fn len_chars(&self) -> usize {
        self.byte_to_char(self.text.len())
    }

    /// Lowercase hex sha256 of the bytes as stored.
    pub fn sha256(&self) -> &str {
        self.sha256.get_or_init(|| {
            let digest = Sha256::digest(self.text.as_bytes());
            digest.iter().map(|b| format!("{b:02x}")).collect()
        })
    }
}

/// Chars in valid UTF-8: every byte that is not a continuation byte starts one.
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_lines_without_their_ends() {
        let d = Document::new("t", "أ\r\nب\n\nج".to_string());
        let paras: Vec<&str> = (0..d.len_paragraphs()).map(|i| d.paragraph(i)).collect();
        assert_eq!(paras, ["أ", "ب", "", "ج"]);
        let d = Document::new("t", "one\n".to_string());
        assert_eq!(d.len_paragraphs(), 1);
        assert_eq!(Document::new("t", String::new()).len_paragraphs(), 0);
        let d = Document::new("t", "a\r".to_string());
        assert_eq!(d.paragraph(0), "a");
    }

    #[test]
    fn char_and_byte_offsets_round_trip() {
        let text = "\u{feff}قال\nجون كيري\r\nabc";
        let d = Document::new("t", text.to_string());
        for (ch, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(d.byte_to_char(b), ch, "byte {b}");
            assert_eq!(d.char_to_byte(ch), Some(b), "char {ch}");
        }
        let n = text.chars().count();
        assert_eq!(d.len_chars(), n);
        assert_eq!(d.char_to_byte(n), Some(text.len()));
        assert_eq!(d.char_to_byte(n + 1), None);
    }

    #[test]
    fn sha256_is_of_the_bytes() {
        let d = Document::new("t", "abc".to_string());
        assert_eq!(
            d.sha256(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
