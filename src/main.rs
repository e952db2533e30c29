//! `hamish [FILE]` opens the reader; `hamish render` prints the layout as plain text.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use hamish::layout::{self, Direction, Layouter, Options, ParagraphLayout, Shaping};
use hamish::text::{self, Document, LoadError};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A terminal reader for right-to-left news text: Arabic, Persian, Urdu, Hebrew, laid out
/// right to left, correctly.
#[derive(Parser)]
#[command(name = "hamish", version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// The text file to read (UTF-8). Without it, the bundled sample article opens.
    path: Option<PathBuf>,
    #[command(flatten)]
    look: Look,
    #[command(subcommand)]
    command: Option<Command>,
}

/// How text is laid out.
#[derive(Args, Clone, Copy)]
struct Look {
    /// Paragraph direction: from the first strong letter (auto), or forced.
    #[arg(long, value_enum, default_value_t = Direction::Auto)]
    direction: Direction,
    /// Join Arabic letters in the app (for terminals that do not), or leave that to the
    /// terminal. Default: app in the reader and when `render` writes to a terminal, off
    /// when `render` writes to a pipe or file.
    #[arg(long, value_enum)]
    shaping: Option<Shaping>,
    /// Show bidi formatting characters (LRM, RLE, PDI, ...) as tags instead of hiding them.
    #[arg(long)]
    show_controls: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Print the laid-out text, one visual line per output line.
    Render {
        /// The file to render; `-` or nothing reads standard input.
        file: Option<PathBuf>,
        /// Columns (default: the terminal's width, or 80 when not a terminal); 0 = do not
        /// wrap: exactly one output line per input line.
        #[arg(long)]
        width: Option<usize>,
        /// Do not pad right-to-left lines on the left to the width.
        #[arg(long)]
        no_pad: bool,
        #[command(flatten)]
        look: Look,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Render {
            file,
            width,
            no_pad,
            look,
        }) => render(file.as_deref(), width, no_pad, look),
        None => read(cli.path.as_deref(), cli.look),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let message = layout::chars::sanitize(&format!("{err:#}"));
            eprintln!("hamish: {message}");
            if err.downcast_ref::<LoadError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn options(look: Look, width: usize, shaping: Shaping) -> Options {
    Options {
        width,
        direction: look.direction,
        shaping: look.shaping.unwrap_or(shaping),
        show_controls: look.show_controls,
    }
}

fn read(path: Option<&Path>, look: Look) -> anyhow::Result<()> {
    let doc = match path {
        Some(path) => text::load(path)?,
        None => Document::new(
            format!("{} (sample)", hamish::SAMPLE_NAME),
            hamish::SAMPLE_TEXT.to_string(),
        ),
    };
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("the reader needs a terminal; to print the text, use `hamish render`");
    }
    hamish::ui::run(hamish::ui::App::new(doc, options(look, 0, Shaping::App)))
}

fn render(
    file: Option<&Path>,
    width: Option<usize>,
    no_pad: bool,
    look: Look,
) -> anyhow::Result<()> {
    let doc = match file {
        Some(path) if path != Path::new("-") => text::load(path)?,
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            text::load::from_bytes("-".into(), bytes, Path::new("<stdin>"))?
        }
    };
    let stdout = std::io::stdout();
    let to_terminal = stdout.is_terminal();
    let width = width.unwrap_or_else(|| {
        if to_terminal {
            crossterm::terminal::size().map_or(80, |(w, _)| w as usize)
        } else {
            80
        }
    });
    let shaping = if to_terminal {
        Shaping::App
    } else {
        Shaping::Off
    };
    let options = options(look, width, shaping);
    let pad = (width > 0 && !no_pad).then_some(width);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut layouter = Layouter::default();
    let mut layout = ParagraphLayout::default();
    let mut buf = String::new();
    for i in 0..doc.len_paragraphs() {
        layouter.layout(doc.paragraph(i), &options, &mut layout);
        buf.clear();
        layout::plain::write_lines(&layout, pad, &mut buf);
        if let Err(e) = out.write_all(buf.as_bytes()) {
            return quiet_on_broken_pipe(e);
        }
    }
    out.flush().or_else(quiet_on_broken_pipe)
}

/// `hamish render big.txt | head` is not an error.
fn quiet_on_broken_pipe(e: std::io::Error) -> anyhow::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e).context("cannot write to standard output")
    }
}
