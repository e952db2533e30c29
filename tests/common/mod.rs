//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod annotations;
pub mod tui;
pub mod ucd;

use hamish::layout::{self, chars, CellKind, Direction, Options, ParagraphLayout, Shaping};

/// `word` reversed char by char: an RTL word as its cells are laid out.
pub fn rev(word: &str) -> String {
    word.chars().rev().collect()
}

/// `text` laid out unshaped `width` columns wide in `direction`, its invariants checked.
pub fn laid_out(text: &str, width: usize, direction: Direction) -> ParagraphLayout {
    let options = Options {
        width,
        direction,
        shaping: Shaping::Off,
        ..Options::default()
    };
    let laid = layout::layout(text, &options);
    check_invariants(text, &options, &laid).expect("invariants");
    laid
}

/// Checks the invariants a user depends on; returns the first broken one.
pub fn check_invariants(
    text: &str,
    options: &Options,
    laid: &ParagraphLayout,
) -> Result<(), String> {
    let mut covered = vec![0u8; text.len()];
    let mut expected_start = 0;
    for (li, line) in laid.lines().iter().enumerate() {
        if line.logical.start != expected_start {
            return Err(format!(
                "line {li} starts at {} not {expected_start}",
                line.logical.start
            ));
        }
        expected_start = line.logical.end;
        if options.width > 0 && line.width > options.width {
            return Err(format!(
                "line {li} is {} wide, more than {}",
                line.width, options.width
            ));
        }
        let mut col = 0;
        for (ci, cell) in laid.cells(line).iter().enumerate() {
            if cell.col as usize != col {
                return Err(format!("line {li} cell {ci} at col {} not {col}", cell.col));
            }
            col += cell.width as usize;
            let glyph = laid.glyph(cell);
            if glyph
                .chars()
                .any(|c| c.is_control() || chars::is_invisible(c))
            {
                return Err(format!(
                    "glyph {glyph:?} would write a control or invisible char"
                ));
            }
            if cell.kind != CellKind::Collapsed && glyph.is_empty() != (cell.width == 0) {
                return Err(format!("glyph {glyph:?} has width {}", cell.width));
            }
            let bytes = cell.logical.start as usize..cell.logical.end as usize;
            // A collapsed cell (a space hanging at the end of a line) draws nothing: it may
            // hold nothing a reader would miss, such as a mark typed after the space.
            if cell.kind == CellKind::Collapsed {
                if let Some(c) = text[bytes.clone()]
                    .chars()
                    .find(|&c| !chars::is_breakable_space(c) && !chars::is_invisible(c))
                {
                    return Err(format!(
                        "{c:?} at byte {} hangs with a space at the end of line {li}, not drawn",
                        bytes.start
                    ));
                }
            }
            if bytes.start < line.logical.start || bytes.end > line.logical.end {
                return Err(format!(
                    "cell {ci} of line {li} draws bytes {bytes:?} of another line"
                ));
            }
            for n in &mut covered[bytes] {
                *n += 1;
            }
            // The maps round-trip: logical -> cell and column -> cell.
            if laid.locate(cell.logical.start as usize) != Some((li, ci)) {
                return Err(format!(
                    "locate({}) is not line {li} cell {ci}",
                    cell.logical.start
                ));
            }
            if cell.width > 0 && laid.cell_at(li, cell.col as usize) != Some(cell) {
                return Err(format!("cell_at({li}, {}) is not cell {ci}", cell.col));
            }
        }
        if col != line.width {
            return Err(format!(
                "line {li}: cells add up to {col}, line says {}",
                line.width
            ));
        }
    }
    if expected_start != text.len() {
        return Err(format!(
            "lines end at {expected_start}, text at {}",
            text.len()
        ));
    }
    for (b, c) in text.char_indices() {
        let n = covered[b];
        let hidden = !options.show_controls && chars::is_bidi_format(c);
        match (n, hidden) {
            (1, false) | (0, true) => {}
            _ => return Err(format!("char {c:?} at byte {b} is in {n} cells")),
        }
    }
    Ok(())
}
