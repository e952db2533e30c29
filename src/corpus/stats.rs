//! `hamish stats`: annotations per label, each article's progress, and the speakers (by
//! entity) and countries (by code) met most often.

use super::Article;
use crate::annotate::Status;
use serde::Serialize;

/// One article's line in the stats.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileStats {
    /// The article, as the folder names it.
    pub file: String,
    /// "not started", "in progress" or "done".
    pub status: &'static str,
    /// Placed in the text.
    pub annotations: usize,
    /// Kept as orphans.
    pub orphans: usize,
}

/// What `hamish stats` reports of a folder.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// One per article, in the folder's order.
    pub files: Vec<FileStats>,
    /// Articles marked done.
    pub done: usize,
    /// Annotations per label, most first (ties by name).
    pub labels: Vec<(String, usize)>,
    /// Speakers by entity (or their words when no entity is set), most first.
    pub speakers: Vec<(String, usize)>,
    /// Countries by ISO code, most first.
    pub countries: Vec<(String, usize)>,
}

/// Sorted most first, then by name; at most `keep`.
fn ranked(map: std::collections::HashMap<String, usize>, keep: usize) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(keep);
    v
}

/// The status word of an article: nothing saved yet is "not started".
pub fn status_word(exists: bool, status: Status) -> &'static str {
    match (exists, status) {
        (false, _) => "not started",
        (true, Status::InProgress) => "in progress",
        (true, Status::Done) => "done",
    }
}

/// Stats of `articles`, named by `names` (paths relative to the corpus).
pub fn stats(
    articles: &[(String, Article)],
    top: usize,
    schema: &crate::annotate::Schema,
) -> Stats {
    use std::collections::HashMap;
    let (mut labels, mut speakers, mut countries) =
        (HashMap::new(), HashMap::new(), HashMap::new());
    let mut files = Vec::new();
    let mut done = 0;
    for (name, article) in articles {
        let loaded = &article.loaded;
        let annotations = &loaded.annotations;
        let status = status_word(!loaded.new, annotations.status());
        done += usize::from(status == "done");
        files.push(FileStats {
            file: name.clone(),
            status,
            annotations: annotations.len(),
            orphans: annotations.orphans().len(),
        });
        let text = article.doc.text();
        for a in annotations.items() {
            *labels.entry(a.label.clone()).or_insert(0) += 1;
            if let Some(code) = &a.country {
                *countries.entry(code.clone()).or_insert(0) += 1;
            }
            if *schema.link(&a.label) == crate::annotate::Link::Entity || a.entity.is_some() {
                let who = a
                    .entity
                    .clone()
                    .unwrap_or_else(|| text.get(a.range.clone()).unwrap_or("").to_string());
                *speakers.entry(who).or_insert(0) += 1;
            }
        }
    }
    Stats {
        files,
        done,
        labels: ranked(labels, usize::MAX),
        speakers: ranked(speakers, top),
        countries: ranked(countries, top),
    }
}

impl Stats {
    /// The stats as lines of text.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(out, "{} of {} done", self.done, self.files.len());
        let _ = writeln!(out, "\nannotations per label:");
        for (l, n) in &self.labels {
            let _ = writeln!(out, "  {n:>7}  {l}");
        }
        let _ = writeln!(out, "\nspeakers:");
        for (s, n) in &self.speakers {
            let _ = writeln!(out, "  {n:>7}  {s}");
        }
        let _ = writeln!(out, "\ncountries:");
        for (c, n) in &self.countries {
            let name = crate::annotate::countries::Gazetteer::builtin()
                .by_code(c)
                .map_or("", |c| c.name.as_str());
            let _ = writeln!(out, "  {n:>7}  {c} {name}");
        }
        let _ = writeln!(out, "\nfiles:");
        for f in &self.files {
            let orphans = if f.orphans > 0 {
                format!(", {} orphans", f.orphans)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {:<12} {:>6} ann.{orphans}  {}",
                f.status, f.annotations, f.file
            );
        }
        out
    }

    /// The stats as pretty-printed JSON, for `--json`; no char in it steers a terminal.
    pub fn to_json(&self) -> String {
        super::json::to_string_pretty(self).unwrap_or_default()
    }
}
