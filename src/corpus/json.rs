//! JSON for a terminal: the `--json` of `stats` and `agree`, pretty-printed by serde_json,
//! with every char that could steer a terminal written as a `\uXXXX` escape.
//!
//! serde_json escapes only the chars JSON requires (below U+0020, `"` and `\`), so DEL, the
//! C1 controls (U+009B is CSI to many terminals) and the bidi controls (U+202E reverses
//! what follows in a terminal that reorders) would be written raw. Its `Formatter` is the
//! place it offers for this: [`Safe`] wraps the pretty formatter and splits each string
//! fragment at the chars [`needs_escape`] names, the set the annotation file escapes. The
//! JSON parses back to the same strings.

use crate::layout::chars::needs_escape;
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

/// serde_json's pretty formatter, escaping controls, bidi and invisible chars in strings.
struct Safe<'a>(PrettyFormatter<'a>);

impl Formatter for Safe<'_> {
    fn write_string_fragment<W>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()>
    where
        W: ?Sized + Write,
    {
        let mut plain = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(&fragment.as_bytes()[plain..i])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                plain = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[plain..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as pretty-printed JSON with no char in it that a terminal would obey.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Safe(PrettyFormatter::new()));
    value.serialize(&mut ser)?;
    // serde_json writes UTF-8, and only whole chars are cut around escapes.
    String::from_utf8(out).map_err(|e| serde_json::Error::io(io::Error::other(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_escaped_and_read_back() -> Result<(), serde_json::Error> {
        let nasty = "a\u{1b}]52;c;aGk=\u{7}b\u{7f}\u{9b}31m\u{202e}txt.\u{2066}ق\u{e0001}";
        let map = std::collections::BTreeMap::from([(nasty, vec![nasty])]);
        let json = to_string_pretty(&map)?;
        assert!(
            !json.chars().any(|c| c != '\n' && needs_escape(c)),
            "{json:?}"
        );
        assert!(
            json.contains(r"\u009b31m\u202etxt.\u2066ق\udb40\udc01"),
            "{json}"
        );
        let back: std::collections::BTreeMap<String, Vec<String>> = serde_json::from_str(&json)?;
        assert_eq!(
            back.get(nasty).map(Vec::as_slice),
            Some(&[nasty.to_string()][..])
        );
        // Text without such chars comes out exactly as serde_json pretty-prints it.
        let plain = std::collections::BTreeMap::from([("قال", vec![1, 2]), ("b\"\n", vec![])]);
        assert_eq!(
            to_string_pretty(&plain)?,
            serde_json::to_string_pretty(&plain)?
        );
        Ok(())
    }
}
