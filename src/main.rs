//! `hamish [FILE]` opens the reader and annotator; `hamish render` prints the layout as
//! plain text; `hamish check` checks an annotation file against its text.

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use hamish::layout::{self, Direction, Layouter, Options, ParagraphLayout, Shaping};
use hamish::text::{self, Document, Head, LoadError};
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
    /// Who is annotating, as written in the annotation file (default: $HAMISH_ANNOTATOR,
    /// else the name already in the file, else the user name).
    #[arg(long)]
    annotator: Option<String>,
    /// With a FOLDER: another annotator's copy of it. Their annotations that yours lack
    /// are shown in each article, to take (`y`, `Y`) or leave (`x`).
    #[arg(long, value_name = "OTHER_FOLDER")]
    compare: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Paragraph direction, as the command line names it.
#[derive(Clone, Copy, ValueEnum)]
enum DirectionArg {
    Auto,
    Rtl,
    Ltr,
}

/// Shaping, as the command line names it.
#[derive(Clone, Copy, ValueEnum)]
enum ShapingArg {
    App,
    Off,
}

/// Export formats, as the command line names them.
#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Brat,
    Jsonl,
    Conll,
}

/// Import formats.
#[derive(Clone, Copy, ValueEnum)]
enum FromArg {
    Brat,
}

/// How text is laid out.
#[derive(Args, Clone, Copy)]
struct Look {
    /// Paragraph direction: from the first strong letter (auto), or forced.
    #[arg(long, value_enum, default_value = "auto")]
    direction: DirectionArg,
    /// Join Arabic letters in the app (for terminals that do not), or leave that to the
    /// terminal. Default: app in the reader and when `render` writes to a terminal, off
    /// when `render` writes to a pipe or file.
    #[arg(long, value_enum)]
    shaping: Option<ShapingArg>,
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
        /// Columns, up to 65535 (default: the terminal's width, or 80 when not a
        /// terminal); 0 = do not wrap: exactly one output line per input line.
        #[arg(long)]
        width: Option<u16>,
        /// Do not pad right-to-left lines on the left to the width.
        #[arg(long)]
        no_pad: bool,
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
    /// Export the annotations of a file or a folder for brat, a JSONL pipeline or a CoNLL
    /// tagger. Offsets are code points (Python string indices).
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
    /// Turn brat `.ann` files (beside their `.txt`) into hamish annotation files.
    Import {
        /// A text file or a folder of them, each with its `.ann`.
        path: PathBuf,
        #[arg(long, value_enum)]
        from: FromArg,
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
    /// Check an annotation file against its text: quotes, ids, links, grapheme boundaries.
    /// Prints one problem a line; exit 0 when clean, 1 otherwise.
    Check {
        /// The text file (`article.txt`) or its annotation file (`article.ron`).
        path: PathBuf,
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
        Some(Command::Check { path }) => check(&path),
        Some(Command::Stats { path, json }) => stats(&path, json),
        Some(Command::Export {
            path,
            format,
            out,
            force,
        }) => export(&path, format, &out, force),
        Some(Command::Import { path, from, force }) => import(&path, from, force),
        Some(Command::Agree { a, b, json }) => agree(&a, &b, json),
        None => read(cli.path.as_deref(), cli.look, cli.annotator, cli.compare),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let message = layout::chars::sanitize(&format!("{err:#}"));
            eprintln!("hamish: {message}");
            if err.downcast_ref::<LoadError>().is_some()
                || err
                    .downcast_ref::<hamish::annotate::schema::SchemaError>()
                    .is_some()
                || err.downcast_ref::<hamish::corpus::CorpusError>().is_some()
            {
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
        direction: match look.direction {
            DirectionArg::Auto => Direction::Auto,
            DirectionArg::Rtl => Direction::Rtl,
            DirectionArg::Ltr => Direction::Ltr,
        },
        shaping: match look.shaping {
            Some(ShapingArg::App) => Shaping::App,
            Some(ShapingArg::Off) => Shaping::Off,
            None => shaping,
        },
        show_controls: look.show_controls,
    }
}

/// The bundled sample, copied once into the data folder so that its annotations have a
/// place beside it (nothing is written into the source tree). Returns where it is, or why
/// it could not be copied.
fn sample_path() -> Result<PathBuf, String> {
    let dir = hamish::ui::data_dir().ok_or("neither $XDG_DATA_HOME nor $HOME is set")?;
    let path = dir.join(hamish::SAMPLE_NAME);
    if !path.exists() {
        std::fs::create_dir_all(&dir)
            .and_then(|()| {
                hamish::annotate::store::write_atomic(&path, hamish::SAMPLE_TEXT.as_bytes())
            })
            .map_err(|e| format!("cannot copy the sample to {}: {e}", path.display()))?;
    }
    Ok(path)
}

fn read(
    path: Option<&Path>,
    look: Look,
    annotator: Option<String>,
    compare: Option<PathBuf>,
) -> anyhow::Result<()> {
    let annotator = annotator.or_else(|| {
        std::env::var("HAMISH_ANNOTATOR")
            .ok()
            .filter(|s| !s.is_empty())
    });
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if let Some(dir) = path.filter(|p| p.is_dir()) {
        let (paths, strays) = hamish::corpus::walk(dir)?;
        let schema = hamish::corpus::schema_for(dir)?;
        let keymap = hamish::ui::Keymap::default();
        keymap.check_schema(&schema, &dir.join("schema.ron").display().to_string())?;
        if !std::io::stdout().is_terminal() {
            anyhow::bail!("the reader needs a terminal; for figures, use `hamish stats`");
        }
        let settings = hamish::ui::Settings {
            options: options(look, 0, Shaping::App),
            schema,
            no_color,
            keymap,
        };
        let mut folder = hamish::ui::Folder::new(dir, paths, settings);
        folder.annotator = annotator;
        folder.report_strays(strays);
        if let Some(other) = &compare {
            if !other.is_dir() {
                anyhow::bail!("{}: not a folder to compare with", other.display());
            }
        }
        folder.compare = compare;
        if let Some(told) = hamish::ui::run_folder(folder)? {
            anyhow::bail!(told);
        }
        return Ok(());
    }
    if compare.is_some() {
        anyhow::bail!("--compare goes with a FOLDER (for two files, `hamish agree A B`)");
    }
    let sample = match path {
        Some(_) => None,
        None => Some(sample_path()),
    };
    let path = match &sample {
        Some(Ok(p)) => Some(p.as_path()),
        _ => path,
    };
    let (doc, rest) = match path {
        Some(path) => match text::load_head(path, text::HEAD_BYTES)? {
            Head::Whole(doc) => (doc, None),
            Head::Part(doc) => (doc, Some(path)),
        },
        None => (
            Document::new(
                format!("{} (sample)", hamish::SAMPLE_NAME),
                hamish::SAMPLE_TEXT.to_string(),
            ),
            None,
        ),
    };
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("the reader needs a terminal; to print the text, use `hamish render`");
    }
    let mut settings = hamish::ui::Settings {
        options: options(look, 0, Shaping::App),
        no_color,
        ..hamish::ui::Settings::default()
    };
    if let Some(path) = path {
        settings.schema = hamish::corpus::schema_for(path)?;
        let file = path.with_file_name("schema.ron");
        settings
            .keymap
            .check_schema(&settings.schema, &file.display().to_string())?;
    }
    let mut app = hamish::ui::App::new(doc, settings);
    if rest.is_some() {
        app = app.reading_rest();
    }
    match (path, &sample) {
        (_, Some(Err(why))) => app.read_only_because(why.clone()),
        (Some(path), _) => app.open_annotations(path, annotator),
        (None, _) => {}
    }
    if let Some(told) = hamish::ui::run(app, rest)? {
        anyhow::bail!(told);
    }
    Ok(())
}

/// Opens every article at `path`; one that cannot be read is reported on stderr (file and
/// reason) and left out, and the rest go on. Returns the articles named relative to
/// `path`, and whether any was left out.
fn open_all(path: &Path) -> anyhow::Result<(Vec<(String, hamish::corpus::Article)>, bool)> {
    use hamish::corpus;
    let (paths, strays) = corpus::walk(path)?;
    let mut out = Vec::with_capacity(paths.len());
    let mut failed = !strays.is_empty();
    for stray in strays {
        let line = format!(
            "{}: no text beside it (its .txt is missing)",
            stray.display()
        );
        eprintln!("hamish: {}", layout::chars::sanitize(&line));
    }
    for p in paths {
        match corpus::open(&p) {
            Ok(article) => {
                let name = corpus::relative(&p, path).display().to_string();
                out.push((name, article));
            }
            Err(e) => {
                failed = true;
                eprintln!("hamish: {}", layout::chars::sanitize(&e.to_string()));
            }
        }
    }
    Ok((out, failed))
}

/// `hamish stats PATH`.
fn stats(path: &Path, json: bool) -> anyhow::Result<()> {
    let schema = hamish::corpus::schema_for(path)?;
    let (articles, failed) = open_all(path)?;
    let stats = hamish::corpus::stats::stats(&articles, 20, &schema);
    let text = if json {
        stats.to_json() + "\n"
    } else {
        layout::chars::sanitize_lines(&stats.to_text())
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .or_else(quiet_on_broken_pipe)?;
    if failed {
        anyhow::bail!("some articles could not be read (see above); the figures leave them out");
    }
    Ok(())
}

/// `hamish export`.
fn export(path: &Path, format: FormatArg, out: &Path, force: bool) -> anyhow::Result<()> {
    use hamish::corpus::export::{self, Format};
    // Inside the corpus, the copies of its texts would become articles of it.
    let full = |p: &Path| std::fs::canonicalize(p).ok();
    let corpus_dir = if path.is_dir() {
        full(path)
    } else {
        path.parent().and_then(full)
    };
    let out_full = full(out).or_else(|| {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
        full(parent.unwrap_or(Path::new("."))).map(|p| p.join(out.file_name().unwrap_or_default()))
    });
    if let (Some(c), Some(o)) = (&corpus_dir, &out_full) {
        if o != c && o.starts_with(c) && !force {
            anyhow::bail!(
                "{} is inside the corpus {}: its copies of the texts would become articles; \
                 choose a folder outside it (or --force)",
                out.display(),
                path.display()
            );
        }
    }
    let nonempty = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
    if nonempty && !force {
        anyhow::bail!(
            "{} is not empty: give an empty or new folder, or --force to write into it",
            out.display()
        );
    }
    let schema = hamish::corpus::schema_for(path)?;
    let (articles, failed) = open_all(path)?;
    let articles: Vec<hamish::corpus::Article> = articles.into_iter().map(|(_, a)| a).collect();
    let format = match format {
        FormatArg::Brat => Format::Brat,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Conll => Format::Conll,
    };
    let written = export::write(&articles, path, format, out, &schema)?;
    eprintln!(
        "hamish: {} articles exported, {} files written to {}",
        articles.len(),
        written.len(),
        layout::chars::sanitize(&out.display().to_string())
    );
    if failed {
        anyhow::bail!("some articles could not be read (see above) and were not exported");
    }
    Ok(())
}

/// `hamish import --from brat`.
fn import(path: &Path, from: FromArg, force: bool) -> anyhow::Result<()> {
    use hamish::annotate::store;
    let FromArg::Brat = from;
    let schema = hamish::corpus::schema_for(path)?;
    let mut trouble = false;
    let mut imported = 0;
    for text_path in hamish::corpus::articles(path)? {
        let ann = text_path.with_extension("ann");
        let source = match std::fs::read_to_string(&ann) {
            Ok(s) => s,
            // An article without a .ann has nothing to import.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                let line = format!("{}: {e}", ann.display());
                eprintln!("hamish: {}", layout::chars::sanitize(&line));
                trouble = true;
                continue;
            }
        };
        let ron = store::ron_path(&text_path);
        if ron.exists() && !force {
            eprintln!(
                "hamish: {} exists; not replaced (--force replaces it)",
                layout::chars::sanitize(&ron.display().to_string())
            );
            trouble = true;
            continue;
        }
        let doc = match text::load(&text_path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("hamish: {}", layout::chars::sanitize(&e.to_string()));
                trouble = true;
                continue;
            }
        };
        let (annotations, problems) = hamish::corpus::import::from_brat(&source, &doc, &schema);
        for p in &problems {
            let line = format!("{}: {p}", ann.display());
            eprintln!("hamish: {}", layout::chars::sanitize(&line));
        }
        trouble |= !problems.is_empty();
        let body = store::render(&doc, &annotations, None);
        store::write_atomic(&ron, body.as_bytes())
            .with_context(|| format!("cannot write {}", ron.display()))?;
        imported += 1;
    }
    for stray in hamish::corpus::files_with_extension(path, "ann")? {
        if !stray.with_extension("txt").exists() {
            let line = format!("{}: no .txt beside it; not imported", stray.display());
            eprintln!("hamish: {}", layout::chars::sanitize(&line));
            trouble = true;
        }
    }
    eprintln!("hamish: {imported} annotation files written");
    if trouble {
        anyhow::bail!("not everything was imported (see above)");
    }
    Ok(())
}

/// `hamish agree A B`.
fn agree(a: &Path, b: &Path, json: bool) -> anyhow::Result<()> {
    use hamish::corpus::agree::{self, Pair};
    let schema = hamish::corpus::schema_for(a)?;
    let (left, failed_a) = open_all(a)?;
    let (right, failed_b) = open_all(b)?;
    let single = !a.is_dir() && !b.is_dir();
    let mut pairs = Vec::new();
    let mut unpaired = false;
    for (name, article) in &left {
        let other = if single {
            right.first().map(|(_, r)| r)
        } else {
            right.iter().find(|(n, _)| n == name).map(|(_, r)| r)
        };
        match other {
            Some(r) => {
                for (side, one) in [(a, article), (b, r)] {
                    if one.loaded.new {
                        let line = format!(
                            "{name}: not annotated in {} (no .ron); counted as no annotations",
                            side.display()
                        );
                        eprintln!("hamish: {}", layout::chars::sanitize(&line));
                    }
                }
                pairs.push(Pair {
                    name: name.clone(),
                    a: article,
                    b: r,
                })
            }
            None => {
                eprintln!("hamish: {name}: only in {}", a.display());
                unpaired = true;
            }
        }
    }
    if !single {
        for (name, _) in right
            .iter()
            .filter(|(n, _)| !left.iter().any(|(m, _)| m == n))
        {
            eprintln!("hamish: {name}: only in {}", b.display());
            unpaired = true;
        }
    }
    let report = agree::compare(&pairs, &schema);
    let text = if json {
        report.to_json() + "\n"
    } else {
        layout::chars::sanitize_lines(&report.to_text())
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .or_else(quiet_on_broken_pipe)?;
    if failed_a || failed_b || unpaired || !report.differing.is_empty() {
        anyhow::bail!("some articles were left out (see above)");
    }
    Ok(())
}

/// `hamish check PATH`: the problems of an annotation file, one a line.
fn check(path: &Path) -> anyhow::Result<()> {
    use hamish::annotate::store;
    let is_ron = path.extension().is_some_and(|e| e == "ron");
    let ron_path = if is_ron {
        path.to_path_buf()
    } else {
        store::ron_path(path)
    };
    let source = std::fs::read_to_string(&ron_path)
        .with_context(|| format!("cannot read {}", ron_path.display()))?;
    // Given the annotation file, its text is the file it names, in the same folder (else
    // the same stem with .txt).
    let text_path = if is_ron {
        let recorded = store::recorded_text_file(&source)
            .filter(|name| Path::new(name).file_name() == Some(std::ffi::OsStr::new(name)))
            .map(|name| path.with_file_name(name));
        recorded.unwrap_or_else(|| path.with_extension("txt"))
    } else {
        path.to_path_buf()
    };
    let doc = text::load(&text_path)?;
    let schema = hamish::corpus::schema_for(&text_path)?;
    let file = ron_path.display().to_string();
    let problems = store::check(&source, &file, &doc, &schema)?;
    let mut out = std::io::stdout().lock();
    for p in &problems {
        let id =
            p.id.map(|i| format!(" annotation {i}:"))
                .unwrap_or_default();
        let line = layout::chars::sanitize(&format!("{file}:{id} {}", p.message));
        writeln!(out, "{line}").or_else(quiet_on_broken_pipe)?;
    }
    if problems.is_empty() {
        Ok(())
    } else {
        out.flush().or_else(quiet_on_broken_pipe)?;
        std::process::exit(1);
    }
}

fn render(file: Option<&Path>, width: Option<u16>, no_pad: bool, look: Look) -> anyhow::Result<()> {
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
    let width = width.map_or_else(
        || {
            if to_terminal {
                crossterm::terminal::size().map_or(80, |(w, _)| w as usize)
            } else {
                80
            }
        },
        usize::from,
    );
    let shaping = if to_terminal {
        Shaping::App
    } else {
        Shaping::Off
    };
    let options = options(look, width, shaping);
    let pad = (width > 0 && !no_pad).then_some(width);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    // Paragraphs are independent: each core lays out every n-th chunk of them into a
    // string and hands it over a small channel; this thread writes the chunks in order.
    // Memory stays bounded by the chunks in flight.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunks = chunk_paragraphs(&doc, 1 << 15);
    let (doc, options) = (&doc, &options);
    std::thread::scope(|scope| {
        let receivers: Vec<_> = (0..workers)
            .map(|w| {
                let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
                let mine: Vec<_> = chunks.iter().skip(w).step_by(workers).cloned().collect();
                scope.spawn(move || {
                    let mut worker = Worker::default();
                    for range in mine {
                        let out = worker.render(doc, range, options, pad);
                        if send.send(out).is_err() {
                            break; // the writer stopped (a closed pipe)
                        }
                    }
                });
                receive
            })
            .collect();
        for i in 0..chunks.len() {
            let Ok(text) = receivers[i % workers].recv() else {
                break;
            };
            if let Err(e) = out.write_all(&text) {
                return quiet_on_broken_pipe(e);
            }
        }
        out.flush().or_else(quiet_on_broken_pipe)
    })
}

/// Consecutive paragraphs grouped into chunks of about `bytes` bytes.
fn chunk_paragraphs(doc: &Document, bytes: usize) -> Vec<std::ops::Range<usize>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for i in 0..doc.len_paragraphs() {
        size += doc.paragraph_range(i).len() + 1;
        if size >= bytes {
            chunks.push(start..i + 1);
            start = i + 1;
            size = 0;
        }
    }
    if start < doc.len_paragraphs() {
        chunks.push(start..doc.len_paragraphs());
    }
    chunks
}

/// One thread's buffers for `render`.
#[derive(Default)]
struct Worker {
    layouter: Layouter,
    layout: ParagraphLayout,
}

impl Worker {
    fn render(
        &mut self,
        doc: &Document,
        paragraphs: std::ops::Range<usize>,
        options: &Options,
        pad: Option<usize>,
    ) -> Vec<u8> {
        let bytes = doc.paragraph_range(paragraphs.start).start
            ..doc.paragraph_range(paragraphs.end - 1).end;
        let mut out = Vec::with_capacity(bytes.len() * 5 / 4 + 1024);
        for i in paragraphs {
            self.layouter
                .layout(doc.paragraph(i), options, &mut self.layout);
            layout::plain::write_lines(&self.layout, pad, &mut out);
        }
        out
    }
}

/// `hamish render big.txt | head` is not an error.
fn quiet_on_broken_pipe(e: std::io::Error) -> anyhow::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e).context("cannot write to standard output")
    }
}
