//! brat standoff: a `.ann` per article (`T` spans cut at line ends, `R` links, `N` country
//! codes, `#` entity notes), the corpus's `annotation.conf`, and `tools.conf` with the
//! country codes as a normalization database (and the file brat makes it from).

use super::{clean, inside, one_line, Article, CorpusError, Out};
use crate::annotate::countries::{self, Gazetteer};
use crate::annotate::{Link, Schema};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// The relation name of a link to another annotation (`Link::Label`) in brat.
pub const RELATION: &str = "Attributed";

/// The database name of country codes in brat normalizations.
pub const ISO3166: &str = "ISO3166";

/// The prefix of the annotator note that holds a Speaker's entity.
pub const ENTITY_NOTE: &str = "entity: ";

/// The brat type of a label: brat type names cannot hold whitespace, which becomes `_`.
pub fn brat_type(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The brat fragments of byte range `range`, in bytes: the range cut at each line end
/// (`\n` or `\r\n`), the line ends left out. Empty fragments are dropped, except at the two
/// ends, so that the first start and the last end are the range's own.
pub fn fragments(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let slice = text.get(range.clone()).unwrap_or("");
    for i in memchr::memchr_iter(b'\n', slice.as_bytes()) {
        let nl = range.start + i;
        let end = if nl > start && text.as_bytes()[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        out.push(start..end);
        start = nl + 1;
    }
    out.push(start..range.end);
    let last = out.len() - 1;
    out.into_iter()
        .enumerate()
        .filter(|(i, r)| !r.is_empty() || *i == 0 || *i == last)
        .map(|(_, r)| r)
        .collect()
}

/// The text brat records for `fragments` (bytes) of `text`: each fragment's text, joined
/// by a space as brat does, with tabs and line ends made spaces.
pub fn fragments_text(text: &str, fragments: &[Range<usize>]) -> String {
    let pieces: Vec<&str> = fragments
        .iter()
        .map(|r| text.get(r.clone()).unwrap_or(""))
        .collect();
    one_line(&pieces.join(" "))
}

/// The `.ann` file of `article`: `T` lines for the spans (cut into fragments at line ends),
/// `R` lines (`Attributed`) for links to another annotation, `N` lines for country codes,
/// `#` notes for speaker entities. Each kind is numbered from 1 in text order. The schema
/// is not needed: a link is written as it is, and the importer checks it.
pub fn brat_ann(article: &Article, _schema: &Schema) -> String {
    let doc = &article.doc;
    let text = doc.text();
    let items = article.loaded.annotations.items();
    let mut out = String::new();
    for a in items {
        let frags = fragments(text, a.range.clone());
        let offsets: Vec<String> = frags
            .iter()
            .map(|r| format!("{} {}", doc.byte_to_char(r.start), doc.byte_to_char(r.end)))
            .collect();
        let _ = writeln!(
            out,
            "T{}\t{} {}\t{}",
            a.id,
            brat_type(&a.label),
            offsets.join(";"),
            fragments_text(text, &frags)
        );
    }
    let placed = |id: u32| items.iter().any(|b| b.id == id);
    let mut n = 0;
    for a in items {
        if let Some(to) = a.speaker.filter(|&to| placed(to)) {
            n += 1;
            let _ = writeln!(out, "R{n}\t{RELATION} Arg1:T{} Arg2:T{to}", a.id);
        }
    }
    let mut n = 0;
    for a in items {
        let Some(code) = a
            .country
            .as_deref()
            .filter(|c| countries::is_country_code(c))
        else {
            continue;
        };
        n += 1;
        let name = Gazetteer::builtin()
            .by_code(code)
            .map_or(code, |c| c.name.as_str());
        let _ = writeln!(
            out,
            "N{n}\tReference T{} {ISO3166}:{code}\t{}",
            a.id,
            clean(name)
        );
    }
    let mut n = 0;
    for a in items {
        if let Some(entity) = &a.entity {
            n += 1;
            let _ = writeln!(
                out,
                "#{n}\tAnnotatorNotes T{}\t{ENTITY_NOTE}{}",
                a.id,
                clean(entity)
            );
        }
    }
    out
}

/// brat's `annotation.conf` for `schema`: an entity type per label, the `Attributed`
/// relation for each link to another label, and overlapping spans allowed.
pub fn brat_conf(schema: &Schema) -> String {
    let mut out = String::from("# brat configuration written by hamish\n\n[entities]\n");
    for l in &schema.labels {
        let _ = writeln!(out, "{}", brat_type(&l.name));
    }
    out.push_str("\n[relations]\n");
    // One line per target label, the labels that link to it as alternatives.
    let mut targets: Vec<(&str, Vec<String>)> = Vec::new();
    for l in &schema.labels {
        if let Link::Label(target) = &l.link {
            let from = brat_type(&l.name);
            match targets.iter_mut().find(|(t, _)| t == target) {
                Some((_, froms)) => froms.push(from),
                None => targets.push((target, vec![from])),
            }
        }
    }
    for (target, froms) in &targets {
        let _ = writeln!(
            out,
            "{RELATION} Arg1:{}, Arg2:{}",
            froms.join("|"),
            brat_type(target)
        );
    }
    out.push_str("<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    out.push_str("\n[events]\n\n[attributes]\n");
    out
}

/// The file of country codes and names that brat's `tools/norm_db_init.py` turns into the
/// [`ISO3166`] normalization database (`norm_db_init.py ISO3166.tsv` writes
/// `ISO3166.db` in brat's work folder, where `DB:ISO3166` in `tools.conf` finds it). Not
/// `.txt`, which brat would list as a document.
pub const NORM_DB_FILE: &str = "ISO3166.tsv";

/// brat's `tools.conf`: brat's own tokenizer (whitespace) and sentences a line each, so
/// that brat's rows are the text's lines, where hamish cuts spans into fragments (brat's
/// default splitter also ends a sentence at `.`, `!` or `?` inside a line); and
/// [`ISO3166`] declared as a normalization database, so that brat shows the `N` lines
/// and looks codes up once the database is made from [`NORM_DB_FILE`].
pub fn tools_conf() -> String {
    format!(
        "# brat tools configuration written by hamish\n\n\
         [options]\n\
         Tokens\ttokenizer:whitespace\n\
         Sentences\tsplitter:newline\n\
         Validation\tvalidate:all\n\
         Annotation-log\tlogfile:<NONE>\n\n\
         [search]\n\n\
         [annotators]\n\n\
         [disambiguators]\n\n\
         [normalization]\n\
         # Made with: python3 tools/norm_db_init.py {NORM_DB_FILE} (in brat's folder)\n\
         {ISO3166}\tDB:{ISO3166}, <URL>:{ISO_URL}, <URLBASE>:{ISO_URLBASE}\n"
    )
}

/// The page where ISO 3166 codes are looked up.
pub const ISO_URL: &str = "https://www.iso.org/obp/ui/#search";

/// The page of one code, `%s` the code.
pub const ISO_URLBASE: &str = "https://www.iso.org/obp/ui/#iso:code:3166:%s";

/// The lines of [`NORM_DB_FILE`], one per country of the gazetteer in its order:
/// `CODE<TAB>name:Name:English<TAB>name:Arabic:…` (every Arabic name and other English
/// name as a `name`, so a search by any of them finds the code), the format
/// `norm_db_init.py` reads (`ID` then `TYPE:LABEL:STRING` triples).
pub fn norm_db(gazetteer: &Gazetteer) -> String {
    let mut out = String::new();
    for c in &gazetteer.countries {
        out.push_str(&clean(&c.code));
        let _ = write!(out, "\tname:Name:{}", clean(&c.name));
        for ar in &c.ar {
            let _ = write!(out, "\tname:Arabic:{}", clean(ar));
        }
        for en in &c.en {
            let _ = write!(out, "\tname:Also:{}", clean(en));
        }
        out.push('\n');
    }
    out
}

/// Writes `annotation.conf`, `tools.conf` and [`NORM_DB_FILE`] at the top, then `rel.txt`
/// and `rel.ann` per article.
pub fn write(
    articles: &[Article],
    root: &Path,
    schema: &Schema,
    out: &mut Out,
) -> Result<(), CorpusError> {
    out.put(Path::new("annotation.conf"), brat_conf(schema).as_bytes())?;
    out.put(Path::new("tools.conf"), tools_conf().as_bytes())?;
    out.put(
        Path::new(NORM_DB_FILE),
        norm_db(Gazetteer::builtin()).as_bytes(),
    )?;
    for a in articles {
        let rel = inside(&a.text_path, root);
        out.put(&rel.with_extension("txt"), a.doc.text().as_bytes())?;
        out.put(&rel.with_extension("ann"), brat_ann(a, schema).as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_leave_out_line_ends_and_keep_the_range_ends() {
        let text = "ab\r\n\ncd\n";
        assert_eq!(fragments(text, 0..2), vec![0..2]);
        assert_eq!(fragments(text, 1..7), [1..2, 5..7]);
        assert_eq!(fragments(text, 5..8), [5..7, 8..8]);
        assert_eq!(fragments(text, 2..6), [2..2, 5..6]);
        assert_eq!(fragments_text(text, &fragments(text, 1..8)), "b cd ");
    }
}
