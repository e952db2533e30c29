//! Speed of the corpus commands and of the folder list (the targets: `hamish
//! stats` and `hamish export --format jsonl` over a folder of 1,000 articles in under 2 s;
//! the folder list of 1,000 files drawn in under 100 ms).
//!
//! The folder is made once, in a temporary folder, from `big.txt`: its lines cut into 1,000
//! consecutive runs of about the same size, one article each (`NNNN.txt`; the first 500 at
//! the top, the rest in five subfolders of 100). Every third article has an annotation file
//! (a few Speaker, Claim and Country annotations on its words), and every other one of
//! those is done.
//!
//! - `corpus/stats_1000`: the whole `hamish stats DIR` process, output thrown away;
//!   `stats_1000_in_process`: the same work in this process (find the articles, open each
//!   with its annotations, count, write the text).
//! - `corpus/export_jsonl_1000`: the whole `hamish export DIR --format jsonl --out OUT
//!   --force` process, into the same folder each time; `export_jsonl_1000_in_process`:
//!   the same work in this process; with `HAMISH_BASELINE` set to another hamish binary (a
//!   build of an earlier commit), `baseline_export_jsonl_1000` runs that one in the same run.
//! - `corpus/export_conll_1000_in_process`: the CoNLL-2003 files (one per label) of the
//!   folder, in this process.
//! - `corpus/folder_list_1000_first_draw`: what the user waits for on `hamish DIR`: the list
//!   made (`Folder::new`, whose states are then still being read on another thread), sized
//!   to 100×30 and drawn once; `folder_list_1000_redraw`: a redraw once every state is
//!   read; `folder_list_1000_all_states`: from `Folder::new` until every state is read.
//!
//! `big.txt` is looked for in `$HAMISH_BIG`, then `../shared/corpus/big.txt`; without it
//! everything here is skipped, with a message.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// `criterion_group!` makes a public function that cannot carry a doc comment.
#![allow(missing_docs)]

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use hamish::annotate::selection::words;
use hamish::annotate::{store, Annotation, Annotations, Status};
use hamish::corpus::{self, export, stats};
use hamish::text::{self, Document};
use hamish::ui::{Event, Folder, Settings, State};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const ARTICLES: usize = 1_000;
/// Articles at the top of the folder; the rest go in subfolders of 100.
const AT_TOP: usize = 500;

fn big() -> Option<PathBuf> {
    common::big("the corpus benchmarks")
}

/// The folder of articles, removed when dropped.
struct Corpus {
    dir: tempfile::TempDir,
    annotated: usize,
    done: usize,
}

impl Corpus {
    fn root(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }
}

/// Where article `i` goes under `root`.
fn article_path(root: &Path, i: usize) -> PathBuf {
    let file = format!("{i:04}.txt");
    if i < AT_TOP {
        root.join(file)
    } else {
        root.join(format!("part{}", i / 100)).join(file)
    }
}

/// `lines` cut into `n` consecutive runs of about the same number of bytes. The units are
/// paragraphs (a line with text and the blank lines after it), so that no run is only
/// blank; each run aims at an equal share of what is left, so that a very long paragraph
/// does not starve the runs after it. Each run has at least one paragraph.
fn split(lines: &[&str], n: usize) -> Vec<std::ops::Range<usize>> {
    let mut starts: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    assert!(starts.len() >= n, "big.txt has at least {n} paragraphs");
    starts[0] = 0; // blank lines at the top go with the first paragraph
    starts.push(lines.len());
    let size = |u: usize| -> usize {
        lines[starts[u]..starts[u + 1]]
            .iter()
            .map(|l| l.len() + 1)
            .sum()
    };
    let units = starts.len() - 1;
    let mut left: usize = (0..units).map(size).sum();
    let mut runs = Vec::with_capacity(n);
    let mut start = 0;
    for i in 0..n {
        let goal = left / (n - i);
        // Leave at least a paragraph for each run after this one.
        let last_end = units - (n - 1 - i);
        let (mut end, mut bytes) = (start, 0);
        // A paragraph goes in when its middle falls before the goal.
        while end < last_end && (end == start || bytes + size(end) / 2 < goal) {
            bytes += size(end);
            end += 1;
        }
        if i == n - 1 {
            end = units;
        }
        left -= (start..end).map(size).sum::<usize>();
        runs.push(starts[start]..starts[end]);
        start = end;
    }
    runs
}

const COUNTRIES: [&str; 6] = ["SA", "EG", "US", "IR", "YE", "SY"];

/// A few annotations on the words of `doc`, in threes: a Speaker (with an entity), a
/// Claim of up to four words after it (linked to it, within its paragraph), a Country;
/// on a text of fewer than 12 words, one Speaker.
fn annotations(doc: &Document, seed: usize, status: Status) -> Annotations {
    let all: Vec<std::ops::Range<usize>> = words(doc.text()).collect();
    let mut items = Vec::new();
    if all.len() < 12 {
        // Too short for the three: one Speaker.
        let items = all.first().map(|w| Annotation {
            id: 1,
            ..Annotation::new("Speaker", w.clone())
        });
        return Annotations::new(items.into_iter().collect(), vec![], status);
    }
    let triples = 3.min(all.len() / 12);
    for t in 0..triples {
        let first = t * all.len() / triples;
        let id = 3 * t as u32 + 1;
        let mut speaker = Annotation::new("Speaker", all[first].clone());
        speaker.id = id;
        speaker.entity = Some(format!("Speaker {}", (seed + t) % 37));
        let para = doc.paragraph_at(all[first + 1].start);
        let last = (first + 1..first + 5)
            .take_while(|&w| doc.paragraph_at(all[w].start) == para)
            .last()
            .unwrap_or(first + 1);
        let mut claim = Annotation::new("Claim", all[first + 1].start..all[last].end);
        claim.id = id + 1;
        claim.speaker = Some(id);
        let mut country = Annotation::new("Country", all[first + 6].clone());
        country.id = id + 2;
        country.country = Some(COUNTRIES[(seed + t) % COUNTRIES.len()].to_string());
        items.extend([speaker, claim, country]);
    }
    Annotations::new(items, vec![], status)
}

/// Makes the folder of 1,000 articles from `big`.
fn make_corpus(big: &Path) -> Corpus {
    let source = std::fs::read_to_string(big).expect("big.txt reads");
    let lines: Vec<&str> = source.lines().collect();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("corpus");
    let (mut annotated, mut done) = (0, 0);
    for (i, run) in split(&lines, ARTICLES).into_iter().enumerate() {
        let path = article_path(&root, i);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("makes folders");
        let mut body = lines[run].join("\n");
        body.push('\n');
        std::fs::write(&path, body).expect("writes the article");
        if i % 3 == 0 {
            let doc = text::load(&path).expect("the article loads");
            let status = if i % 6 == 0 {
                Status::Done
            } else {
                Status::InProgress
            };
            let a = annotations(&doc, i, status);
            assert!(!a.is_empty(), "article {i} has words to annotate");
            let bytes = store::render(&doc, &a, Some("bench"));
            store::write_atomic(&store::ron_path(&path), bytes.as_bytes())
                .expect("writes the annotations");
            annotated += 1;
            done += usize::from(status == Status::Done);
        }
    }
    let corpus = Corpus {
        dir,
        annotated,
        done,
    };
    let mut sorted: Vec<u64> = corpus::articles(&corpus.root())
        .expect("finds the articles")
        .iter()
        .map(|p| std::fs::metadata(p).expect("a file").len())
        .collect();
    sorted.sort_unstable();
    eprintln!(
        "corpus: {} articles of {}..{} bytes (median {}), {} annotated, {} done",
        sorted.len(),
        sorted[0],
        sorted[sorted.len() - 1],
        sorted[sorted.len() / 2],
        annotated,
        done
    );
    corpus
}

use common::run_quiet;

/// As `hamish stats` and `hamish export` do: every article opened, named relative to
/// `root`.
fn open_all(root: &Path) -> Vec<(String, corpus::Article)> {
    corpus::articles(root)
        .expect("finds the articles")
        .iter()
        .map(|p| {
            let name = corpus::relative(p, root).display().to_string();
            (name, corpus::open(p).expect("the article opens"))
        })
        .collect()
}

fn stats_and_export(c: &mut Criterion, corpus: &Corpus) {
    let hamish = env!("CARGO_BIN_EXE_hamish");
    let root = corpus.root();
    let out = corpus.dir.path().join("out");

    // What the benchmarks do is checked once, first.
    let figures = stats::stats(&open_all(&root), 20, &hamish::annotate::Schema::default());
    assert_eq!(figures.files.len(), ARTICLES);
    assert_eq!(figures.done, corpus.done);
    assert_eq!(
        figures.files.iter().filter(|f| f.annotations > 0).count(),
        corpus.annotated
    );
    run_quiet(
        Command::new(hamish)
            .args(["export", "--format", "jsonl", "--force", "--out"])
            .arg(&out)
            .arg(&root),
    );
    let jsonl = std::fs::read_to_string(out.join("corpus.jsonl")).expect("corpus.jsonl");
    assert_eq!(jsonl.lines().count(), ARTICLES);
    eprintln!("export_jsonl_1000: corpus.jsonl is {} bytes", jsonl.len());

    let mut group = c.benchmark_group("corpus");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("stats_1000", |b| {
        b.iter(|| run_quiet(Command::new(hamish).arg("stats").arg(&root)))
    });
    group.bench_function("stats_1000_in_process", |b| {
        b.iter(|| {
            stats::stats(&open_all(&root), 20, &hamish::annotate::Schema::default()).to_text()
        })
    });
    group.bench_function("export_jsonl_1000", |b| {
        b.iter(|| {
            run_quiet(
                Command::new(hamish)
                    .args(["export", "--format", "jsonl", "--force", "--out"])
                    .arg(&out)
                    .arg(&root),
            )
        })
    });
    // Another build of hamish (say, of the commit before a change) in the same run.
    if let Some(baseline) = std::env::var_os("HAMISH_BASELINE") {
        let theirs = corpus.dir.path().join("baseline-out");
        group.bench_function("baseline_export_jsonl_1000", |b| {
            b.iter(|| {
                run_quiet(
                    Command::new(&baseline)
                        .args(["export", "--format", "jsonl", "--force", "--out"])
                        .arg(&theirs)
                        .arg(&root),
                )
            })
        });
    }
    group.bench_function("export_jsonl_1000_in_process", |b| {
        b.iter(|| {
            let schema = corpus::schema_for(&root).expect("the schema").schema;
            let articles: Vec<corpus::Article> =
                open_all(&root).into_iter().map(|(_, a)| a).collect();
            export::write(&articles, &root, export::Format::Jsonl, &out, &schema).expect("exports")
        })
    });
    // The CoNLL-2003 files: the same tokens, tagged per label.
    let conll = corpus.dir.path().join("conll");
    group.bench_function("export_conll_1000_in_process", |b| {
        b.iter(|| {
            let schema = corpus::schema_for(&root).expect("the schema").schema;
            let articles: Vec<corpus::Article> =
                open_all(&root).into_iter().map(|(_, a)| a).collect();
            export::write(&articles, &root, export::Format::Conll, &conll, &schema)
                .expect("exports")
        })
    });
    group.finish();
}

/// The folder list of `root`, sized to 100×30.
fn folder(root: &Path) -> Folder {
    let paths = corpus::articles(root).expect("finds the articles");
    let mut folder = Folder::new(root, paths, Settings::default());
    folder.update(Event::Resize(100, 30));
    folder
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(100, 30)).expect("test backend")
}

fn folder_list(c: &mut Criterion, corpus: &Corpus) {
    let root = corpus.root();

    // How far the reading thread gets before the first frame, once.
    let mut first = folder(&root);
    terminal()
        .draw(|f| f.render_widget(&first, f.area()))
        .expect("draws");
    let read = |f: &Folder| {
        f.entries
            .iter()
            .filter(|e| e.state != State::Unread)
            .count()
    };
    let at_first_frame = read(&first);
    first.wait();
    assert_eq!(read(&first), ARTICLES);
    assert_eq!(first.done(), corpus.done);
    eprintln!("folder_list_1000: {at_first_frame} of {ARTICLES} states read at the first frame");
    drop(first);

    let mut group = c.benchmark_group("corpus");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    group.bench_function("folder_list_1000_first_draw", |b| {
        b.iter_with_large_drop(|| {
            // Finding the articles is part of what `hamish DIR` does before the list.
            let folder = folder(&root);
            let mut terminal = terminal();
            terminal
                .draw(|f| f.render_widget(&folder, f.area()))
                .expect("draws");
            folder
        })
    });
    let mut ready = folder(&root);
    ready.wait();
    let mut terminal = terminal();
    group.bench_function("folder_list_1000_redraw", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(&ready, f.area()))
                .expect("draws");
        })
    });
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("folder_list_1000_all_states", |b| {
        b.iter_with_large_drop(|| {
            let mut folder = folder(&root);
            folder.wait();
            folder
        })
    });
    group.finish();
}

fn corpus_benches(c: &mut Criterion) {
    let Some(big) = big() else { return };
    let corpus = make_corpus(&big);
    stats_and_export(c, &corpus);
    folder_list(c, &corpus);
}

criterion_group!(benches, corpus_benches);
criterion_main!(benches);
