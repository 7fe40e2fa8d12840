//! What a machine can check about the shape of the code: every signaling namespace has its
//! protocol module, its module in the room, its core test file and its document (listed in the
//! protocol overview); every Rust source file opens with a `//!` doc; ARCHITECTURE.md's code
//! map names every crate.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    // Read when the test runs, not when it was built: a test binary reused from a checkout at
    // another path (a shared target directory) must still look at this checkout.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .ancestors()
        .nth(2)
        .expect("xtask lives at <root>/crates/xtask")
        .to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_namespace_has_its_module_test_and_document() {
    let root = root();
    let overview = read(&root.join("docs/protocol/README.md"));
    let mut missing = Vec::new();
    for ns in plenum_protocol::NAMESPACES {
        for path in [
            format!("crates/plenum-protocol/src/{ns}.rs"),
            format!("crates/plenum-core/src/{ns}.rs"),
            format!("crates/plenum-core/tests/{ns}.rs"),
            format!("docs/protocol/{ns}.md"),
        ] {
            if !root.join(&path).is_file() {
                missing.push(path);
            }
        }
        if !overview.contains(&format!("[{ns}.md]({ns}.md)")) {
            missing.push(format!("docs/protocol/README.md: a row for `{ns}`"));
        }
    }
    assert!(missing.is_empty(), "missing for a namespace: {missing:#?}");
}

#[test]
fn every_source_file_says_what_it_is() {
    let root = root();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root.join("crates"))
        .expect("crates/ exists")
        .flatten()
    {
        rust_files(&entry.path().join("src"), &mut files);
    }
    assert!(files.len() > 50, "found only {} files", files.len());
    let undocumented: Vec<String> = files
        .iter()
        .filter(|f| !read(f).starts_with("//!"))
        .map(|f| f.strip_prefix(&root).unwrap_or(f).display().to_string())
        .collect();
    assert!(
        undocumented.is_empty(),
        "files without a `//!` opening doc: {undocumented:#?}"
    );
}

#[test]
fn the_code_map_names_every_crate() {
    let root = root();
    let architecture = read(&root.join("ARCHITECTURE.md"));
    let unnamed: Vec<String> = std::fs::read_dir(root.join("crates"))
        .expect("crates/ exists")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !architecture.contains(&format!("`crates/{name}`")))
        .collect();
    assert!(
        unnamed.is_empty(),
        "ARCHITECTURE.md does not map: {unnamed:?}"
    );
}
