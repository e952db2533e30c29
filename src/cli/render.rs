//! `hamish render [FILE|-]`: the laid-out text on stdout, one visual line per line, at the
//! terminal's width or the one asked for.

use super::{quiet_on_broken_pipe, Look};
use anyhow::Context;
use hamish::layout::plain::{self, Split};
use hamish::layout::Shaping;
use hamish::text;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;

/// Renders `file` (standard input for `-` or none) at `width` columns (default: the
/// terminal's, else 80), padding right-to-left lines to the width unless `no_pad`.
pub fn run(
    file: Option<&Path>,
    width: Option<u16>,
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
    // A terminal is shown joined letters; a pipe or a file gets the letters as stored.
    let shaping = if to_terminal {
        Shaping::App
    } else {
        Shaping::Off
    };
    let options = look.options(width, shaping);
    let pad = (width > 0 && !no_pad).then_some(width);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    plain::write_document(&doc, &options, pad, Split::for_this_machine(), &mut out)
        .and_then(|()| out.flush())
        .or_else(quiet_on_broken_pipe)
}
