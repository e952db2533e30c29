//! CoNLL, as NER readers load it (Hugging Face's conll2003 reader, flair's ColumnCorpus,
//! spaCy's `conll_ner2docs`, pandas, seqeval): CoNLL-2003 files, one per label
//! (`Speaker.conll`, `Claim.conll`, `Country.conll`), `token TAG` a line with BIO tags, a
//! blank line after each paragraph, `-DOCSTART- O` before each article, and no comment
//! line. One file per label because a CoNLL reader takes one tag a token, and
//! spans of different labels nest (a Country inside a Claim).
//!
//! The tokens are those of the JSON Lines ([`crate::corpus::tokens`]: UAX #29 words cut
//! at every span edge), whitespace left out, so that the tokens of each entity join (with
//! the text between them) to exactly its span. Within one label, nested spans keep the
//! outermost, and a span that overlaps an earlier one is left out: both are counted in a
//! note, and the JSON Lines keep them. A span never resumes across a paragraph end: each
//! paragraph's part begins with `B-`.
//!
//! The many-column file of earlier versions (`--format conll-multi`: one file per article,
//! a BIO column per label, `#` header lines, as flair's ColumnCorpus reads with a column
//! map) is kept, on the same tokens and tags.

use super::{brat_type, clean, inside, Article, CorpusError, Out};
use crate::annotate::Schema;
use crate::corpus::tokens::{self, Token};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// The line before each article. CoNLL-2003's is `-DOCSTART- -X- -X- O`, its `-X-` filling
/// the POS and chunk columns; in a file of two columns it is `-DOCSTART- O`. Tried with
/// the readers: with `-X-` in the tag column, flair's ColumnCorpus takes the column for
/// word tags and finds no span, and pandas reads the four fields as an index; spaCy's
/// `conll_ner2docs` splits documents only at `-DOCSTART- -X- O O`, which flair and pandas
/// misread the same way. `-DOCSTART- O` is read right by flair, pandas and every reader
/// that skips lines starting with `-DOCSTART-`; spaCy reads every entity from it, and
/// its recipe in the README goes through the JSON Lines instead.
pub const DOCSTART: &str = "-DOCSTART- O";

/// The file name of the article's text, for headers.
fn file_name(article: &Article) -> String {
    article.text_path.file_name().map_or_else(
        || article.doc.name.clone(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A tag: outside, or the first or a following token of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    O,
    B,
    I,
}

/// An article's word tokens (whitespace left out) by paragraph, and each label's tags on
/// them, with the count of spans of each label left out (nested or overlapping).
struct Tagged {
    /// Word tokens, in order.
    tokens: Vec<Token>,
    /// Each paragraph's tokens, as a range of `tokens`; paragraphs without any left out.
    paragraphs: Vec<Range<usize>>,
    /// `tags[label][token]`.
    tags: Vec<Vec<Tag>>,
    /// `left_out[label]`: spans not tagged.
    left_out: Vec<usize>,
}

fn tagged(article: &Article, schema: &Schema) -> Tagged {
    let doc = &article.doc;
    let items = article.loaded.annotations.items();
    let ranges: Vec<Range<usize>> = items.iter().map(|a| a.range.clone()).collect();
    let tokens: Vec<Token> = tokens::tokens(doc.text(), &ranges)
        .into_iter()
        .filter(|t| !t.space)
        .collect();
    let mut paragraphs = Vec::new();
    let mut first = 0;
    for p in 0..doc.len_paragraphs() {
        let end = doc.paragraph_range(p).end;
        let last = first + tokens[first..].partition_point(|t| t.range.start < end);
        if last > first {
            paragraphs.push(first..last);
        }
        first = last;
    }
    // Which paragraph each token is in, to begin each paragraph's part of a span anew.
    let mut paragraph_of = vec![0; tokens.len()];
    for (n, p) in paragraphs.iter().enumerate() {
        paragraph_of[p.clone()].fill(n);
    }
    let mut tags = vec![vec![Tag::O; tokens.len()]; schema.labels.len()];
    let mut left_out = vec![0; schema.labels.len()];
    for (l, label) in schema.labels.iter().enumerate() {
        // Outermost first: by start, the longest first at one start.
        let mut spans: Vec<&Range<usize>> = items
            .iter()
            .filter(|a| a.label == label.name)
            .map(|a| &a.range)
            .collect();
        spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut kept_end = 0;
        for r in spans {
            if r.start < kept_end {
                left_out[l] += 1;
                continue;
            }
            kept_end = r.end;
            let from = tokens.partition_point(|t| t.range.start < r.start);
            let to = tokens.partition_point(|t| t.range.start < r.end);
            for i in from..to {
                let begins = i == from || paragraph_of[i] != paragraph_of[i - 1];
                tags[l][i] = if begins { Tag::B } else { Tag::I };
            }
        }
    }
    Tagged {
        tokens,
        paragraphs,
        tags,
        left_out,
    }
}

/// `tag` of a label written as BIO.
fn bio(out: &mut String, tag: Tag, label: &str) {
    match tag {
        Tag::O => out.push('O'),
        Tag::B => {
            let _ = write!(out, "B-{label}");
        }
        Tag::I => {
            let _ = write!(out, "I-{label}");
        }
    }
}

/// The CoNLL-2003 lines of `article` for the label at `index` in `schema`: the
/// `-DOCSTART-` line and a blank one, then `token TAG` a line, a blank line after each
/// paragraph.
fn conll2003(article: &Article, tagged: &Tagged, label: &str, index: usize, out: &mut String) {
    let text = article.doc.text();
    out.push_str(DOCSTART);
    out.push_str("\n\n");
    for p in &tagged.paragraphs {
        for i in p.clone() {
            out.push_str(&text[tagged.tokens[i].range.clone()]);
            out.push(' ');
            bio(out, tagged.tags[index][i], label);
            out.push('\n');
        }
        out.push('\n');
    }
}

/// The file name of a label's CoNLL file: its brat type (no whitespace) with anything a
/// file name cannot hold made `_`, and `.conll`.
pub fn label_file(label: &str) -> String {
    let name: String = brat_type(label)
        .chars()
        .map(|c| if matches!(c, '/' | '\\') { '_' } else { c })
        .collect();
    let name = if name.starts_with('.') || name.is_empty() {
        format!("_{name}")
    } else {
        name
    };
    format!("{name}.conll")
}

/// The CoNLL-2003 files of `articles`, one per label of `schema` as ([`label_file`],
/// contents), and a note for each label some of whose spans could not be tagged.
pub fn conll_files(articles: &[Article], schema: &Schema) -> (Vec<(String, String)>, Vec<String>) {
    let mut files: Vec<(String, String)> = schema
        .labels
        .iter()
        .map(|l| (label_file(&l.name), String::new()))
        .collect();
    let mut left_out = vec![0; schema.labels.len()];
    for a in articles {
        let tagged = tagged(a, schema);
        for (l, label) in schema.labels.iter().enumerate() {
            conll2003(a, &tagged, &brat_type(&label.name), l, &mut files[l].1);
            left_out[l] += tagged.left_out[l];
        }
    }
    let notes = schema
        .labels
        .iter()
        .zip(&files)
        .zip(left_out)
        .filter(|(_, n)| *n > 0)
        .map(|((label, (file, _)), n)| left_out_note(file, n, &label.name))
        .collect();
    (files, notes)
}

/// What a CoNLL file (or files) `file` left out of `label`: `n` spans.
fn left_out_note(file: &str, n: usize, label: &str) -> String {
    format!(
        "{file}: {n} {label} spans inside or overlapping another {label} left out (a CoNLL \
         token has one tag a label); the JSON Lines keep them"
    )
}

/// Writes the CoNLL-2003 files, one per label, with a note of the spans left out.
pub fn write(
    articles: &[Article],
    _root: &Path,
    schema: &Schema,
    out: &mut Out,
) -> Result<(), CorpusError> {
    let (files, notes) = conll_files(articles, schema);
    for (name, body) in files {
        out.put(Path::new(&name), body.as_bytes())?;
    }
    for note in notes {
        out.note(note);
    }
    Ok(())
}

/// The many-column CoNLL file of `article`: `# file = …` and `# columns = token …` first,
/// then one token a line with a BIO tag for each label of `schema`, in its order,
/// tab-separated; a blank line between paragraphs.
pub fn conll(article: &Article, schema: &Schema) -> String {
    multi(article, &tagged(article, schema), schema)
}

fn multi(article: &Article, tagged: &Tagged, schema: &Schema) -> String {
    let text = article.doc.text();
    let mut out = String::new();
    let _ = writeln!(out, "# file = {}", clean(&file_name(article)));
    out.push_str("# columns = token");
    for l in &schema.labels {
        let _ = write!(out, " {}", brat_type(&l.name));
    }
    out.push('\n');
    let names: Vec<String> = schema.labels.iter().map(|l| brat_type(&l.name)).collect();
    for (n, p) in tagged.paragraphs.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        for i in p.clone() {
            out.push_str(&text[tagged.tokens[i].range.clone()]);
            for (l, name) in names.iter().enumerate() {
                out.push('\t');
                bio(&mut out, tagged.tags[l][i], name);
            }
            out.push('\n');
        }
    }
    out
}

/// Writes `rel.conll` per article, a BIO column per label, with a note of the spans left
/// out.
pub fn write_multi(
    articles: &[Article],
    root: &Path,
    schema: &Schema,
    out: &mut Out,
) -> Result<(), CorpusError> {
    let mut left_out = vec![0; schema.labels.len()];
    for a in articles {
        let rel = inside(&a.text_path, root);
        let tagged = tagged(a, schema);
        out.put(
            &rel.with_extension("conll"),
            multi(a, &tagged, schema).as_bytes(),
        )?;
        for (l, n) in tagged.left_out.iter().enumerate() {
            left_out[l] += n;
        }
    }
    for (label, n) in schema.labels.iter().zip(left_out) {
        if n > 0 {
            out.note(left_out_note("the .conll files", n, &label.name));
        }
    }
    Ok(())
}
