//! Real text: every article of the test corpus (tests/data/corpus, see its SOURCES.md) lays
//! out at widths 1, 20, 80 and 200, shaped and not, keeping every invariant; the sample
//! article at width 60 matches its golden rendering.

// Test code: an unmet expectation is the test failing, said where it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use hamish::layout::{plain, Layouter, Options, ParagraphLayout, Shaping};
use hamish::text;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthChar;

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/data/corpus is part of the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_article_lays_out_at_every_width() {
    let files = corpus();
    assert_eq!(files.len(), 23, "the corpus has 23 articles");
    let mut layouter = Layouter::default();
    let mut laid = ParagraphLayout::default();
    for file in &files {
        let doc = text::load(file).expect("corpus files are valid UTF-8");
        assert!(doc.len_paragraphs() > 0, "{}", file.display());
        let mut rtl = 0;
        for width in [1, 20, 80, 200] {
            for shaping in [Shaping::App, Shaping::Off] {
                let options = Options {
                    width,
                    shaping,
                    ..Options::default()
                };
                for i in 0..doc.len_paragraphs() {
                    let para = doc.paragraph(i);
                    layouter.layout(para, &options, &mut laid);
                    if let Err(why) = common::check_invariants(para, &options, &laid) {
                        panic!(
                            "{} paragraph {} width {width} {shaping:?}: {why}",
                            file.display(),
                            i + 1
                        );
                    }
                    rtl += usize::from(laid.rtl);
                }
            }
        }
        // Arabic, Persian, Urdu and Hebrew articles read right to left (an English film
        // title, a list of English film names, an e-mail address read left to right).
        assert!(
            rtl * 4 >= 8 * doc.len_paragraphs(),
            "{} is mostly LTR",
            file.display()
        );
    }
}

fn render(path: &Path, width: usize) -> String {
    let doc = text::load(path).expect("readable");
    let options = Options {
        width,
        shaping: Shaping::Off,
        ..Options::default()
    };
    let mut out = Vec::new();
    let mut layouter = Layouter::default();
    let mut laid = ParagraphLayout::default();
    for i in 0..doc.len_paragraphs() {
        layouter.layout(doc.paragraph(i), &options, &mut laid);
        plain::write_lines(&laid, Some(width), &mut out);
    }
    String::from_utf8(out).expect("glyphs are whole UTF-8")
}

/// The golden file was made by `hamish render --width 60 --shaping off` and checked by hand
/// and against fribidi (same visual order on every line, marks and shaping aside).
#[test]
fn sample_article_at_width_60_matches_golden() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let got = render(&root.join("seeds/000_f8766ef2dd105986.txt"), 60);
    let want =
        std::fs::read_to_string(root.join("tests/golden/sample-w60.txt")).expect("golden file");
    assert_eq!(got, want);
    // Right-aligned: every line ends at column 60, and the first line starts the article.
    for line in got.lines() {
        let width: usize = line.chars().map(|c| c.width().unwrap_or(0)).sum();
        assert_eq!(width, 60, "{line:?}");
    }
    let first: String = "قال".chars().rev().collect();
    assert!(got.lines().next().is_some_and(|l| l.ends_with(&first)));
}
