//! The command line: its arguments (clap), one file per command that runs it, and the
//! exit status of each failure. The work itself is in the library.

pub mod agree;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
pub mod merge;
pub mod open;
pub mod render;
pub mod stats;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use hamish::annotate::schema::SchemaError;
use hamish::corpus::import::ImportError;
use hamish::corpus::CorpusError;
use hamish::fsio::ReadError;
use hamish::layout::{self, Direction, Options, Shaping};
use hamish::text::LoadError;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// A terminal reader for right-to-left news text: Arabic, Persian, Urdu, Hebrew, laid out
/// right to left, correctly.
#[derive(Parser)]
#[command(name = "hamish", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// The text file to read (UTF-8). Without it, the bundled sample article opens.
    pub path: Option<PathBuf>,
    /// How the reader lays the text out.
    #[command(flatten)]
    pub look: Look,
    /// Who is annotating, as written in the annotation file (default: $HAMISH_ANNOTATOR,
    /// else the name already in the file, else the user name).
    #[arg(long)]
    pub annotator: Option<String>,
    /// Who lays right-to-left text out: hamish (app), or the terminal, for terminals that
    /// reorder on their own and cannot be told not to (Konsole, kitty without force_ltr);
    /// mouse positions are then approximate. Default: $HAMISH_BIDI, else app.
    #[arg(long, value_enum)]
    pub bidi: Option<BidiArg>,
    /// With a FOLDER: another annotator's copy of it. Their annotations that yours lack
    /// are shown in each article, to take (`y`, `Y`) or leave (`x`).
    #[arg(long, value_name = "OTHER_FOLDER")]
    pub compare: Option<PathBuf>,
    /// A command to run instead of the reader.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Paragraph direction, as the command line names it. (The values of these enums have no
/// doc comments: clap would add them to `--help`.)
#[derive(Clone, Copy, ValueEnum)]
pub enum DirectionArg {
    Auto,
    Rtl,
    Ltr,
}

/// Shaping, as the command line names it.
#[derive(Clone, Copy, ValueEnum)]
pub enum ShapingArg {
    App,
    Off,
}

/// Who does the bidi, as the command line names it.
#[derive(Clone, Copy, ValueEnum)]
pub enum BidiArg {
    App,
    Terminal,
}

impl BidiArg {
    /// The reader's setting: this one if given, else `$HAMISH_BIDI`, else `app`.
    pub fn resolve(given: Option<BidiArg>) -> anyhow::Result<hamish::ui::Bidi> {
        let arg = match given {
            Some(arg) => arg,
            None => match std::env::var("HAMISH_BIDI").ok().filter(|v| !v.is_empty()) {
                None => BidiArg::App,
                Some(v) => BidiArg::from_str(&v, true).map_err(|_| {
                    BadInput(anyhow::anyhow!(
                        "HAMISH_BIDI={}: must be app or terminal",
                        layout::chars::sanitize(&v)
                    ))
                })?,
            },
        };
        Ok(match arg {
            BidiArg::App => hamish::ui::Bidi::App,
            BidiArg::Terminal => hamish::ui::Bidi::Terminal,
        })
    }
}

/// Export formats, as the command line names them.
#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// brat standoff (`.txt`, `.ann`, `annotation.conf`, `tools.conf`).
    Brat,
    /// One JSON object per article with tokens (Prodigy's shape), for spaCy.
    Jsonl,
    /// CoNLL-2003, one file per label (`Speaker.conll`, ...).
    Conll,
    /// One CoNLL file per article, a BIO column per label.
    ConllMulti,
    /// doccano's JSONL.
    Doccano,
    /// Label Studio's JSON tasks and labeling config.
    LabelStudio,
    /// UIMA CAS XMI and `TypeSystem.xml`, for INCEpTION.
    Xmi,
}

/// Import formats.
#[derive(Clone, Copy, ValueEnum)]
pub enum FromArg {
    /// `.ann` files beside their texts.
    Brat,
    /// doccano's JSONL export.
    Doccano,
    /// Label Studio's JSON export.
    LabelStudio,
    /// UIMA CAS XMI files (INCEpTION's "UIMA CAS XMI" export).
    Xmi,
}

/// How text is laid out.
#[derive(Args, Clone, Copy)]
pub struct Look {
    /// Paragraph direction: from the first strong letter (auto), or forced.
    #[arg(long, value_enum, default_value = "auto")]
    pub direction: DirectionArg,
    /// Join Arabic letters in the app (for terminals that do not), or leave that to the
    /// terminal. Default: app in the reader and when `render` writes to a terminal, off
    /// when `render` writes to a pipe or file.
    #[arg(long, value_enum)]
    pub shaping: Option<ShapingArg>,
    /// Show bidi formatting characters (LRM, RLE, PDI, ...) as tags instead of hiding them.
    #[arg(long)]
    pub show_controls: bool,
}

impl Look {
    /// The layout options at `width` columns, with `shaping` unless one was asked for.
    pub fn options(self, width: usize, shaping: Shaping) -> Options {
        Options {
            width,
            direction: match self.direction {
                DirectionArg::Auto => Direction::Auto,
                DirectionArg::Rtl => Direction::Rtl,
                DirectionArg::Ltr => Direction::Ltr,
            },
            shaping: match self.shaping {
                Some(ShapingArg::App) => Shaping::App,
                Some(ShapingArg::Off) => Shaping::Off,
                None => shaping,
            },
            show_controls: self.show_controls,
        }
    }
}

/// The subcommands; their doc comments are their `--help`.
#[derive(Subcommand)]
pub enum Command {
    /// Print the laid-out text, one visual line per output line.
    Render {
        /// The file to render; `-` or nothing reads standard input.
        file: Option<PathBuf>,
        /// Columns, up to 65535 (default: the terminal's width, or 80 when not a
        /// terminal); 0 = do not wrap: exactly one output line per input line.
        #[arg(long)]
        width: Option<u16>,
        /// Do not pad right-to-left lines on the left to the width.
        #[arg(long)]
        no_pad: bool,
        /// How the text is laid out.
        #[command(flatten)]
        look: Look,
    },
    /// Counts per label, each article's progress, the most frequent speakers and countries
    /// of a file or a folder of articles.
    Stats {
        /// A text file or a folder (its `*.txt`, subfolders included).
        path: PathBuf,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Export the annotations of a file or a folder for brat, spaCy, a CoNLL tagger,
    /// doccano, Label Studio or INCEpTION. Offsets are code points (Python string indices),
    /// except in XMI (UTF-16 code units, as UIMA counts).
    Export {
        /// A text file or a folder of them.
        path: PathBuf,
        #[arg(long, value_enum)]
        format: FormatArg,
        /// The folder to write to (made if missing).
        #[arg(long)]
        out: PathBuf,
        /// Write into a folder that is not empty.
        #[arg(long)]
        force: bool,
    },
    /// Turn another tool's annotations into hamish annotation files: brat `.ann` files
    /// beside their `.txt`, or a doccano, Label Studio or XMI export put into a corpus
    /// (`--into`), its texts written there when the corpus does not have them.
    Import {
        /// brat: a text file or a folder of them, each with its `.ann`. The others: the
        /// file (or folder of XMI files) the tool exported.
        path: PathBuf,
        #[arg(long, value_enum)]
        from: FromArg,
        /// The corpus folder the articles go to (not for brat, whose texts are in place).
        #[arg(long)]
        into: Option<PathBuf>,
        /// Replace annotation files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Agreement of two annotators' copies (two files, or two folders paired by path):
    /// exact and overlap F1 per label, Cohen's kappa over tokens, and the disagreements.
    Agree {
        a: PathBuf,
        b: PathBuf,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Merge two versions of an annotation file made from a common one: the git merge
    /// driver (`git config merge.hamish.driver "hamish merge %O %A %B %P"`). The result is
    /// written over OURS; exit 0 when merged cleanly, 1 when conflicts remain (kept in the
    /// file for hamish to show), 2 when an input cannot be used.
    Merge {
        /// The common version (git's `%O`; an empty file when there is none).
        base: PathBuf,
        /// This side's version, written over with the result (git's `%A`).
        ours: PathBuf,
        /// The other side's version (git's `%B`).
        theirs: PathBuf,
        /// The file's path in the work tree (git's `%P`), where its text is found.
        path: Option<PathBuf>,
    },
    /// Make FOLDER (default: the current one) the root of a corpus: its schema in
    /// `.hamish/schema.ron` (the default labels, or the folder's old `schema.ron`), the
    /// `.gitattributes` lines of the merge driver; prints the `git config` lines each
    /// annotator runs once in a clone.
    Init {
        /// The corpus folder.
        folder: Option<PathBuf>,
    },
    /// Check an annotation file against its text: quotes, ids, links, grapheme boundaries.
    /// Prints one problem a line; exit 0 when clean, 1 otherwise.
    Check {
        /// The text file (`article.txt`) or its annotation file (`article.ron`).
        path: PathBuf,
    },
}

/// An input a command cannot use: exit 2.
#[derive(Debug, thiserror::Error)]
#[error("{0:#}")]
pub struct BadInput(pub anyhow::Error);

/// A command found what it looked for and has printed it (`check`'s problems): it fails
/// with nothing more to say.
#[derive(Debug)]
pub struct Found;

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("problems found (listed on standard output)")
    }
}

impl std::error::Error for Found {}

/// The exit status of a command that failed: 2 when its input cannot be used (a text that
/// is missing, a folder, binary or not UTF-8; a file that is not a regular file, such as a
/// FIFO or a device, or is over its size limit; a broken `schema.ron`; a path with no
/// article, or a corpus that cannot be read), 128 + the signal's number when a signal
/// ended the reader (129 SIGHUP, 130 SIGINT, 143 SIGTERM), 1 for anything else (problems
/// that `check` found, articles left out, a file that cannot be written, no terminal for
/// the reader).
pub fn exit_code(err: &anyhow::Error) -> ExitCode {
    if let Some(stopped) = err.downcast_ref::<hamish::ui::Stopped>() {
        return ExitCode::from(stopped.signal.exit_status());
    }
    let bad_input = err.is::<BadInput>()
        || err.is::<ReadError>()
        || err.is::<LoadError>()
        || err.is::<SchemaError>()
        || err.is::<CorpusError>()
        || matches!(err.downcast_ref(), Some(ImportError::Corpus(_)));
    if bad_input {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

/// Tells a usage error (or prints `--help`, `--version`) as clap would, and returns its
/// exit status. A usage error quotes the arguments, which may be file names from anywhere:
/// it is written plain and sanitized, never with their bytes raw. Help and version hold
/// no such text and keep clap's styles.
pub fn usage(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let code = ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            | ErrorKind::DisplayVersion
    ) {
        let _ = err.print();
        return code;
    }
    let text = layout::chars::sanitize_lines(&err.render().to_string());
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
    code
}

/// The line `err` is told in on stderr, or `None` when there is nothing more to say.
pub fn message(err: &anyhow::Error) -> Option<String> {
    (!err.is::<Found>()).then(|| layout::chars::sanitize(&format!("{err:#}")))
}

/// The schema of the corpus `path` belongs to, its notice (an old `schema.ron` read) told
/// on stderr.
pub fn schema(path: &std::path::Path) -> anyhow::Result<hamish::annotate::Schema> {
    let found = hamish::corpus::schema_for(path)?;
    if let Some(notice) = &found.notice {
        warn(notice);
    }
    Ok(found.schema)
}

/// Tells `line` on stderr. It may hold names from files or from the user, so it is
/// sanitized: no escape sequence reaches the terminal.
pub fn warn(line: &str) {
    eprintln!("hamish: {}", layout::chars::sanitize(line));
}

/// Writes `text` (already sanitized) to stdout.
pub fn print(text: &str) -> anyhow::Result<()> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .or_else(quiet_on_broken_pipe)
}

/// `hamish render big.txt | head` is not an error.
pub fn quiet_on_broken_pipe(e: std::io::Error) -> anyhow::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e).context("cannot write to standard output")
    }
}
