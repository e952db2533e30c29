//! Laid-out paragraphs as plain text lines, for `hamish render` and for tests.

use super::{CellKind, ParagraphLayout};

/// Appends the visual lines of `layout` to `out`, each ending in `\n`. With `pad_to`, an RTL
/// paragraph's lines are padded on the left to that width so they end at the right edge.
pub fn write_lines(layout: &ParagraphLayout, pad_to: Option<usize>, out: &mut String) {
    for line in layout.lines() {
        if let Some(width) = pad_to.filter(|_| layout.rtl) {
            out.extend(std::iter::repeat_n(' ', width.saturating_sub(line.width)));
        }
        for cell in layout.cells(line) {
            if cell.kind != CellKind::Collapsed {
                out.push_str(layout.glyph(cell));
            }
        }
        out.push('\n');
    }
}

/// The visual lines of `layout` as strings, without padding.
pub fn lines(layout: &ParagraphLayout) -> Vec<String> {
    let mut s = String::new();
    write_lines(layout, None, &mut s);
    s.lines().map(str::to_string).collect()
}
