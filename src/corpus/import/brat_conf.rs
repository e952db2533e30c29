//! brat's `annotation.conf` read for a corpus that has no schema of its own: its entity
//! types become labels, its `Attributed` relations the links of one label to another, and
//! the `.ann` files tell which labels hold country codes (`N` lines `ISO3166:…`) and which
//! entities (`#` notes `entity: …`). [`corpus_schema`] writes the schema made from it.
//!
//! Of `annotation.conf` (brat's documentation, "Annotation configuration"): sections
//! `[entities]`, `[relations]`, `[events]`, `[attributes]`; in `[entities]` one type a line,
//! nested by tab indentation, `!Type` an abstract type (a parent only, not a label); `#`
//! begins a comment; `<NAME>=A|B` defines a macro that `<NAME>` stands for elsewhere; a
//! relation line is `Name Arg1:A|B, Arg2:C`, and `<OVERLAP>` lines say which spans may
//! overlap.

use crate::annotate::schema::Schema;
use crate::corpus::export::{ENTITY_NOTE, ISO3166, RELATION};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The name of brat's configuration of types.
pub const ANNOTATION_CONF: &str = "annotation.conf";

/// The colours given to labels in turn (the names `assets/schema.ron` uses).
pub const PALETTE: [&str; 12] = [
    "light_green",
    "light_yellow",
    "light_cyan",
    "light_magenta",
    "light_blue",
    "light_red",
    "green",
    "yellow",
    "cyan",
    "magenta",
    "blue",
    "red",
];

/// The keys given to labels in turn: 1..9, then the letters.
const KEYS: &str = "123456789abcdefghijklmnopqrstuvwxyz";

/// What an `annotation.conf` says that hamish can use.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Conf {
    /// The entity types that can be annotated, in the order of the file.
    pub entities: Vec<String>,
    /// `Attributed` relations: (from, to) type, in the order of the file.
    pub links: Vec<(String, String)>,
    /// What was not taken, each naming its line (`line 7: …`).
    pub notes: Vec<String>,
}

/// Whether brat reads `name` as one type name that hamish can keep as a label.
fn usable_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\\' | '\''))
}

/// Replaces each `<NAME>` of `macros` in `line` by its value.
fn expand(line: &str, macros: &[(String, String)]) -> String {
    let mut out = line.to_string();
    for (name, value) in macros {
        out = out.replace(name.as_str(), value);
    }
    out
}

/// Reads an `annotation.conf`.
pub fn parse(source: &str) -> Conf {
    let mut conf = Conf::default();
    let mut macros: Vec<(String, String)> = Vec::new();
    let mut section = String::new();
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    for (i, raw) in source.lines().enumerate() {
        let number = i + 1;
        let uncommented = raw.split('#').next().unwrap_or("");
        let line = uncommented.trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some((name, value)) = trimmed.split_once('=') {
            let name = name.trim();
            if name.starts_with('<') && name.ends_with('>') {
                macros.push((name.to_string(), value.trim().to_string()));
                continue;
            }
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = name.trim().to_string();
            continue;
        }
        let expanded = expand(trimmed, &macros);
        let mut note = |why: String| conf.notes.push(format!("line {number}: {why}: {trimmed}"));
        match section.as_str() {
            "entities" => {
                // brat reads the type as the first word; the rest would be arguments.
                let (name, rest) = match expanded.split_once([' ', '\t']) {
                    Some((n, r)) => (n, r.trim()),
                    None => (expanded.as_str(), ""),
                };
                if name.starts_with('!') {
                    continue;
                }
                if !rest.is_empty() {
                    note(format!(
                        "brat reads the type {name:?} and arguments {rest:?}; a label \
                         is one word, not taken"
                    ));
                } else if !usable_name(name) {
                    note(format!("{name:?} cannot be a label"));
                } else if conf.entities.iter().any(|e| e == name) {
                    note(format!("{name:?} is already a type"));
                } else {
                    conf.entities.push(name.to_string());
                }
            }
            "relations" => {
                let (name, args) = match expanded.split_once([' ', '\t']) {
                    Some((n, r)) => (n, r.trim()),
                    None => (expanded.as_str(), ""),
                };
                if name == "<OVERLAP>" {
                    continue;
                }
                if name != RELATION {
                    note(format!(
                        "relation {name:?} is not {RELATION}, the only link hamish keeps"
                    ));
                    continue;
                }
                let mut arg1 = Vec::new();
                let mut arg2 = Vec::new();
                for arg in args.split(',') {
                    match arg.trim().split_once(':') {
                        Some(("Arg1", types)) => arg1.extend(types.split('|').map(str::trim)),
                        Some(("Arg2", types)) => arg2.extend(types.split('|').map(str::trim)),
                        _ => {}
                    }
                }
                let (Some(&to), true) = (arg2.first(), !arg1.is_empty()) else {
                    note("not Arg1: and Arg2: types".into());
                    continue;
                };
                if arg2.len() > 1 {
                    note(format!(
                        "a label links to one label: {to} taken of {}",
                        arg2.join("|")
                    ));
                }
                for from in arg1 {
                    conf.links.push((from.to_string(), to.to_string()));
                }
            }
            _ => {}
        }
    }
    conf
}

/// The `annotation.conf` that brat would use for `path` (a folder, or an article in one):
/// in its folder, then in each folder above up to `top` (included); `None` when there is
/// none. Without `top`, only the folder of `path` is looked in.
pub fn find(path: &Path, top: Option<&Path>) -> Option<PathBuf> {
    let dir = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new("."))
    };
    for folder in dir.ancestors() {
        let conf = folder.join(ANNOTATION_CONF);
        if conf.is_file() {
            return Some(conf);
        }
        match top {
            Some(top) if folder != top && folder.starts_with(top) => {}
            _ => break,
        }
    }
    None
}

/// How the `.ann` files use each type: how many spans have an `ISO3166:` normalization,
/// and how many an `entity: ` note.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// Spans with a country code.
    pub codes: usize,
    /// Spans with an entity note.
    pub entities: usize,
}

/// Counts, per type, the spans of `ann` (one `.ann` file) that have country codes and
/// entity notes, into `seen`.
pub fn count_uses(ann: &str, seen: &mut HashMap<String, Seen>) {
    let mut types: HashMap<&str, &str> = HashMap::new();
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let mut fields = line.split('\t');
        if let (Some(id), Some(middle)) = (fields.next(), fields.next()) {
            if let Some(kind) = middle.split_whitespace().next() {
                types.insert(id, kind);
            }
        }
    }
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        let words: Vec<&str> = body.split_whitespace().collect();
        let on = match (id.chars().next(), &words[..]) {
            (Some('N'), ["Reference", on, reference])
                if reference.starts_with(&format!("{ISO3166}:")) =>
            {
                Some((*on, true))
            }
            (Some('#'), ["AnnotatorNotes", on])
                if fields.next().is_some_and(|n| n.starts_with(ENTITY_NOTE)) =>
            {
                Some((*on, false))
            }
            _ => None,
        };
        if let Some((kind, code)) = on.and_then(|(on, code)| Some((*types.get(on)?, code))) {
            let s = seen.entry(kind.to_string()).or_default();
            if code {
                s.codes += 1;
            } else {
                s.entities += 1;
            }
        }
    }
}

/// The text of a `schema.ron` for the labels of `conf`, their links from its relations and
/// from `seen`; and what the user should know (types left out, links not given).
///
/// A label is `CountryCode` when spans of it carry `ISO3166:` codes, `Entity` when they
/// carry `entity: ` notes or, having no other link, when an `Attributed` relation goes to
/// it (a speaker), and links to another label when an `Attributed` relation of
/// `conf` says so; one label has one link, in that order of preference, the others told.
pub fn schema_text(conf: &Conf, seen: &HashMap<String, Seen>) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let mut out = String::from(
        "// The labels of this corpus, made by `hamish import --from brat` from brat's\n\
         // annotation.conf (see the built-in schema for the fields).\n(\n    labels: [\n",
    );
    let keys: Vec<char> = KEYS.chars().collect();
    for (i, name) in conf.entities.iter().enumerate() {
        let Some(&key) = keys.get(i) else {
            notes.push(format!(
                "{name}: no key is left for it (at most {} labels); not a label",
                keys.len()
            ));
            continue;
        };
        let mut links: Vec<String> = Vec::new();
        for (from, to) in &conf.links {
            if from == name {
                if conf.entities.contains(to) {
                    links.push(format!("Label({to:?})"));
                } else {
                    notes.push(format!(
                        "{name}: its {RELATION} relation goes to {to:?}, which is not a label"
                    ));
                }
            }
        }
        let s = seen.get(name).copied().unwrap_or_default();
        if s.codes > 0 {
            links.push("CountryCode".into());
        }
        // What claims are attributed to is a speaker, whose mentions an entity groups,
        // even where no note names one yet.
        let attributed_to = conf
            .links
            .iter()
            .any(|(from, to)| to == name && conf.entities.contains(from));
        if s.entities > 0 || (links.is_empty() && attributed_to) {
            links.push("Entity".into());
        }
        let link = links.first().cloned().unwrap_or_else(|| "None".into());
        if links.len() > 1 {
            notes.push(format!(
                "{name}: a label has one link; {link} kept, not {}",
                links[1..].join(", ")
            ));
        }
        let colour = PALETTE[i % PALETTE.len()];
        let _ = writeln!(
            out,
            "        (name: {name:?}, key: '{key}', colour: {colour:?}, link: {link}),"
        );
    }
    out.push_str("    ],\n)\n");
    (out, notes)
}

/// What [`corpus_schema`] made.
#[derive(Debug)]
pub struct Made {
    /// The schema, as written.
    pub schema: Schema,
    /// The `annotation.conf` read.
    pub conf: PathBuf,
    /// The schema file written.
    pub written: PathBuf,
    /// What the user should know: types and links not taken, each naming its file.
    pub notes: Vec<String>,
}

/// Why no schema could be made from an `annotation.conf`.
#[derive(Debug, thiserror::Error)]
pub enum ConfError {
    /// The file could not be read.
    #[error(transparent)]
    Read(#[from] crate::fsio::ReadError),
    /// A folder could not be listed.
    #[error(transparent)]
    Corpus(#[from] crate::corpus::CorpusError),
    /// The labels made are not a schema (no entity type, for one).
    #[error("{}: {why}", .conf.display())]
    Unusable {
        /// The `annotation.conf`.
        conf: PathBuf,
        /// Why.
        why: String,
    },
    /// The schema could not be written.
    #[error("cannot write {}: {error}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the file system said.
        error: std::io::Error,
    },
}

/// For a brat corpus at `path` with no schema of its own: the schema made from the
/// `annotation.conf` brat would use ([`find`], up to `top`), written as
/// `.hamish/schema.ron` in `folder` (with what `hamish init` adds beside it), unless one is
/// there, which is never replaced. `None` when there is no `annotation.conf`.
pub fn corpus_schema(
    path: &Path,
    top: Option<&Path>,
    folder: &Path,
) -> Result<Option<Made>, ConfError> {
    let Some(conf_path) = find(path, top) else {
        return Ok(None);
    };
    let Some(source) = crate::fsio::read_bounded_string(&conf_path, crate::fsio::DATA_LIMIT)?
    else {
        return Ok(None);
    };
    let conf = parse(&source);
    let mut notes: Vec<String> = conf
        .notes
        .iter()
        .map(|n| format!("{}: {n}", conf_path.display()))
        .collect();
    let mut seen = HashMap::new();
    for ann in crate::corpus::files_with_extension(path, "ann")? {
        // One that cannot be read is told by the import itself.
        let read = crate::fsio::read_bounded_string(&ann, crate::fsio::DATA_LIMIT);
        if let Ok(Some(text)) = read {
            count_uses(&text, &mut seen);
        }
    }
    let (text, told) = schema_text(&conf, &seen);
    notes.extend(
        told.into_iter()
            .map(|n| format!("{}: {n}", conf_path.display())),
    );
    let unusable = |why: String| ConfError::Unusable {
        conf: conf_path.clone(),
        why,
    };
    if conf.entities.is_empty() {
        return Err(unusable("no entity type that can be a label".into()));
    }
    let schema = Schema::parse(&text, &conf_path.display().to_string())
        .map_err(|e| unusable(e.to_string()))?;
    let done =
        crate::corpus::root::init_with(folder, Some(&text)).map_err(|error| ConfError::Write {
            path: folder.join(crate::corpus::root::DOT_FOLDER),
            error,
        })?;
    let (written, new) = done.schema;
    if !new {
        // A schema appeared meanwhile: it is the corpus's, and it is kept.
        return Err(unusable(format!(
            "{} exists; not replaced",
            written.display()
        )));
    }
    Ok(Some(Made {
        schema,
        conf: conf_path,
        written,
        notes,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::schema::Link;

    const CONF: &str = "# a comment\n[entities]\n!Person\n\tPER\t# nested\n\tSpeaker\nClaim\n\
                        Country\nNamed Entity\n\n[relations]\n<ARG>=Claim\n\
                        Attributed Arg1:<ARG>, Arg2:Speaker|PER\n\
                        Located Arg1:PER, Arg2:Country\n\
                        <OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\
                        [events]\n[attributes]\n";

    #[test]
    fn entities_nested_abstract_and_macros_are_read() {
        let conf = parse(CONF);
        assert_eq!(conf.entities, ["PER", "Speaker", "Claim", "Country"]);
        assert_eq!(conf.links, [("Claim".to_string(), "Speaker".to_string())]);
        assert_eq!(conf.notes.len(), 3, "{:?}", conf.notes);
        assert!(conf.notes[0].starts_with("line 8: brat reads the type \"Named\""));
        assert!(conf.notes[1].starts_with("line 12: a label links to one label"));
        assert!(conf.notes[2].starts_with("line 13: relation \"Located\""));
    }

    #[test]
    fn links_come_from_relations_codes_and_notes() -> Result<(), Box<dyn std::error::Error>> {
        let ann = "T1\tSpeaker 0 3\tabc\nT2\tCountry 4 6\tde\nT3\tPER 7 8\tf\n\
                   N1\tReference T2 ISO3166:CN\tChina\n#1\tAnnotatorNotes T1\tentity: X\n\
                   #2\tAnnotatorNotes T3\tsomething else\n";
        let mut seen = HashMap::new();
        count_uses(ann, &mut seen);
        let (text, notes) = schema_text(&parse(CONF), &seen);
        assert!(notes.is_empty(), "{notes:?}");
        let schema = Schema::parse(&text, "made")?;
        let links: Vec<(&str, char, &Link)> = schema
            .labels
            .iter()
            .map(|l| (l.name.as_str(), l.key, &l.link))
            .collect();
        assert_eq!(
            links,
            [
                ("PER", '1', &Link::None),
                ("Speaker", '2', &Link::Entity),
                ("Claim", '3', &Link::Label("Speaker".into())),
                ("Country", '4', &Link::CountryCode),
            ]
        );
        Ok(())
    }

    #[test]
    fn what_claims_are_attributed_to_has_entities_without_a_note(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let (text, notes) = schema_text(&parse(CONF), &HashMap::new());
        assert!(notes.is_empty(), "{notes:?}");
        let schema = Schema::parse(&text, "made")?;
        assert_eq!(schema.link("Speaker"), &Link::Entity);
        assert_eq!(schema.link("PER"), &Link::None);
        assert_eq!(schema.link("Country"), &Link::None);
        Ok(())
    }

    #[test]
    fn the_conf_is_found_in_the_folder_or_above_up_to_the_top(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let top = dir.path();
        std::fs::create_dir_all(top.join("a/b"))?;
        std::fs::write(top.join(ANNOTATION_CONF), CONF)?;
        assert_eq!(
            find(&top.join("a/b"), Some(top)),
            Some(top.join(ANNOTATION_CONF))
        );
        assert_eq!(find(&top.join("a/b"), None), None);
        std::fs::write(top.join("a/x.txt"), "x")?;
        assert_eq!(
            find(&top.join("a/x.txt"), Some(top)),
            Some(top.join(ANNOTATION_CONF))
        );
        Ok(())
    }
}
