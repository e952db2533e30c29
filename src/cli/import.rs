//! `hamish import PATH --from brat [--force]`: brat `.ann` files beside their texts turned
//! into hamish annotation files, telling every file and line left out.

use super::{warn, FromArg};
use hamish::corpus::import;
use std::path::Path;

/// Imports the `.ann` files at `path`; `force` replaces annotation files that exist. The
/// command fails when anything was left out, after importing the rest.
pub fn run(path: &Path, from: FromArg, force: bool) -> anyhow::Result<()> {
    let FromArg::Brat = from;
    let schema = super::schema(path)?;
    let done = import::import_brat(path, &schema, force, |skipped| warn(&skipped.to_string()))?;
    warn(&format!("{} annotation files written", done.written));
    if done.skipped > 0 {
        anyhow::bail!("not everything was imported (see above)");
    }
    Ok(())
}
