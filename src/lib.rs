//! hamish (هامش, "margin note"): a terminal reader and annotator for right-to-left news text.
//!
//! `text` loads documents, `layout` turns paragraphs into visual lines (pure, no terminal),
//! `annotate` and `corpus` hold the annotations and the folders of articles, `dirs` the
//! data folder, `fsio` the bounded reading of every file given, `ui` draws them with ratatui.

pub mod annotate;
pub mod corpus;
pub mod dirs;
pub mod fsio;
pub mod layout;
pub mod text;
pub mod ui;

/// The file name of the sample article bundled with the binary, opened when no file is given.
pub const SAMPLE_NAME: &str = "000_f8766ef2dd105986.txt";
/// The text of the sample article ([`SAMPLE_NAME`]).
pub const SAMPLE_TEXT: &str = include_str!("../seeds/000_f8766ef2dd105986.txt");
