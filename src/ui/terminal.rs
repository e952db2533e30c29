//! Terminal setup and teardown in one place, including the panic path.
//!
//! The app does its own bidi, so after entering the alternate screen it switches the
//! terminal to BDSM explicit mode (`CSI 8 l`, ECMA-48 and the terminal-wg bidi proposal):
//! terminals that reorder on their own (GNOME Terminal and other VTE ones) then show cells
//! as written. `CSI 8 h` gives them their implicit mode back on exit, also after a panic.

use super::app::{Action, App};
use crossterm::event::{self, Event};
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// BDSM explicit: the terminal must not reorder what we write.
pub const BIDI_EXPLICIT: &str = "\x1b[8l";
/// BDSM implicit: the terminal's own default.
pub const BIDI_IMPLICIT: &str = "\x1b[8h";

/// Mouse reports for buttons, the wheel and moves while a button is held (1002: drags),
/// SGR-encoded (1006): no report on every move of the mouse.
const MOUSE_ON: &str = "\x1b[?1002h\x1b[?1006h";
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1002l";

/// Bracketed paste: a paste arrives as one event, never as keys that would run commands.
const PASTE_ON: &str = "\x1b[?2004h";
const PASTE_OFF: &str = "\x1b[?2004l";

/// Two clicks on one cell closer than this are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// How often saving is tried again while it fails.
const RETRY: Duration = Duration::from_secs(2);

fn leave() {
    let mut out = io::stdout();
    let _ = out.write_all(BIDI_IMPLICIT.as_bytes());
    let _ = out.write_all(MOUSE_OFF.as_bytes());
    let _ = out.write_all(PASTE_OFF.as_bytes());
    let _ = out.flush();
    ratatui::restore();
}

/// Runs `app` in the terminal until the user quits. With `rest`, the app holds the head of
/// that file: the first frame is drawn from it, then the whole file is read. Returns what
/// the user must be told after the terminal is restored (annotations that could not be
/// saved, and where they went instead).
pub fn run(mut app: App, rest: Option<&Path>) -> anyhow::Result<Option<String>> {
    let mut terminal = ratatui::try_init()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
    let result = (|| -> anyhow::Result<()> {
        let mut out = io::stdout();
        out.write_all(BIDI_EXPLICIT.as_bytes())?;
        out.write_all(MOUSE_ON.as_bytes())?;
        out.write_all(PASTE_ON.as_bytes())?;
        out.flush()?;
        let size = terminal.size()?;
        let mut clicks: LastClick = None;
        app.update(Action::Resize(size.width, size.height));
        while !app.quit {
            terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
            if app.partial() {
                if let Some(path) = rest {
                    app.complete(crate::text::load(path)?);
                    continue;
                }
            }
            if app.wants_tick() && !event::poll(RETRY)? {
                app.update(Action::Tick);
                continue;
            }
            // Take every pending event before drawing again, so a resize storm or a held
            // key costs one frame.
            let mut first = true;
            while first || event::poll(Duration::ZERO)? {
                first = false;
                match event::read()? {
                    Event::Paste(text) => paste(&mut app, &text),
                    event => {
                        if let Some(action) = to_action(event, &app, &mut clicks) {
                            app.update(action);
                        }
                    }
                }
            }
        }
        Ok(())
    })();
    let told = app.finish();
    leave();
    let _ = std::panic::take_hook();
    result.map(|()| told)
}

/// Pasted text goes into an open prompt, char by char (line ends as spaces); anywhere
/// else it does nothing but say so.
fn paste(app: &mut App, text: &str) {
    if app.mode() != super::Mode::Prompt {
        app.update(Action::Pasted);
        return;
    }
    for c in text.chars() {
        let c = if c == '\n' || c == '\r' || c == '\t' {
            ' '
        } else {
            c
        };
        app.update(Action::Input(c));
    }
}

/// The last click: where and when, to tell a double click.
type LastClick = Option<(u16, u16, Instant)>;

fn to_action(event: Event, app: &App, last: &mut LastClick) -> Option<Action> {
    use crossterm::event::{KeyEventKind, MouseButton, MouseEventKind};
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            super::action_for_key(key, app.mode())
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::ScrollDown(3)),
            MouseEventKind::ScrollUp => Some(Action::ScrollUp(3)),
            MouseEventKind::Down(MouseButton::Left) => {
                let now = Instant::now();
                let double = matches!(*last, Some((x, y, t))
                    if x == m.column && y == m.row && now.duration_since(t) < DOUBLE_CLICK);
                if double {
                    *last = None;
                    Some(Action::DoubleClick(m.column, m.row))
                } else {
                    *last = Some((m.column, m.row, now));
                    Some(Action::Click(m.column, m.row))
                }
            }
            MouseEventKind::Drag(MouseButton::Left) => Some(Action::Drag(m.column, m.row)),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}
