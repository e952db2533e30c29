//! Drawing: the article view writes cells from the layout itself, since the text is not
//! plain left-to-right; the status line and the help overlay use ratatui widgets.

use super::app::{Action, App};
use super::keymap::keys_for;
use crate::layout::{CellKind, Line, ParagraphLayout};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

/// Draws visual line `line` of `layout` in the row `y` of `area`, right-aligned when the
/// paragraph is RTL. Cells beyond the area are cut, never wrapped.
pub fn draw_layout_line(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    layout: &ParagraphLayout,
    line: &Line,
    style: Style,
) {
    let width = area.width as usize;
    let x0 = if layout.rtl {
        area.x as usize + width.saturating_sub(line.width)
    } else {
        area.x as usize
    };
    for cell in layout.cells(line) {
        if cell.width == 0 {
            continue;
        }
        let x = x0 + cell.col as usize;
        if x + cell.width as usize > area.right() as usize {
            break;
        }
        let style = match cell.kind {
            CellKind::Symbol => style.add_modifier(Modifier::DIM | Modifier::REVERSED),
            _ => style,
        };
        buf.set_stringn(x as u16, y, layout.glyph(cell), cell.width as usize, style);
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows = self.text_rows() as u16;
        let margin = self.margin();
        let text = Rect {
            x: area.x + margin,
            y: area.y,
            width: area.width.saturating_sub(2 * margin),
            height: rows.min(area.height),
        };
        render_article(self, text, buf);
        if area.height >= 2 {
            let status = Rect {
                y: area.bottom() - 1,
                height: 1,
                ..area
            };
            render_status(self, status, buf);
        }
        if self.help {
            render_help(area, buf);
        }
    }
}

fn render_article(app: &App, area: Rect, buf: &mut Buffer) {
    for (y, pos) in (area.y..area.bottom()).zip(app.visible()) {
        let Some(layout) = app.layout(pos.para) else {
            continue;
        };
        if let Some(line) = layout.lines().get(pos.row) {
            draw_layout_line(buf, area, y, layout, line, Style::default());
        }
    }
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let style = Style::default().add_modifier(Modifier::REVERSED);
    buf.set_style(area, style);
    let (para, total, percent) = app.progress();
    let right = if app.partial() {
        format!(" ¶ {para}/…  reading…  ? help ")
    } else {
        format!(" ¶ {para}/{total}  {percent:>3}%  ? help ")
    };
    let right_width = right.chars().count() as u16;
    let right_x = area.right().saturating_sub(right_width);
    buf.set_stringn(
        right_x.max(area.x),
        area.y,
        &right,
        area.width as usize,
        style,
    );
    let name_area = Rect {
        x: area.x + 1,
        width: right_x.saturating_sub(area.x + 2),
        ..area
    };
    let name = app.name_layout();
    if let Some(line) = name.lines().first() {
        draw_layout_line(buf, name_area, area.y, name, line, style);
    }
}

const HELP_ACTIONS: &[Action] = &[
    Action::ScrollDown(1),
    Action::ScrollUp(1),
    Action::PageDown,
    Action::PageUp,
    Action::HalfPageDown,
    Action::HalfPageUp,
    Action::Top,
    Action::Bottom,
    Action::ToggleHelp,
    Action::Quit,
];

/// The help lines: keys, then what they do.
pub fn help_lines() -> Vec<(String, &'static str)> {
    HELP_ACTIONS
        .iter()
        .map(|&a| (keys_for(a), a.description()))
        .collect()
}

fn render_help(area: Rect, buf: &mut Buffer) {
    let lines = help_lines();
    let key_width = lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let text: Vec<ratatui::text::Line> = lines
        .iter()
        .map(|(k, d)| ratatui::text::Line::from(format!("{k:<key_width$}  {d}")))
        .collect();
    let inner_width = text.iter().map(|l| l.width()).max().unwrap_or(0) as u16;
    let width = (inner_width + 4).min(area.width);
    let height = (text.len() as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(rect, buf);
    Paragraph::new(text)
        .block(Block::bordered().title(" hamish: keys (any key closes) "))
        .render(rect, buf);
}
