//! Drawing the folder's list: the progress of the corpus, then one row per article with its
//! status and counts; the open article draws itself.

use super::command::Command;
use super::draw::{draw_layout_line, draw_line_of_text};
use super::folder::{describe_state, Folder, State};
use crate::layout::Direction;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Gauge, Widget};

impl Widget for &Folder {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if let Some(app) = &self.open {
            app.render(area, buf);
            return;
        }
        if area.height == 0 || area.width == 0 {
            return;
        }
        // Annotation files without a text are listed, not counted.
        let total = self
            .entries
            .iter()
            .filter(|e| e.path.extension().is_none_or(|x| x != "ron"))
            .count();
        let done = self.done();
        let reading = if self.reading() { "  (reading…)" } else { "" };
        let label = format!("{done} of {total} done{reading}");
        let ratio = if total == 0 {
            0.0
        } else {
            done as f64 / total as f64
        };
        Gauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(label)
            .gauge_style(Style::default().fg(Color::Green))
            .render(Rect { height: 1, ..area }, buf);
        let list = Rect {
            y: area.y + 2,
            height: area.height.saturating_sub(3),
            ..area
        };
        let status_w = 13u16.min(list.width);
        for (y, (i, entry)) in
            (list.y..list.bottom()).zip(self.entries.iter().enumerate().skip(self.top))
        {
            let row = Rect {
                y,
                height: 1,
                ..list
            };
            let base = if i == self.selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            buf.set_style(row, base);
            let (status, counts) = describe_state(&entry.state);
            let status_style = match &entry.state {
                State::Read(s) if s.status == crate::annotate::Status::Done => {
                    base.fg(Color::Green)
                }
                State::Broken(_) => base.fg(Color::Red),
                _ => base,
            };
            buf.set_stringn(row.x + 1, y, status, status_w as usize, status_style);
            let name_x = row.x + 1 + status_w;
            let counts = crate::layout::chars::sanitize(&counts);
            let counts_w = (counts.chars().count() as u16).min(row.width / 2);
            let name_area = Rect {
                x: name_x,
                width: row.right().saturating_sub(name_x + counts_w + 2),
                ..row
            };
            if let Some(line) = entry.name_layout.lines().first() {
                draw_layout_line(
                    buf,
                    name_area,
                    y,
                    &entry.name_layout,
                    line,
                    self.settings.bidi,
                    base,
                );
            }
            // Label names are the corpus's, in any script: laid out like the name.
            let counts_area = Rect {
                x: row.right().saturating_sub(counts_w + 1),
                width: counts_w,
                ..row
            };
            draw_line_of_text(
                buf,
                counts_area,
                &counts,
                Direction::Ltr,
                (self.settings.options.shaping, self.settings.bidi),
                base.add_modifier(Modifier::DIM),
            );
        }
        if area.height >= 2 {
            let status = Rect {
                y: area.bottom() - 1,
                height: 1,
                ..area
            };
            let style = Style::default().add_modifier(Modifier::REVERSED);
            buf.set_style(status, style);
            let text = match &self.message {
                Some(m) => crate::layout::chars::sanitize(m),
                None => {
                    let k = |c| self.settings.keymap.key(c);
                    format!(
                        " {}  ·  {} open · {} next not done · {} quit (in an article: {} back, {} {} files)",
                        crate::layout::chars::sanitize(&self.root.display().to_string()),
                        k(Command::Enter),
                        k(Command::NextUnfinished),
                        k(Command::Quit),
                        k(Command::Quit),
                        k(Command::PrevFile),
                        k(Command::NextFile)
                    )
                }
            };
            draw_line_of_text(
                buf,
                status,
                &text,
                Direction::Ltr,
                (self.settings.options.shaping, self.settings.bidi),
                style,
            );
        }
    }
}
