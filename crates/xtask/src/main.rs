//! Plenum's developer commands. Not part of the product: nothing here ships.
//!
//! - `cargo xtask run [-- ARGS]`: installs the web client's packages, builds it and starts
//!   `plenum serve ARGS` (debug build, web client read from `web/dist`).
//! - `cargo xtask test`: every check CI runs: generated code, formatting, clippy, Rust tests,
//!   web type check, unit tests and build, and the end-to-end tests in headless Chromium inside a
//!   loopback-only network namespace, and the interop test of two aiortc clients
//!   (`interop/aiortc/`). Installs Chromium (Debian package), npm packages and the interop
//!   test's Python packages (a venv beside the target directory) if missing.
//! - `cargo xtask dist`: release binary with the web client embedded, at `dist/plenum`.
//! - `cargo xtask codegen [--check]`: TypeScript protocol types from the Rust protocol crate.
//! - `cargo xtask bench [SCENARIO…]`: release builds, then every scenario (or the named ones)
//!   against Plenum, Janus and the null forwarder in one loopback-only network namespace, the
//!   target pinned to CPU 0 and the generator to CPU 1; prints the figures and ratios.

mod bench;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root()?;
    let rest: Vec<String> = args
        .iter()
        .skip(1)
        .filter(|a| *a != "--")
        .cloned()
        .collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&root, args.iter().any(|a| a == "--check")),
        Some("run") => run(&root, &rest),
        Some("test") => test(&root),
        Some("dist") => dist(&root),
        Some("bench") => bench::run(&root, &rest),
        Some("bench-inside") => bench::inside(&root, &rest),
        _ => bail!(
            "usage: cargo xtask <command>\n  run [-- ARGS]     build everything and start `plenum serve ARGS`\n  test              run every check CI runs\n  dist              release binary with the web client at dist/plenum\n  codegen [--check] regenerate (or check) web/src/protocol/generated.ts\n  bench [SCENARIO]  side-by-side benchmark (see BENCHMARKS.md)"
        ),
    }
}

/// The workspace the command was started in, found at run time (never the one this binary was
/// compiled from: with a shared target directory that may be another checkout).
fn workspace_root() -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    cwd.ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|manifest| manifest.lines().any(|l| l.trim() == "[workspace]"))
        })
        .map(Path::to_path_buf)
        .with_context(|| format!("{} is not inside the Plenum workspace", cwd.display()))
}

pub(crate) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// Runs a command in `dir`, failing with its name if it fails.
pub(crate) fn sh(dir: &Path, program: &str, args: &[&str]) -> Result<()> {
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .with_context(|| format!("starting {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

pub(crate) fn step(name: &str, f: impl FnOnce() -> Result<()>) -> Result<()> {
    step_value(name, f)
}

/// A step that yields a value.
pub(crate) fn step_value<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    eprintln!("\n==> {name}");
    let started = Instant::now();
    let value = f()?;
    eprintln!("    {name}: ok ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(value)
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

/// `npm ci` in `web/` when its `node_modules` is missing or older than the lock file.
fn npm_install(root: &Path) -> Result<()> {
    npm_ci(&root.join("web"))
}

/// `npm ci` in `dir` when its `node_modules` is missing or older than the lock file.
fn npm_ci(web: &Path) -> Result<()> {
    if Command::new("npm").arg("--version").output().is_err() {
        bail!("npm is missing: install Node.js 20 or newer (Debian: `apt-get install nodejs npm`)");
    }
    let stamp = web.join("node_modules/.package-lock.json");
    let lock = web.join("package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&stamp).is_some() && modified(&stamp) >= modified(&lock) {
        return Ok(());
    }
    sh(web, "npm", &["ci", "--no-audit", "--no-fund"])
}

/// Renders `deploy/kubernetes` with `kubectl kustomize` (installing Debian's kubectl if there
/// is none) and validates every object against the Kubernetes API's schemas.
fn kubernetes_manifests(root: &Path) -> Result<()> {
    if Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_err()
    {
        apt_install(&["kubernetes-client"])?;
    }
    let check = root.join("deploy/kubernetes/check");
    npm_ci(&check)?;
    let rendered = Command::new("kubectl")
        .args(["kustomize", "deploy/kubernetes"])
        .current_dir(root)
        .output()
        .context("running kubectl kustomize")?;
    if !rendered.status.success() {
        bail!(
            "kubectl kustomize deploy/kubernetes failed: {}",
            String::from_utf8_lossy(&rendered.stderr)
        );
    }
    let mut validate = Command::new("node")
        .arg("check.mjs")
        .current_dir(&check)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .context("starting node check.mjs")?;
    {
        use std::io::Write;
        let mut stdin = validate.stdin.take().context("piped stdin")?;
        stdin.write_all(&rendered.stdout)?;
    }
    if !validate.wait()?.success() {
        bail!("the rendered Kubernetes manifests do not validate");
    }
    Ok(())
}

fn web_build(root: &Path) -> Result<()> {
    npm_install(root)?;
    sh(&root.join("web"), "npm", &["run", "--silent", "build"])
}

fn run(root: &Path, args: &[String]) -> Result<()> {
    step("web client", || web_build(root))?;
    let mut cmd = Command::new("cargo");
    cmd.args([
        "run",
        "--package",
        "plenum-server",
        "--bin",
        "plenum",
        "--",
        "serve",
    ])
    .args(args);
    let status = cmd.current_dir(root).status().context("starting cargo")?;
    if !status.success() {
        bail!("plenum exited with {status}");
    }
    Ok(())
}

fn dist(root: &Path) -> Result<()> {
    step("web client", || web_build(root))?;
    step("release build", || {
        sh(
            root,
            "cargo",
            &[
                "build",
                "--release",
                "--package",
                "plenum-server",
                "--bin",
                "plenum",
            ],
        )
    })?;
    let built = target_dir(root).join("release/plenum");
    let out = root.join("dist");
    std::fs::create_dir_all(&out)?;
    std::fs::copy(&built, out.join("plenum"))
        .with_context(|| format!("copying {}", built.display()))?;
    eprintln!("\nbuilt {}", out.join("plenum").display());
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Installs Debian packages that are missing (as root, or through sudo).
pub(crate) fn apt_install(packages: &[&str]) -> Result<()> {
    let mut cmd = if is_root() {
        Command::new("apt-get")
    } else {
        let mut c = Command::new("sudo");
        c.arg("apt-get");
        c
    };
    let status = cmd
        .args(["install", "-y", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .context("starting apt-get")?;
    if !status.success() {
        bail!("installing {} failed", packages.join(" "));
    }
    Ok(())
}

fn chromium() -> Result<PathBuf> {
    let path =
        PathBuf::from(std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into()));
    if !path.exists() {
        apt_install(&["chromium"])?;
    }
    Ok(path)
}

/// Python's aiosmtpd, the local SMTP sink of the mail tests.
fn smtp_sink() -> Result<()> {
    let present = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    if present {
        return Ok(());
    }
    let status = Command::new("python3")
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "aiosmtpd",
        ])
        .status()
        .context("starting pip")?;
    if !status.success() {
        bail!("installing aiosmtpd failed");
    }
    Ok(())
}

fn test(root: &Path) -> Result<()> {
    let started = Instant::now();
    let web = root.join("web");
    step("SMTP sink for mail tests", smtp_sink)?;
    step("generated TypeScript is up to date", || codegen(root, true))?;
    step("cargo fmt --check", || {
        sh(root, "cargo", &["fmt", "--all", "--check"])
    })?;
    step("web packages", || npm_install(root))?;
    // The web client is embedded by the server crate, so it must exist before Rust builds.
    step("web: type check and build", || {
        sh(&web, "npm", &["run", "--silent", "build"])
    })?;
    step("cargo clippy", || {
        sh(
            root,
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        )
    })?;
    step("redis-server for the scale-out tests", || {
        // The tests start Redis servers of their own (to kill and restart them).
        if Command::new("redis-server")
            .arg("--version")
            .output()
            .is_err()
        {
            apt_install(&["redis-server"])?;
        }
        Ok(())
    })?;
    step("Kubernetes manifests render and validate", || {
        kubernetes_manifests(root)
    })?;
    step("Rust tests", || sh(root, "cargo", &["test", "--workspace"]))?;
    // Each benchmark once, unoptimised (divan's test mode): a benchmark that no longer runs
    // shows here, not at the next measurement.
    step("benchmarks run once", || {
        sh(
            root,
            "cargo",
            &["test", "--package", "plenum-media", "--benches"],
        )
    })?;
    step("web unit tests", || sh(&web, "npm", &["test", "--silent"]))?;
    step("server binary for end-to-end tests", || {
        sh(
            root,
            "cargo",
            &["build", "--package", "plenum-server", "--bin", "plenum"],
        )
    })?;
    let browser = chromium()?;
    step("end-to-end tests in headless Chromium", || {
        e2e(root, &browser)
    })?;
    let python = step_value("Python packages for the aiortc interop test", || {
        interop_venv(root)
    })?;
    step(
        "interop: two aiortc clients written from docs/protocol",
        || interop(root, &python),
    )?;
    eprintln!(
        "\nall checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A shell command run in a network namespace that has only loopback, so that no test traffic
/// can leave the machine (in CI that is required; elsewhere a loud warning when not possible).
fn loopback_only(script: &str) -> Result<Command> {
    let isolated = Command::new("unshare")
        .args(["-rn", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if isolated {
        let mut c = Command::new("unshare");
        c.args(["-rn", "sh", "-c", &format!("ip link set lo up && {script}")]);
        return Ok(c);
    }
    if std::env::var_os("CI").is_some() {
        bail!(
            "CI must run network tests in a loopback-only network namespace, and `unshare -rn` is not permitted here"
        );
    }
    eprintln!("!!! `unshare -rn` is not permitted: running network tests without isolation");
    let mut c = Command::new("sh");
    c.args(["-c", script]);
    Ok(c)
}

/// Runs the browser tests with only loopback.
fn e2e(root: &Path, browser: &Path) -> Result<()> {
    let bin = target_dir(root).join("debug/plenum");
    let status = loopback_only("exec npx vitest run --config vitest.e2e.config.ts")?
        .current_dir(root.join("web"))
        .env("PLENUM_BIN", &bin)
        .env("CHROMIUM", browser)
        .status()
        .context("starting the browser tests")?;
    if !status.success() {
        bail!("end-to-end tests failed");
    }
    Ok(())
}

/// A Python venv with the interop test's pinned packages (`interop/aiortc/requirements.txt`),
/// kept beside the cargo target directory and rebuilt when the list changes. Returns its
/// interpreter.
fn interop_venv(root: &Path) -> Result<PathBuf> {
    let wanted = std::fs::read_to_string(root.join("interop/aiortc/requirements.txt"))
        .context("reading interop/aiortc/requirements.txt")?;
    let venv = target_dir(root).join("interop-venv");
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.txt");
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(&*wanted) {
        return Ok(python);
    }
    let has_venv = Command::new("python3")
        .args(["-c", "import ensurepip, venv"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_venv {
        apt_install(&["python3", "python3-venv"])?;
    }
    let venv_arg = venv.to_string_lossy().into_owned();
    sh(root, "python3", &["-m", "venv", "--clear", &venv_arg])?;
    let requirements = root.join("interop/aiortc/requirements.txt");
    sh(
        root,
        &python.to_string_lossy(),
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            &requirements.to_string_lossy(),
        ],
    )?;
    std::fs::write(&stamp, wanted).context("writing the venv's stamp")?;
    Ok(python)
}

/// Runs the aiortc clients against the server binary with only loopback.
fn interop(root: &Path, python: &Path) -> Result<()> {
    let bin = target_dir(root).join("debug/plenum");
    let script = format!(
        "exec '{}' interop/aiortc/clients.py '{}'",
        python.display(),
        bin.display()
    );
    let status = loopback_only(&script)?
        .current_dir(root)
        .status()
        .context("starting the interop test")?;
    if !status.success() {
        bail!("the aiortc interop test failed");
    }
    Ok(())
}
