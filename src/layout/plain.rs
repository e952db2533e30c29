//! Laid-out paragraphs as plain text lines, for `hamish render` and for tests.

use super::{CellKind, ParagraphLayout};

/// Appends the visual lines of `layout` to `out` as UTF-8, each ending in `\n`. With `pad_to`,
/// an RTL paragraph's lines are padded on the left to that width so they end at the right
/// edge.
pub fn write_lines(layout: &ParagraphLayout, pad_to: Option<usize>, out: &mut Vec<u8>) {
    for line in layout.lines() {
        if let Some(width) = pad_to.filter(|_| layout.rtl) {
            out.resize(out.len() + width.saturating_sub(line.width), b' ');
        }
        for cell in layout.cells(line) {
            if cell.kind != CellKind::Collapsed {
                out.extend_from_slice(layout.glyph_bytes(cell));
            }
        }
        out.push(b'\n');
    }
}

/// The visual lines of `layout` as strings, without padding.
pub fn lines(layout: &ParagraphLayout) -> Vec<String> {
    let mut s = Vec::new();
    write_lines(layout, None, &mut s);
    String::from_utf8_lossy(&s)
        .lines()
        .map(str::to_string)
        .collect()
}
