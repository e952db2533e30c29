//! Files and names from anywhere, run through the binary as a user runs it: a FIFO, a
//! device or a symlink in place of a file is refused at once with one line naming it; file
//! and folder names, quotes, entities and labels full of escape sequences, C1 controls and
//! bidi controls never reach the terminal raw, in text or in JSON; an export never writes
//! through a link, nor into its corpus.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

use assert_cmd::Command;
use hamish::annotate::Schema;
use hamish::text::Document;
use hamish::ui::{App, Event, Folder, Settings, State};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

/// A binary that blocks on a FIFO is killed after this and fails the test; a refusal
/// takes milliseconds.
const DEADLINE: Duration = Duration::from_secs(10);

/// An OSC 52 (writes the clipboard), a C1 CSI, DEL, RLO and a screen clear.
const NASTY: &str = "\u{1b}]52;c;aGk=\u{7}\u{9b}31m\u{7f}\u{202e}\u{1b}[2J";

const TEXT: &str = "قال جون كيري إن الصين مهمة.\n";

fn hamish() -> Command {
    let mut cmd = Command::cargo_bin("hamish").expect("the binary");
    cmd.env_remove("HAMISH_ANNOTATOR");
    cmd.timeout(DEADLINE);
    cmd
}

/// Runs `args`; the binary must have exited by itself (not been killed at the deadline).
fn run(args: &[&std::ffi::OsStr]) -> Output {
    let out = hamish().args(args).output().expect("runs");
    assert!(
        out.status.code().is_some(),
        "{args:?} did not end by itself within {DEADLINE:?} (blocked?); stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn os<S: AsRef<std::ffi::OsStr> + ?Sized>(s: &S) -> &std::ffi::OsStr {
    s.as_ref()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A string as a RON string: quotes, backslashes and every control or bidi char escaped.
fn ron_str(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || is_bidi(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One annotation line: `label` on the first occurrence of `quote` in `text`.
fn annotation(text: &str, id: u32, label: &str, quote: &str, extra: &str) -> String {
    let at = text.find(quote).expect("the quote is in the text");
    let start = text[..at].chars().count();
    let end = start + quote.chars().count();
    format!(
        "        (id: {id}, label: {}, start: {start}, end: {end}, quote: {}{extra}),\n",
        ron_str(label),
        ron_str(quote)
    )
}

/// The annotation file of `text`, saved as `file`, holding `lines`.
fn ron_file(file: &str, text: &str, lines: &[String]) -> String {
    format!(
        "(\n    format: 1,\n    text: (file: {}, sha256: \"{}\", chars: {}),\n    annotator: Some({}),\n    status: InProgress,\n    annotations: [\n{}    ],\n)\n",
        ron_str(file),
        sha256(text),
        text.chars().count(),
        ron_str(&format!("me{NASTY}")),
        lines.concat()
    )
}

/// The bidi controls, as Unicode lists them (Bidi_Control=Yes).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{61C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Fails when `bytes` (what a command wrote to a terminal) holds a raw control char but
/// the line end, or a raw bidi control.
fn assert_clean(what: &str, bytes: &[u8]) {
    let text =
        std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8 ({e}): {bytes:?}"));
    for c in text.chars() {
        assert!(
            c == '\n' || !(c.is_control() || is_bidi(c)),
            "{what}: a raw U+{:04X} in {text:?}",
            c as u32
        );
    }
}

fn assert_clean_output(what: &str, out: &Output) {
    assert_clean(&format!("{what} (stdout)"), &out.stdout);
    assert_clean(&format!("{what} (stderr)"), &out.stderr);
}

// ---------------------------------------------------------------------------------------
// Not a regular file

/// A folder with `a.txt` and `b.txt` (annotated), for putting a strange file beside.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    for name in ["a", "b"] {
        std::fs::write(dir.path().join(format!("{name}.txt")), TEXT).expect("write");
        let line = annotation(TEXT, 1, "Country", "الصين", ", country: Some(\"CN\")");
        std::fs::write(
            dir.path().join(format!("{name}.ron")),
            ron_file(&format!("{name}.txt"), TEXT, &[line]),
        )
        .expect("write");
    }
    dir
}

/// The one line that tells `file` is not a regular file, with what it is.
fn says_not_regular(out: &Output, file: &Path, kind: &str) {
    let err = stderr(out);
    let want = format!("{}: is not a regular file ({kind})", file.display());
    assert!(err.contains(&want), "wanted {want:?} in {err:?}");
    assert_eq!(
        err.lines().filter(|l| l.contains(&want)).count(),
        1,
        "told once: {err:?}"
    );
}

#[test]
fn a_fifo_as_an_annotation_file_is_refused_at_once_by_every_command() {
    let a = corpus();
    let ron = a.path().join("a.ron");
    std::fs::remove_file(&ron).expect("rm");
    mkfifo(&ron);
    let text = a.path().join("a.txt");

    // check: the file cannot be used at all, exit 2.
    let out = run(&[os("check"), text.as_os_str()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    says_not_regular(&out, &ron, "a FIFO");
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    let out = run(&[os("check"), ron.as_os_str()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    says_not_regular(&out, &ron, "a FIFO");

    // stats and agree: the article is told and left out, the others counted, exit 1.
    for json in [false, true] {
        let mut args = vec![os("stats"), a.path().as_os_str()];
        if json {
            args.push(os("--json"));
        }
        let out = run(&args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        says_not_regular(&out, &ron, "a FIFO");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("b.txt"), "b is counted: {stdout}");
    }
    let b = corpus();
    let out = run(&[os("agree"), a.path().as_os_str(), b.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    says_not_regular(&out, &ron, "a FIFO");
    let out = run(&[os("agree"), b.path().as_os_str(), a.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    says_not_regular(&out, &ron, "a FIFO");

    // merge: as an input, exit 2.
    let good = b.path().join("a.ron");
    let out = run(&[
        os("merge"),
        good.as_os_str(),
        good.as_os_str(),
        ron.as_os_str(),
        text.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    says_not_regular(&out, &ron, "a FIFO");
}

#[test]
fn a_fifo_as_a_brat_file_or_a_schema_is_refused_at_once() {
    let dir = corpus();
    let ann = dir.path().join("a.ann");
    mkfifo(&ann);
    std::fs::write(dir.path().join("b.ann"), "T1\tCountry 16 21\tالصين\n").expect("write");
    let out = run(&[
        os("import"),
        dir.path().as_os_str(),
        os("--from"),
        os("brat"),
        os("--force"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    says_not_regular(&out, &ann, "a FIFO");
    assert!(
        stderr(&out).contains("1 annotation files written"),
        "{}",
        stderr(&out)
    );

    // A schema that is a FIFO is an error, not a reason to take the built-in one.
    let schema = dir.path().join("schema.ron");
    mkfifo(&schema);
    let b_txt = dir.path().join("b.txt");
    for args in [
        vec![os("stats"), dir.path().as_os_str()],
        vec![os("check"), b_txt.as_os_str()],
        vec![
            os("import"),
            dir.path().as_os_str(),
            os("--from"),
            os("brat"),
        ],
        // The folder, in the reader: refused before it needs a terminal.
        vec![dir.path().as_os_str()],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        says_not_regular(&out, &schema, "a FIFO");
    }
}

#[test]
fn a_fifo_as_a_text_is_refused_at_once() {
    let dir = corpus();
    let text = dir.path().join("c.txt");
    mkfifo(&text);
    let c_ron = dir.path().join("c.ron");
    for args in [
        vec![os("render"), text.as_os_str()],
        vec![text.as_os_str()],
        vec![os("check"), c_ron.as_os_str()],
    ] {
        if args[0] == "check" {
            // check reads the annotation file first: it must be there.
            std::fs::write(&c_ron, ron_file("c.txt", TEXT, &[])).expect("write");
        }
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        says_not_regular(&out, &text, "a FIFO");
    }
}

#[test]
fn dev_zero_behind_a_symlink_is_refused_not_read() {
    let dir = corpus();
    let ron = dir.path().join("a.ron");
    std::fs::remove_file(&ron).expect("rm");
    std::os::unix::fs::symlink("/dev/zero", &ron).expect("symlink");
    let out = run(&[os("check"), ron.as_os_str()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    says_not_regular(&out, &ron, "a character device");
    let out = run(&[os("stats"), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    says_not_regular(&out, &ron, "a character device");
    let ann = dir.path().join("b.ann");
    std::os::unix::fs::symlink("/dev/zero", &ann).expect("symlink");
    let out = run(&[
        os("import"),
        dir.path().as_os_str(),
        os("--from"),
        os("brat"),
        os("--force"),
    ]);
    says_not_regular(&out, &ann, "a character device");
}

#[test]
fn a_file_over_the_limit_is_refused_with_its_name() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("a.ron");
    std::fs::write(&path, vec![b' '; 4097]).expect("write");
    let err = hamish::fsio::read_bounded(&path, 4096).expect_err("over the limit");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: is larger than 4 KiB, the most hamish reads of such a file",
            path.display()
        )
    );
    assert_eq!(
        hamish::fsio::read_bounded(&path, 4097)
            .expect("at the limit")
            .map(|b| b.len()),
        Some(4097)
    );
}

fn settings() -> Settings {
    Settings {
        schema: Schema::default(),
        ..Settings::default()
    }
}

#[test]
fn the_folder_and_the_reader_tell_a_fifo_and_go_on() {
    let dir = corpus();
    let ron = dir.path().join("a.ron");
    std::fs::remove_file(&ron).expect("rm");
    mkfifo(&ron);
    // The folder's list: the statuses are read in the background, and a FIFO must not stop
    // them (nor the list's thread) for ever.
    let paths = hamish::corpus::articles(dir.path()).expect("articles");
    let mut folder = Folder::new(dir.path(), paths, settings());
    folder.update(Event::Resize(100, 12));
    let start = Instant::now();
    while folder.reading() {
        assert!(start.elapsed() < DEADLINE, "the statuses never arrived");
        folder.poll();
        std::thread::sleep(Duration::from_millis(5));
    }
    let want = format!("{}: is not a regular file (a FIFO)", ron.display());
    match &folder.entries[0].state {
        State::Broken(why) => assert_eq!(why, &want),
        other => panic!("a.txt: {other:?}"),
    }
    assert!(
        matches!(folder.entries[1].state, State::Read(_)),
        "b is read"
    );

    // The article itself opens read-only, with the reason.
    let text = dir.path().join("a.txt");
    let doc = Document::new(text.display().to_string(), TEXT.to_string());
    let mut app = App::new(doc, settings());
    app.open_annotations(&text, Some("me".into()));
    app.update(Event::Resize(80, 12));
    let why = app.read_only().expect("read-only");
    assert!(why.contains(&want), "{why}");
}

// ---------------------------------------------------------------------------------------
// Nothing raw out

/// Two annotators' copies of a folder named with [`NASTY`], holding an article named with
/// it, annotated with it (entity, label, quote, annotator), and an article in A only.
struct Nasty {
    root: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
    /// The article's file name.
    name: String,
    entity: String,
    label: String,
}

fn nasty() -> Nasty {
    let root = tempfile::tempdir().expect("temp");
    let a = root.path().join(format!("a{NASTY}"));
    let b = root.path().join(format!("b{NASTY}"));
    let name = format!("n{NASTY}.txt");
    let text = format!("قال جون{NASTY} إن الصين مهمة.\n");
    let entity = format!("John{NASTY}");
    let label = format!("L{NASTY}");
    let speaker = format!("جون{NASTY}");
    for (dir, lines) in [
        (
            &a,
            vec![
                annotation(
                    &text,
                    1,
                    "Speaker",
                    &speaker,
                    &format!(", entity: Some({})", ron_str(&entity)),
                ),
                annotation(&text, 2, "Country", "الصين", ", country: Some(\"CN\")"),
                annotation(&text, 3, &label, "مهمة", ""),
            ],
        ),
        (
            &b,
            vec![annotation(
                &text,
                2,
                "Country",
                "الصين",
                ", country: Some(\"CN\")",
            )],
        ),
    ] {
        std::fs::create_dir(dir).expect("mkdir");
        std::fs::write(dir.join(&name), &text).expect("write");
        std::fs::write(
            dir.join(&name).with_extension("ron"),
            ron_file(&name, &text, &lines),
        )
        .expect("write");
    }
    std::fs::write(a.join(format!("only{NASTY}.txt")), TEXT).expect("write");
    Nasty {
        root,
        a,
        b,
        name,
        entity,
        label,
    }
}

#[test]
fn check_stats_and_agree_show_names_and_quotes_without_a_raw_control() {
    let n = nasty();
    let ron = n.a.join(&n.name).with_extension("ron");
    let out = run(&[os("check"), ron.as_os_str()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_clean_output("check", &out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The label the schema lacks is named, made visible: nothing dropped.
    assert!(
        stdout.contains("<RLO>") && stdout.contains("\u{241b}]52;c;aGk=\u{2407}<9B>31m\u{2421}"),
        "{stdout}"
    );

    for cmd in ["stats", "agree"] {
        let mut args = vec![os(cmd), n.a.as_os_str()];
        if cmd == "agree" {
            args.push(n.b.as_os_str());
        }
        let out = run(&args);
        assert_clean_output(cmd, &out);
        let err = stderr(&out);
        if cmd == "agree" {
            // The article in A only, and the folder it is in, told and visible.
            assert!(err.contains("only") && err.contains("<RLO>"), "{err}");
        }
        args.push(os("--json"));
        let out = run(&args);
        assert_clean_output(&format!("{cmd} --json"), &out);
        let json: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("--json writes JSON");
        let strings = strings_of(&json);
        if cmd == "stats" {
            for want in [&n.name, &n.entity, &n.label] {
                assert!(strings.contains(want), "{want:?} not in {strings:?}");
            }
        } else {
            let speaker = format!("جون{NASTY}");
            for want in [&n.name, &n.label, &speaker] {
                assert!(
                    strings
                        .iter()
                        .any(|s| s == want || s.contains(want.as_str())),
                    "{want:?} not in {strings:?}"
                );
            }
        }
    }
}

/// Every string in `v`, keys and values.
fn strings_of(v: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| out.extend(strings_of(x))),
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                out.extend(strings_of(x));
            }
        }
        _ => {}
    }
    out
}

#[test]
fn export_import_merge_render_and_usage_errors_show_names_without_a_raw_control() {
    let n = nasty();
    let out_dir = n.root.path().join(format!("o{NASTY}"));
    for format in ["brat", "jsonl", "conll", "conll-multi"] {
        let out = run(&[
            os("export"),
            n.a.as_os_str(),
            os("--format"),
            os(format),
            os("--out"),
            out_dir.join(format).as_os_str(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_clean_output(&format!("export {format}"), &out);
        assert!(stderr(&out).contains("<RLO>"), "{}", stderr(&out));
    }
    // The brat copy, with a line it cannot take and a .ann without its text.
    let brat = out_dir.join("brat");
    let ann = brat.join(&n.name).with_extension("ann");
    let mut lines = std::fs::read_to_string(&ann).expect("exported");
    lines.push_str(&format!("T9\tX{NASTY} 0 3\tقال\n"));
    std::fs::write(&ann, lines).expect("write");
    std::fs::write(brat.join(format!("g{NASTY}.ann")), "T1\tSpeaker 0 3\tقال\n").expect("write");
    let out = run(&[os("import"), brat.as_os_str(), os("--from"), os("brat")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_clean_output("import", &out);
    let err = stderr(&out);
    assert!(
        err.contains("line ") && err.contains("no .txt beside it"),
        "{err}"
    );

    // merge: a broken file named with it.
    let broken = n.a.join(format!("m{NASTY}.ron"));
    std::fs::write(&broken, "(format: 1,").expect("write");
    let good = n.a.join(&n.name).with_extension("ron");
    let text = n.a.join(&n.name);
    let out = run(&[
        os("merge"),
        good.as_os_str(),
        broken.as_os_str(),
        good.as_os_str(),
        text.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_clean_output("merge", &out);

    // render: the text and, for a missing file, its name.
    for shaping in ["off", "app"] {
        let out = run(&[os("render"), os("--shaping"), os(shaping), text.as_os_str()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_clean_output("render", &out);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains('\u{241b}'),
            "the escape is shown (laid out right to left, so reordered)"
        );
    }
    let missing = n.a.join(format!("x{NASTY}.txt"));
    let out = run(&[os("render"), missing.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert_clean_output("render of a missing file", &out);

    // A usage error quotes the argument it did not expect.
    let out = run(&[
        os("agree"),
        n.a.as_os_str(),
        n.b.as_os_str(),
        missing.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_clean_output("a usage error", &out);
    assert!(stderr(&out).contains("<RLO>"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// Export paths

#[test]
fn export_with_force_replaces_a_link_in_the_output_folder_and_never_writes_through_it() {
    let dir = corpus();
    let elsewhere = tempfile::tempdir().expect("temp");
    let victim = elsewhere.path().join("victim");
    std::fs::write(&victim, "keep me").expect("write");
    let out_dir = elsewhere.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    for name in ["a.ann", "annotation.conf", "b.txt"] {
        std::os::unix::fs::symlink(&victim, out_dir.join(name)).expect("symlink");
    }
    let out = run(&[
        os("export"),
        dir.path().as_os_str(),
        os("--format"),
        os("brat"),
        os("--out"),
        out_dir.as_os_str(),
        os("--force"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep me");
    for name in ["a.ann", "annotation.conf", "b.txt"] {
        let path = out_dir.join(name);
        let meta = std::fs::symlink_metadata(&path).expect("there");
        assert!(meta.is_file(), "{name} is a file of its own");
    }
    let ann = std::fs::read_to_string(out_dir.join("a.ann")).expect("read");
    assert!(ann.contains("\tCountry 16 21\tالصين"), "{ann}");
    assert_eq!(
        std::fs::read_to_string(out_dir.join("b.txt")).expect("read"),
        TEXT
    );
}

#[test]
fn an_export_into_a_new_folder_nested_in_the_corpus_is_refused_even_with_force() {
    let dir = corpus();
    let link = tempfile::tempdir().expect("temp");
    let through = link.path().join("corpus");
    std::os::unix::fs::symlink(dir.path(), &through).expect("symlink");
    for out_dir in [
        dir.path().join("new/deeper"),
        through.join("new/deeper"),
        dir.path().to_path_buf(),
    ] {
        for force in [false, true] {
            let mut args = vec![
                os("export"),
                dir.path().as_os_str(),
                os("--format"),
                os("jsonl"),
                os("--out"),
                out_dir.as_os_str(),
            ];
            if force {
                args.push(os("--force"));
            }
            let out = run(&args);
            assert!(!out.status.success(), "{}", out_dir.display());
            assert!(
                stderr(&out).contains("inside the corpus"),
                "{}",
                stderr(&out)
            );
        }
    }
    assert!(
        !dir.path().join("new").exists(),
        "nothing made in the corpus"
    );
    assert!(!dir.path().join("corpus.jsonl").exists());
}
