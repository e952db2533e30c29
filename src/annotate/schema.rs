//! Labels: their names, keys, colours and what each links to, read from a `schema.ron`
//! (`assets/schema.ron` is built in).

use serde::Deserialize;
use std::path::Path;

/// The built-in schema.
pub const DEFAULT_SCHEMA: &str = include_str!("../../assets/schema.ron");

/// What an annotation with a label points to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
pub enum Link {
    /// Nothing: the span and its label are all.
    #[default]
    None,
    /// A name that groups mentions of one speaker ("كيري" and "جون كيري": "John Kerry").
    Entity,
    /// An ISO 3166-1 alpha-2 code.
    CountryCode,
    /// Another annotation, with this label (a Claim to its Speaker).
    Label(String),
}

/// One label of a schema.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Label {
    /// Its name, as annotations and exports carry it.
    pub name: String,
    /// The key that tags a selection with it.
    pub key: char,
    /// A colour name or `#rrggbb`; the terminal side reads it.
    pub colour: String,
    /// What its annotations point to.
    #[serde(default)]
    pub link: Link,
}

/// What a label is for, as the built-in rules (suggestions) know it. A corpus may name its
/// labels as it likes: the roles are found from the links, not from the names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The first label that links to an entity.
    Speaker,
    /// The first label that links to the Speaker's label.
    Claim,
    /// The first label that links to a country code.
    Country,
}

impl Role {
    /// Every role, in the order suggestions on one span are listed.
    pub const ALL: [Role; 3] = [Role::Speaker, Role::Claim, Role::Country];
}

/// The labels of a corpus and how they are used.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "SchemaFile")]
pub struct Schema {
    /// In the order of the file: the order of the help screen, the legend and exports.
    pub labels: Vec<Label>,
    /// Show suggestions (pre-annotation) when an article opens; off unless a corpus asks.
    pub suggestions: bool,
    /// The index in `labels` of the label of each role (in [`Role::ALL`]'s order), resolved
    /// from the links when the schema is made.
    roles: [Option<usize>; 3],
}

/// A `schema.ron` as written.
#[derive(Deserialize)]
struct SchemaFile {
    labels: Vec<Label>,
    #[serde(default)]
    suggestions: bool,
}

impl From<SchemaFile> for Schema {
    fn from(file: SchemaFile) -> Schema {
        Schema::new(file.labels, file.suggestions)
    }
}

/// Why a schema cannot be used; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// Not RON, or not the shape of a schema.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file, as named in messages.
        file: String,
        /// From 1.
        line: usize,
        /// From 1.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// Well formed, but not a usable schema (two labels with one key, a dangling link).
    #[error("{file}: {message}")]
    Invalid {
        /// The file, as named in messages.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The file is not one to read (a FIFO, a device, too big, not UTF-8) or could not
    /// be read.
    #[error(transparent)]
    Read(#[from] crate::fsio::ReadError),
}

impl Default for Schema {
    fn default() -> Schema {
        // The built-in schema is checked by a test; this cannot fail in a released build.
        Schema::parse(DEFAULT_SCHEMA, "assets/schema.ron")
            .unwrap_or_else(|_| Schema::new(Vec::new(), false))
    }
}

impl Schema {
    /// A schema of `labels`, its roles resolved from their links. Not checked: [`parse`]
    /// checks what a file gives.
    ///
    /// [`parse`]: Schema::parse
    pub fn new(labels: Vec<Label>, suggestions: bool) -> Schema {
        let find = |want: &dyn Fn(&Link) -> bool| labels.iter().position(|l| want(&l.link));
        let speaker = find(&|l| *l == Link::Entity);
        let claim = speaker.and_then(|s| find(&|l| *l == Link::Label(labels[s].name.clone())));
        let country = find(&|l| *l == Link::CountryCode);
        Schema {
            roles: [speaker, claim, country],
            labels,
            suggestions,
        }
    }

    /// The label that plays `role` here, if any does.
    pub fn label_for(&self, role: Role) -> Option<&Label> {
        self.roles[role as usize].and_then(|i| self.labels.get(i))
    }

    /// The role label `name` plays, if any.
    pub fn role(&self, name: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|&r| self.label_for(r).is_some_and(|l| l.name == name))
    }

    /// Parses a schema; `file` names it in errors.
    pub fn parse(source: &str, file: &str) -> Result<Schema, SchemaError> {
        let schema: Schema = ron::from_str(source).map_err(|e| SchemaError::Syntax {
            file: file.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?;
        schema.validate(file)?;
        Ok(schema)
    }

    /// Reads and parses the schema file at `path`; `None` when there is none. Only a
    /// regular file of at most [`crate::fsio::DATA_LIMIT`] bytes is read.
    pub fn load(path: &Path) -> Result<Option<Schema>, SchemaError> {
        let file = path.display().to_string();
        crate::fsio::read_bounded_string(path, crate::fsio::DATA_LIMIT)?
            .map(|source| Schema::parse(&source, &file))
            .transpose()
    }

    fn validate(&self, file: &str) -> Result<(), SchemaError> {
        let invalid = |message: String| SchemaError::Invalid {
            file: file.to_string(),
            message,
        };
        for (i, label) in self.labels.iter().enumerate() {
            if label.name.is_empty() || label.name.chars().any(|c| c.is_control()) {
                return Err(invalid(format!("label {} has no usable name", i + 1)));
            }
            for other in &self.labels[..i] {
                if other.name == label.name {
                    return Err(invalid(format!("label {:?} is defined twice", label.name)));
                }
                if other.key == label.key {
                    return Err(invalid(format!(
                        "labels {:?} and {:?} have the same key {:?}",
                        other.name, label.name, label.key
                    )));
                }
            }
            if let Link::Label(target) = &label.link {
                if !self.labels.iter().any(|l| &l.name == target) {
                    return Err(invalid(format!(
                        "label {:?} links to {:?}, which is not a label",
                        label.name, target
                    )));
                }
            }
        }
        Ok(())
    }

    /// The label named `name`.
    pub fn get(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The label of `key`, as [`label_key`] reads it.
    pub fn by_key(&self, key: char) -> Option<&Label> {
        let key = label_key(key);
        self.labels.iter().find(|l| l.key == key)
    }

    /// Position of the label in the schema, for styles that tell labels apart by order.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.labels.iter().position(|l| l.name == name)
    }

    /// The link of label `name` (`Link::None` for a label the schema lacks).
    pub fn link(&self, name: &str) -> &Link {
        self.get(name).map_or(&Link::None, |l| &l.link)
    }
}

/// A key as a label key: the Arabic-Indic and Persian digits (١ ۱ …) count as the digits
/// they are, for keyboards set to Arabic or Persian.
pub fn label_key(key: char) -> char {
    match key {
        '\u{660}'..='\u{669}' => char::from(b'0' + (key as u32 - 0x660) as u8),
        '\u{6F0}'..='\u{6F9}' => char::from(b'0' + (key as u32 - 0x6F0) as u8),
        k => k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_schema_has_the_three_labels() {
        let s = Schema::parse(DEFAULT_SCHEMA, "schema.ron").expect("built-in schema");
        let names: Vec<(&str, char)> = s.labels.iter().map(|l| (&*l.name, l.key)).collect();
        assert_eq!(names, [("Speaker", '1'), ("Claim", '2'), ("Country", '3')]);
        assert_eq!(s.link("Claim"), &Link::Label("Speaker".into()));
        assert_eq!(s.link("Country"), &Link::CountryCode);
        assert_eq!(s.link("Speaker"), &Link::Entity);
    }

    #[test]
    fn roles_come_from_the_links_whatever_the_names() {
        let s = Schema::default();
        assert_eq!(
            s.label_for(Role::Speaker).map(|l| &*l.name),
            Some("Speaker")
        );
        assert_eq!(s.label_for(Role::Claim).map(|l| &*l.name), Some("Claim"));
        assert_eq!(s.role("Country"), Some(Role::Country));
        let renamed = r#"(labels: [
            (name: "Land", key: 'l', colour: "red", link: CountryCode),
            (name: "Quelle", key: 'q', colour: "red", link: Entity),
            (name: "Aussage", key: 'a', colour: "red", link: Label("Quelle")),
            (name: "Ort", key: 'o', colour: "red"),
        ])"#;
        let s = Schema::parse(renamed, "s").expect("parses");
        let names: Vec<Option<&str>> = Role::ALL
            .iter()
            .map(|&r| s.label_for(r).map(|l| &*l.name))
            .collect();
        assert_eq!(names, [Some("Quelle"), Some("Aussage"), Some("Land")]);
        assert_eq!(s.role("Ort"), None);
        assert_eq!(s.role("Aussage"), Some(Role::Claim));
        // A label linking to a label that is not the speaker's is no Claim.
        let other = r#"(labels: [
            (name: "A", key: '1', colour: "red", link: Entity),
            (name: "B", key: '2', colour: "red"),
            (name: "C", key: '3', colour: "red", link: Label("B")),
        ])"#;
        let s = Schema::parse(other, "s").expect("parses");
        assert_eq!(s.label_for(Role::Claim), None);
        assert_eq!(s.label_for(Role::Country), None);
        assert_eq!(s.role("A"), Some(Role::Speaker));
    }

    #[test]
    fn a_broken_schema_names_line_and_column() {
        let err = Schema::parse(
            "(\n  labels: [\n    (name: \"A\" key: '1'),\n  ],\n)",
            "s.ron",
        )
        .expect_err("missing comma");
        let text = err.to_string();
        assert!(text.starts_with("s.ron:3:"), "{text}");
    }

    #[test]
    fn duplicate_keys_and_dangling_links_are_refused() {
        let two = r#"(labels: [(name: "A", key: '1', colour: "red"), (name: "B", key: '1', colour: "red")])"#;
        assert!(Schema::parse(two, "s").is_err());
        let dangling = r#"(labels: [(name: "A", key: '1', colour: "red", link: Label("Z"))])"#;
        assert!(Schema::parse(dangling, "s").is_err());
    }
}
