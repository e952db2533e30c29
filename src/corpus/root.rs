//! Where a corpus begins and what its schema is. The corpus root is the nearest folder,
//! from an article or folder upward, that holds a `.hamish/` folder, as git finds `.git`;
//! its schema is `.hamish/schema.ron`. Every command finds it the same way, so `hamish
//! FOLDER`, `hamish sub/a.txt` and `hamish check sub/a.txt` agree on the labels.
//!
//! The schema used to be a `schema.ron` in the folder itself. That name is also the
//! annotation file of an article named `schema.txt`, so it is read only as a fallback:
//! when no `.hamish/` is found, no `schema.txt` is beside it and it is a valid schema,
//! with a notice to move it.

use crate::annotate::schema::SchemaError;
use crate::annotate::schema::DEFAULT_SCHEMA;
use crate::annotate::Schema;
use std::io;
use std::path::{Path, PathBuf};

/// The folder at the corpus root that holds its settings.
pub const DOT_FOLDER: &str = ".hamish";

/// The name of the schema inside [`DOT_FOLDER`] (and of the old schema beside articles).
pub const SCHEMA_FILE: &str = "schema.ron";

/// The line of `.gitattributes` that gives annotation files the hamish merge driver, and
/// the one that leaves the schema to git's own merge.
pub const GITATTRIBUTES: &[&str] = &["*.ron merge=hamish", ".hamish/*.ron merge=text"];

/// The lines of `.gitignore` for what hamish leaves beside articles while they are open:
/// the presence file of an open article and the temporary file of a save.
pub const GITIGNORE: &[&str] = &[".*.ron.lock", ".hamish-*.tmp"];

/// The commands that declare the merge driver in a clone (git keeps them out of the
/// repository: each annotator runs them once).
pub const GIT_CONFIG: &[&str] = &[
    "git config merge.hamish.name \"hamish annotations\"",
    "git config merge.hamish.driver \"hamish merge %O %A %B %P\"",
];

/// The schema of a corpus and where it came from.
#[derive(Debug)]
pub struct CorpusSchema {
    /// The labels.
    pub schema: Schema,
    /// The file it was read from; `None`: the built-in schema.
    pub file: Option<PathBuf>,
    /// What the user should know about it (an old `schema.ron` read).
    pub notice: Option<String>,
}

impl CorpusSchema {
    /// The file's name for messages (`built-in schema` when there is none).
    pub fn name(&self) -> String {
        self.file
            .as_ref()
            .map_or("the built-in schema".into(), |f| f.display().to_string())
    }
}

/// The folder `path` stands for: itself if a folder, else the folder it is in.
fn folder_of(path: &Path) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The corpus root of `path` (an article or a folder): the nearest folder upward that
/// holds [`DOT_FOLDER`].
pub fn root_of(path: &Path) -> Option<PathBuf> {
    let start = folder_of(path);
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    start
        .ancestors()
        .find(|dir| dir.join(DOT_FOLDER).is_dir())
        .map(Path::to_path_buf)
}

/// The schema of the corpus `path` belongs to: `.hamish/schema.ron` at its root; with no
/// root, an old `schema.ron` in the folder (see the module comment); else the built-in one.
pub fn schema_for(path: &Path) -> Result<CorpusSchema, SchemaError> {
    if let Some(root) = root_of(path) {
        let file = root.join(DOT_FOLDER).join(SCHEMA_FILE);
        return Ok(match Schema::load(&file)? {
            Some(schema) => CorpusSchema {
                schema,
                file: Some(file),
                notice: None,
            },
            None => built_in(),
        });
    }
    let old = folder_of(path).join(SCHEMA_FILE);
    if old.with_extension("txt").exists() {
        // The annotations of an article named `schema.txt`.
        return Ok(built_in());
    }
    let Some(schema) = Schema::load(&old)? else {
        return Ok(built_in());
    };
    Ok(CorpusSchema {
        schema,
        notice: Some(format!(
            "{} is read as the corpus schema; move it to {DOT_FOLDER}/{SCHEMA_FILE} \
             (`hamish init` does), so that an article may be named schema.txt",
            old.display()
        )),
        file: Some(old),
    })
}

fn built_in() -> CorpusSchema {
    CorpusSchema {
        schema: Schema::default(),
        file: None,
        notice: None,
    }
}

/// What `hamish init` did, for the user.
#[derive(Debug, Default)]
pub struct Init {
    /// The schema file, and whether it was written now (else it was there).
    pub schema: (PathBuf, bool),
    /// The old `schema.ron` the new one was copied from.
    pub copied_from: Option<PathBuf>,
    /// The `.gitattributes` file, and the lines added to it.
    pub gitattributes: (PathBuf, Vec<String>),
    /// The `.gitignore` file, and the lines added to it.
    pub gitignore: (PathBuf, Vec<String>),
}

/// Makes `folder` a corpus root: `.hamish/schema.ron` (the old `schema.ron` of the folder
/// when it is a valid schema, else the default one; an existing one is kept) and the
/// `.gitattributes` lines of the merge driver (added once).
pub fn init(folder: &Path) -> io::Result<Init> {
    init_with(folder, None)
}

/// [`init`], with `schema_text` (a `schema.ron`) as the schema written when the
/// folder has none, instead of the old one or the default one.
pub fn init_with(folder: &Path, schema_text: Option<&str>) -> io::Result<Init> {
    if !folder.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{}: not a folder", folder.display()),
        ));
    }
    let dot = folder.join(DOT_FOLDER);
    std::fs::create_dir_all(&dot)?;
    let schema = dot.join(SCHEMA_FILE);
    let mut done = Init {
        schema: (schema.clone(), false),
        ..Init::default()
    };
    if let (false, Some(content)) = (schema.exists(), schema_text) {
        crate::annotate::store::write_atomic(&schema, content.as_bytes())?;
        done.schema.1 = true;
    } else if !schema.exists() {
        let old = folder.join(SCHEMA_FILE);
        let copied = (!old.with_extension("txt").exists())
            .then(|| crate::fsio::read_bounded_string(&old, crate::fsio::DATA_LIMIT).ok())
            .flatten()
            .flatten()
            .filter(|s| Schema::parse(s, &old.display().to_string()).is_ok());
        if copied.is_some() {
            done.copied_from = Some(old);
        }
        let content = copied.unwrap_or_else(|| DEFAULT_SCHEMA.to_string());
        crate::annotate::store::write_atomic(&schema, content.as_bytes())?;
        done.schema.1 = true;
    }
    done.gitattributes = add_lines(&folder.join(".gitattributes"), GITATTRIBUTES)?;
    done.gitignore = add_lines(&folder.join(".gitignore"), GITIGNORE)?;
    Ok(done)
}

/// Adds to the file at `path` (made if missing) each of `lines` it does not hold yet.
fn add_lines(path: &Path, lines: &[&str]) -> io::Result<(PathBuf, Vec<String>)> {
    let had = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let missing: Vec<String> = lines
        .iter()
        .filter(|line| !had.lines().any(|l| l.trim() == **line))
        .map(|l| l.to_string())
        .collect();
    if !missing.is_empty() {
        let mut content = had;
        if !content.is_empty() && !content.ends_with('\n') {
            content.push('\n');
        }
        for line in &missing {
            content.push_str(line);
            content.push('\n');
        }
        crate::annotate::store::write_atomic(path, content.as_bytes())?;
    }
    Ok((path.to_path_buf(), missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Result = std::result::Result<(), Box<dyn std::error::Error>>;

    const ONE_LABEL: &str =
        "(labels: [(name: \"Place\", key: '1', colour: \"green\", link: None)])";

    #[test]
    fn the_root_is_found_upward_from_an_article_and_a_subfolder() -> Result {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir_all(root.join(".hamish"))?;
        std::fs::create_dir_all(root.join("a/b"))?;
        std::fs::write(root.join(".hamish/schema.ron"), ONE_LABEL)?;
        std::fs::write(root.join("a/b/x.txt"), "نص")?;
        let canon = std::fs::canonicalize(root)?;
        for from in [root.to_path_buf(), root.join("a"), root.join("a/b/x.txt")] {
            assert_eq!(root_of(&from).as_deref(), Some(canon.as_path()), "{from:?}");
            let found = schema_for(&from)?;
            assert_eq!(found.schema.labels[0].name, "Place");
            assert!(found.notice.is_none());
        }
        Ok(())
    }

    #[test]
    fn an_article_named_schema_keeps_its_annotations_out_of_the_schema() -> Result {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::write(root.join("schema.txt"), "نص")?;
        std::fs::write(root.join("schema.ron"), "(format: 2, text: ())")?;
        let found = schema_for(root)?;
        assert!(found.file.is_none(), "the built-in schema");
        assert_eq!(found.schema.labels, Schema::default().labels);
        Ok(())
    }

    #[test]
    fn an_old_schema_is_still_read_with_a_notice_and_init_moves_it() -> Result {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::write(root.join("schema.ron"), ONE_LABEL)?;
        std::fs::write(root.join("a.txt"), "نص")?;
        let found = schema_for(&root.join("a.txt"))?;
        assert_eq!(found.schema.labels[0].name, "Place");
        assert!(found
            .notice
            .as_deref()
            .unwrap_or("")
            .contains(".hamish/schema.ron"));
        let done = init(root)?;
        assert_eq!(
            done.copied_from.as_deref(),
            Some(root.join("schema.ron").as_path())
        );
        assert_eq!(
            std::fs::read_to_string(root.join(".hamish/schema.ron"))?,
            ONE_LABEL
        );
        let found = schema_for(root)?;
        assert_eq!(found.schema.labels[0].name, "Place");
        assert!(found.notice.is_none(), "the new place is used now");
        Ok(())
    }

    #[test]
    fn init_writes_the_default_schema_and_the_attributes_once() -> Result {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::write(root.join(".gitattributes"), "*.txt text")?;
        let first = init(root)?;
        assert!(first.schema.1);
        assert_eq!(first.gitattributes.1.len(), 2);
        assert_eq!(first.gitignore.1.len(), 2);
        assert_eq!(
            std::fs::read_to_string(root.join(".hamish/schema.ron"))?,
            DEFAULT_SCHEMA
        );
        let again = init(root)?;
        assert!(!again.schema.1, "an existing schema is kept");
        assert!(again.gitattributes.1.is_empty() && again.gitignore.1.is_empty());
        let attributes = std::fs::read_to_string(root.join(".gitattributes"))?;
        assert_eq!(
            attributes,
            "*.txt text\n*.ron merge=hamish\n.hamish/*.ron merge=text\n"
        );
        Ok(())
    }

    #[test]
    fn a_broken_schema_at_the_root_is_an_error_naming_it() -> Result {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join(".hamish"))?;
        std::fs::write(dir.path().join(".hamish/schema.ron"), "(labels: [")?;
        let err = schema_for(dir.path()).map(|_| ()).unwrap_err().to_string();
        assert!(err.contains(".hamish/schema.ron:1:"), "{err}");
        Ok(())
    }
}
