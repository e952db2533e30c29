//! The help: every key of the keymap in use, the schema's label keys first. Each line goes
//! through the layout engine like the rest of the screen, since a description or a label
//! name may hold Arabic (and a schema's label name is a user's text).

use super::draw_text;
use crate::layout::{self, Direction};
use crate::ui::app::App;
use crate::ui::command::Command;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear, Widget};

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let scroll = app.help_scroll().unwrap_or(0);
    let lines = app.keymap().help_lines(app.schema());
    let shaping = app.options().shaping;
    let width_of = |text: &str| {
        layout::one_line(text, Direction::Ltr, shaping)
            .lines()
            .first()
            .map_or(0, |l| l.width)
    };
    let key_width = lines.iter().map(|(k, _)| width_of(k)).max().unwrap_or(0);
    let inner_width = lines
        .iter()
        .map(|(_, d)| key_width + 2 + width_of(d))
        .max()
        .unwrap_or(0);
    let shown = lines.len().saturating_sub(scroll);
    let width = u16::try_from(inner_width + 4)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let height = u16::try_from(shown + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let more = shown > height.saturating_sub(2) as usize;
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
    let block = Block::bordered().title(title);
    let inner = block.inner(rect);
    block.render(rect, buf);
    let key_cols = u16::try_from(key_width).unwrap_or(u16::MAX);
    let desc_x = key_cols.saturating_add(2);
    for (row, (key, description)) in lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + row as u16;
        let key_area = Rect {
            y,
            height: 1,
            width: key_cols.min(inner.width),
            ..inner
        };
        draw_text(app, buf, key_area, key, Direction::Ltr, Style::default());
        if desc_x < inner.width {
            let desc_area = Rect {
                x: inner.x + desc_x,
                y,
                width: inner.width - desc_x,
                height: 1,
            };
            draw_text(
                app,
                buf,
                desc_area,
                description,
                Direction::Ltr,
                Style::default(),
            );
        }
    }
}
