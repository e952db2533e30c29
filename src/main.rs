//! `hamish [FILE]` opens the reader and annotator; the subcommands render, check, count,
//! export, import and compare annotations without a terminal (each in `cli/`).

mod cli;

use clap::Parser as _;
use cli::{Cli, Command};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(err) => return cli::usage(&err),
    };
    let result = match args.command {
        Some(Command::Render {
            file,
            width,
            no_pad,
            look,
        }) => cli::render::run(file.as_deref(), width, no_pad, look),
        Some(Command::Check { path }) => cli::check::run(&path),
        Some(Command::Stats { path, json }) => cli::stats::run(&path, json),
        Some(Command::Export {
            path,
            format,
            out,
            force,
        }) => cli::export::run(&path, format, &out, force),
        Some(Command::Import {
            path,
            from,
            into,
            force,
        }) => cli::import::run(&path, from, into.as_deref(), force),
        Some(Command::Agree { a, b, json }) => cli::agree::run(&a, &b, json),
        Some(Command::Init { folder }) => cli::init::run(folder.as_deref()),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            path,
        }) => cli::merge::run(&base, &ours, &theirs, path.as_deref()),
        None => cli::BidiArg::resolve(args.bidi).and_then(|bidi| {
            cli::open::run(
                args.path.as_deref(),
                args.look,
                bidi,
                args.annotator,
                args.compare,
            )
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if let Some(message) = cli::message(&err) {
                // Not `eprintln!`, which panics when stderr is a terminal that hung up.
                let _ = writeln!(std::io::stderr(), "hamish: {message}");
            }
            cli::exit_code(&err)
        }
    }
}
