//! Drawing: reads `&App` and never changes it. The article view writes cells from the
//! layout itself, since the text is not plain left-to-right, and paints annotations and the
//! selection on exactly the cells they cover; the footer, the lists and the help use the
//! same engine for any text that may hold Arabic.

mod article;
mod footer;
mod help;
mod lists;

use crate::annotate::Schema;
use crate::layout::{self, Cell, CellKind, Direction, Line, ParagraphLayout};
use crate::ui::app::{App, Bidi};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget;
use std::str::FromStr;

/// Draws visual line `line` of `layout` in the row `y` of `area`, right-aligned when the
/// paragraph is RTL. A line wider than the area loses its end in reading order (the left of
/// an RTL line, the right of an LTR one); cells are never wrapped. With [`Bidi::Terminal`]
/// the same cells take the same columns, written in logical order (see [`logical_cells`]).
pub fn draw_layout_line(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    layout: &ParagraphLayout,
    line: &Line,
    bidi: Bidi,
    style: Style,
) {
    draw_styled_line(buf, area, y, layout, line, bidi, |_| style);
}

/// [`draw_layout_line`] with a style per cell.
pub fn draw_styled_line(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    layout: &ParagraphLayout,
    line: &Line,
    bidi: Bidi,
    style: impl Fn(&Cell) -> Style,
) {
    let width = area.width as i64;
    let x0 = if layout.rtl {
        area.x as i64 + width - line.width as i64
    } else {
        area.x as i64
    };
    let put = |buf: &mut Buffer, x: i64, cell: &Cell, glyph: &str| {
        let style = match cell.kind {
            CellKind::Symbol => style(cell).add_modifier(Modifier::DIM | Modifier::REVERSED),
            _ => style(cell),
        };
        buf.set_stringn(x as u16, y, glyph, cell.width as usize, style);
    };
    match bidi {
        Bidi::App => {
            for cell in layout.cells(line) {
                if cell.width == 0 {
                    continue;
                }
                let x = x0 + cell.col as i64;
                if x < area.x as i64 {
                    continue;
                }
                if x + cell.width as i64 > area.right() as i64 {
                    break;
                }
                put(buf, x, cell, layout.glyph(cell));
            }
        }
        Bidi::Terminal => {
            // The line's first letters in reading order are kept when it is too wide.
            let mut x = x0.max(area.x as i64);
            for cell in logical_cells(layout, line) {
                if cell.width == 0 {
                    continue;
                }
                if x + cell.width as i64 > area.right() as i64 {
                    break;
                }
                put(buf, x, cell, &logical_glyph(layout, cell));
                x += cell.width as i64;
            }
        }
    }
}

/// The cells of `line` in logical (reading) order: what a terminal that does its own bidi
/// must be given, to lay the row out itself. Hamish's wrapping is kept: the row holds the
/// same cells as its visual line.
pub fn logical_cells<'a>(layout: &'a ParagraphLayout, line: &Line) -> Vec<&'a Cell> {
    let mut cells: Vec<&Cell> = layout.cells(line).iter().collect();
    cells.sort_by_key(|c| c.logical.start);
    cells
}

/// What a cell shows when the terminal does the bidi: its glyph, except that a bracket or
/// other mirrored char in right-to-left text is given back unmirrored, since the terminal
/// mirrors it itself (UAX #9 L4). Shaped letters stay shaped (their presentation forms are
/// right-to-left letters to the terminal too), control chars stay symbols.
pub fn logical_glyph<'a>(layout: &'a ParagraphLayout, cell: &Cell) -> std::borrow::Cow<'a, str> {
    let glyph = layout.glyph(cell);
    let mut chars = glyph.chars();
    match chars.next() {
        Some(first) if cell.rtl && cell.kind == CellKind::Text => {
            // Every pair of BidiMirroring.txt goes both ways: mirroring again gives the char back.
            match layout::mirror::mirrored(first) {
                Some(back) => {
                    let mut out = String::with_capacity(glyph.len());
                    out.push(back);
                    out.push_str(chars.as_str());
                    out.into()
                }
                None => glyph.into(),
            }
        }
        _ => glyph.into(),
    }
}

/// Lays `text` out on one line and draws it in `area` (one row); returns the columns used
/// and whether the line is right to left.
pub(super) fn draw_text(
    app: &App,
    buf: &mut Buffer,
    area: Rect,
    text: &str,
    direction: Direction,
    style: Style,
) -> (u16, bool) {
    draw_line_of_text(
        buf,
        area,
        text,
        direction,
        (app.options().shaping, app.bidi()),
        style,
    )
}

/// [`draw_text`] for screens that have no [`App`]: any text that may hold Arabic or a
/// user's characters goes through here (or the layout), never straight into the buffer.
pub fn draw_line_of_text(
    buf: &mut Buffer,
    area: Rect,
    text: &str,
    direction: Direction,
    (shaping, bidi): (layout::Shaping, Bidi),
    style: Style,
) -> (u16, bool) {
    if area.width == 0 || area.height == 0 {
        return (0, false);
    }
    let laid = layout::one_line(text, direction, shaping);
    let mut used = 0;
    if let Some(line) = laid.lines().first() {
        draw_layout_line(buf, area, area.y, &laid, line, bidi, style);
        used = (line.width as u16).min(area.width);
    }
    (used, laid.rtl)
}

/// The style of label `name`: its colour behind black text, or (with `NO_COLOR`) a
/// modifier of its own.
pub fn label_style(schema: &Schema, name: &str, no_color: bool) -> Style {
    let index = schema.index(name);
    if no_color {
        const MODS: [Modifier; 4] = [
            Modifier::BOLD,
            Modifier::UNDERLINED,
            Modifier::ITALIC,
            Modifier::CROSSED_OUT,
        ];
        return Style::default().add_modifier(index.map_or(Modifier::DIM, |i| MODS[i % 4]));
    }
    let colour = schema
        .get(name)
        .and_then(|l| Color::from_str(&l.colour).ok())
        .unwrap_or(Color::Gray);
    Style::default().bg(colour).fg(Color::Black)
}

/// The styles of the schema's labels, each colour parsed once per frame rather than once
/// per cell.
pub(super) struct LabelStyles<'a> {
    styles: Vec<(&'a str, Style)>,
    no_color: bool,
}

impl<'a> LabelStyles<'a> {
    pub(super) fn new(schema: &'a Schema, no_color: bool) -> LabelStyles<'a> {
        let styles = schema
            .labels
            .iter()
            .map(|l| (l.name.as_str(), label_style(schema, &l.name, no_color)))
            .collect();
        LabelStyles { styles, no_color }
    }

    pub(super) fn of(&self, name: &str) -> Style {
        match self.styles.iter().find(|(n, _)| *n == name) {
            Some((_, style)) => *style,
            // A label the schema lacks is still shown.
            None if self.no_color => Style::default().add_modifier(Modifier::DIM),
            None => Style::default().bg(Color::Gray).fg(Color::Black),
        }
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows = self.text_rows() as u16;
        let (x, width) = self.text_area();
        let text = Rect {
            x: area.x + x,
            y: area.y,
            width,
            height: rows.min(area.height),
        };
        article::render(self, text, buf);
        let panel = self.panel_width();
        if panel > 0 {
            lists::render_panel(
                self,
                Rect {
                    width: panel,
                    height: rows.min(area.height),
                    ..area
                },
                buf,
            );
        }
        let footer = self.footer_rows() as u16;
        if footer >= 1 {
            let status = Rect {
                y: area.bottom() - 1,
                height: 1,
                ..area
            };
            // On a screen too low for both, an open prompt takes the status line's row.
            if footer == 1 && self.prompt().is_some() {
                footer::render_info(self, status, buf);
            } else {
                footer::render_status(self, status, buf);
            }
        } else if self.prompt().is_some() && area.height == 1 {
            // One row: the prompt has it.
            footer::render_info(self, area, buf);
        }
        if footer >= 2 {
            let info = Rect {
                y: area.bottom() - 2,
                height: 1,
                ..area
            };
            footer::render_info(self, info, buf);
        }
        if self.picker().is_some() {
            lists::render_picker(self, area, buf);
        }
        if self.help_scroll().is_some() {
            help::render(self, area, buf);
        }
    }
}
