//! The headless subcommands run as a user runs them: `stats`, `export`, `import`, `agree`
//! on a small corpus made in a temporary folder.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use std::path::Path;

const SAMPLE: &str = include_str!("../seeds/000_f8766ef2dd105986.txt");

fn hamish() -> Command {
    let mut cmd = Command::cargo_bin("hamish").expect("the binary");
    cmd.env_remove("HAMISH_ANNOTATOR");
    cmd
}

/// A corpus: the sample with three annotations, a second article not started, and a
/// third in a subfolder.
fn corpus(dir: &Path) {
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    std::fs::write(dir.join("a.txt"), SAMPLE).expect("write");
    std::fs::write(dir.join("b.txt"), "قال كيري إن الصين مهمة.\n").expect("write");
    std::fs::write(dir.join("sub/c.txt"), "وقالت مصر إن الاتفاق مهم.\n").expect("write");
    let sha = {
        use sha2::{Digest, Sha256};
        Sha256::digest(SAMPLE.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let ron = format!(
        "(\n    format: 1,\n    text: (file: \"a.txt\", sha256: \"{sha}\", chars: 2057),\n    annotator: Some(\"ann\"),\n    status: Done,\n    annotations: [\n        (id: 1, label: \"Speaker\", start: 27, end: 35, quote: \"جون كيري\", entity: Some(\"John Kerry\")),\n        (id: 3, label: \"Claim\", start: 49, end: 129, quote: \"إن الصين والولاياتالمتحدة اتفقتا على تشكيل مجموعة عمل بشأن أمن الفضاء الإلكتروني\", speaker: Some(1)),\n        (id: 2, label: \"Country\", start: 52, end: 57, quote: \"الصين\", country: Some(\"CN\")),\n    ],\n)\n"
    );
    std::fs::write(dir.join("a.ron"), ron).expect("write");
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn stats_count_labels_files_speakers_and_countries() {
    let dir = tempfile::tempdir().expect("temp");
    corpus(dir.path());
    let text = stdout(hamish().arg("stats").arg(dir.path()));
    assert!(text.starts_with("1 of 3 done"), "{text}");
    for want in [
        "1  Speaker",
        "1  Claim",
        "1  Country",
        "1  John Kerry",
        "1  CN China",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    assert!(
        text.contains("not started") && text.contains("sub/c.txt"),
        "{text}"
    );
    let json = stdout(hamish().args(["stats", "--json"]).arg(dir.path()));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["done"], 1);
    assert_eq!(v["files"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["countries"][0][0], "CN");
}

#[test]
fn a_broken_file_in_a_corpus_is_reported_and_the_rest_counted() {
    let dir = tempfile::tempdir().expect("temp");
    corpus(dir.path());
    std::fs::write(dir.path().join("b.ron"), "(format: 1,").expect("write");
    let out = hamish().arg("stats").arg(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("b.ron:1:"), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 of 2 done"),
        "the other two are counted: {text}"
    );
}

#[test]
fn a_folder_without_articles_is_an_error() {
    let dir = tempfile::tempdir().expect("temp");
    let out = hamish().arg("stats").arg(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no .txt files"));
}

#[test]
fn brat_export_slices_like_python_and_imports_back() {
    let (dir, out) = corpus_and_out();
    let target = out.path().join("brat");
    hamish()
        .arg("export")
        .arg(dir.path())
        .args(["--format", "brat", "--out"])
        .arg(&target)
        .assert()
        .success();
    assert!(target.join("annotation.conf").is_file());
    assert!(target.join("sub/c.txt").is_file());
    let ann = std::fs::read_to_string(target.join("a.ann")).expect("a.ann");
    let chars: Vec<char> = SAMPLE.chars().collect();
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let span: Vec<usize> = fields[1]
            .split(' ')
            .skip(1)
            .map(|n| n.parse().expect("offset"))
            .collect();
        let slice: String = chars[span[0]..span[1]].iter().collect();
        assert_eq!(slice, fields[2], "{line}");
    }
    assert!(ann.contains("R1\tAttributed Arg1:T3 Arg2:T1"), "{ann}");
    assert!(ann.contains("ISO3166:CN"), "{ann}");
    // A second export into the same folder is refused without --force.
    let again = hamish()
        .arg("export")
        .arg(dir.path())
        .args(["--format", "brat", "--out"])
        .arg(&target)
        .output()
        .expect("run");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    // Imported back beside the brat files: the same annotations.
    hamish()
        .arg("import")
        .arg(&target)
        .args(["--from", "brat"])
        .assert()
        .success();
    let back = std::fs::read_to_string(target.join("a.ron")).expect("a.ron");
    let lines = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains("label:"))
            .map(|l| l.trim().to_string())
            .collect()
    };
    let original = std::fs::read_to_string(dir.path().join("a.ron")).expect("a.ron");
    assert_eq!(lines(&back), lines(&original));
    // And an import never replaces annotations without --force.
    let twice = hamish()
        .arg("import")
        .arg(&target)
        .args(["--from", "brat"])
        .output()
        .expect("run");
    assert!(!twice.status.success());
    assert!(String::from_utf8_lossy(&twice.stderr).contains("not replaced"));
}

#[test]
fn jsonl_and_conll_exports() {
    let (dir, out) = corpus_and_out();
    hamish()
        .arg("export")
        .arg(dir.path())
        .args(["--format", "jsonl", "--out"])
        .arg(out.path().join("j"))
        .assert()
        .success();
    let jsonl = std::fs::read_to_string(out.path().join("j/corpus.jsonl")).expect("jsonl");
    assert_eq!(jsonl.lines().count(), 3);
    let first: serde_json::Value =
        serde_json::from_str(jsonl.lines().next().unwrap_or("")).expect("JSON");
    assert_eq!(first["spans"][2]["text"], "الصين");
    assert_eq!(first["spans"][1]["links"]["speaker"], 1);
    hamish()
        .arg("export")
        .arg(dir.path())
        .args(["--format", "conll-multi", "--out"])
        .arg(out.path().join("m"))
        .assert()
        .success();
    let conll = std::fs::read_to_string(out.path().join("m/a.conll")).expect("conll");
    assert!(conll.contains("جون\tB-Speaker\tO\tO"), "{conll}");
    assert!(conll.contains("الصين\tO\tI-Claim\tB-Country"), "{conll}");
    hamish()
        .arg("export")
        .arg(dir.path())
        .args(["--format", "conll", "--out"])
        .arg(out.path().join("c"))
        .assert()
        .success();
    let read = |label: &str| {
        std::fs::read_to_string(out.path().join(format!("c/{label}.conll"))).expect("conll")
    };
    assert!(read("Speaker").contains("جون B-Speaker\nكيري I-Speaker\n"));
    assert!(read("Claim").contains("إن B-Claim\nالصين I-Claim\n"));
    assert!(read("Country").contains("إن O\nالصين B-Country\n"));
    // One -DOCSTART- an article (the corpus has three).
    assert_eq!(read("Claim").matches("-DOCSTART- O\n").count(), 3);
}

/// The corpus in a fresh folder, and another fresh folder for output.
fn corpus_and_out() -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp");
    corpus(dir.path());
    (dir, tempfile::tempdir().expect("temp"))
}

/// Two annotators' copies of the corpus, the same so far.
fn two_copies() -> (tempfile::TempDir, tempfile::TempDir) {
    let a = tempfile::tempdir().expect("temp");
    let b = tempfile::tempdir().expect("temp");
    corpus(a.path());
    corpus(b.path());
    (a, b)
}

#[test]
fn agree_compares_two_annotators() {
    let (a, b) = two_copies();
    // B left the Country out.
    let ron = std::fs::read_to_string(b.path().join("a.ron")).expect("read");
    let without: String = ron
        .lines()
        .filter(|l| !l.contains("Country"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(b.path().join("a.ron"), without).expect("write");
    let text = stdout(hamish().arg("agree").arg(a.path()).arg(b.path()));
    assert!(
        text.contains("a.txt:52-57  \"الصين\"  A: Country  B: nothing"),
        "{text}"
    );
    let json = stdout(
        hamish()
            .args(["agree", "--json"])
            .arg(a.path())
            .arg(b.path()),
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let speaker = v["labels"]
        .as_array()
        .and_then(|l| l.iter().find(|r| r["label"] == "Speaker"))
        .expect("a Speaker row");
    assert_eq!(speaker["f1"], 1.0);
}

#[test]
fn an_export_inside_the_corpus_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    corpus(dir.path());
    let out = hamish()
        .arg("export")
        .arg(dir.path())
        .args(["--format", "brat", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside the corpus"));
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn import_tells_what_it_cannot_read() {
    let dir = tempfile::tempdir().expect("temp");
    corpus(dir.path());
    std::fs::write(dir.path().join("b.ann"), b"T1\tSpeaker 4 8\t\xff\xfe\n").expect("write");
    std::fs::write(dir.path().join("ghost.ann"), "T1\tSpeaker 0 3\tقال\n").expect("write");
    let out = hamish()
        .arg("import")
        .arg(dir.path())
        .args(["--from", "brat"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("b.ann"), "{err}");
    assert!(err.contains("ghost.ann: no .txt beside it"), "{err}");
}

#[test]
fn agree_says_when_one_side_did_not_annotate_or_the_texts_differ() {
    let (a, b) = two_copies();
    std::fs::remove_file(b.path().join("a.ron")).expect("rm");
    let out = hamish()
        .arg("agree")
        .arg(a.path())
        .arg(b.path())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a.txt: not annotated in"), "{err}");
    // Different texts: not compared, and the exit status says so.
    std::fs::write(b.path().join("b.txt"), "نص آخر.\n").expect("write");
    let out = hamish()
        .arg("agree")
        .arg(a.path())
        .arg(b.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_corpus_schema_applies_to_check_and_its_keys_must_be_free() {
    let dir = tempfile::tempdir().expect("temp");
    corpus(dir.path());
    let schema = r#"(labels: [(name: "Speaker", key: '1', colour: "green", link: Entity), (name: "Claim", key: '2', colour: "yellow", link: Label("Speaker")), (name: "Country", key: '3', colour: "cyan", link: CountryCode), (name: "Org", key: 'o', colour: "red")])"#;
    std::fs::write(dir.path().join("schema.ron"), schema).expect("write");
    let ron = std::fs::read_to_string(dir.path().join("a.ron")).expect("read");
    let with_org = ron.replace(
        "    ],\n)",
        "        (id: 9, label: \"Org\", start: 0, end: 3, quote: \"قال\"),\n    ],\n)",
    );
    std::fs::write(dir.path().join("a.ron"), with_org).expect("write");
    hamish()
        .arg("check")
        .arg(dir.path().join("a.txt"))
        .assert()
        .success();
    // A label on a key that is a command is refused, before anything opens.
    std::fs::write(dir.path().join("schema.ron"), schema.replace("'o'", "'q'")).expect("write");
    let out = hamish().arg(dir.path()).output().expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("schema.ron") && err.contains("'q'"), "{err}");
}

#[test]
fn the_schema_at_the_corpus_root_applies_below_it_and_schema_txt_is_an_article() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    corpus(root);
    let told = stdout(hamish().arg("init").arg(root));
    assert!(told.contains("merge.hamish.driver"), "{told}");
    let attributes = std::fs::read_to_string(root.join(".gitattributes")).expect("read");
    assert!(
        attributes.lines().any(|l| l == "*.ron merge=hamish"),
        "{attributes}"
    );
    // The corpus's own labels, one more than the default: an Org in the subfolder's article.
    let schema = root.join(".hamish/schema.ron");
    let default = std::fs::read_to_string(&schema).expect("init wrote the schema");
    let with_org = default.replace(
        "    ],\n)",
        "        (name: \"Org\", key: 'o', colour: \"red\", link: None),\n    ],\n)",
    );
    assert_ne!(with_org, default);
    std::fs::write(&schema, with_org).expect("write");
    let text = "وقالت مصر إن الاتفاق مهم.\n";
    let sha = {
        use sha2::{Digest, Sha256};
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let ron = |file: &str| {
        format!(
            "(format: 2, text: (file: \"{file}\", sha256: \"{sha}\", chars: 26), annotations: [(id: 1, label: \"Org\", start: 6, end: 9, quote: \"مصر\", by: Some(\"ann\"))])"
        )
    };
    std::fs::write(root.join("sub/c.ron"), ron("c.txt")).expect("write");
    // From the subfolder's article, as from the root: the root's schema.
    hamish()
        .arg("check")
        .arg(root.join("sub/c.txt"))
        .assert()
        .success();
    // An article named schema.txt: its annotations are its own, not the corpus schema.
    std::fs::write(root.join("schema.txt"), text).expect("write");
    std::fs::write(root.join("schema.ron"), ron("schema.txt")).expect("write");
    hamish()
        .arg("check")
        .arg(root.join("schema.txt"))
        .assert()
        .success();
    let counts = stdout(hamish().arg("stats").arg(root));
    assert!(counts.contains("schema.txt"), "{counts}");
    assert!(counts.contains("Org"), "{counts}");
}

#[test]
fn an_old_schema_beside_the_articles_is_read_with_a_notice() {
    let dir = tempfile::tempdir().expect("temp");
    corpus(dir.path());
    let schema = r#"(labels: [(name: "Speaker", key: '1', colour: "green", link: Entity), (name: "Claim", key: '2', colour: "yellow", link: Label("Speaker")), (name: "Country", key: '3', colour: "cyan", link: CountryCode)])"#;
    std::fs::write(dir.path().join("schema.ron"), schema).expect("write");
    let out = hamish().arg("stats").arg(dir.path()).output().expect("run");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("move it to .hamish/schema.ron"), "{err}");
}

#[test]
fn a_bidi_setting_that_is_not_app_or_terminal_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = dir.path().join("a.txt");
    std::fs::write(&text, "قال\n").expect("write");
    let out = hamish()
        .arg(&text)
        .env("HAMISH_BIDI", "visual\u{1b}[2J")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    // Said once, with what was given shown, never obeyed.
    assert!(
        err.contains("HAMISH_BIDI=visual␛[2J: must be app or terminal"),
        "{err}"
    );
    let out = hamish()
        .args(["--bidi", "visual"])
        .arg(&text)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "a usage error");
}
