//! JSON Lines: one object per article, its text and spans with char offsets.

use super::{name_of, Article, CorpusError, Out};
use crate::annotate::Schema;
use crate::annotate::{Annotation, Status};
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct JsonArticle<'a> {
    file: &'a str,
    text: &'a str,
    sha256: &'a str,
    annotator: Option<&'a str>,
    status: Status,
    spans: Vec<JsonSpan<'a>>,
}

#[derive(Serialize)]
struct JsonSpan<'a> {
    id: u32,
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    links: JsonLinks<'a>,
}

#[derive(Serialize)]
struct JsonLinks<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<u32>,
}

/// One JSON object (no line end) for `article`, named `name`: its text, sha256, annotator,
/// status and spans in text order, with char offsets.
pub fn jsonl_line(article: &Article, name: &str) -> String {
    let doc = &article.doc;
    let text = doc.text();
    let spans = article
        .loaded
        .annotations
        .items()
        .iter()
        .map(|a: &Annotation| JsonSpan {
            id: a.id,
            start: doc.byte_to_char(a.range.start),
            end: doc.byte_to_char(a.range.end),
            label: &a.label,
            text: text.get(a.range.clone()).unwrap_or(""),
            links: JsonLinks {
                entity: a.entity.as_deref(),
                country: a.country.as_deref(),
                speaker: a.speaker,
            },
        })
        .collect();
    let object = JsonArticle {
        file: name,
        text,
        sha256: doc.sha256(),
        annotator: article.loaded.annotator.as_deref(),
        status: article.loaded.annotations.status(),
        spans,
    };
    // Strings, numbers and a unit enum: serializing them cannot fail.
    serde_json::to_string(&object).unwrap_or_default()
}

/// Writes `corpus.jsonl`, a line per article.
pub fn write(
    articles: &[Article],
    root: &Path,
    _schema: &Schema,
    out: &mut Out,
) -> Result<(), CorpusError> {
    let mut lines = String::new();
    for a in articles {
        lines.push_str(&jsonl_line(a, &name_of(a, root)));
        lines.push('\n');
    }
    out.put(Path::new("corpus.jsonl"), lines.as_bytes())
}
