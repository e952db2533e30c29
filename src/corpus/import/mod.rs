//! Imports of annotations made with other tools, one module a format: [`brat`] (`.ann`
//! beside each text), [`doccano`] and [`label_studio`] (one file of a whole project), [`xmi`]
//! (UIMA CAS XMI, as INCEpTION exports it).
//!
//! The formats that carry their texts share the last steps here: the spans a reader found
//! ([`Draft`]) are checked against the text and the schema ([`build`]), and the article
//! is put in the corpus ([`place`]): its text written when the corpus does not have it,
//! compared when it does, and its annotation file written unless it exists (`--force`
//! replaces it) or nothing of it could be imported.
//!
//! Nothing is dropped silently: every line, span or file that cannot be used comes back as
//! a message.

pub mod brat;
pub mod brat_conf;
pub mod doccano;
pub mod label_studio;
pub mod xmi;

pub use brat::{from_brat, import_brat};

use super::CorpusError;
use crate::annotate::{countries, store, Annotation, Annotations, Link, Schema, Status};
use crate::text::{Document, LoadError};
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Something an import of a folder could not take, told as it is met; the rest goes on.
#[derive(Debug)]
pub enum Skipped {
    /// A `.ann` that could not be read (or is not a regular file, or not UTF-8); the error
    /// names it.
    Unreadable(crate::fsio::ReadError),
    /// The annotation file exists, and replacing it was not asked for.
    Exists {
        /// The annotation file kept.
        ron: PathBuf,
    },
    /// The text beside a `.ann` could not be read.
    Text(LoadError),
    /// A line of a `.ann` that was left out; the rest of that file is imported.
    Line {
        /// The file read.
        file: PathBuf,
        /// Where in it, the reason and what was there, as the reader tells them.
        problem: String,
    },
    /// The text of an article given back differs from the corpus's text of that name.
    TextDiffers {
        /// The corpus's text file, kept as it is.
        txt: PathBuf,
        /// Where the article came from (a file, and a line or task in it).
        from: String,
    },
    /// Nothing of an article could be imported, so no annotation file was written.
    Nothing {
        /// The annotation file not written.
        ron: PathBuf,
    },
    /// A `.ann` with no text beside it.
    NoText {
        /// The `.ann`.
        ann: PathBuf,
    },
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Skipped::Unreadable(e) => write!(f, "{e}"),
            Skipped::Exists { ron } => write!(
                f,
                "{} exists; not replaced (--force replaces it)",
                ron.display()
            ),
            Skipped::Text(e) => write!(f, "{e}"),
            Skipped::Line { file, problem } => write!(f, "{}: {problem}", file.display()),
            Skipped::TextDiffers { txt, from } => write!(
                f,
                "{from}: its text is not the text of {}; not imported",
                txt.display()
            ),
            Skipped::Nothing { ron } => write!(
                f,
                "{}: nothing to import for this article; not written",
                ron.display()
            ),
            Skipped::NoText { ann } => {
                write!(f, "{}: no .txt beside it; not imported", ann.display())
            }
        }
    }
}

/// Why an import stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The folder or file given could not be read.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// An annotation file could not be written: the disk or the folder refuses, so the
    /// files after it would fail as well.
    #[error("cannot write {}", .path.display())]
    Write {
        /// The annotation file.
        path: PathBuf,
        /// What the file system said.
        #[source]
        error: io::Error,
    },
}

/// What an import of a folder did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Annotation files written.
    pub written: usize,
    /// Things told to `on_skip`: when not 0, not everything was imported.
    pub skipped: usize,
}

/// A span as another tool gave it back, before it is checked. Offsets count chars
/// (Unicode scalar values), end exclusive; a reader of UTF-16 offsets converts first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The tool's id of the span, which links name. A number is kept as the annotation's
    /// id when it is one no other span of the article has.
    pub key: String,
    /// Where it was read, for messages (`task 3, result 2`).
    pub origin: String,
    /// The label, as the tool names it.
    pub label: String,
    /// First char.
    pub start: usize,
    /// Past the last char.
    pub end: usize,
    /// The text the tool says is there, if it says: checked against the article's text.
    pub text: Option<String>,
    /// A speaker's entity name.
    pub entity: Option<String>,
    /// A country code.
    pub country: Option<String>,
    /// The key of the span this one links to (a claim's speaker).
    pub speaker: Option<String>,
}

/// An article as another tool gave it back.
#[derive(Debug)]
pub struct Incoming {
    /// Its path in the corpus (`sub/a.txt`), from the tool's metadata or made up; only its
    /// plain parts are used, so it never leads out of the corpus.
    pub name: String,
    /// Where it came from, for messages (`export.jsonl: line 3`).
    pub from: String,
    /// Its text.
    pub text: String,
    /// Who annotated it, if the tool says.
    pub annotator: Option<String>,
    /// Whether it is done.
    pub status: Status,
    /// Its spans.
    pub drafts: Vec<Draft>,
}

/// The annotations of `doc` that `drafts` give, checked as hamish checks its own edits, and
/// a message (`origin: why`) for each draft or link left out: a label the schema does not
/// have, offsets outside the text or splitting a letter from its marks, a text that is
/// not the text at the offsets, a second span of one label on one range, a field or link
/// the label does not have, a country code that names no country, a link to a span that
/// is not there or has the wrong label.
pub fn build(doc: &Document, drafts: &[Draft], schema: &Schema) -> (Annotations, Vec<String>) {
    let text = doc.text();
    let mut messages = Vec::new();
    let mut kept: Vec<(usize, Annotation)> = Vec::new();
    for (i, d) in drafts.iter().enumerate() {
        let refuse = |why: String| format!("{}: {why}", d.origin);
        let Some(label) = schema.get(&d.label) else {
            messages.push(refuse(format!("label {:?} is not in the schema", d.label)));
            continue;
        };
        if d.start >= d.end {
            messages.push(refuse(format!(
                "empty or reversed span {}..{}",
                d.start, d.end
            )));
            continue;
        }
        let (Some(s), Some(e)) = (doc.char_to_byte(d.start), doc.char_to_byte(d.end)) else {
            messages.push(refuse(format!(
                "span {}..{} is past the end of the text ({} chars)",
                d.start,
                d.end,
                doc.len_chars()
            )));
            continue;
        };
        let found = &text[s..e];
        if let Some(said) = &d.text {
            if said != found {
                messages.push(refuse(format!(
                    "the text at {}..{} is {found:?}, not {said:?}",
                    d.start, d.end
                )));
                continue;
            }
        }
        if !store::on_boundaries(text, s, e) {
            messages.push(refuse("the span splits a letter from its marks".into()));
            continue;
        }
        if kept
            .iter()
            .any(|(_, b)| b.label == label.name && b.range == (s..e))
        {
            messages.push(refuse(format!(
                "a second {} span on {}..{}",
                label.name, d.start, d.end
            )));
            continue;
        }
        let mut a = Annotation::new(&label.name, s..e);
        let link = &label.link;
        if let Some(entity) = d.entity.as_ref().filter(|v| !v.trim().is_empty()) {
            if *link == Link::Entity {
                a.entity = Some(entity.clone());
            } else {
                messages.push(refuse(format!("a {} has no entity", label.name)));
            }
        }
        if let Some(code) = d.country.as_ref().filter(|v| !v.trim().is_empty()) {
            if *link != Link::CountryCode {
                messages.push(refuse(format!("a {} has no country code", label.name)));
            } else if countries::Gazetteer::builtin().by_code(code).is_none() {
                messages.push(refuse(format!(
                    "{code:?} is not the ISO 3166-1 alpha-2 code of a country"
                )));
            } else {
                a.country = Some(code.clone());
            }
        }
        kept.push((i, a));
    }
    // Ids: the tool's own number where it is a number no other kept span has (so that an
    // export read back keeps its ids), else new ones past them, in text order.
    let mut count: HashMap<u32, usize> = HashMap::new();
    for (i, _) in &kept {
        if let Ok(n) = drafts[*i].key.parse::<u32>() {
            *count.entry(n).or_default() += 1;
        }
    }
    let own = |i: usize| {
        drafts[i]
            .key
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0 && count.get(n) == Some(&1))
    };
    let mut next = kept.iter().filter_map(|(i, _)| own(*i)).max().unwrap_or(0);
    kept.sort_by_key(|(_, a)| (a.range.start, a.range.end));
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (n, (i, a)) in kept.iter_mut().enumerate() {
        a.id = match own(*i) {
            Some(id) => id,
            None => {
                next += 1;
                next
            }
        };
        by_key.entry(drafts[*i].key.as_str()).or_insert(n);
    }
    // Links, once every span has its id.
    let mut links = Vec::new();
    for (n, (i, a)) in kept.iter().enumerate() {
        let d = &drafts[*i];
        let Some(to) = &d.speaker else { continue };
        let refuse = |why: String| format!("{}: {why}", d.origin);
        let Some(&m) = by_key.get(to.as_str()) else {
            messages.push(refuse(format!(
                "its link goes to {to:?}, which was not imported"
            )));
            continue;
        };
        let target = &kept[m].1;
        match schema.link(&a.label) {
            Link::Label(t) if *t == target.label => links.push((n, target.id)),
            _ => messages.push(refuse(format!(
                "the schema does not let a {} link to a {}",
                a.label, target.label
            ))),
        }
    }
    for (n, id) in links {
        kept[n].1.speaker = Some(id);
    }
    let items = kept.into_iter().map(|(_, a)| a).collect();
    (
        Annotations::new(items, vec![], Status::InProgress),
        messages,
    )
}

/// `name` as a path below the corpus: its plain parts only (no root, no `..`), ending in
/// `.txt`; `None` when nothing is left.
pub fn corpus_path(name: &str) -> Option<PathBuf> {
    let kept: PathBuf = Path::new(name)
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p),
            _ => None,
        })
        .collect();
    if kept.as_os_str().is_empty() {
        return None;
    }
    Some(if kept.extension().is_some_and(|e| e == "txt") {
        kept
    } else {
        let mut with = kept.into_os_string();
        with.push(".txt");
        PathBuf::from(with)
    })
}

/// Puts `incoming` into the corpus at `into`, its spans checked against `schema`: when the
/// corpus has no text of its name, the text is written there (a new file, never through a
/// link); when it has, the two must be the same text. Then its annotation file is written,
/// unless it exists (and `force` is not given) or no span was imported. Whatever is left
/// out goes to `skip`. Returns whether an annotation file was written.
pub fn place(
    into: &Path,
    incoming: &Incoming,
    schema: &Schema,
    force: bool,
    skip: &mut dyn FnMut(Skipped),
) -> Result<bool, ImportError> {
    let Some(rel) = corpus_path(&incoming.name) else {
        skip(Skipped::Line {
            file: PathBuf::from(&incoming.from),
            problem: format!("{:?} is not a name for an article", incoming.name),
        });
        return Ok(false);
    };
    let txt = into.join(&rel);
    let ron = store::ron_path(&txt);
    let doc = if txt.exists() {
        let doc = crate::text::load(&txt).map_err(|e| ImportError::Corpus(e.into()))?;
        if doc.text() != incoming.text {
            skip(Skipped::TextDiffers {
                txt,
                from: incoming.from.clone(),
            });
            return Ok(false);
        }
        doc
    } else {
        write_new(&txt, incoming.text.as_bytes())?;
        Document::new(rel.display().to_string(), incoming.text.clone())
    };
    if ron.exists() && !force {
        skip(Skipped::Exists { ron });
        return Ok(false);
    }
    let (mut annotations, problems) = build(&doc, &incoming.drafts, schema);
    for problem in problems {
        skip(Skipped::Line {
            file: PathBuf::from(&incoming.from),
            problem,
        });
    }
    if annotations.is_empty() {
        if !incoming.drafts.is_empty() {
            skip(Skipped::Nothing { ron });
        }
        return Ok(false);
    }
    if incoming.status == Status::Done {
        annotations.toggle_status();
    }
    let body = store::render(&doc, &annotations, incoming.annotator.as_deref());
    store::write_atomic(&ron, body.as_bytes())
        .map_err(|error| ImportError::Write { path: ron, error })?;
    Ok(true)
}

/// Writes the new file `path` (its folders made), refusing to write through anything there.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    use std::io::Write as _;
    let fail = |error: io::Error| ImportError::Write {
        path: path.to_path_buf(),
        error,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(fail)
}

/// Imports `incoming` (every article a tool gave back) into the corpus at `into`, as
/// [`place`] does each.
pub fn place_all(
    into: &Path,
    incoming: &[Incoming],
    schema: &Schema,
    force: bool,
    mut on_skip: impl FnMut(Skipped),
) -> Result<Summary, ImportError> {
    let mut skipped = 0;
    let mut skip = |s: Skipped| {
        skipped += 1;
        on_skip(s);
    };
    let mut written = 0;
    for article in incoming {
        if place(into, article, schema, force, &mut skip)? {
            written += 1;
        }
    }
    Ok(Summary { written, skipped })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "قال كيري إن الصين مهمة.\n";

    fn draft(key: &str, label: &str, start: usize, end: usize) -> Draft {
        Draft {
            key: key.into(),
            origin: format!("span {key}"),
            label: label.into(),
            start,
            end,
            ..Draft::default()
        }
    }

    #[test]
    fn build_keeps_good_spans_with_their_ids_and_links() {
        let doc = Document::new("a.txt", TEXT.to_string());
        let mut speaker = draft("7", "Speaker", 4, 8);
        speaker.entity = Some("John Kerry".into());
        speaker.text = Some("كيري".into());
        let mut claim = draft("x", "Claim", 9, 22);
        claim.speaker = Some("7".into());
        let mut country = draft("3", "Country", 12, 17);
        country.country = Some("CN".into());
        let (a, messages) = build(&doc, &[speaker, claim, country], &Schema::default());
        assert_eq!(messages, Vec::<String>::new());
        let got: Vec<(u32, &str, &str)> = a
            .items()
            .iter()
            .map(|x| (x.id, x.label.as_str(), &TEXT[x.range.clone()]))
            .collect();
        // Numbers kept; "x" gets the next id past them.
        assert_eq!(
            got,
            [
                (7, "Speaker", "كيري"),
                (8, "Claim", "إن الصين مهمة"),
                (3, "Country", "الصين")
            ]
        );
        assert_eq!(a.get(8).and_then(|c| c.speaker), Some(7));
        assert_eq!(
            a.get(7).and_then(|s| s.entity.as_deref()),
            Some("John Kerry")
        );
        assert_eq!(a.get(3).and_then(|c| c.country.as_deref()), Some("CN"));
    }

    #[test]
    fn build_tells_every_span_and_link_it_leaves_out() {
        let doc = Document::new("a.txt", "قال مُحَمَّد إن الصين.\n".to_string());
        let mut wrong_text = draft("4", "Speaker", 0, 3);
        wrong_text.text = Some("كيري".into());
        let mut entity_on_country = draft("5", "Country", 16, 21);
        entity_on_country.entity = Some("x".into());
        let mut bad_code = draft("6", "Country", 4, 12);
        bad_code.country = Some("XX".into());
        let mut dangling = draft("7", "Claim", 13, 21);
        dangling.speaker = Some("99".into());
        let mut wrong_target = draft("8", "Claim", 0, 21);
        wrong_target.speaker = Some("5".into());
        let drafts = [
            draft("1", "Person", 0, 3),
            draft("2", "Speaker", 3, 3),
            draft("3", "Speaker", 0, 500),
            wrong_text,
            // Inside مُحَمَّد, between a letter and its mark.
            draft("9", "Speaker", 4, 5),
            entity_on_country,
            bad_code,
            dangling,
            wrong_target,
            draft("10", "Country", 16, 21),
        ];
        let (a, messages) = build(&doc, &drafts, &Schema::default());
        let want = [
            "span 1: label \"Person\" is not in the schema",
            "span 2: empty or reversed span 3..3",
            "span 3: span 0..500 is past the end of the text (23 chars)",
            "span 4: the text at 0..3 is \"قال\", not \"كيري\"",
            "span 9: the span splits a letter from its marks",
            "span 5: a Country has no entity",
            "span 6: \"XX\" is not the ISO 3166-1 alpha-2 code of a country",
            "span 10: a second Country span on 16..21",
            "span 8: the schema does not let a Claim link to a Country",
            "span 7: its link goes to \"99\", which was not imported",
        ];
        assert_eq!(messages, want);
        // The spans themselves are kept where only a field or a link was wrong.
        assert_eq!(a.len(), 4, "{:?}", a.items());
        assert!(a
            .items()
            .iter()
            .all(|x| x.entity.is_none() && x.country.is_none() && x.speaker.is_none()));
    }

    #[test]
    fn corpus_paths_stay_inside_and_end_in_txt() {
        let p = |s: &str| corpus_path(s).map(|p| p.display().to_string());
        assert_eq!(p("sub/a.txt").as_deref(), Some("sub/a.txt"));
        assert_eq!(p("../../etc/passwd").as_deref(), Some("etc/passwd.txt"));
        assert_eq!(p("/abs/b").as_deref(), Some("abs/b.txt"));
        assert_eq!(p(".."), None);
        assert_eq!(p(""), None);
    }

    type Result = std::result::Result<(), Box<dyn std::error::Error>>;

    fn incoming(name: &str, text: &str, drafts: Vec<Draft>) -> Incoming {
        Incoming {
            name: name.into(),
            from: "export.json: task 1".into(),
            text: text.into(),
            annotator: Some("ليلى".into()),
            status: Status::Done,
            drafts,
        }
    }

    #[test]
    fn place_writes_new_texts_checks_old_ones_and_never_replaces_unasked() -> Result {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        let schema = Schema::default();
        let mut told = Vec::new();
        let mut skip = |s: Skipped| told.push(s.to_string());
        // New: the text and its annotations are written.
        let new = incoming("sub/a.txt", TEXT, vec![draft("1", "Speaker", 4, 8)]);
        assert!(place(root, &new, &schema, false, &mut skip)?);
        assert_eq!(std::fs::read_to_string(root.join("sub/a.txt"))?, TEXT);
        let ron = std::fs::read_to_string(root.join("sub/a.ron"))?;
        assert!(ron.contains("كيري") && ron.contains("Done"), "{ron}");
        // Again: the annotation file exists and is kept.
        assert!(!place(root, &new, &schema, false, &mut skip)?);
        assert!(place(root, &new, &schema, true, &mut skip)?);
        // Another text under that name is not imported over it.
        let other = incoming("sub/a.txt", "نص آخر\n", vec![draft("1", "Speaker", 0, 2)]);
        assert!(!place(root, &other, &schema, true, &mut skip)?);
        assert_eq!(std::fs::read_to_string(root.join("sub/a.txt"))?, TEXT);
        // Nothing that can be imported: no annotation file, but the text comes in.
        let nothing = incoming("b.txt", TEXT, vec![draft("1", "Person", 4, 8)]);
        assert!(!place(root, &nothing, &schema, false, &mut skip)?);
        assert!(root.join("b.txt").exists() && !root.join("b.ron").exists());
        assert_eq!(told.len(), 4, "{told:?}");
        assert!(told[0].ends_with("a.ron exists; not replaced (--force replaces it)"));
        assert!(told[1].contains("export.json: task 1: its text is not the text of"));
        assert!(told[2].contains("label \"Person\" is not in the schema"));
        assert!(told[3].ends_with("b.ron: nothing to import for this article; not written"));
        Ok(())
    }
}
