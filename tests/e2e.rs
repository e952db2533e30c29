//! End-to-end tests: the real `hamish` binary runs in a pseudo-terminal, everything it writes
//! goes through a terminal emulator (vt100), and the tests look at the screen as a person
//! would see it. `bad_input_is_one_clear_line` and `render_never_writes_raw_controls` run the
//! binary without a terminal.
//!
//! Every wait has a deadline; a binary that hangs is killed and the test fails with the
//! screen it left.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_hamish");
const SAMPLE: &str = "000_f8766ef2dd105986.txt";
/// Long enough for a debug build on a busy 2-core machine; the happy path takes milliseconds.
const DEADLINE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(20);

/// The article of the escape-sequence tests: a screen clear, a title change, a colour.
const ESCAPES: &str = "قال \x1b[2J\x1b]0;pwned\x07 كيري\n\x1b[31mred\x1b[0m\n";

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(SAMPLE)
}

/// A file or folder in the temp folder, named after this process and `tag`, removed on
/// drop (also when the test fails).
struct TempFile(PathBuf);

impl TempFile {
    fn path(tag: &str) -> PathBuf {
        std::env::temp_dir().join(format!("hamish-e2e-{}-{tag}", std::process::id()))
    }

    fn new(tag: &str, contents: &[u8]) -> TempFile {
        let path = TempFile::path(&format!("{tag}.txt"));
        std::fs::write(&path, contents).expect("cannot write a temp file for the test");
        TempFile(path)
    }

    fn folder(tag: &str) -> TempFile {
        let path = TempFile::path(tag);
        std::fs::create_dir_all(&path).expect("cannot make a temp folder for the test");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// Records what the program asked the terminal to do besides drawing.
#[derive(Default)]
struct Watch {
    titles: Vec<String>,
}

impl vt100::Callbacks for Watch {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles
            .push(String::from_utf8_lossy(title).into_owned());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(String::from_utf8_lossy(name).into_owned());
    }
}

/// The binary running in a pseudo-terminal, with the terminal emulator it draws into.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    /// The terminal's other end; `None` once the terminal is closed.
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    /// Every byte the program wrote (stdout and stderr both go to the terminal).
    output: Arc<Mutex<Vec<u8>>>,
    reader: Option<JoinHandle<()>>,
    /// Tells the reader to stop after its next read, giving up its end of the terminal.
    stop: Arc<AtomicBool>,
    parser: vt100::Parser<Watch>,
    /// How much of `output` the parser has seen.
    parsed: usize,
    /// The program's data folder, removed with the session.
    data: tempfile::TempDir,
}

fn pty_size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Session {
    /// Starts `hamish args` in a terminal of `rows` × `cols`.
    fn spawn(rows: u16, cols: u16, args: &[&str]) -> Session {
        Session::spawn_env(rows, cols, args, &[])
    }

    /// [`Session::spawn`] with the variables `env` set as well.
    fn spawn_env(rows: u16, cols: u16, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(pty_size(rows, cols))
            .expect("cannot open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("RUST_BACKTRACE", "0");
        cmd.env("HAMISH_ANNOTATOR", "e2e");
        cmd.env_remove("NO_COLOR");
        // Not inside the tmux the tests may run in, nor told how to do the bidi.
        cmd.env_remove("TMUX");
        cmd.env_remove("TMUX_PANE");
        cmd.env_remove("HAMISH_BIDI");
        for (name, value) in env {
            cmd.env(name, value);
        }
        // Without a file, the sample is copied into the data folder: a fresh one per run.
        let data = tempfile::tempdir().expect("cannot make a data folder for the test");
        cmd.env("XDG_DATA_HOME", data.path());
        // portable-pty would start it in the home folder.
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        let child = pair
            .slave
            .spawn_command(cmd)
            .expect("cannot start hamish in the pseudo-terminal");
        // Only the child may hold the terminal's other end, or reading never sees the end.
        drop(pair.slave);
        let mut source = pair
            .master
            .try_clone_reader()
            .expect("cannot read the pseudo-terminal");
        let writer = pair
            .master
            .take_writer()
            .expect("cannot write to the pseudo-terminal");
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // Ends with Ok(0) (or EIO, which portable-pty turns into it) once the child is gone.
            while let Ok(n @ 1..) = source.read(&mut buf) {
                sink.lock()
                    .expect("output lock")
                    .extend_from_slice(&buf[..n]);
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
            }
        });
        Session {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            output,
            reader: Some(reader),
            stop,
            parser: vt100::Parser::new_with_callbacks(rows, cols, 0, Watch::default()),
            parsed: 0,
            data,
        }
    }

    /// A copy of every byte written so far.
    fn raw(&self) -> Vec<u8> {
        self.output.lock().expect("output lock").clone()
    }

    /// The screen with everything written so far.
    fn screen(&mut self) -> &vt100::Screen {
        let output = self.output.lock().expect("output lock");
        self.parser.process(&output[self.parsed..]);
        self.parsed = output.len();
        drop(output);
        self.parser.screen()
    }

    fn titles(&mut self) -> Vec<String> {
        self.screen();
        self.parser.callbacks().titles.clone()
    }

    /// Row `row` of the screen as text.
    fn row(&mut self, row: u16) -> String {
        let (_, cols) = self.screen().size();
        self.screen()
            .rows(0, cols)
            .nth(row as usize)
            .unwrap_or_default()
    }

    /// Waits until `ready` holds for the screen; fails the test with the screen if it does
    /// not within the deadline.
    fn wait_for(&mut self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if ready(self.screen()) {
                return;
            }
            if start.elapsed() > DEADLINE {
                let screen = self.screen().contents();
                let exited = self.child.try_wait().ok().flatten();
                let _ = self.child.kill();
                panic!("timed out waiting for {what}; exit status {exited:?}; screen:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Types `keys`.
    fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer
            .write_all(keys.as_bytes())
            .and_then(|()| writer.flush())
            .expect("cannot type into the pseudo-terminal");
    }

    /// Resizes the terminal and the emulator together, as a window resize does.
    fn resize(&mut self, rows: u16, cols: u16) {
        self.screen();
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(pty_size(rows, cols))
            .expect("cannot resize the pseudo-terminal");
        self.parser.screen_mut().set_size(rows, cols);
    }

    /// Waits for the program to exit and for its last output; kills it and fails the test
    /// if it is still running at the deadline.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        let status = loop {
            match self
                .child
                .try_wait()
                .expect("cannot ask the child's status")
            {
                Some(status) => break status,
                None if start.elapsed() > DEADLINE => {
                    let _ = self.child.kill();
                    let screen = self.screen().contents();
                    panic!("hamish did not exit within {DEADLINE:?}; screen:\n{screen}");
                }
                None => std::thread::sleep(POLL),
            }
        };
        // The child is gone: the reader sees the end of the terminal once the kernel
        // buffer is drained (unless the terminal was closed first).
        if let Some(reader) = self.reader.take() {
            while !reader.is_finished() {
                assert!(
                    start.elapsed() < DEADLINE + DEADLINE,
                    "the terminal did not close after hamish exited"
                );
                std::thread::sleep(POLL);
            }
            reader.join().expect("the reader thread panicked");
        }
        self.screen();
        status
    }

    /// Sends the program `signal` (as `kill` names it: HUP, TERM, INT).
    fn kill(&self, signal: &str) {
        let pid = self.child.process_id().expect("the child's process id");
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .status()
            .expect("cannot run kill");
        assert!(status.success(), "kill -{signal} {pid}: {status}");
    }

    /// Closes the terminal, as a closed SSH connection or terminal window does: the
    /// program's terminal hangs up (and the kernel sends it SIGHUP).
    fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let reader = self.reader.take().expect("the reader runs");
        let (rows, cols) = self.screen().size();
        let start = Instant::now();
        // A redraw wakes the reader, which then gives up its end of the terminal.
        for round in 0.. {
            if reader.is_finished() {
                break;
            }
            assert!(start.elapsed() < DEADLINE, "the reader did not stop");
            let size = pty_size(rows - round % 2, cols);
            if let Some(master) = &self.master {
                master
                    .resize(size)
                    .expect("cannot resize the pseudo-terminal");
            }
            std::thread::sleep(POLL);
        }
        reader.join().expect("the reader thread panicked");
        self.writer = None;
        self.master = None;
    }
}

impl Drop for Session {
    /// A test that fails half-way must not leave a program running.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The text of the cell, "" for a blank one.
fn cell(screen: &vt100::Screen, row: u16, col: u16) -> String {
    screen
        .cell(row, col)
        .map(|c| c.contents().trim().to_string())
        .unwrap_or_default()
}

/// The last row (the status line) shows `text`.
fn status_shows(screen: &vt100::Screen, text: &str) -> bool {
    let (rows, cols) = screen.size();
    screen
        .rows(0, cols)
        .nth(usize::from(rows.saturating_sub(1)))
        .is_some_and(|r| r.contains(text))
}

/// The status line shows the sample's file name.
fn sample_status(screen: &vt100::Screen) -> bool {
    status_shows(screen, SAMPLE)
}

/// The cells of `row` from `from` to `to` (inclusive), left to right.
fn cells(screen: &vt100::Screen, row: u16, from: u16, to: u16) -> Vec<String> {
    (from..=to).map(|col| cell(screen, row, col)).collect()
}

/// The end of what the program wrote, escapes visible, for failure messages.
fn tail(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let chars: Vec<char> = text.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(600)..].iter().collect();
    format!("{tail:?}")
}

/// Waits for the exit; the program must end with status 0 and never say "panicked"
/// (its stderr is the terminal too).
fn assert_exits_cleanly(session: &mut Session) {
    let status = session.wait_exit();
    let raw = session.raw();
    let text = String::from_utf8_lossy(&raw);
    if let Some(at) = text.find("panicked") {
        let from = text[..at]
            .char_indices()
            .rev()
            .nth(200)
            .map_or(0, |(i, _)| i);
        panic!("hamish panicked: {:?}", &text[from..]);
    }
    assert!(
        status.signal().is_none() && status.exit_code() == 0,
        "hamish ended with {status}; it wrote, at the end: {}",
        tail(&raw)
    );
}

#[test]
fn sample_opens_right_to_left() {
    // Letters as in the file: row 0 ends, one column before the right edge, with the
    // first word «قال» in visual order, ل ا ق left to right.
    // With hamish's joining (the default): ق initial, ا final, ل isolated.
    let cases: [(&[&str], [&str; 5]); 2] = [
        (&["--shaping", "off"], ["", "ل", "ا", "ق", ""]),
        (&[], ["", "\u{FEDD}", "\u{FE8E}", "\u{FED7}", ""]),
    ];
    for (args, want) in cases {
        let mut session = Session::spawn(30, 100, args);
        session.wait_for("the status line", sample_status);
        let screen = session.screen();
        assert_eq!(
            cells(screen, 0, 95, 99),
            want,
            "{args:?}, end of row 0: {:?}",
            session.row(0)
        );
        session.send("q");
        assert_exits_cleanly(&mut session);
        // Without a file, the sample was copied into the data folder and opened there:
        // its annotations have a place beside it, and the source tree is left alone.
        let copy = session.data.path().join("hamish").join(SAMPLE);
        let copied = std::fs::read(&copy).expect("the sample copied to the data folder");
        assert_eq!(copied, std::fs::read(sample_path()).expect("the sample"));
    }
}

/// Position of the last `needle` in `haystack`.
fn rfind(haystack: &[u8], needle: &str) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w == needle.as_bytes())
}

/// Position of the first `needle` in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &str, from: usize) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Everything the reader wrote to the terminal, from opening the sample to quitting with `q`.
fn sample_opened_and_quit() -> Vec<u8> {
    let mut session = Session::spawn(30, 100, &[]);
    session.wait_for("the status line", sample_status);
    session.send("q");
    assert_exits_cleanly(&mut session);
    session.raw()
}

#[test]
fn bidi_mode_is_set_and_restored() {
    let raw = sample_opened_and_quit();
    let enter = find(&raw, "\x1b[?1049h", 0).expect("the alternate screen is entered");
    let first = find(&raw, "\x1b[8l", 0).expect("BDSM explicit is sent");
    assert!(first < enter, "BDSM explicit before the alternate screen");
    // Again inside it, then the whole screen erased, so that VTE has every row explicit.
    let explicit = find(&raw, "\x1b[8l", enter).expect("BDSM explicit inside the screen");
    let erase = find(&raw, "\x1b[2J", explicit).expect("an erase after BDSM explicit");
    // The article is drawn while the terminal is in explicit mode.
    let drawn = find(&raw, SAMPLE, erase).expect("the status line drawn after the erase");
    // At exit the terminal gets its implicit mode back: after the last BDSM explicit comes
    // a BDSM implicit, sent before the alternate screen is left for the last time.
    let last_explicit = rfind(&raw, "\x1b[8l").expect("BDSM explicit is sent");
    let implicit = find(&raw, "\x1b[8h", last_explicit).unwrap_or_else(|| {
        panic!(
            "no BDSM implicit after the last BDSM explicit; at the end: {}",
            tail(&raw)
        )
    });
    let leave = rfind(&raw, "\x1b[?1049l").expect("the alternate screen is left");
    let last_enter = rfind(&raw, "\x1b[?1049h").expect("the alternate screen is entered");
    assert!(
        drawn < implicit,
        "BDSM implicit at {implicit} before the first frame at {drawn}"
    );
    assert!(
        last_enter < implicit && implicit < leave,
        "BDSM implicit at {implicit} is not inside the alternate screen (last entered at \
         {last_enter}, left at {leave}); at the end: {}",
        tail(&raw)
    );
}

/// mlterm's own layout off and on again (its `OSC 5379` configuration sequence).
const MLTERM_OFF: &str = "\x1b]5379;use_ctl=false\x1b\\";
const MLTERM_ON: &str = "\x1b]5379;use_ctl=true\x1b\\";

#[test]
fn mlterm_layout_is_switched_off_and_back_on() {
    let raw = sample_opened_and_quit();
    let enter = find(&raw, "\x1b[?1049h", 0).expect("the alternate screen is entered");
    let off = find(&raw, MLTERM_OFF, 0).expect("mlterm's layout is switched off");
    assert!(off < enter, "switched off before the alternate screen");
    let drawn = rfind(&raw, SAMPLE).expect("the status line is drawn");
    let on = rfind(&raw, MLTERM_ON).unwrap_or_else(|| {
        panic!(
            "mlterm's layout is not switched back on; at the end: {}",
            tail(&raw)
        )
    });
    let leave = rfind(&raw, "\x1b[?1049l").expect("the alternate screen is left");
    assert!(
        drawn < on && on < leave,
        "switched back on at {on}, after the last frame at {drawn} and before the main \
         screen at {leave}"
    );
    assert_eq!(rfind(&raw, MLTERM_OFF), Some(off), "switched off only once");
}

#[test]
fn a_signal_gives_mlterm_its_layout_back() {
    let mut session = Session::spawn(30, 100, &[]);
    session.wait_for("the status line", sample_status);
    session.kill("TERM");
    let status = session.wait_exit();
    assert_eq!(status.exit_code(), 143, "SIGTERM ends it with 128 + 15");
    let raw = session.raw();
    let drawn = rfind(&raw, SAMPLE).expect("the status line is drawn");
    let on = rfind(&raw, MLTERM_ON).expect("mlterm's layout switched back on");
    let implicit = rfind(&raw, "\x1b[8h").expect("BDSM implicit");
    assert!(
        drawn < on && drawn < implicit,
        "restored after the last frame"
    );
}

/// Waits until what hamish wrote holds `needle` at or after `from`; returns where.
fn wait_for_bytes(session: &Session, needle: &str, from: usize) -> usize {
    let start = Instant::now();
    loop {
        if let Some(at) = find(&session.raw(), needle, from) {
            return at;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "timed out waiting for {needle:?}; at the end: {}",
            tail(&session.raw())
        );
        std::thread::sleep(POLL);
    }
}

#[test]
fn a_suspended_reader_gives_the_terminal_back_and_takes_it_again() {
    let mut session = Session::spawn(30, 100, &[]);
    session.wait_for("the status line", sample_status);
    let drawn = session.raw().len();
    session.kill("TSTP");
    // Stopped: the terminal as it was, mlterm's layout and BDSM implicit back, the main
    // screen.
    let on = wait_for_bytes(&session, MLTERM_ON, drawn);
    let implicit = wait_for_bytes(&session, "\x1b[8h", drawn);
    let main = wait_for_bytes(&session, "\x1b[?1049l", on);
    assert!(implicit < main);
    session.kill("CONT");
    // Continued: switched off again, the alternate screen, the screen drawn anew.
    let off = wait_for_bytes(&session, MLTERM_OFF, main);
    let enter = wait_for_bytes(&session, "\x1b[?1049h", off);
    let explicit = wait_for_bytes(&session, "\x1b[8l", enter);
    let again = wait_for_bytes(&session, SAMPLE, explicit);
    assert!(again > explicit);
    session.send("q");
    assert_exits_cleanly(&mut session);
}

/// Inside tmux every switch is wrapped in its passthrough, escapes doubled.
#[test]
fn inside_tmux_the_switches_go_through_its_passthrough() {
    // No tmux server answers at this socket: hamish cannot ask it, and says nothing.
    let env = [
        ("TMUX", "/nonexistent/hamish-e2e-tmux,1,0"),
        ("TMUX_PANE", "%0"),
    ];
    let mut session = Session::spawn_env(30, 100, &[], &env);
    session.wait_for("the status line", sample_status);
    session.send("q");
    assert_exits_cleanly(&mut session);
    let raw = session.raw();
    let enter = find(&raw, "\x1b[?1049h", 0).expect("the alternate screen is entered");
    let wrapped = |seq: &str| format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"));
    let explicit = find(&raw, &wrapped("\x1b[8l"), 0).expect("BDSM explicit passed through");
    assert!(explicit < enter, "before the alternate screen");
    find(&raw, &wrapped("\x1b[8l"), enter).expect("and again inside it");
    find(&raw, &wrapped(MLTERM_OFF), 0).expect("mlterm's switch passed through");
    let leave = rfind(&raw, "\x1b[?1049l").expect("the alternate screen is left");
    let implicit = rfind(&raw, &wrapped("\x1b[8h")).expect("BDSM implicit passed through");
    let on = rfind(&raw, &wrapped(MLTERM_ON)).expect("mlterm's layout back on, passed through");
    assert!(
        implicit < leave && on < leave,
        "restored before the main screen"
    );
}

#[test]
fn bidi_by_the_terminal_writes_rows_in_reading_order_and_no_switch() {
    // Row 0 holds the sample's first words in the order they are read, left to right,
    // for the terminal's own bidi to lay out: «قال وزير الخارجية», joined by hamish
    // (ق initial, ا final, ل isolated) unless shaping is off.
    let cases: [(&[&str], &str); 2] = [
        (
            &["--bidi", "terminal", "--shaping", "off"],
            "قال وزير الخارجية",
        ),
        (&["--bidi", "terminal"], "\u{FED7}\u{FE8E}\u{FEDD} "),
    ];
    for (args, want) in cases {
        let mut session = Session::spawn(30, 100, args);
        session.wait_for("the status line", sample_status);
        let row = session.row(0);
        assert!(
            row.trim_start().starts_with(want),
            "{args:?}: row 0 is {row:?}"
        );
        assert!(
            status_shows(session.screen(), "mouse approximate"),
            "the status line says the mouse is approximate"
        );
        session.send("q");
        assert_exits_cleanly(&mut session);
        let raw = session.raw();
        for switch in ["\x1b[8l", "\x1b[8h", "\x1b]5379;"] {
            assert_eq!(find(&raw, switch, 0), None, "{args:?}: {switch:?} is sent");
        }
    }
    // The same from the environment.
    let mut session = Session::spawn_env(
        30,
        100,
        &["--shaping", "off"],
        &[("HAMISH_BIDI", "terminal")],
    );
    session.wait_for("the status line", sample_status);
    assert!(session.row(0).trim_start().starts_with("قال وزير"));
    session.send("q");
    assert_exits_cleanly(&mut session);
    assert_eq!(find(&session.raw(), "\x1b[8l", 0), None);
}

#[test]
fn escape_sequences_in_an_article_stay_visible() {
    let file = TempFile::new("escapes", ESCAPES.as_bytes());
    let path = file
        .0
        .to_str()
        .expect("temp paths are UTF-8 here")
        .to_string();
    let name = file
        .0
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a file name")
        .to_string();
    let mut session = Session::spawn(30, 100, &[&path]);
    session.wait_for("the status line", |s| status_shows(s, &name));
    // Let a second frame (if any) arrive before looking.
    std::thread::sleep(Duration::from_millis(100));
    let row0 = session.row(0);
    let row2 = session.row(2);
    let screen = session.screen();
    // Row 0: the first paragraph, right to left, defused: ␛ twice and ␇ once.
    assert_eq!(row0.matches('\u{241B}').count(), 2, "row 0: {row0:?}");
    assert_eq!(row0.matches('\u{2407}').count(), 1, "row 0: {row0:?}");
    assert!(
        row0.contains("[2J") && row0.contains("pwned"),
        "row 0: {row0:?}"
    );
    // The first word (its first letter, initial ق) still ends the row at the margin.
    assert_eq!(cell(screen, 0, 98), "\u{FED7}", "row 0: {row0:?}");
    // The whole row is what `render` prints for it (at the reader's text width, 98): a
    // clear half-way through the row would have wiped what was drawn before it.
    let (code, rendered, stderr) = run(&["render", "--width", "98", "--shaping", "app", &path]);
    assert_eq!(code, Some(0), "render: {stderr}");
    let rendered = String::from_utf8(rendered).expect("render writes UTF-8");
    let line0 = rendered.lines().next().expect("render printed a line");
    assert_eq!(
        row0.trim_end(),
        format!(" {}", line0.trim_end()),
        "row 0 vs render"
    );
    // Row 1 is the gap; row 2 the second paragraph, left to right from the margin.
    assert_eq!(session.row(1).trim(), "");
    let screen = session.screen();
    assert_eq!(
        row2.trim_end(),
        " \u{241B}[31mred\u{241B}[0m",
        "row 2: {row2:?}"
    );
    let red = row2.find("red").expect("red on row 2");
    let red_col = row2[..red].chars().count() as u16;
    for col in red_col..red_col + 3 {
        let c = screen.cell(2, col).expect("a cell");
        assert_eq!(
            c.fgcolor(),
            vt100::Color::Default,
            "colour of {:?}",
            c.contents()
        );
    }
    // The symbols look like symbols.
    let esc = screen.cell(2, 1).expect("a cell");
    assert!(esc.inverse(), "␛ is drawn reversed");
    // The status line is still there.
    let status = session.row(29);
    assert!(status.contains(&name), "status line: {status:?}");
    assert!(
        session.titles().is_empty(),
        "the title was set: {:?}",
        session.titles()
    );
    session.send("q");
    assert_exits_cleanly(&mut session);
    let raw = session.raw();
    assert_eq!(find(&raw, "pwned\x07", 0), None, "a raw BEL went out");
    assert_eq!(find(&raw, "\x1b]0;", 0), None, "a raw OSC went out");
    assert_eq!(find(&raw, "\x1b[31m", 0), None, "raw red went out");
    assert!(session.titles().is_empty());
}

/// Runs `hamish args` without a terminal; returns exit code, stdout, stderr.
fn run(args: &[&str]) -> (Option<i32>, Vec<u8>, String) {
    let out = Command::new(BIN)
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("cannot run hamish");
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_input_is_one_clear_line() {
    let folder = TempFile::folder("folder");
    let missing = TempFile::path("missing");
    let invalid = TempFile::new("invalid", b"abc\n\xd9\x82\xff");
    let binary = TempFile::new("binary", b"PK\x03\x04\x00\x00\x00text");
    let cases: [(&Path, &str); 4] = [
        (&missing, "no such file"),
        (&folder.0, "folder"),
        // a b c \n ق: the bad byte is byte 6, counting from 0.
        (&invalid.0, "byte offset 6"),
        (&binary.0, "NUL byte"),
    ];
    for (path, says) in cases {
        let shown = path.to_str().expect("temp paths are UTF-8 here");
        for args in [vec![shown], vec!["render", shown]] {
            let (code, stdout, stderr) = run(&args);
            assert_eq!(code, Some(2), "{args:?}: exit status; stderr {stderr:?}");
            assert!(stdout.is_empty(), "{args:?}: stdout {stdout:?}");
            assert!(
                stderr.ends_with('\n') && stderr.lines().count() == 1,
                "{args:?}: not one line: {stderr:?}"
            );
            assert!(stderr.contains(shown), "{args:?}: no file name: {stderr:?}");
            assert!(stderr.contains(says), "{args:?}: no {says:?}: {stderr:?}");
            for bad in ["panicked", "backtrace", "RUST_BACKTRACE"] {
                assert!(!stderr.contains(bad), "{args:?}: {stderr:?}");
            }
        }
    }
}

#[test]
fn render_never_writes_raw_controls() {
    // The article of the reader test, plus DEL, C1 CSI, a lone CR and a tab.
    let text = format!("{ESCAPES}x\x7fy\u{9b}31mz\rw\tv\n");
    let file = TempFile::new("render", text.as_bytes());
    let path = file.0.to_str().expect("temp paths are UTF-8 here");
    for shaping in ["off", "app"] {
        let (code, stdout, stderr) = run(&["render", "--width", "40", "--shaping", shaping, path]);
        assert_eq!(code, Some(0), "stderr {stderr:?}");
        let out = String::from_utf8(stdout).expect("render writes UTF-8");
        let raw: Vec<char> = out
            .chars()
            .filter(|&c| c != '\n' && c.is_control())
            .collect();
        assert!(raw.is_empty(), "raw controls {raw:?} in\n{out}");
        assert!(out.contains('\u{241B}'), "no ␛ in\n{out}");
        assert!(out.contains('\u{2407}'), "no ␇ in\n{out}");
    }

    // No wrapping: one output line per input line.
    let sample = sample_path();
    let input = std::fs::read_to_string(&sample).expect("the sample article");
    let path = sample.to_str().expect("the manifest path is UTF-8 here");
    let (code, stdout, stderr) = run(&["render", "--width", "0", path]);
    assert_eq!(code, Some(0), "stderr {stderr:?}");
    let out = String::from_utf8(stdout).expect("render writes UTF-8");
    assert_eq!(
        out.lines().count(),
        input.lines().count(),
        "lines of the render:\n{out}"
    );
}

#[test]
fn tiny_and_resized_terminal_do_not_panic() {
    let mut session = Session::spawn(1, 1, &[]);
    // One cell: wait until it holds something (a letter of the first word).
    session.wait_for("a first frame in 1×1", |s| {
        s.alternate_screen() && !cell(s, 0, 0).is_empty()
    });
    for (rows, cols) in [(2, 80), (30, 100), (5, 3), (1, 1), (40, 200)] {
        session.resize(rows, cols);
        // Where the status line has room for the name, it shows that hamish has redrawn at
        // the new size (the emulator's new last row starts blank); elsewhere, a pause.
        if cols >= 80 {
            session.wait_for(&format!("the status line at {rows}×{cols}"), sample_status);
        } else {
            std::thread::sleep(Duration::from_millis(100));
        }
        for key in ["G", "k", "j", " "] {
            session.send(key);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // Still alive and drawing after the keys at the last size.
    session.wait_for("the status line at 40×200", sample_status);
    session.send("q");
    assert_exits_cleanly(&mut session);
}

#[test]
fn absurd_width_and_endless_files_are_refused() {
    let bin = env!("CARGO_BIN_EXE_hamish");
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/000_f8766ef2dd105986.txt"
    );
    let out = std::process::Command::new(bin)
        .args(["render", "--width", "1000000000000", sample])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "a width over 65535 is a usage error"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--width"));
    let out = std::process::Command::new(bin)
        .args(["render", "/dev/zero"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );
}

#[test]
fn mouse_wheel_scrolls_three_lines() {
    let mut session = Session::spawn(10, 100, &["--shaping", "off"]);
    session.wait_for("the status line", sample_status);
    let row3 = session.row(3);
    // SGR-encoded wheel down (button 65) at column 10, row 5.
    session.send("\x1b[<65;10;5M");
    session.wait_for("row 3 on top", |screen| {
        screen.contents().lines().next().map(str::trim) == Some(row3.trim())
    });
    // Wheel up (button 64) brings the first line back.
    session.send("\x1b[<64;10;5M");
    session.wait_for("the first line back", |screen| {
        cells(screen, 0, 96, 98) == ["ل", "ا", "ق"]
    });
    session.send("q");
    assert_exits_cleanly(&mut session);
}

/// The cells of row `row` that have a background colour (annotation highlights), left to
/// right.
fn painted(screen: &vt100::Screen, row: u16) -> String {
    let (_, cols) = screen.size();
    (0..cols)
        .filter_map(|c| screen.cell(row, c))
        .filter(|c| c.bgcolor() != vt100::Color::Default)
        .map(|c| c.contents().to_string())
        .collect()
}

/// `article.ron` in `dir`, and its annotation lines, trimmed.
fn annotation_lines(dir: &Path) -> (String, Vec<String>) {
    let ron = std::fs::read_to_string(dir.join("article.ron")).expect("article.ron");
    let lines = ron
        .lines()
        .filter(|l| l.contains("label:"))
        .map(|l| l.trim().to_string())
        .collect();
    (ron, lines)
}

/// A copy of the sample as `article.txt` in a fresh folder, and its path as an argument.
fn sample_copy() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp folder");
    let text = dir.path().join("article.txt");
    std::fs::copy(sample_path(), &text).expect("copy the sample");
    let arg = text.to_str().expect("a UTF-8 temp path").to_string();
    (dir, arg)
}

/// hamish on `arg`, unshaped, 100 × 30, once its status line is up.
fn open_copy(arg: &str) -> Session {
    let mut session = Session::spawn(30, 100, &["--shaping", "off", arg]);
    session.wait_for("the status line", |s| status_shows(s, "article.txt"));
    session
}

#[test]
fn a_country_tagged_from_the_keyboard_is_saved_and_shown_again() {
    let (dir, arg) = sample_copy();
    let mut session = open_copy(&arg);
    // The cursor starts on the first word; الصين is the tenth.
    session.send(&"w".repeat(9));
    session.send("3");
    session.wait_for("the annotation", |s| status_shows(s, "1 ann."));
    session.send("q");
    assert_exits_cleanly(&mut session);

    let (ron, lines) = annotation_lines(dir.path());
    assert_eq!(
        lines,
        [
            r#"(id: 1, label: "Country", start: 52, end: 57, quote: "الصين", country: Some("CN"), by: Some("e2e")),"#
        ],
        "{ron}"
    );
    assert!(ron.contains(r#"annotator: Some("e2e")"#), "{ron}");

    // Reopened, the five letters of الصين are painted, in visual order, and nothing else.
    let mut session = Session::spawn(30, 100, &["--shaping", "off", &arg]);
    session.wait_for("the highlight", |s| !painted(s, 0).is_empty());
    assert_eq!(painted(session.screen(), 0), "نيصلا");
    session.send("q");
    assert_exits_cleanly(&mut session);
}

#[test]
fn check_lists_problems_one_a_line() {
    let (dir, arg) = sample_copy();
    let text = PathBuf::from(arg);
    let ron = dir.path().join("article.ron");
    let sha = {
        use sha2::{Digest, Sha256};
        let bytes = std::fs::read(&text).expect("read");
        Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let head = format!(
        "(\n    format: 1,\n    text: (file: \"article.txt\", sha256: \"{sha}\", chars: 2057),\n    annotator: None,\n    status: InProgress,\n    annotations: [\n"
    );
    let clean = format!(
        "{head}        (id: 1, label: \"Country\", start: 52, end: 57, quote: \"الصين\", country: Some(\"CN\")),\n    ],\n)\n"
    );
    std::fs::write(&ron, &clean).expect("write");
    for path in [&text, &ron] {
        let (code, out, err) = run(&["check", path.to_str().expect("utf-8 path")]);
        assert_eq!(code, Some(0), "{err}");
        assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    }
    let bad = format!(
        "{head}        (id: 1, label: \"Country\", start: 52, end: 57, quote: \"الصين\"),\n        (id: 1, label: \"Claim\", start: 52, end: 56, quote: \"الصين\", speaker: Some(1)),\n    ],\n)\n"
    );
    std::fs::write(&ron, &bad).expect("write");
    let (code, out, _) = run(&["check", ron.to_str().expect("utf-8 path")]);
    let out = String::from_utf8_lossy(&out);
    assert_eq!(code, Some(1), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.iter().any(|l| l.contains("id 1 is used twice")),
        "{out}"
    );
    assert!(
        lines.iter().any(|l| l.contains("differs from the text")),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with(ron.to_str().unwrap_or("?"))),
        "{out}"
    );
    // A broken file: its line and column, exit 1.
    std::fs::write(&ron, "(\n  format: 1\n  text: ()\n)").expect("write");
    let (code, _, err) = run(&["check", ron.to_str().expect("utf-8 path")]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("article.ron:3:"), "{err}");
    // Given the annotation file, its text is the one it names, whatever its extension.
    let md = dir.path().join("news.md");
    std::fs::rename(&text, &md).expect("rename");
    std::fs::write(&ron, clean.replace("article.txt", "news.md")).expect("write");
    let (code, out, err) = run(&["check", ron.to_str().expect("utf-8 path")]);
    assert_eq!(code, Some(0), "{err} {}", String::from_utf8_lossy(&out));
}

#[test]
fn the_mouse_selects_by_double_click_and_by_drag() {
    let (dir, arg) = sample_copy();
    let mut session = open_copy(&arg);
    // Row 0 ends «… وزير قال» at columns 91–98: ق at 98, ر at 91 (0-based).
    // Double-click on ا of قال (SGR coordinates are 1-based): the word, tagged Speaker.
    session.send("\x1b[<0;98;1M\x1b[<0;98;1m\x1b[<0;98;1M\x1b[<0;98;1m");
    session.send("1");
    session.wait_for("the speaker", |s| status_shows(s, "1 ann."));
    // Drag from ق to ر: «قال وزير», tagged Claim.
    session.send("\x1b[<0;99;1M\x1b[<32;95;1M\x1b[<32;92;1M\x1b[<0;92;1m");
    session.send("2");
    session.wait_for("the claim", |s| status_shows(s, "2 ann."));
    session.send("q");
    assert_exits_cleanly(&mut session);
    let (ron, lines) = annotation_lines(dir.path());
    assert_eq!(
        lines,
        [
            r#"(id: 1, label: "Speaker", start: 0, end: 3, quote: "قال", by: Some("e2e")),"#,
            r#"(id: 2, label: "Claim", start: 0, end: 8, quote: "قال وزير", by: Some("e2e")),"#,
        ],
        "{ron}"
    );
}

#[test]
fn a_paste_is_text_in_a_prompt_and_never_commands() {
    let (dir, arg) = sample_copy();
    let mut session = open_copy(&arg);
    session.send("1");
    session.wait_for("the speaker", |s| status_shows(s, "1 ann."));
    // Pasted into the entity prompt, with a line end and a `d` that would delete.
    session.send("e");
    session.wait_for("the prompt", |s| s.contents().contains("entity:"));
    session.send("\x1b[200~Kerry\rd\x1b[201~");
    // Enter is typed after the paste, not in the same read.
    session.wait_for("the pasted text", |s| s.contents().contains("Kerry d"));
    session.send("\r");
    session.wait_for("the entity", |s| s.contents().contains("set to"));
    // Pasted outside a prompt: nothing happens.
    session.send("\x1b[200~d3u\x1b[201~");
    session.wait_for("the refusal", |s| s.contents().contains("pasted text goes"));
    session.send("q");
    assert_exits_cleanly(&mut session);
    let (ron, lines) = annotation_lines(dir.path());
    assert_eq!(
        lines,
        [
            r#"(id: 1, label: "Speaker", start: 0, end: 3, quote: "قال", entity: Some("Kerry d"), by: Some("e2e")),"#
        ],
        "{ron}"
    );
}

#[test]
fn keys_smuggled_after_a_paste_end_marker_are_dropped() {
    // Pasted text that holds the end marker ends the paste early; the rest arrives as keys
    // in the same read: `1` would tag, Enter would set the prompt's entity.
    let (dir, arg) = sample_copy();
    let mut session = open_copy(&arg);
    session.send("\x1b[200~x\x1b[201~1w1\x1b[201~");
    session.wait_for("the drop told", |s| {
        s.contents()
            .contains("3 keys right after a paste were dropped")
    });
    session.send("1");
    session.wait_for("the speaker", |s| status_shows(s, "1 ann."));
    session.send("e");
    session.wait_for("the prompt", |s| s.contents().contains("entity:"));
    session.send("\x1b[200~Kerry\x1b[201~\r\x1b[201~");
    session.wait_for("the drop told", |s| {
        s.contents()
            .contains("1 key right after a paste was dropped")
    });
    // Still in the prompt, with the pasted text: Enter typed now sets it.
    session.send("\r");
    session.wait_for("the entity", |s| s.contents().contains("set to"));
    session.send("q");
    assert_exits_cleanly(&mut session);
    let (ron, lines) = annotation_lines(dir.path());
    assert_eq!(
        lines,
        [
            r#"(id: 1, label: "Speaker", start: 0, end: 3, quote: "قال", entity: Some("Kerry"), by: Some("e2e")),"#
        ],
        "{ron}"
    );
}

/// The recovery files in the data folder of `session`, with their contents.
fn recovery_files(session: &Session) -> Vec<(PathBuf, String)> {
    let dir = session.data.path().join("hamish").join("recovery");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a recovery file");
            (p, text)
        })
        .collect()
}

/// Tags the first word a Speaker; with `fail`, then makes saving fail (the annotation
/// file becomes a folder, which cannot be read or replaced) and tags the second word too.
/// Returns how many annotations are only in memory.
fn tag_and_maybe_fail(session: &mut Session, dir: &Path, fail: bool) -> usize {
    session.send("1");
    session.wait_for("the speaker", |s| status_shows(s, "1 ann."));
    if !fail {
        return 0;
    }
    let ron = dir.join("article.ron");
    std::fs::remove_file(&ron).expect("remove article.ron");
    std::fs::create_dir(&ron).expect("a folder in its place");
    session.send("w1");
    session.wait_for("the second speaker, not saved", |s| {
        status_shows(s, "2 ann.") && status_shows(s, "NOT SAVED")
    });
    1
}

/// What a signal that ends hamish must leave: status 128 + n, the terminal restored after
/// the last frame, the user told on the terminal, every annotation on disk.
fn a_signal_ends_the_reader(signal: &str, status: u32, fail: bool) {
    let (dir, arg) = sample_copy();
    let mut session = open_copy(&arg);
    let unsaved = tag_and_maybe_fail(&mut session, dir.path(), fail);
    let before = session.raw().len();
    session.kill(signal);
    let exit = session.wait_exit();
    let raw = session.raw();
    assert!(
        exit.signal().is_none() && exit.exit_code() == status,
        "kill -{signal}: hamish ended with {exit}; at the end: {}",
        tail(&raw)
    );
    // The terminal is given back as a quit gives it: bidi implicit, paste and mouse off,
    // the main screen.
    for restore in ["\x1b[8h", "\x1b[?2004l", "\x1b[?1006l", "\x1b[?1049l"] {
        assert!(
            find(&raw, restore, before).is_some(),
            "kill -{signal}: no {restore:?} after the signal; at the end: {}",
            tail(&raw)
        );
    }
    let screen = session.screen().contents();
    assert!(
        screen.contains(&format!("stopped by SIG{signal}")),
        "kill -{signal}: {screen}"
    );
    if unsaved == 0 {
        let (ron, lines) = annotation_lines(dir.path());
        assert_eq!(
            lines,
            [r#"(id: 1, label: "Speaker", start: 0, end: 3, quote: "قال", by: Some("e2e")),"#],
            "{ron}"
        );
    } else {
        let files = recovery_files(&session);
        assert_eq!(files.len(), 1, "kill -{signal}: {files:?}");
        let (path, text) = &files[0];
        assert_eq!(text.matches(r#"label: "Speaker""#).count(), 2, "{text}");
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name");
        assert!(
            screen.contains(name),
            "the recovery file is named: {screen}"
        );
    }
}

#[test]
fn sighup_saves_restores_the_terminal_and_exits_129() {
    a_signal_ends_the_reader("HUP", 129, false);
}

#[test]
fn sigterm_writes_what_could_not_be_saved_to_a_recovery_file_and_exits_143() {
    a_signal_ends_the_reader("TERM", 143, true);
}

#[test]
fn sigint_from_kill_exits_130() {
    a_signal_ends_the_reader("INT", 130, false);
}

#[test]
fn a_closed_terminal_loses_nothing_and_exits_129() {
    // The SSH connection drops while a save is failing: the terminal hangs up, hamish gets
    // SIGHUP and reads nothing more from it; it must still write the recovery file and end.
    let (dir, arg) = sample_copy();
    let mut session = open_copy(&arg);
    tag_and_maybe_fail(&mut session, dir.path(), true);
    session.hang_up();
    let exit = session.wait_exit();
    assert!(
        exit.signal().is_none() && exit.exit_code() == 129,
        "hamish ended with {exit}"
    );
    let files = recovery_files(&session);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(
        files[0].1.matches(r#"label: "Speaker""#).count(),
        2,
        "{}",
        files[0].1
    );
}
