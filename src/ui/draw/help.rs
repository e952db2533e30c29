//! The help: every key of the keymap in use, the schema's label keys first.

use crate::ui::app::App;
use crate::ui::command::Command;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let scroll = app.help_scroll().unwrap_or(0);
    let lines = app.keymap().help_lines(app.schema());
    let key_width = lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let text: Vec<ratatui::text::Line> = lines
        .iter()
        .skip(scroll)
        .map(|(k, d)| ratatui::text::Line::from(format!("{k:<key_width$}  {d}")))
        .collect();
    let inner_width = lines
        .iter()
        .map(|(_, d)| key_width + 2 + d.chars().count())
        .max()
        .unwrap_or(0) as u16;
    let width = (inner_width + 4).min(area.width);
    let height = (text.len() as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let more = lines.len() - scroll > height.saturating_sub(2) as usize;
    let title = if more || scroll > 0 {
        let keys = app.keymap();
        format!(
            " hamish: keys ({}/{} scroll; any other key closes) ",
            keys.key(Command::ScrollDown),
            keys.key(Command::ScrollUp)
        )
    } else {
        " hamish: keys (any key closes) ".to_string()
    };
    Clear.render(rect, buf);
    Paragraph::new(text)
        .block(Block::bordered().title(title))
        .render(rect, buf);
}
