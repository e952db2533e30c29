//! Terminal setup and teardown in one place, including the panic path.
//!
//! The app does its own bidi ([`Bidi::App`]), so it tells the terminal not to reorder what
//! it writes, and gives the terminal its own mode back on exit, also after a panic and
//! after a signal ([`super::signals`]): the loop looks at the signals between events and
//! ends as a quit does. With [`Bidi::Terminal`] the rows are written in logical order for
//! the terminal's own bidi, and none of the switches below is sent.
//!
//! - BDSM explicit (`CSI 8 l`, ECMA-48 and the terminal-wg bidi proposal): terminals that
//!   reorder on their own (GNOME Terminal and other VTE ones) then show cells as written;
//!   `CSI 8 h` on exit. VTE keeps the mode per row, for the cursor's row and rows made after
//!   it: it is sent before the alternate screen and again inside it, then the screen is
//!   erased.
//! - mlterm's own bidi and shaping ("complex text layout"), switched off with its
//!   configuration sequence `OSC 5379;use_ctl=false ST` and on again (`use_ctl=true`, its
//!   default) on exit. It is sent to every terminal, not only when `$MLTERM` is set:
//!   mlterm sets that variable in its own shell only, so over SSH (where hamish is meant to
//!   work) it is not there. An OSC a terminal does not know is swallowed whole by xterm,
//!   VTE, kitty, Konsole, tmux and the Linux console since 3.16 (tried under Xvfb for the
//!   emulators: nothing shows); only the Linux console before 3.16 printed it, so it is
//!   not sent when `TERM` is `linux`.
//! - Inside tmux, which swallows both of these, each is wrapped in tmux's passthrough
//!   (`DCS tmux; … ST`, its escapes doubled), which tmux 3.3 and later hands to the outer
//!   terminal when `allow-passthrough` is on (and drops otherwise).
//!
//! SIGTSTP (`kill -TSTP`) gives the terminal back the same way, stops, and sets it all up
//! again when continued.
//!
//! Every write of the teardown may fail (after a hangup the terminal is gone); those
//! failures are ignored, so that saving, which comes first, is never kept from happening
//! and nothing is printed to a terminal that is not there.

use super::app::{App, Bidi};
use super::command::Event;
use super::keymap::{Keymap, Mode};
use super::signals::{Signal, Stopped, Waited, Watch};
use crossterm::event;
use ratatui::widgets::Widget;
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// BDSM explicit: the terminal must not reorder what we write.
pub const BIDI_EXPLICIT: &str = "\x1b[8l";
/// BDSM implicit: the terminal's own default.
pub const BIDI_IMPLICIT: &str = "\x1b[8h";

/// mlterm's own bidi and shaping off (its configuration protocol, `doc/en/PROTOCOL`).
pub const MLTERM_CTL_OFF: &str = "\x1b]5379;use_ctl=false\x1b\\";
/// mlterm's own bidi and shaping on: its default.
pub const MLTERM_CTL_ON: &str = "\x1b]5379;use_ctl=true\x1b\\";

/// Mouse reports for buttons, the wheel and moves while a button is held (1002: drags),
/// SGR-encoded (1006): no report on every move of the mouse.
const MOUSE_ON: &str = "\x1b[?1002h\x1b[?1006h";
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1002l";

/// Bracketed paste: a paste arrives as one event, never as keys that would run commands.
const PASTE_ON: &str = "\x1b[?2004h";
const PASTE_OFF: &str = "\x1b[?2004l";

/// ED 2: the whole screen erased (rows made anew, in VTE with the bidi mode now set).
const ERASE_ALL: &str = "\x1b[2J";

/// Two clicks on one cell closer than this are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// How often the open article looks at the disk with no key pressed: a failed save is tried
/// again, and what another window or `git pull` wrote comes in.
const RETRY: Duration = Duration::from_secs(2);

/// Where hamish runs, as far as the bidi switches go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Host {
    /// Inside tmux (`$TMUX` set): the switches go through its passthrough.
    pub tmux: bool,
    /// On the Linux console (`TERM=linux`), where an old kernel prints an OSC it does not
    /// know.
    pub console: bool,
}

impl Host {
    /// The host the environment tells of.
    pub fn from_env() -> Host {
        let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        Host {
            tmux: set("TMUX"),
            console: std::env::var_os("TERM").is_some_and(|t| t == "linux"),
        }
    }
}

/// What is sent to the terminal for the bidi, at start and at exit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Switches {
    /// Before the alternate screen is entered.
    pub before: String,
    /// Inside it, before the screen is erased and drawn.
    pub enter: String,
    /// At exit, before it is left.
    pub leave: String,
}

impl Switches {
    /// The switches for `bidi` on `host`: none when the terminal does the bidi.
    pub fn new(bidi: Bidi, host: Host) -> Switches {
        if bidi == Bidi::Terminal {
            return Switches::default();
        }
        let wrap = |seq: &str| {
            if host.tmux {
                passthrough(seq)
            } else {
                seq.to_string()
            }
        };
        let mut off = wrap(BIDI_EXPLICIT);
        let mut on = wrap(BIDI_IMPLICIT);
        if !host.console {
            off.push_str(&wrap(MLTERM_CTL_OFF));
            on.push_str(&wrap(MLTERM_CTL_ON));
        }
        Switches {
            before: off,
            enter: wrap(BIDI_EXPLICIT),
            leave: on,
        }
    }
}

/// What the user must be told once when hamish runs inside tmux that drops its passthrough
/// (tmux 3.3 and later with `allow-passthrough` off, the default): the terminal outside
/// then reorders what hamish laid out. Asked of tmux itself (`#{allow-passthrough}` of
/// hamish's pane); nothing is told when tmux cannot be asked, or is older than 3.3, which
/// passes the switches through always.
pub fn tmux_notice(bidi: Bidi) -> Option<String> {
    if bidi == Bidi::Terminal || !Host::from_env().tmux {
        return None;
    }
    let mut ask = std::process::Command::new("tmux");
    ask.arg("display-message").arg("-p");
    if let Some(pane) = std::env::var_os("TMUX_PANE").filter(|p| !p.is_empty()) {
        ask.arg("-t").arg(pane);
    }
    let out = ask
        .arg("#{allow-passthrough}")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let value = String::from_utf8_lossy(&out.stdout);
    passthrough_refused(out.status.success(), value.trim()).then(|| {
        "tmux: add `set -g allow-passthrough on` to ~/.tmux.conf, or rows may show reversed"
            .to_string()
    })
}

/// Whether tmux's answer to `#{allow-passthrough}` says it drops the passthrough: `0`
/// (tmux 3.3) or `off` (3.4 and later; `on` and `all` let it through). An empty answer is
/// a tmux without the option, which passes it through.
fn passthrough_refused(answered: bool, value: &str) -> bool {
    answered && (value == "0" || value == "off")
}

/// `seq` wrapped in tmux's passthrough: `DCS tmux;`, the sequence with each ESC doubled,
/// `ST`.
pub fn passthrough(seq: &str) -> String {
    let mut out = String::from("\x1bPtmux;");
    for c in seq.chars() {
        if c == '\x1b' {
            out.push('\x1b');
        }
        out.push(c);
    }
    out.push_str("\x1b\\");
    out
}

/// Gives the terminal back as it was: bidi (`restore`), mouse and paste modes, raw mode,
/// the main screen. Each step is tried even when the one before failed.
fn leave(restore: &str) {
    let mut out = io::stdout();
    let _ = out.write_all(restore.as_bytes());
    let _ = out.write_all(MOUSE_OFF.as_bytes());
    let _ = out.write_all(PASTE_OFF.as_bytes());
    let _ = out.flush();
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(out, crossterm::terminal::LeaveAlternateScreen);
}

/// A panic hook that gives the terminal back (`restore` and [`leave`]'s other steps)
/// before the panic is told by the hook that was there.
fn restoring_hook(
    restore: String,
    leave: fn(&str),
) -> Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync> {
    let previous = std::panic::take_hook();
    Box::new(move |info| {
        leave(&restore);
        previous(info);
    })
}

/// What is sent inside the alternate screen: the bidi switches, mouse and paste modes, and
/// an erase of the whole screen.
fn set_up(switches: &Switches) -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(switches.enter.as_bytes())?;
    out.write_all(MOUSE_ON.as_bytes())?;
    out.write_all(PASTE_ON.as_bytes())?;
    out.write_all(ERASE_ALL.as_bytes())?;
    out.flush()
}

/// SIGTSTP: the terminal is given back as it was on every other exit, the process stops
/// (SIGSTOP, which cannot be caught), and when it is continued (`fg`, SIGCONT) the terminal
/// is set up as at start and the whole screen drawn anew. Returns the terminal's size then.
fn suspend(
    terminal: &mut ratatui::DefaultTerminal,
    switches: &Switches,
) -> io::Result<ratatui::layout::Size> {
    leave(&switches.leave);
    let _ = terminal.show_cursor();
    signal_hook::low_level::raise(signal_hook::consts::signal::SIGSTOP)?;
    // Continued.
    let mut out = io::stdout();
    out.write_all(switches.before.as_bytes())?;
    out.flush()?;
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(out, crossterm::terminal::EnterAlternateScreen)?;
    set_up(switches)?;
    // ratatui forgets what it drew: the next frame is drawn whole. (Not `clear`, which
    // asks the terminal where its cursor is.)
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(size)
}

/// What the terminal loop runs: the one article, or a folder of them.
pub trait Screen {
    fn update(&mut self, event: Event);
    fn quit(&self) -> bool;
    fn mode(&self) -> Mode;
    /// The keys it takes.
    fn keymap(&self) -> &Keymap;
    /// Work between frames that is not the user's (reading the rest of a big file, the
    /// statuses of a folder); true when there is something new to draw.
    fn background(&mut self) -> anyhow::Result<bool>;
    /// How long to wait for a key before calling `update(Event::Tick)`, if at all.
    fn tick(&self) -> Option<Duration>;
    /// At quit: what the user must be told once the terminal is restored.
    fn finish(&mut self) -> Option<String>;
    /// Who lays right-to-left text out.
    fn bidi(&self) -> Bidi;
}

/// One article, and the rest of its file while that is being read.
struct Single<'a> {
    app: App,
    rest: Option<&'a Path>,
}

impl Screen for Single<'_> {
    fn update(&mut self, event: Event) {
        self.app.update(event);
    }
    fn quit(&self) -> bool {
        self.app.quit()
    }
    fn mode(&self) -> Mode {
        self.app.mode()
    }
    fn keymap(&self) -> &Keymap {
        self.app.keymap()
    }
    fn background(&mut self) -> anyhow::Result<bool> {
        match self.rest {
            Some(path) if self.app.partial() => {
                self.app.complete(crate::text::load(path)?);
                Ok(true)
            }
            _ => Ok(false),
        }
    }
    fn tick(&self) -> Option<Duration> {
        self.app.wants_tick().then_some(RETRY)
    }
    fn finish(&mut self) -> Option<String> {
        self.app.finish()
    }
    fn bidi(&self) -> Bidi {
        self.app.bidi()
    }
}

impl Screen for super::Folder {
    fn update(&mut self, event: Event) {
        super::Folder::update(self, event);
    }
    fn quit(&self) -> bool {
        self.quit
    }
    fn mode(&self) -> Mode {
        super::Folder::mode(self)
    }
    fn keymap(&self) -> &Keymap {
        &self.settings.keymap
    }
    fn background(&mut self) -> anyhow::Result<bool> {
        Ok(self.poll())
    }
    fn tick(&self) -> Option<Duration> {
        if self.reading() {
            Some(Duration::from_millis(50))
        } else {
            self.wants_tick().then_some(RETRY)
        }
    }
    fn finish(&mut self) -> Option<String> {
        super::Folder::finish(self)
    }
    fn bidi(&self) -> Bidi {
        self.settings.bidi
    }
}

impl Widget for &Single<'_> {
    fn render(self, area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer) {
        self.app.render(area, buf);
    }
}

/// Runs `app` in the terminal until the user quits. With `rest`, the app holds the head of
/// that file: the first frame is drawn from it, then the whole file is read. Returns what
/// the user must be told after the terminal is restored (annotations that could not be
/// saved, and where they went instead).
pub fn run(app: App, rest: Option<&Path>) -> anyhow::Result<Option<String>> {
    run_screen(Single { app, rest })
}

/// Runs a folder's list (and the articles opened from it) until the user quits.
pub fn run_folder(folder: super::Folder) -> anyhow::Result<Option<String>> {
    run_screen(folder)
}

fn run_screen<S>(mut screen: S) -> anyhow::Result<Option<String>>
where
    S: Screen,
    for<'a> &'a S: Widget,
{
    // Caught before raw mode is on: a SIGINT while the terminal is being set up ends the
    // reader the same way.
    let watch = Watch::start()?;
    // VTE (GNOME Terminal) takes BDSM for the row the cursor is on and the rows made after
    // it: sent before the alternate screen is entered (which makes its rows anew), and again
    // inside it followed by an erase of the whole screen, every row is in explicit mode.
    let switches = Switches::new(screen.bidi(), Host::from_env());
    {
        let mut out = io::stdout();
        out.write_all(switches.before.as_bytes())?;
        out.flush()?;
    }
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            leave(&switches.leave);
            return Err(e.into());
        }
    };
    std::panic::set_hook(restoring_hook(switches.leave.clone(), leave));
    let result = (|| -> anyhow::Result<Option<Signal>> {
        // The screen is blank to ratatui already; erased, it is blank to the terminal too.
        set_up(&switches)?;
        let size = terminal.size()?;
        let mut clicks: LastClick = None;
        screen.update(Event::Resize(size.width, size.height));
        loop {
            if let Some(signal) = watch.ended() {
                return Ok(Some(signal));
            }
            if screen.quit() {
                return Ok(None);
            }
            terminal.draw(|frame| frame.render_widget(&screen, frame.area()))?;
            if screen.background()? {
                continue;
            }
            // Crossterm may hold events read already (and its first call sets up its own
            // watch of resizes); otherwise, wait for the terminal, the clock or a signal.
            if !more(&watch)? {
                match watch.wait(screen.tick())? {
                    Waited::Ended(signal) => return Ok(Some(signal)),
                    Waited::Suspend => {
                        let size = suspend(&mut terminal, &switches)?;
                        // The window may have changed while it was stopped.
                        screen.update(Event::Resize(size.width, size.height));
                        continue;
                    }
                    Waited::Timeout => {
                        screen.update(Event::Tick);
                        continue;
                    }
                    Waited::Input => {}
                }
            }
            // Take every pending event before drawing again, so a resize storm or a held
            // key costs one frame.
            while more(&watch)? {
                match event::read()? {
                    event::Event::Paste(text) => {
                        // What came in the same burst as the paste, right after it.
                        let mut burst = Vec::new();
                        while more(&watch)? {
                            burst.push(event::read()?);
                        }
                        let (text, kept, dropped) = after_paste(&text, burst);
                        paste(&mut screen, &text);
                        for read in kept {
                            deliver(&mut screen, read, &mut clicks);
                        }
                        if dropped > 0 {
                            screen.update(Event::KeysDropped(dropped));
                        }
                    }
                    read => deliver(&mut screen, read, &mut clicks),
                }
            }
        }
    })();
    // A terminal that failed because it was hung up: the signal says why.
    let signal = match &result {
        Ok(signal) => *signal,
        Err(_) => watch.ended(),
    };
    let told = screen.finish();
    leave(&switches.leave);
    if terminal.show_cursor().is_err() {
        // The terminal is gone; its drop would try again and print the failure to it.
        std::mem::forget(terminal);
    }
    let _ = std::panic::take_hook();
    drop(watch);
    match (result, signal) {
        (_, Some(signal)) => Err(Stopped { signal, told }.into()),
        (Ok(_), None) => Ok(told),
        (Err(e), None) => Err(match told {
            Some(told) => e.context(told),
            None => e,
        }),
    }
}

/// Whether an event can be read now without waiting, from a terminal that is still there.
fn more(watch: &Watch) -> io::Result<bool> {
    Ok(!watch.hung_up() && event::poll(Duration::ZERO)?)
}

/// A terminal event for the screen: through the keymap and the mouse's clicks.
fn deliver(screen: &mut impl Screen, read: event::Event, clicks: &mut LastClick) {
    let (keymap, mode) = (screen.keymap(), screen.mode());
    if let Some(e) = to_event(read, keymap, mode, clicks) {
        screen.update(e);
    }
}

/// A paste and the events that arrived in the same burst right after it. A paste ends at
/// its end marker (`ESC [201~`); a pasted text that holds one ends the paste early, and the
/// rest of it arrives as keys, which would run commands. Nobody types within the same read
/// as a paste, so the keys, clicks and pastes of the burst are dropped (their number is
/// returned); resizes are kept. Bracketed-paste markers left in the text are taken out.
fn after_paste(text: &str, burst: Vec<event::Event>) -> (String, Vec<event::Event>, usize) {
    let text = text.replace("\x1b[201~", "").replace("\x1b[200~", "");
    let (mut kept, mut dropped) = (Vec::new(), 0);
    for read in burst {
        match read {
            event::Event::Key(key) if key.kind == event::KeyEventKind::Release => {}
            event::Event::Key(_) | event::Event::Mouse(_) | event::Event::Paste(_) => dropped += 1,
            other => kept.push(other),
        }
    }
    (text, kept, dropped)
}

/// Pasted text goes into an open prompt, char by char (line ends as spaces); anywhere
/// else it does nothing but say so.
fn paste(screen: &mut impl Screen, text: &str) {
    if screen.mode() != Mode::Prompt {
        screen.update(Event::Pasted);
        return;
    }
    for c in text.chars() {
        let c = if c == '\n' || c == '\r' || c == '\t' {
            ' '
        } else {
            c
        };
        screen.update(Event::Input(c));
    }
}

/// The last click: where and when, to tell a double click.
type LastClick = Option<(u16, u16, Instant)>;

/// What a terminal event means: through the keymap for keys, and the mouse and resizes as
/// they are.
fn to_event(
    read: event::Event,
    keymap: &Keymap,
    mode: Mode,
    last: &mut LastClick,
) -> Option<Event> {
    use crossterm::event::{KeyEventKind, MouseButton, MouseEventKind};
    match read {
        event::Event::Key(key) if key.kind != KeyEventKind::Release => keymap.event(key, mode),
        event::Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Event::Wheel { down: true }),
            MouseEventKind::ScrollUp => Some(Event::Wheel { down: false }),
            MouseEventKind::Down(MouseButton::Left) => {
                let now = Instant::now();
                let double = matches!(*last, Some((x, y, t))
                    if x == m.column && y == m.row && now.duration_since(t) < DOUBLE_CLICK);
                if double {
                    *last = None;
                    Some(Event::DoubleClick(m.column, m.row))
                } else {
                    *last = Some((m.column, m.row, now));
                    Some(Event::Click(m.column, m.row))
                }
            }
            MouseEventKind::Drag(MouseButton::Left) => Some(Event::Drag(m.column, m.row)),
            _ => None,
        },
        event::Event::Resize(w, h) => Some(Event::Resize(w, h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{
        Event as Term, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
    };

    fn key(c: char) -> Term {
        Term::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn the_app_switches_bdsm_and_mlterm_off_and_back_on() {
        let s = Switches::new(Bidi::App, Host::default());
        assert_eq!(s.before, format!("{BIDI_EXPLICIT}{MLTERM_CTL_OFF}"));
        assert_eq!(s.enter, BIDI_EXPLICIT);
        assert_eq!(s.leave, format!("{BIDI_IMPLICIT}{MLTERM_CTL_ON}"));
        assert_eq!(MLTERM_CTL_OFF, "\x1b]5379;use_ctl=false\x1b\\");
    }

    #[test]
    fn the_linux_console_is_sent_no_osc() {
        let console = Host {
            console: true,
            ..Host::default()
        };
        let s = Switches::new(Bidi::App, console);
        assert_eq!(
            (s.before.as_str(), s.leave.as_str()),
            (BIDI_EXPLICIT, BIDI_IMPLICIT)
        );
    }

    #[test]
    fn inside_tmux_every_switch_goes_through_its_passthrough() {
        let tmux = Host {
            tmux: true,
            ..Host::default()
        };
        let s = Switches::new(Bidi::App, tmux);
        assert_eq!(
            s.before,
            "\x1bPtmux;\x1b\x1b[8l\x1b\\\x1bPtmux;\x1b\x1b]5379;use_ctl=false\x1b\x1b\\\x1b\\"
        );
        assert_eq!(s.enter, "\x1bPtmux;\x1b\x1b[8l\x1b\\");
        assert!(s.leave.starts_with("\x1bPtmux;\x1b\x1b[8h\x1b\\"));
    }

    #[test]
    fn the_terminal_doing_the_bidi_is_sent_no_switch() {
        for host in [
            Host::default(),
            Host {
                tmux: true,
                console: false,
            },
        ] {
            assert_eq!(Switches::new(Bidi::Terminal, host), Switches::default());
        }
    }

    #[test]
    fn tmux_refuses_passthrough_only_when_it_says_so() {
        assert!(passthrough_refused(true, "0"));
        assert!(passthrough_refused(true, "off"));
        for passes in ["1", "on", "all", ""] {
            assert!(!passthrough_refused(true, passes), "{passes:?}");
        }
        assert!(!passthrough_refused(false, "0"));
    }

    #[test]
    fn a_panic_gives_the_terminal_its_bidi_back() {
        use std::sync::Mutex;
        static WRITTEN: Mutex<String> = Mutex::new(String::new());
        fn record(restore: &str) {
            if let Ok(mut w) = WRITTEN.lock() {
                w.push_str(restore);
            }
        }
        let restore = Switches::new(Bidi::App, Host::default()).leave;
        std::panic::set_hook(restoring_hook(restore.clone(), record));
        let panicked = std::panic::catch_unwind(|| panic!("a bug"));
        // The default hook again, as the other tests have it.
        drop(std::panic::take_hook());
        assert!(panicked.is_err());
        let written = WRITTEN.lock().map(|w| w.clone()).unwrap_or_default();
        assert!(written.contains(&restore), "{written:?}");
        assert!(written.contains(MLTERM_CTL_ON) && written.contains(BIDI_IMPLICIT));
    }

    #[test]
    fn keys_in_the_burst_of_a_paste_are_dropped() {
        // The terminal got «x ESC[201~ d d u ESC[201~» pasted: crossterm ends the paste at
        // the first marker, and `d d u` would delete and undo.
        let release = Term::Key(KeyEvent::new_with_kind(
            KeyCode::Char('d'),
            KeyModifiers::NONE,
            KeyEventKind::Release,
        ));
        let click = Term::Mouse(MouseEvent {
            kind: MouseEventKind::Down(crossterm::event::MouseButton::Left),
            column: 3,
            row: 1,
            modifiers: KeyModifiers::NONE,
        });
        let burst = vec![
            key('d'),
            release,
            key('d'),
            Term::Resize(80, 24),
            click,
            Term::Paste("3".into()),
            key('u'),
        ];
        let (text, kept, dropped) = after_paste("x", burst);
        assert_eq!(text, "x");
        assert_eq!(kept, [Term::Resize(80, 24)]);
        assert_eq!(dropped, 5);
    }

    #[test]
    fn a_paste_alone_keeps_its_text_without_markers() {
        let (text, kept, dropped) = after_paste("Kerry\x1b[201~ d\x1b[200~", Vec::new());
        assert_eq!(text, "Kerry d");
        assert!(kept.is_empty());
        assert_eq!(dropped, 0);
    }
}
