//! Plenum's developer commands. Not part of the product: nothing here ships.
//!
//! `cargo xtask run` sets everything up and starts `plenum serve`; `cargo xtask test` runs every
//! check CI runs. See `cargo xtask help`.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&root, args.iter().any(|a| a == "--check")),
        _ => bail!("usage: cargo xtask codegen [--check]"),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("xtask lives at <root>/crates/xtask")
        .to_path_buf()
}

fn codegen(root: &Path, check: bool) -> Result<()> {
    let path = root.join("web/src/protocol/generated.ts");
    let fresh = plenum_protocol::typescript::generate();
    if check {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != fresh {
            bail!(
                "{} is out of date: run `cargo xtask codegen`",
                path.display()
            );
        }
        return Ok(());
    }
    std::fs::create_dir_all(path.parent().context("generated.ts has a parent")?)?;
    std::fs::write(&path, fresh)?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
