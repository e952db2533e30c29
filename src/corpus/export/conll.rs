//! CoNLL: one token a line with a BIO tag per label.

use super::{brat_type, clean, inside, one_line, Article, CorpusError, Out};
use crate::annotate::Schema;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;
use unicode_segmentation::UnicodeSegmentation;

/// The file name of the article's text, for headers.
fn file_name(article: &Article) -> String {
    article.text_path.file_name().map_or_else(
        || article.doc.name.clone(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The CoNLL file of `article`: `# file = …` and `# columns = token …` first, then one
/// token a line (the word segments of UAX #29 that are not whitespace) with a BIO tag for
/// each label of `schema`, in its order; a blank line between paragraphs. A token is in a
/// span when they overlap; the first token of each span is its `B-`.
pub fn conll(article: &Article, schema: &Schema) -> String {
    let doc = &article.doc;
    let text = doc.text();
    // Tokens (byte ranges), by paragraph; paragraphs without tokens are left out.
    let mut paragraphs: Vec<Range<usize>> = Vec::new();
    let mut tokens: Vec<Range<usize>> = Vec::new();
    for p in 0..doc.len_paragraphs() {
        let range = doc.paragraph_range(p);
        let first = tokens.len();
        for (at, seg) in doc.paragraph(p).split_word_bound_indices() {
            if !seg.chars().all(char::is_whitespace) {
                let start = range.start + at;
                tokens.push(start..start + seg.len());
            }
        }
        if tokens.len() > first {
            paragraphs.push(first..tokens.len());
        }
    }
    // tags[label][token]: 0 O, 1 I, 2 B.
    let mut tags = vec![vec![0u8; tokens.len()]; schema.labels.len()];
    for a in article.loaded.annotations.items() {
        let Some(l) = schema.index(&a.label) else {
            continue;
        };
        let first = tokens.partition_point(|t| t.end <= a.range.start);
        for (i, t) in tokens.iter().enumerate().skip(first) {
            if t.start >= a.range.end {
                break;
            }
            let tag = if i == first { 2 } else { 1 };
            tags[l][i] = tags[l][i].max(tag);
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "# file = {}", clean(&file_name(article)));
    out.push_str("# columns = token");
    for l in &schema.labels {
        let _ = write!(out, " {}", brat_type(&l.name));
    }
    out.push('\n');
    for (n, p) in paragraphs.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        for i in p.clone() {
            out.push_str(&one_line(text.get(tokens[i].clone()).unwrap_or("")));
            for (l, label) in schema.labels.iter().enumerate() {
                match tags[l][i] {
                    2 => {
                        let _ = write!(out, "\tB-{}", brat_type(&label.name));
                    }
                    1 => {
                        let _ = write!(out, "\tI-{}", brat_type(&label.name));
                    }
                    _ => out.push_str("\tO"),
                }
            }
            out.push('\n');
        }
    }
    out
}

/// Writes `rel.conll` per article, a BIO column per label.
pub fn write_multi(
    articles: &[Article],
    root: &Path,
    schema: &Schema,
    out: &mut Out,
) -> Result<(), CorpusError> {
    for a in articles {
        let rel = inside(&a.text_path, root);
        out.put(&rel.with_extension("conll"), conll(a, schema).as_bytes())?;
    }
    Ok(())
}

/// Writes CoNLL-2003 files, one per label.
pub fn write(
    articles: &[Article],
    root: &Path,
    schema: &Schema,
    out: &mut Out,
) -> Result<(), CorpusError> {
    write_multi(articles, root, schema, out)
}
