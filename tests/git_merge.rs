//! The merge driver in a real git repository: two branches annotate one article, then
//! merge through `hamish merge`. Ids that collide are renumbered and links follow, nothing
//! either branch added is lost, and a real conflict leaves a valid file that keeps both
//! versions (never text conflict markers).

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hamish::annotate::store;
use hamish::annotate::{Annotation, Annotations, Schema};
use hamish::text::Document;
use std::path::Path;
use std::process::Command;

const TEXT: &str = "قال وزير الخارجية الأمريكي جون كيري إن الصين مستعدة للتعاون مع الهند.";

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .expect("git runs");
    out
}

fn ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn span(word: &str) -> std::ops::Range<usize> {
    let start = TEXT.find(word).expect("in the text");
    start..start + word.len()
}

fn doc() -> Document {
    Document::new("article.txt", TEXT.to_string())
}

/// The annotations of the article in `dir`.
fn annotations(dir: &Path) -> Annotations {
    store::load(&dir.join("article.ron"), &doc())
        .expect("the file loads")
        .annotations
}

/// Saves `edit` of the article's annotations, as hamish would, and commits it.
fn annotate(dir: &Path, message: &str, edit: impl FnOnce(&mut Annotations)) {
    let mut a = annotations(dir);
    edit(&mut a);
    let file = store::render(&doc(), &a, Some(message));
    store::write_atomic(&dir.join("article.ron"), file.as_bytes()).expect("write");
    ok(dir, &["commit", "-qam", message]);
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path();
    ok(d, &["init", "-q", "-b", "main"]);
    let driver = format!("{} merge %O %A %B %P", env!("CARGO_BIN_EXE_hamish"));
    ok(d, &["config", "merge.hamish.driver", &driver]);
    std::fs::write(d.join(".gitattributes"), "*.ron merge=hamish\n").expect("write");
    std::fs::write(d.join("article.txt"), TEXT).expect("write");
    let empty = store::render(&doc(), &Annotations::default(), None);
    std::fs::write(d.join("article.ron"), empty).expect("write");
    ok(d, &["add", "."]);
    ok(d, &["commit", "-qm", "article"]);
    dir
}

fn labels_and_quotes(a: &Annotations) -> Vec<(String, &'static str)> {
    a.items()
        .iter()
        .map(|x| (x.label.clone(), &TEXT[x.range.clone()]))
        .collect()
}

#[test]
fn two_branches_merge_with_colliding_ids_renumbered_and_links_followed() {
    let dir = repo();
    let d = dir.path();
    let schema = Schema::default();
    ok(d, &["checkout", "-qb", "one"]);
    annotate(d, "one", |a| {
        a.add(Annotation::new("Country", span("الصين")))
            .expect("add");
    });
    ok(d, &["checkout", "-q", "main"]);
    ok(d, &["checkout", "-qb", "two"]);
    annotate(d, "two", |a| {
        let speaker = a
            .add(Annotation::new("Speaker", span("جون كيري")))
            .expect("add");
        let claim = a
            .add(Annotation::new("Claim", span("الصين مستعدة للتعاون")))
            .expect("add");
        a.link(claim, Some(speaker), &schema).expect("link");
    });
    ok(d, &["checkout", "-q", "one"]);
    let out = git(d, &["merge", "-q", "--no-edit", "two"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = std::fs::read_to_string(d.join("article.ron")).expect("read");
    assert!(!file.contains("<<<<<<<"), "{file}");
    let merged = annotations(d);
    let mut got = labels_and_quotes(&merged);
    got.sort();
    assert_eq!(
        got,
        [
            ("Claim".to_string(), "الصين مستعدة للتعاون"),
            ("Country".to_string(), "الصين"),
            ("Speaker".to_string(), "جون كيري"),
        ]
    );
    let ids: std::collections::BTreeSet<u32> = merged.items().iter().map(|a| a.id).collect();
    assert_eq!(ids.len(), 3, "ids unique: {file}");
    let claim = merged
        .items()
        .iter()
        .find(|a| a.label == "Claim")
        .expect("claim");
    let speaker = merged
        .items()
        .iter()
        .find(|a| a.label == "Speaker")
        .expect("speaker");
    assert_eq!(claim.speaker, Some(speaker.id), "{file}");
    // Our country kept its id; theirs moved past it.
    let country = merged
        .items()
        .iter()
        .find(|a| a.label == "Country")
        .expect("country");
    assert_eq!(country.id, 1);
    let problems = store::check(&file, "article.ron", &doc(), &schema).expect("checks");
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_real_conflict_keeps_both_versions_in_a_valid_file() {
    let dir = repo();
    let d = dir.path();
    let schema = Schema::default();
    annotate(d, "base", |a| {
        a.add(Annotation::new("Speaker", span("كيري")))
            .expect("add");
    });
    ok(d, &["checkout", "-qb", "one"]);
    annotate(d, "one", |a| {
        let id = a.items()[0].id;
        a.set_entity(id, Some("John Kerry".into()), &schema)
            .expect("entity");
    });
    ok(d, &["checkout", "-q", "main"]);
    annotate(d, "main", |a| {
        let id = a.items()[0].id;
        a.set_entity(id, Some("Kerry".into()), &schema)
            .expect("entity");
    });
    let out = git(d, &["merge", "-q", "--no-edit", "one"]);
    assert!(!out.status.success(), "a real conflict is one");
    let file = std::fs::read_to_string(d.join("article.ron")).expect("read");
    assert!(!file.contains("<<<<<<<"), "{file}");
    let merged = annotations(d);
    assert_eq!(merged.items().len(), 1);
    assert_eq!(
        merged.items()[0].entity.as_deref(),
        Some("Kerry"),
        "ours shown"
    );
    let conflict = merged.conflicts()[0].clone();
    match &conflict.other {
        Some(hamish::annotate::Record::Placed(a)) => {
            assert_eq!(a.entity.as_deref(), Some("John Kerry"))
        }
        other => panic!("{other:?}"),
    }
    // `check` reports it until someone chooses.
    let problems = store::check(&file, "article.ron", &doc(), &schema).expect("checks");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("conflict"), "{problems:?}");
    // Choosing theirs, saved, leaves a clean file.
    let mut a = merged;
    a.resolve(conflict.id, true).expect("resolve");
    assert_eq!(a.items()[0].entity.as_deref(), Some("John Kerry"));
    assert!(a.conflicts().is_empty());
    let clean = store::render(&doc(), &a, None);
    assert!(store::check(&clean, "article.ron", &doc(), &schema)
        .expect("checks")
        .is_empty());
}
