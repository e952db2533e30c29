//! `hamish import PATH --from brat|doccano|label-studio|xmi [--into CORPUS] [--force]`:
//! another tool's annotations turned into hamish annotation files, telling every file,
//! line and span left out.

use super::{warn, BadInput, FromArg};
use hamish::corpus::import::{self, Incoming, Summary};
use std::path::Path;

/// Imports what `path` holds; `force` replaces annotation files that exist. The command
/// fails when anything was left out, after importing the rest.
pub fn run(path: &Path, from: FromArg, into: Option<&Path>, force: bool) -> anyhow::Result<()> {
    let done = match from {
        FromArg::Brat => {
            if into.is_some() {
                return Err(BadInput(anyhow::anyhow!(
                    "--into is not for brat: its .ann files are imported beside their texts"
                ))
                .into());
            }
            let found = hamish::corpus::schema_for(path)?;
            if let Some(notice) = &found.notice {
                warn(notice);
            }
            let mut schema = found.schema;
            if found.file.is_none() {
                // No schema of the corpus: brat's annotation.conf says what the labels are.
                let root = hamish::corpus::root::root_of(path);
                let folder = root.clone().unwrap_or_else(|| {
                    if path.is_dir() {
                        path.to_path_buf()
                    } else {
                        path.parent().unwrap_or(Path::new(".")).to_path_buf()
                    }
                });
                let made = import::brat_conf::corpus_schema(path, root.as_deref(), &folder)
                    .map_err(|e| BadInput(e.into()))?;
                if let Some(made) = made {
                    for note in &made.notes {
                        warn(note);
                    }
                    warn(&format!(
                        "wrote {}, the labels of {} (the corpus had no schema)",
                        made.written.display(),
                        made.conf.display()
                    ));
                    schema = made.schema;
                }
            }
            import::import_brat(path, &schema, force, |skipped| warn(&skipped.to_string()))?
        }
        FromArg::Doccano => from_file(import::doccano::read(path), into, force)?,
        FromArg::LabelStudio => from_file(import::label_studio::read(path), into, force)?,
        FromArg::Xmi => from_file(import::xmi::read(path), into, force)?,
    };
    warn(&format!("{} annotation files written", done.written));
    if done.skipped > 0 {
        anyhow::bail!("not everything was imported (see above)");
    }
    Ok(())
}

/// Puts the articles a reader found into the corpus `into`, telling what the reader could
/// not use and what could not be put in.
fn from_file(
    (incoming, problems): (Vec<Incoming>, Vec<String>),
    into: Option<&Path>,
    force: bool,
) -> anyhow::Result<Summary> {
    let Some(into) = into else {
        return Err(BadInput(anyhow::anyhow!(
            "--into CORPUS is needed: the folder the imported articles go to"
        ))
        .into());
    };
    for problem in &problems {
        warn(problem);
    }
    std::fs::create_dir_all(into)
        .map_err(|e| anyhow::anyhow!("cannot make {}: {e}", into.display()))?;
    let schema = super::schema(into)?;
    let mut done = import::place_all(into, &incoming, &schema, force, |skipped| {
        warn(&skipped.to_string())
    })?;
    done.skipped += problems.len();
    Ok(done)
}
