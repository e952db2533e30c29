//! JSON Lines: one object per article, its text, its tokens and its spans with char
//! offsets, in the shape Prodigy reads and spaCy is fed from: `tokens` as
//! `{"text", "start", "end", "id", "ws"}` ([`crate::corpus::tokens`]: they give the text
//! back, and every span starts and ends on one), each span with `token_start` and
//! `token_end` (inclusive, as Prodigy counts). `Doc(vocab, words, spaces)` from the tokens
//! is the text, and `doc.char_span(start, end)` finds every span. Links to another
//! span (a claim to its speaker) are also Prodigy's `relations`, by token.

use super::{name_of, Article, CorpusError, Out};
use crate::annotate::Schema;
use crate::annotate::{Annotation, Status};
use crate::corpus::tokens;
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct JsonArticle<'a> {
    file: &'a str,
    text: &'a str,
    sha256: &'a str,
    annotator: Option<&'a str>,
    status: Status,
    tokens: Vec<JsonToken<'a>>,
    spans: Vec<JsonSpan<'a>>,
    relations: Vec<JsonRelation<'a>>,
}

/// A link as Prodigy's relations hold it: `head` and `child` are the last tokens of the
/// two spans (the claim and its speaker), each span given whole beside.
#[derive(Serialize)]
struct JsonRelation<'a> {
    head: usize,
    child: usize,
    head_span: JsonEnds<'a>,
    child_span: JsonEnds<'a>,
    label: &'a str,
}

#[derive(Serialize, Clone, Copy)]
struct JsonEnds<'a> {
    start: usize,
    end: usize,
    token_start: usize,
    token_end: usize,
    label: &'a str,
}

#[derive(Serialize)]
struct JsonToken<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

#[derive(Serialize)]
struct JsonSpan<'a> {
    id: u32,
    start: usize,
    end: usize,
    token_start: usize,
    token_end: usize,
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
/// status, tokens, and spans in text order, with char offsets.
pub fn jsonl_line<'a>(article: &'a Article, name: &'a str) -> String {
    let doc = &article.doc;
    let text = doc.text();
    let items = article.loaded.annotations.items();
    let ranges: Vec<_> = items.iter().map(|a| a.range.clone()).collect();
    let found = tokens::tokens(text, &ranges);
    // Char offsets, counted once along the text (a token at a time, not from the start).
    let mut chars = Vec::with_capacity(found.len() + 1);
    let mut count = 0;
    let mut at = 0;
    for t in &found {
        count += text[at..t.range.start].chars().count();
        chars.push(count);
        at = t.range.start;
    }
    count += text[at..].chars().count();
    chars.push(count);
    let token_at = |byte: usize| found.partition_point(|t| t.range.start < byte);
    let json_tokens = found
        .iter()
        .enumerate()
        .map(|(id, t)| JsonToken {
            text: &text[t.range.clone()],
            start: chars[id],
            end: chars[id + 1] - usize::from(t.ws),
            id,
            ws: t.ws,
        })
        .collect();
    let placed = |id: u32| items.iter().any(|b| b.id == id);
    let spans = items
        .iter()
        .map(|a: &Annotation| JsonSpan {
            id: a.id,
            start: doc.byte_to_char(a.range.start),
            end: doc.byte_to_char(a.range.end),
            token_start: token_at(a.range.start),
            // The token that ends where the span does (every span ends on one).
            token_end: token_at(a.range.end).saturating_sub(1),
            label: &a.label,
            text: text.get(a.range.clone()).unwrap_or(""),
            links: JsonLinks {
                entity: a.entity.as_deref(),
                country: a.country.as_deref(),
                speaker: a.speaker.filter(|&to| placed(to)),
            },
        })
        .collect::<Vec<JsonSpan>>();
    let ends = |s: &JsonSpan<'a>| JsonEnds {
        start: s.start,
        end: s.end,
        token_start: s.token_start,
        token_end: s.token_end,
        label: s.label,
    };
    let relations = spans
        .iter()
        .filter_map(|head| {
            let to = head.links.speaker?;
            let child = spans.iter().find(|s| s.id == to)?;
            Some(JsonRelation {
                head: head.token_end,
                child: child.token_end,
                head_span: ends(head),
                child_span: ends(child),
                label: super::RELATION,
            })
        })
        .collect();
    let object = JsonArticle {
        file: name,
        text,
        sha256: doc.sha256(),
        annotator: article.loaded.annotator.as_deref(),
        status: article.loaded.annotations.status(),
        tokens: json_tokens,
        spans,
        relations,
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
