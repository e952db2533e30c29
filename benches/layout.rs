//! Speed and memory of the reader and of `hamish render`.
//!
//! - `render_big`: the whole `hamish render --width 80` process on the 3.5 MB `big.txt`,
//!   beside `fribidi --nobreak --nopad` on the same file in the same run (fribidi does less:
//!   no line breaking, no grapheme clusters); peak memory of both is printed. With
//!   `HAMISH_BASELINE` set to another hamish binary (a build of an earlier commit), that one
//!   is measured too, in the same run.
//! - `linebreak_big`: the break opportunities of every paragraph of `big.txt`, by
//!   `layout::linebreak` and, in the same run, by the crates it was measured against
//!   (`unicode-linebreak`, which hamish used before, and ICU4X's `icu_segmenter`).
//! - `first_frame`: in this process, load (the head of a big file, as the reader does), lay
//!   out the first screen and draw it, for `big.txt` and for the sample article.
//! - `start_to_first_frame`: the whole reader process in a pseudo-terminal, from spawning
//!   it to its first frame's status line, for both files.
//! - `scroll_line`: one line down and a redraw, in `big.txt` and in a 26 KB one-paragraph
//!   article.
//! - `tui_memory` (printed, not timed): peak memory of the real reader on `big.txt` in a
//!   pseudo-terminal, paging through it.
//!
//! `big.txt` is looked for in `$HAMISH_BIG`, then `../shared/corpus/big.txt`; the
//! benchmarks that need it or fribidi are skipped, with a message, when they are missing.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// `criterion_group!` makes a public function that cannot carry a doc comment.
#![allow(missing_docs)]

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use hamish::layout::{Options, Shaping};
use hamish::text::{self, Document};
use hamish::ui::{App, Event, Settings};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

fn big() -> Option<PathBuf> {
    common::big("the benchmarks that need it")
}

/// `first`, then `big.txt` when it is there.
fn with_big(name: &'static str, first: &str) -> Vec<(&'static str, PathBuf)> {
    let mut files = vec![(name, PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(first))];
    files.extend(big().map(|b| ("big", b)));
    files
}

/// Peak resident memory (VmHWM), in KiB, of the live process `pid`. Read from /proc while the
/// process runs: the rusage of a finished child would also count the memory of this process
/// at fork time, which Linux carries over into the child's peak.
fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `cmd` reading its output, and returns the peak memory seen while it streamed (the
/// high-water mark only grows, and the process cannot finish before its last 64 KiB of
/// output have been read).
fn peak_while_streaming(cmd: &mut Command) -> u64 {
    use std::io::Read;
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .expect("the command runs");
    let pid = child.id();
    let mut out = child.stdout.take().expect("piped stdout");
    let mut buf = vec![0u8; 1 << 16];
    let mut peak = 0;
    loop {
        if let Some(kib) = vm_hwm_kib(pid) {
            peak = peak.max(kib);
        }
        match out.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
    assert!(child.wait().expect("waits").success());
    peak
}

use common::run_quiet;

fn render_big(c: &mut Criterion) {
    let Some(big) = big() else { return };
    let hamish = env!("CARGO_BIN_EXE_hamish");
    let render = || {
        let mut cmd = Command::new(hamish);
        cmd.args(["render", "--width", "80", "--shaping", "app"])
            .arg(&big);
        cmd
    };
    eprintln!(
        "render_big: hamish render peak memory {} KiB",
        peak_while_streaming(&mut render())
    );
    let mut group = c.benchmark_group("render_big");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("hamish_render_width_80", |b| {
        b.iter(|| run_quiet(&mut render()))
    });
    // Another build of hamish (say, of the commit before a change) in the same run.
    if let Some(baseline) = std::env::var_os("HAMISH_BASELINE") {
        group.bench_function("baseline_render_width_80", |b| {
            b.iter(|| {
                run_quiet(
                    Command::new(&baseline)
                        .args(["render", "--width", "80", "--shaping", "app"])
                        .arg(&big),
                )
            })
        });
    }
    if Command::new("fribidi")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok()
    {
        group.bench_function("fribidi_nobreak_nopad", |b| {
            b.iter(|| {
                run_quiet(
                    Command::new("fribidi")
                        .args(["--nobreak", "--nopad"])
                        .arg(&big),
                )
            })
        });
    } else {
        eprintln!("fribidi not found (Debian: libfribidi-bin): skipping the comparison");
    }
    group.finish();
}

fn linebreak_big(c: &mut Criterion) {
    let Some(big) = big() else { return };
    let text = std::fs::read_to_string(big).expect("big.txt is UTF-8");
    let paragraphs: Vec<&str> = text.split('\n').collect();
    let mut group = c.benchmark_group("linebreak_big");
    group.sample_size(20);
    group.bench_function("hamish", |b| {
        b.iter(|| {
            paragraphs
                .iter()
                .map(|p| hamish::layout::linebreak::breaks(p).count())
                .sum::<usize>()
        })
    });
    group.bench_function("unicode_linebreak", |b| {
        b.iter(|| {
            paragraphs
                .iter()
                .map(|p| unicode_linebreak::linebreaks(p).count())
                .sum::<usize>()
        })
    });
    let icu = icu_segmenter::LineSegmenter::new_for_non_complex_scripts(Default::default());
    group.bench_function("icu_segmenter", |b| {
        b.iter(|| {
            paragraphs
                .iter()
                .map(|p| icu.segment_str(p).count() - 1)
                .sum::<usize>()
        })
    });
    group.finish();
}

fn open(doc: Document, width: u16, height: u16) -> (App, Terminal<TestBackend>) {
    let options = Options {
        shaping: Shaping::App,
        ..Options::default()
    };
    let settings = Settings {
        options,
        ..Settings::default()
    };
    let mut app = App::new(doc, settings);
    app.update(Event::Resize(width, height));
    let terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    (app, terminal)
}

fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    let files = with_big("sample", "seeds/000_f8766ef2dd105986.txt");
    for (name, path) in files {
        group.bench_function(name, |b| {
            b.iter(|| {
                // As the reader does: the head of a big file first.
                let doc = match text::load_head(&path, text::HEAD_BYTES).expect("loads") {
                    text::Head::Whole(doc) | text::Head::Part(doc) => doc,
                };
                let (app, mut terminal) = open(doc, 100, 30);
                terminal
                    .draw(|f| f.render_widget(&app, f.area()))
                    .expect("draws");
            })
        });
    }
    group.finish();
}

/// A 100×30 pseudo-terminal and the command that opens `path` in the reader.
fn reader_in_pty(path: &std::path::Path) -> (portable_pty::PtyPair, portable_pty::CommandBuilder) {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    let size = PtySize {
        rows: 30,
        cols: 100,
        pixel_width: 0,
        pixel_height: 0,
    };
    let pty = native_pty_system().openpty(size).expect("a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_hamish"));
    cmd.arg(path);
    cmd.env("TERM", "xterm-256color");
    (pty, cmd)
}

/// Whole process: from spawning the reader in a pseudo-terminal to the status line of its
/// first frame arriving; then `q`.
fn start_to_first_frame(c: &mut Criterion) {
    use std::io::Read;
    let files = with_big("sample", "seeds/000_f8766ef2dd105986.txt");
    let mut group = c.benchmark_group("start_to_first_frame");
    group.sample_size(30);
    for (name, path) in files {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (pty, cmd) = reader_in_pty(&path);
                    let mut reader = pty.master.try_clone_reader().expect("reader");
                    let mut writer = pty.master.take_writer().expect("writer");
                    let start = std::time::Instant::now();
                    let mut child = pty.slave.spawn_command(cmd).expect("spawns");
                    let mut seen = Vec::new();
                    let mut buf = [0u8; 65536];
                    // The status line is drawn last in the first frame.
                    while !String::from_utf8_lossy(&seen).contains("help") {
                        let n = reader.read(&mut buf).expect("reads");
                        assert!(n > 0, "the reader exited before drawing");
                        seen.extend_from_slice(&buf[..n]);
                    }
                    total += start.elapsed();
                    std::io::Write::write_all(&mut writer, b"q").expect("quits");
                    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
                    let _ = child.wait();
                }
                total
            })
        });
    }
    group.finish();
}

fn scroll_line(c: &mut Criterion) {
    // A 26 KB article in one paragraph, and the 3.5 MB file.
    let files = with_big(
        "long_paragraph",
        "tests/data/corpus/17_saudinewsnet-sabq.txt",
    );
    let mut group = c.benchmark_group("scroll_line");
    for (name, path) in files {
        let doc = text::load(&path).expect("loads");
        let (mut app, mut terminal) = open(doc, 100, 30);
        let mut down = true;
        group.bench_function(name, |b| {
            b.iter(|| {
                // Down to the end and back up, one line a frame, so every step is a real
                // scroll (in big.txt, new paragraphs come into view and get laid out).
                let before = app.top();
                app.update(if down {
                    hamish::ui::Command::ScrollDown
                } else {
                    hamish::ui::Command::ScrollUp
                });
                if app.top() == before {
                    down = !down;
                }
                terminal
                    .draw(|f| f.render_widget(&app, f.area()))
                    .expect("draws");
            })
        });
    }
    group.finish();
}

fn tui_memory(_c: &mut Criterion) {
    let Some(big) = big() else { return };
    let (pty, cmd) = reader_in_pty(&big);
    let mut child = pty.slave.spawn_command(cmd).expect("spawns");
    let mut reader = pty.master.try_clone_reader().expect("reader");
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let mut writer = pty.master.take_writer().expect("writer");
    let mut send = |keys: &[u8]| {
        std::thread::sleep(Duration::from_millis(300));
        std::io::Write::write_all(&mut writer, keys).expect("sends keys");
    };
    // Page through the middle, jump to the end and back, then read the peak and quit.
    send(b"          ");
    send(b"G");
    send(b"g");
    std::thread::sleep(Duration::from_millis(300));
    let peak = child.process_id().and_then(vm_hwm_kib);
    send(b"q");
    let _ = child.wait();
    eprintln!("tui_memory: reader on big.txt peak memory {peak:?} KiB");
}

criterion_group!(
    benches,
    render_big,
    linebreak_big,
    first_frame,
    start_to_first_frame,
    scroll_line,
    tui_memory
);
criterion_main!(benches);
