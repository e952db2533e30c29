//! The list of annotations (orphans last) and the speaker picker.

use super::{draw_text, label_style};
use crate::annotate::Record;
use crate::layout::Direction;
use crate::ui::app::{quoted, App};
use crate::ui::command::Command;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Clear, Widget};

/// One row of the list: label, quote, link.
pub(super) fn render_panel(app: &App, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    // A border only where there is room for it and the rows.
    let inner = if area.height >= 4 && area.width >= 20 {
        let keys = app.keymap();
        let conflicts = app.annotations().conflicts().len();
        let title = if conflicts > 0 {
            format!(
                " {} annotations · {conflicts} conflict(s), ≠: {} keeps, {} takes the other · {} go ",
                app.annotations().len(),
                keys.key(Command::KeepVersion),
                keys.key(Command::TakeOther),
                keys.key(Command::Enter),
            )
        } else {
            format!(
                " {} annotations · {} go · {} delete · label key relabels ",
                app.annotations().len(),
                keys.key(Command::Enter),
                keys.key(Command::Delete)
            )
        };
        let block = Block::bordered().title(title);
        let inner = block.inner(area);
        block.render(area, buf);
        inner
    } else {
        area
    };
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let items = app.annotations().items();
    let selected = app.panel_selected().unwrap_or(0);
    let rows = inner.height as usize;
    let first = selected.saturating_sub(rows.saturating_sub(1) / 2);
    let first = first.min((items.len() + app.annotations().orphans().len()).saturating_sub(rows));
    let label_w = if inner.width >= 24 { 9u16 } else { 0 };
    let link_w = if inner.width >= 24 {
        (inner.width / 4).clamp(4, 16)
    } else {
        0
    };
    let entries = items
        .iter()
        .map(Some)
        .chain(app.annotations().orphans().iter().map(|_| None))
        .enumerate()
        .skip(first)
        .take(rows);
    for (y, (i, item)) in (inner.y..).zip(entries) {
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        let base = if i == selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        buf.set_style(row, base);
        let (label, quote, link, lstyle) = match item {
            Some(a) => {
                let room = link_w.saturating_sub(3) as usize;
                let link = match (&a.entity, &a.country, a.speaker) {
                    (Some(e), _, _) => format!("= {}", quoted(e, room)),
                    (_, Some(c), _) => c.clone(),
                    (_, _, Some(s)) => match app.annotations().get(s) {
                        Some(sp) => {
                            let name = sp.entity.as_deref().unwrap_or_else(|| {
                                app.doc().text().get(sp.range.clone()).unwrap_or("")
                            });
                            format!("← {}", quoted(name, room))
                        }
                        None => format!("← #{s}"),
                    },
                    _ => String::new(),
                };
                let quote = app
                    .doc()
                    .text()
                    .get(a.range.clone())
                    .unwrap_or("")
                    .to_string();
                (
                    a.label.clone(),
                    quote,
                    link,
                    label_style(app.schema(), &a.label, app.no_color()),
                )
            }
            None => {
                let o = &app.annotations().orphans()[i - items.len()];
                (
                    "orphan".to_string(),
                    o.quote.clone(),
                    format!("(a {})", o.label),
                    Style::default().add_modifier(Modifier::DIM),
                )
            }
        };
        // A merge conflict says so where the link goes, with what the other version is.
        let id = match item {
            Some(a) => a.id,
            None => app.annotations().orphans()[i - items.len()].id,
        };
        let link = match app.annotations().conflict(id) {
            Some(c) => {
                let room = link_w.saturating_sub(4) as usize;
                match &c.other {
                    None => "≠ deleted".to_string(),
                    Some(Record::Placed(o)) => {
                        let q = app.doc().text().get(o.range.clone()).unwrap_or("");
                        format!(
                            "≠ {} {}",
                            o.label,
                            quoted(q, room.saturating_sub(o.label.len()))
                        )
                    }
                    Some(Record::Orphan(o)) => format!("≠ {} (orphan)", o.label),
                }
            }
            None => link,
        };
        // The label's colour over its 8 columns, the name (a schema's, any script) in it.
        let label_area = Rect {
            width: label_w.min(8),
            ..row
        };
        buf.set_style(label_area, lstyle);
        draw_text(app, buf, label_area, &label, Direction::Ltr, lstyle);
        let quote_area = Rect {
            x: row.x + label_w,
            width: row.width.saturating_sub(label_w + link_w + 1),
            ..row
        };
        // Too narrow for the label's name: the quote wears the label's style.
        let quote_style = if label_w == 0 {
            base.patch(lstyle)
        } else {
            base
        };
        draw_text(app, buf, quote_area, &quote, Direction::Auto, quote_style);
        let link_area = Rect {
            x: row.right().saturating_sub(link_w),
            width: link_w,
            ..row
        };
        draw_text(app, buf, link_area, &link, Direction::Ltr, base);
    }
}

pub(super) fn render_picker(app: &App, area: Rect, buf: &mut Buffer) {
    let Some((speakers, selected)) = app.picker() else {
        return;
    };
    let width = area.width.min(60);
    if width == 0 || area.height == 0 {
        return; // nowhere to draw it; the keys still work
    }
    let height = (speakers.len() as u16 + 2)
        .min(area.height.saturating_sub(2))
        .max(3)
        .min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(rect, buf);
    let keys = app.keymap();
    let block = Block::bordered().title(format!(
        " attribute to · {} choose · {} none · {} ",
        keys.key(Command::Enter),
        keys.key(Command::Delete),
        keys.key(Command::Cancel)
    ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let rows = inner.height as usize;
    let first = selected.saturating_sub(rows.saturating_sub(1));
    for (y, (i, id)) in (inner.y..inner.bottom()).zip(speakers.iter().enumerate().skip(first)) {
        let Some(a) = app.annotations().get(*id) else {
            continue;
        };
        let style = if i == selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        buf.set_style(row, style);
        draw_text(
            app,
            buf,
            row,
            &format!("#{} {}", a.id, app.describe(a)),
            Direction::Ltr,
            style,
        );
    }
}
