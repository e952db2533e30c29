//! The footer: the info line (the annotation under the cursor, a message, or the prompt)
//! and the status line (file name, counts, saving, place).

use super::{draw_layout_line, draw_text};
use crate::annotate::Status;
use crate::layout::Direction;
use crate::ui::app::{App, Bidi, SaveState};
use crate::ui::command::Command;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

pub(super) fn render_info(app: &App, area: Rect, buf: &mut Buffer) {
    let style = Style::default();
    buf.set_style(area, style);
    if let Some(prompt) = app.prompt() {
        let keys = app.keymap();
        let title = format!(" {}: ", prompt.kind.title());
        let (hint, hint_style) = match &prompt.error {
            Some(e) => (
                format!(" {e} "),
                style.add_modifier(Modifier::BOLD).fg(Color::Red),
            ),
            None if prompt.choices.len() > 1 => (
                format!(
                    " {}: next · {}: set · {} ",
                    keys.key(Command::NextChoice),
                    keys.key(Command::Enter),
                    keys.key(Command::Cancel)
                ),
                style.add_modifier(Modifier::DIM),
            ),
            None => (
                format!(
                    " {}: set · {}: cancel ",
                    keys.key(Command::Enter),
                    keys.key(Command::Cancel)
                ),
                style.add_modifier(Modifier::DIM),
            ),
        };
        let bold = style.add_modifier(Modifier::BOLD);
        buf.set_stringn(area.x, area.y, &title, area.width as usize, bold);
        let x = (area.x + title.chars().count() as u16).min(area.right());
        // What is typed comes first: the hint gets what is left beyond 16 columns of it
        // (an error, all it needs).
        let room = area.right().saturating_sub(x);
        let hint_len = hint.chars().count() as u16;
        let hint_w = if prompt.error.is_some() {
            hint_len.min(room.saturating_sub(room.min(16) / 2))
        } else {
            hint_len.min(room.saturating_sub(16))
        };
        let input_area = Rect {
            x,
            width: area.right().saturating_sub(x + hint_w + 1),
            ..area
        };
        // The suggestion it opened with is shown selected: typing replaces it.
        let input_style = if prompt.fresh {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style.add_modifier(Modifier::UNDERLINED)
        };
        let (used, rtl) = draw_text(
            app,
            buf,
            input_area,
            &prompt.input,
            Direction::Auto,
            input_style,
        );
        // Where typing goes: after the text in reading order.
        let caret_x = if rtl {
            input_area.right().saturating_sub(used + 1)
        } else {
            input_area.x + used
        };
        if caret_x < input_area.right() && caret_x >= input_area.x {
            buf.set_string(caret_x, area.y, " ", style.add_modifier(Modifier::REVERSED));
        }
        let hint_area = Rect {
            x: area.right().saturating_sub(hint_w),
            width: hint_w,
            ..area
        };
        draw_text(app, buf, hint_area, &hint, Direction::Ltr, hint_style);
        return;
    }
    let text = match app.message() {
        Some(m) => m.to_string(),
        None => app.describe_here(),
    };
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    draw_text(app, buf, inner, &text, Direction::Ltr, style);
}

pub(super) fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let style = Style::default().add_modifier(Modifier::REVERSED);
    buf.set_style(area, style);
    let (para, total, percent) = app.progress();
    let place = if app.partial() {
        format!("¶ {para}/…  reading…")
    } else {
        format!("¶ {para}/{total}  {percent:>3}%")
    };
    let state = app.save_state();
    let saved = match state {
        SaveState::NotSaved => "NOT SAVED",
        SaveState::Saved => "saved",
        SaveState::ReadOnly => "read-only",
    };
    let done = match app.annotations().status() {
        Status::Done => "done",
        Status::InProgress => "in progress",
    };
    let selecting = if app.extending() { "SELECT  " } else { "" };
    // The terminal places the letters: a click may land a letter or two away.
    let (bidi, short_bidi) = match app.bidi() {
        Bidi::Terminal => ("terminal bidi: mouse approximate  ", "  mouse approximate"),
        Bidi::App => ("", ""),
    };
    let full = format!(
        " {selecting}{} ann.  {done}  {saved}  {place}  {bidi}{} help ",
        app.annotations().len(),
        app.keymap().key(Command::ToggleHelp)
    );
    // On a narrow screen the counts give way to the file name.
    let right = if full.chars().count() + app.short_name_width() + 3 <= area.width as usize {
        full
    } else {
        format!(" {saved}  {place}{short_bidi} ")
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
    if state == SaveState::NotSaved {
        let start = right.find(saved).map_or(0, |b| right[..b].chars().count()) as u16;
        let x = right_x.max(area.x) + start;
        if x + 9 <= area.right() {
            buf.set_string(
                x,
                area.y,
                saved,
                style.add_modifier(Modifier::BOLD).fg(Color::Red),
            );
        }
    }
    let name_area = Rect {
        x: area.x + 1,
        width: right_x.saturating_sub(area.x + 2),
        ..area
    };
    let name = app.name_layout(name_area.width as usize);
    if let Some(line) = name.lines().first() {
        draw_layout_line(buf, name_area, area.y, name, line, app.bidi(), style);
    }
}
