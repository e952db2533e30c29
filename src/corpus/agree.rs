//! Agreement between two annotators (`hamish agree A B`): two copies of the same articles,
//! each annotated by one person, paired ([`pair`]) and compared label by label. B is
//! measured against A.
//!
//! For every label (the schema's, in its order, then any other label either copy uses,
//! by name) and over all labels together (micro-averaged: counts summed, then the same
//! formulas):
//!
//! - **Exact match.** A span of B matches a span of A with the same label and the same
//!   start and end; matching is one to one. With `m` matches, precision = m / |B|,
//!   recall = m / |A|, F1 = 2·P·R / (P + R) = 2m / (|A| + |B|). Empty cases: when both
//!   |A| and |B| are 0, P = R = F1 = 1.0 (nothing to disagree on); a ratio whose
//!   denominator alone is 0 (|B| = 0 for precision, |A| = 0 for recall) is 0.0, and so
//!   is F1 when P + R = 0.
//! - **Overlap match.** The same label and ranges that share at least one byte, one to one:
//!   exact matches pair first, then the rest greedily in text order (each span of A, in
//!   order, takes the first span of B not yet taken that overlaps it). So overlap F1 is
//!   never below exact F1. Overlap F1 = 2m / (|A| + |B|), 1.0 when both are empty.
//! - **Cohen's kappa over tokens.** Tokens are the words of
//!   [`selection::words`](crate::annotate::selection::words) in each paragraph (Unicode
//!   word-boundary segments holding a letter or a digit). For a label, a token is *in*
//!   for an annotator when one of that annotator's spans with the label overlaps it. Over
//!   the tokens of all compared articles: po = share of tokens where A and B agree,
//!   pe = pA·pB + (1 − pA)(1 − pB) with pA, pB the shares A and B put in, and
//!   kappa = (po − pe) / (1 − pe). When pe = 1 (both annotators put every token in, or
//!   none; no tokens at all counts as this) kappa is 1.0 if po = 1, else 0.0. The overall
//!   kappa pools the token tables of the labels that either annotator used (a label no one
//!   used would only add agreeing "out" tokens).
//!
//! Disagreements list every span without an exact match: an overlapping pair with the same
//! label is one entry ([`Kind::Boundaries`]), as is a pair with the same range and
//! different labels ([`Kind::Label`]); any other span is alone ([`Kind::OnlyA`],
//! [`Kind::OnlyB`]). They are sorted by file and offset. Offsets in the report are chars
//! (Unicode scalar values, as Python indexes a string).
//!
//! A pair whose two texts differ (sha256) is listed as such and not compared. Orphans
//! (annotations their file could not place in the text) are counted, not compared.

use crate::annotate::selection::words;
use crate::annotate::{Annotation, Schema};
use crate::corpus::Article;
use crate::layout::chars::{needs_escape, sanitize};
use crate::text::Document;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// What a disagreement line says when an annotator has no span there.
pub const NOTHING: &str = "nothing";

/// The two annotators' copies of one article; `name` names it in the report (its path
/// relative to the folder given).
#[derive(Debug)]
pub struct Pair<'a> {
    /// The article's path, relative to the folder given.
    pub name: String,
    /// A's copy.
    pub a: &'a Article,
    /// B's copy.
    pub b: &'a Article,
}

/// Tokens by whether each annotator put them in a label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tokens {
    /// In a label of both.
    pub both: u64,
    /// In a label of A's only.
    pub a_only: u64,
    /// In a label of B's only.
    pub b_only: u64,
    /// In no label.
    pub neither: u64,
}

impl Tokens {
    /// All tokens.
    pub fn total(&self) -> u64 {
        self.both + self.a_only + self.b_only + self.neither
    }

    fn add(&mut self, other: &Tokens) {
        self.both += other.both;
        self.a_only += other.a_only;
        self.b_only += other.b_only;
        self.neither += other.neither;
    }

    /// Cohen's kappa: (po − pe) / (1 − pe); 1.0 when pe = 1 and po = 1 (no tokens
    /// included), 0.0 when pe = 1 otherwise.
    pub fn kappa(&self) -> f64 {
        let n = u128::from(self.total());
        let a_in = u128::from(self.both + self.a_only);
        let b_in = u128::from(self.both + self.b_only);
        let agree = u128::from(self.both + self.neither);
        // pe · n², exactly, so that pe = 1 is told without rounding.
        let chance = a_in * b_in + (n - a_in) * (n - b_in);
        if chance == n * n {
            return if agree == n { 1.0 } else { 0.0 };
        }
        let n = n as f64;
        let po = agree as f64 / n;
        let pe = chance as f64 / (n * n);
        (po - pe) / (1.0 - pe)
    }
}

/// The figures of one label, or of all labels together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// The label, or "all" for every label together.
    pub label: String,
    /// Spans of A (|A|) and of B (|B|).
    pub a: usize,
    /// |B|.
    pub b: usize,
    /// Exact matches.
    pub matched: usize,
    /// Exact matches over |B|, taking A as the reference.
    pub precision: f64,
    /// Exact matches over |A|.
    pub recall: f64,
    /// The harmonic mean of precision and recall.
    pub f1: f64,
    /// Overlap matches (exact ones included).
    pub overlap_matched: usize,
    /// F1 with overlapping spans of one label counted as matches.
    pub overlap_f1: f64,
    /// Cohen's kappa over tokens, in a label or not.
    pub kappa: f64,
    /// The token counts kappa is computed from.
    pub tokens: Tokens,
}

/// How the two annotators disagree at a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A has a span B lacks.
    OnlyA,
    /// B has a span A lacks.
    OnlyB,
    /// Same label, overlapping, different boundaries.
    Boundaries,
    /// Same range, different labels.
    Label,
}

/// One place where A and B differ. `start`..`end` (chars) covers both spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    /// The article.
    pub file: String,
    /// First char of the place.
    pub start: usize,
    /// The char after it.
    pub end: usize,
    /// The text of the place.
    pub text: String,
    /// How they differ there.
    pub kind: Kind,
    /// A's label, or "nothing".
    pub a: String,
    /// B's label, or "nothing".
    pub b: String,
    /// A's span in chars, if A has one.
    pub a_span: Option<[usize; 2]>,
    /// B's span in chars, if B has one.
    pub b_span: Option<[usize; 2]>,
}

/// A pair whose two copies are not the same text: not compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Differing {
    /// The article.
    pub file: String,
    /// The SHA-256 of A's text.
    pub a_sha256: String,
    /// The SHA-256 of B's text.
    pub b_sha256: String,
}

/// The agreement of B with A over a set of articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Pairs compared (their texts are the same).
    pub files: usize,
    /// Schema order, then other labels by name.
    pub labels: Vec<Scores>,
    /// All labels, micro-averaged.
    pub overall: Scores,
    /// Every place where they differ, by file and place.
    pub disagreements: Vec<Disagreement>,
    /// Pairs not compared, their texts differing.
    pub differing: Vec<Differing>,
    /// Orphans in the compared pairs (A's and B's), which are not compared.
    pub orphans: usize,
}

/// Counts of one label, summed over the pairs.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    a: usize,
    b: usize,
    matched: usize,
    overlap: usize,
    /// Without `neither`, which is known only at the end (tokens of files without the label).
    tokens: Tokens,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.a += other.a;
        self.b += other.b;
        self.matched += other.matched;
        self.overlap += other.overlap;
        self.tokens.add(&other.tokens);
    }

    fn used(&self) -> bool {
        self.a + self.b > 0
    }

    fn scores(&self, label: &str) -> Scores {
        Scores {
            label: label.to_string(),
            a: self.a,
            b: self.b,
            matched: self.matched,
            precision: ratio(self.matched, self.b, self.a),
            recall: ratio(self.matched, self.a, self.b),
            f1: f1(self.matched, self.a, self.b),
            overlap_matched: self.overlap,
            overlap_f1: f1(self.overlap, self.a, self.b),
            kappa: self.tokens.kappa(),
            tokens: self.tokens,
        }
    }
}

/// `part / whole`; with `whole` = 0: 1.0 when `other` is 0 too (both empty), else 0.0.
fn ratio(part: usize, whole: usize, other: usize) -> f64 {
    match (whole, other) {
        (0, 0) => 1.0,
        (0, _) => 0.0,
        _ => part as f64 / whole as f64,
    }
}

/// 2m / (|A| + |B|), the harmonic mean of precision and recall; 1.0 when both are empty.
fn f1(matched: usize, a: usize, b: usize) -> f64 {
    if a + b == 0 {
        1.0
    } else {
        2.0 * matched as f64 / (a + b) as f64
    }
}

/// Compares B with A over `pairs`; see the module documentation for the figures.
pub fn compare(pairs: &[Pair], schema: &Schema) -> Report {
    let mut labels: Vec<(String, Counts)> = schema
        .labels
        .iter()
        .map(|l| (l.name.clone(), Counts::default()))
        .collect();
    let schema_len = labels.len();
    let mut disagreements = Vec::new();
    let mut differing = Vec::new();
    let mut files = 0;
    let mut orphans = 0;
    let mut tokens: u64 = 0;
    for pair in pairs {
        let (a, b) = (&pair.a.doc, &pair.b.doc);
        if a.sha256() != b.sha256() {
            differing.push(Differing {
                file: pair.name.clone(),
                a_sha256: a.sha256().to_string(),
                b_sha256: b.sha256().to_string(),
            });
            continue;
        }
        files += 1;
        orphans +=
            pair.a.loaded.annotations.orphans().len() + pair.b.loaded.annotations.orphans().len();
        let found = compare_pair(
            &pair.name,
            a,
            pair.a.loaded.annotations.items(),
            pair.b.loaded.annotations.items(),
            &mut disagreements,
        );
        tokens += found.tokens;
        for (label, counts) in found.labels {
            match labels.iter_mut().find(|(l, _)| *l == label) {
                Some((_, c)) => c.add(&counts),
                None => labels.push((label, counts)),
            }
        }
    }
    labels[schema_len..].sort_by(|x, y| x.0.cmp(&y.0));
    let mut overall = Counts::default();
    for (_, c) in &mut labels {
        c.tokens.neither = tokens.saturating_sub(c.tokens.both + c.tokens.a_only + c.tokens.b_only);
        if c.used() {
            overall.add(c);
        }
    }
    disagreements.sort_by(|x: &Disagreement, y: &Disagreement| {
        (&x.file, x.start, x.end, x.kind, &x.a, &x.b)
            .cmp(&(&y.file, y.start, y.end, y.kind, &y.a, &y.b))
    });
    Report {
        files,
        labels: labels.iter().map(|(l, c)| c.scores(l)).collect(),
        overall: overall.scores("overall"),
        disagreements,
        differing,
        orphans,
    }
}

/// What one pair adds.
struct Found {
    labels: Vec<(String, Counts)>,
    tokens: u64,
}

/// A span left without an exact or overlap match.
struct Left<'a> {
    label: &'a str,
    range: Range<usize>,
}

/// Byte ranges of `label` in `items` (text order), kept inside the text.
fn spans(items: &[Annotation], label: &str, len: usize) -> Vec<Range<usize>> {
    items
        .iter()
        .filter(|x| x.label == label)
        .map(|x| {
            let end = x.range.end.min(len);
            x.range.start.min(end)..end
        })
        .collect()
}

fn overlaps(x: &Range<usize>, y: &Range<usize>) -> bool {
    x.start < y.end && y.start < x.end
}

fn compare_pair(
    name: &str,
    doc: &Document,
    a_items: &[Annotation],
    b_items: &[Annotation],
    out: &mut Vec<Disagreement>,
) -> Found {
    let len = doc.text().len();
    let words: Vec<Range<usize>> = (0..doc.len_paragraphs())
        .flat_map(|p| {
            let base = doc.paragraph_range(p).start;
            words(doc.paragraph(p))
                .map(move |w| w.start + base..w.end + base)
                .collect::<Vec<_>>()
        })
        .collect();
    let names: BTreeSet<&str> = a_items
        .iter()
        .chain(b_items)
        .map(|x| x.label.as_str())
        .collect();
    let mut labels = Vec::new();
    let mut a_left = Vec::new();
    let mut b_left = Vec::new();
    for label in names {
        let a = spans(a_items, label, len);
        let b = spans(b_items, label, len);
        let mut a_taken = vec![false; a.len()];
        let mut b_taken = vec![false; b.len()];
        // Exact matches: both lists are in (start, end) order.
        let (mut i, mut j, mut matched) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            let (x, y) = ((a[i].start, a[i].end), (b[j].start, b[j].end));
            if x == y {
                a_taken[i] = true;
                b_taken[j] = true;
                matched += 1;
                i += 1;
                j += 1;
            } else if x < y {
                i += 1;
            } else {
                j += 1;
            }
        }
        // Overlaps among the rest, greedily in text order.
        let mut overlap = matched;
        for (i, x) in a.iter().enumerate() {
            if a_taken[i] {
                continue;
            }
            for (j, y) in b.iter().enumerate() {
                if y.start >= x.end {
                    break;
                }
                if !b_taken[j] && overlaps(x, y) {
                    a_taken[i] = true;
                    b_taken[j] = true;
                    overlap += 1;
                    out.push(disagreement(
                        name,
                        doc,
                        Kind::Boundaries,
                        Some((label, x)),
                        Some((label, y)),
                    ));
                    break;
                }
            }
        }
        a_left.extend(
            a.iter()
                .zip(&a_taken)
                .filter(|(_, t)| !**t)
                .map(|(r, _)| Left {
                    label,
                    range: r.clone(),
                }),
        );
        b_left.extend(
            b.iter()
                .zip(&b_taken)
                .filter(|(_, t)| !**t)
                .map(|(r, _)| Left {
                    label,
                    range: r.clone(),
                }),
        );
        labels.push((
            label.to_string(),
            Counts {
                a: a.len(),
                b: b.len(),
                matched,
                overlap,
                tokens: token_table(&words, &a, &b),
            },
        ));
    }
    // The same range with different labels is one disagreement; the rest stand alone.
    let mut b_used = vec![false; b_left.len()];
    for x in &a_left {
        let twin = (0..b_left.len()).find(|&j| !b_used[j] && b_left[j].range == x.range);
        match twin {
            Some(j) => {
                b_used[j] = true;
                let y = &b_left[j];
                out.push(disagreement(
                    name,
                    doc,
                    Kind::Label,
                    Some((x.label, &x.range)),
                    Some((y.label, &y.range)),
                ));
            }
            None => out.push(disagreement(
                name,
                doc,
                Kind::OnlyA,
                Some((x.label, &x.range)),
                None,
            )),
        }
    }
    for (y, _) in b_left.iter().zip(&b_used).filter(|(_, u)| !**u) {
        out.push(disagreement(
            name,
            doc,
            Kind::OnlyB,
            None,
            Some((y.label, &y.range)),
        ));
    }
    Found {
        labels,
        tokens: words.len() as u64,
    }
}

/// Sorted, disjoint ranges covering `spans` (sorted by start).
fn merged(spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for s in spans.iter().filter(|s| !s.is_empty()) {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s.clone()),
        }
    }
    out
}

/// Whether each of `words` (in order) overlaps `cover` (merged), walked once.
struct Cover {
    ranges: Vec<Range<usize>>,
    at: usize,
}

impl Cover {
    fn new(spans: &[Range<usize>]) -> Cover {
        Cover {
            ranges: merged(spans),
            at: 0,
        }
    }

    fn has(&mut self, word: &Range<usize>) -> bool {
        while self
            .ranges
            .get(self.at)
            .is_some_and(|r| r.end <= word.start)
        {
            self.at += 1;
        }
        self.ranges.get(self.at).is_some_and(|r| r.start < word.end)
    }
}

/// The token table of one label in one text, without `neither`.
fn token_table(words: &[Range<usize>], a: &[Range<usize>], b: &[Range<usize>]) -> Tokens {
    let (mut in_a, mut in_b) = (Cover::new(a), Cover::new(b));
    let mut t = Tokens::default();
    for w in words {
        match (in_a.has(w), in_b.has(w)) {
            (true, true) => t.both += 1,
            (true, false) => t.a_only += 1,
            (false, true) => t.b_only += 1,
            (false, false) => {}
        }
    }
    t
}

/// Text of byte range `r`, whatever its boundaries.
fn slice(doc: &Document, r: &Range<usize>) -> String {
    match doc.text().get(r.clone()) {
        Some(s) => s.to_string(),
        None => doc
            .text()
            .as_bytes()
            .get(r.clone())
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default(),
    }
}

fn disagreement(
    file: &str,
    doc: &Document,
    kind: Kind,
    a: Option<(&str, &Range<usize>)>,
    b: Option<(&str, &Range<usize>)>,
) -> Disagreement {
    let both = a.iter().chain(b.iter()).map(|(_, r)| *r);
    let start = both.clone().map(|r| r.start).min().unwrap_or(0);
    let end = both.map(|r| r.end).max().unwrap_or(start);
    let chars = |r: &Range<usize>| [doc.byte_to_char(r.start), doc.byte_to_char(r.end)];
    Disagreement {
        file: file.to_string(),
        start: doc.byte_to_char(start),
        end: doc.byte_to_char(end),
        text: slice(doc, &(start..end)),
        kind,
        a: a.map_or(NOTHING, |(l, _)| l).to_string(),
        b: b.map_or(NOTHING, |(l, _)| l).to_string(),
        a_span: a.map(|(_, r)| chars(r)),
        b_span: b.map(|(_, r)| chars(r)),
    }
}

/// `s` between quotes, safe for a terminal: line ends, quotes, backslashes, controls and
/// invisible chars written as escapes; Arabic and its marks as they are.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` padded with spaces to `width` columns.
fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(s.width())));
    out
}

fn side(label: &str, span: Option<[usize; 2]>, line: [usize; 2]) -> String {
    match span {
        Some(s) if s != line => format!("{} {}-{}", sanitize(label), s[0], s[1]),
        _ => sanitize(label),
    }
}

impl Report {
    /// The table (label, |A|, |B|, exact P R F1, overlap F1, kappa; 3 decimals), then the
    /// texts that differ, then one line per disagreement:
    /// `file:start-end  "text"  A: Label  B: Label` (a side's own span follows its label
    /// when it is not the line's).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let rows: Vec<&Scores> = self.labels.iter().chain([&self.overall]).collect();
        let names: Vec<String> = rows.iter().map(|s| sanitize(&s.label)).collect();
        let w = names
            .iter()
            .map(|n| n.width())
            .chain([5])
            .max()
            .unwrap_or(5);
        let _ = writeln!(out, "files compared: {}", self.files);
        let _ = writeln!(
            out,
            "{}  {:>5}  {:>5}  {:>7}  {:>7}  {:>8}  {:>10}  {:>7}",
            pad("label", w),
            "|A|",
            "|B|",
            "exact P",
            "exact R",
            "exact F1",
            "overlap F1",
            "kappa"
        );
        for (s, name) in rows.iter().zip(&names) {
            let _ = writeln!(
                out,
                "{}  {:>5}  {:>5}  {:>7.3}  {:>7.3}  {:>8.3}  {:>10.3}  {:>7.3}",
                pad(name, w),
                s.a,
                s.b,
                s.precision,
                s.recall,
                s.f1,
                s.overlap_f1,
                s.kappa
            );
        }
        if self.orphans > 0 {
            let _ = writeln!(
                out,
                "{} orphaned annotations (not placed in their text) were not compared",
                self.orphans
            );
        }
        for d in &self.differing {
            let _ = writeln!(
                out,
                "{}: the two texts differ (sha256 {} and {}); not compared",
                sanitize(&d.file),
                d.a_sha256,
                d.b_sha256
            );
        }
        let _ = writeln!(out, "disagreements: {}", self.disagreements.len());
        for d in &self.disagreements {
            let line = [d.start, d.end];
            let _ = writeln!(
                out,
                "{}:{}-{}  {}  A: {}  B: {}",
                sanitize(&d.file),
                d.start,
                d.end,
                quoted(&d.text),
                side(&d.a, d.a_span, line),
                side(&d.b, d.b_span, line)
            );
        }
        out
    }

    /// The whole report as pretty JSON; no char in it steers a terminal.
    pub fn to_json(&self) -> String {
        super::json::to_string_pretty(self).unwrap_or_else(|e| {
            // Only maps with non-string keys fail, and the report has none.
            format!("{{\"error\": {:?}}}", e.to_string())
        })
    }
}

/// One of the two annotators' copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The first copy given, the reference.
    A,
    /// The second copy, measured against A.
    B,
}

/// Something pairing the two copies left out or assumed, to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairNote {
    /// Paired, but that side has no annotation file: counted as no annotations.
    NotAnnotated {
        /// The article.
        name: String,
        /// The copy without annotations.
        side: Side,
    },
    /// The article is in one copy only: not compared.
    OnlyIn {
        /// The article.
        name: String,
        /// The copy that has it.
        side: Side,
    },
}

impl PairNote {
    /// The note as a line for the user, naming the copies by the paths `a` and `b` given
    /// (not yet sanitized).
    pub fn message(&self, a: &Path, b: &Path) -> String {
        let copy = |side: &Side| match side {
            Side::A => a.display(),
            Side::B => b.display(),
        };
        match self {
            PairNote::NotAnnotated { name, side } => format!(
                "{name}: not annotated in {} (no .ron); counted as no annotations",
                copy(side)
            ),
            PairNote::OnlyIn { name, side } => format!("{name}: only in {}", copy(side)),
        }
    }
}

/// The pairs of articles to compare, and the notes on what pairing met.
#[derive(Debug)]
pub struct Pairing<'a> {
    /// In A's order.
    pub pairs: Vec<Pair<'a>>,
    /// In the order met: A's articles in turn, then those only in B.
    pub notes: Vec<PairNote>,
}

impl Pairing<'_> {
    /// An article of either copy has no partner, so the figures leave it out.
    pub fn unpaired(&self) -> bool {
        self.notes
            .iter()
            .any(|n| matches!(n, PairNote::OnlyIn { .. }))
    }
}

/// Pairs the articles of A with those of B (each named by its path in its copy). With
/// `by_path`, an article pairs with the one of the same name and any other is only in its
/// copy; without (two files given, whatever their names), A's first pairs with B's first.
pub fn pair<'a>(
    a: &'a [(String, Article)],
    b: &'a [(String, Article)],
    by_path: bool,
) -> Pairing<'a> {
    let mut pairing = Pairing {
        pairs: Vec::new(),
        notes: Vec::new(),
    };
    for (name, article) in a {
        let other = if by_path {
            b.iter().find(|(n, _)| n == name).map(|(_, r)| r)
        } else {
            b.first().map(|(_, r)| r)
        };
        let Some(other) = other else {
            pairing.notes.push(PairNote::OnlyIn {
                name: name.clone(),
                side: Side::A,
            });
            continue;
        };
        for (side, one) in [(Side::A, article), (Side::B, other)] {
            if one.loaded.new {
                pairing.notes.push(PairNote::NotAnnotated {
                    name: name.clone(),
                    side,
                });
            }
        }
        pairing.pairs.push(Pair {
            name: name.clone(),
            a: article,
            b: other,
        });
    }
    if by_path {
        for (name, _) in b.iter().filter(|(n, _)| !a.iter().any(|(m, _)| m == n)) {
            pairing.notes.push(PairNote::OnlyIn {
                name: name.clone(),
                side: Side::B,
            });
        }
    }
    pairing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::store::Loaded;
    use std::path::PathBuf;

    /// An article named `name`, with an annotation file unless `new`.
    fn article(name: &str, new: bool) -> (String, Article) {
        let article = Article {
            text_path: PathBuf::from(name),
            doc: Document::new(name, "نص".to_string()),
            loaded: Loaded {
                new,
                ..Loaded::default()
            },
        };
        (name.to_string(), article)
    }

    fn names(pairing: &Pairing) -> Vec<String> {
        pairing.pairs.iter().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn folders_pair_by_path_and_tell_what_is_in_one_only() {
        let a = [
            article("x.txt", false),
            article("only_a.txt", false),
            article("sub/y.txt", false),
        ];
        let b = [
            article("only_b.txt", false),
            article("sub/y.txt", false),
            article("x.txt", false),
        ];
        let pairing = pair(&a, &b, true);
        assert_eq!(names(&pairing), ["x.txt", "sub/y.txt"]);
        for p in &pairing.pairs {
            assert_eq!(p.a.text_path, p.b.text_path, "same article on both sides");
        }
        assert_eq!(
            pairing.notes,
            [
                PairNote::OnlyIn {
                    name: "only_a.txt".into(),
                    side: Side::A
                },
                PairNote::OnlyIn {
                    name: "only_b.txt".into(),
                    side: Side::B
                },
            ]
        );
        assert!(pairing.unpaired());
        let (pa, pb) = (Path::new("ann1"), Path::new("ann2"));
        assert_eq!(pairing.notes[0].message(pa, pb), "only_a.txt: only in ann1");
        assert_eq!(pairing.notes[1].message(pa, pb), "only_b.txt: only in ann2");
    }

    #[test]
    fn two_files_pair_whatever_their_names() {
        let a = [article("mine.txt", false)];
        let b = [article("theirs.txt", true)];
        let pairing = pair(&a, &b, false);
        assert_eq!(names(&pairing), ["mine.txt"], "named as in A");
        assert_eq!(pairing.pairs[0].b.text_path, PathBuf::from("theirs.txt"));
        assert!(!pairing.unpaired());
        // B has no annotation file: compared as empty, and said so.
        assert_eq!(
            pairing.notes,
            [PairNote::NotAnnotated {
                name: "mine.txt".into(),
                side: Side::B
            }]
        );
        assert_eq!(
            pairing.notes[0].message(Path::new("a.txt"), Path::new("b.txt")),
            "mine.txt: not annotated in b.txt (no .ron); counted as no annotations"
        );
        // B could not be read at all: A's article is alone.
        let pairing = pair(&a, &[], false);
        assert!(pairing.pairs.is_empty() && pairing.unpaired());
    }

    #[test]
    fn notes_follow_a_and_name_each_side_without_annotations() {
        let a = [article("1.txt", true), article("2.txt", false)];
        let b = [article("1.txt", true), article("2.txt", true)];
        let pairing = pair(&a, &b, true);
        let told: Vec<(String, Side)> = pairing
            .notes
            .iter()
            .map(|n| match n {
                PairNote::NotAnnotated { name, side } | PairNote::OnlyIn { name, side } => {
                    (name.clone(), *side)
                }
            })
            .collect();
        let want = [("1.txt", Side::A), ("1.txt", Side::B), ("2.txt", Side::B)];
        assert_eq!(told, want.map(|(n, s)| (n.to_string(), s)));
        assert!(!pairing.unpaired(), "all paired, though not all annotated");
    }
}
