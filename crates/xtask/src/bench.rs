//! `cargo xtask bench`: the side-by-side benchmark.
//!
//! Outside: builds the release binaries, then re-runs itself as `bench-inside` in a new network
//! namespace that has only loopback. Inside: for every scenario and target, starts the target
//! pinned to CPU 0, runs `plenum-bench` pinned to CPU 1, stops the target, and finally prints a
//! comparison and writes all reports to `target/bench/results.json`.

use crate::{sh, step, target_dir};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const TARGET_CPU: &str = "0";
const GENERATOR_CPU: &str = "1";

pub fn run(root: &Path, scenarios: &[String]) -> Result<()> {
    if Command::new("which")
        .arg("janus")
        .output()
        .map(|o| !o.status.success())
        .unwrap_or(true)
    {
        // Outside the namespace: the namespace has no network for apt.
        crate::apt_install(&["janus"])?;
    }
    step("release build", || {
        sh(
            root,
            "cargo",
            &[
                "build",
                "--release",
                "--package",
                "plenum-server",
                "--package",
                "plenum-bench",
            ],
        )
    })?;
    let me = std::env::current_exe()?;
    let mut args = vec![
        "-rn".to_string(),
        me.display().to_string(),
        "bench-inside".into(),
    ];
    args.extend(scenarios.iter().cloned());
    let status = Command::new("unshare")
        .args(&args)
        .current_dir(root)
        .status()
        .context("starting the benchmark in a network namespace (unshare -rn)")?;
    if !status.success() {
        bail!("benchmark failed");
    }
    Ok(())
}

enum Process {
    Child(Child),
    /// Janus, started and stopped by its script.
    Janus {
        pid: u32,
        script: PathBuf,
    },
}

struct Running {
    process: Process,
    address: String,
}

impl Running {
    fn pid(&self) -> u32 {
        match &self.process {
            Process::Child(c) => c.id(),
            Process::Janus { pid, .. } => *pid,
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        match &mut self.process {
            Process::Child(child) => {
                let _ = Command::new("kill")
                    .args(["-TERM", &child.id().to_string()])
                    .status();
                let _ = child.wait();
            }
            Process::Janus { script, .. } => {
                let _ = Command::new(script).arg("stop").status();
            }
        }
    }
}

fn release(root: &Path, name: &str) -> PathBuf {
    target_dir(root).join("release").join(name)
}

/// The load generator is one address that creates ad-hoc rooms and asks for every participant's
/// ticket and connection at once: the per-address limits that protect a real server must not
/// turn it away. (With a configuration file, ad-hoc rooms must be allowed explicitly.) Plenum
/// runs one SFU shard here, as it gets one core: the per-core figures compare one core with one
/// core (BENCHMARKS.md shows two shards separately).
const BENCH_LIMITS: &str = "allow_anonymous_rooms = true\n\
    media_shards = 1\n\
    [limits]\n\
    tickets_per_address_per_minute = 1000000\n\
    tickets_per_room_per_minute = 1000000\n\
    rooms_per_address_per_hour = 1000000\n\
    pending_connections_per_address = 100000\n";

/// Starts `plenum serve` on CPU 0 and waits for its URL.
fn start_plenum(root: &Path, data: &Path) -> Result<Running> {
    let config = data.join("bench.toml");
    std::fs::write(&config, BENCH_LIMITS).context("writing the benchmark's configuration")?;
    let mut child = Command::new("taskset")
        .args(["-c", TARGET_CPU])
        .arg(release(root, "plenum"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--media-port",
            "0",
            "--data-dir",
        ])
        .arg(data)
        .arg("--config")
        .arg(&config)
        // `PLENUM_BENCH_LOG` (a `PLENUM_LOG` filter) lets a run show the SFU's decisions.
        .env(
            "PLENUM_LOG",
            std::env::var("PLENUM_BENCH_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().context("plenum's stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let address = loop {
        let line = lines
            .next()
            .context("plenum exited before printing its URL")??;
        if let Some(url) = line.split("running at ").nth(1) {
            break url.trim().to_owned();
        }
    };
    Ok(Running {
        process: Process::Child(child),
        address,
    })
}

/// Starts Janus on CPU 0 (see `crates/plenum-bench/janus/`).
fn start_janus(root: &Path) -> Result<Running> {
    let script = root.join("crates/plenum-bench/janus/start-janus.sh");
    let out = Command::new("taskset")
        .args(["-c", TARGET_CPU])
        .arg(&script)
        .arg("start")
        .output()?;
    if !out.status.success() {
        bail!(
            "starting janus failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let pid = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .context("janus pid")?;
    Ok(Running {
        process: Process::Janus { pid, script },
        address: "http://127.0.0.1:8088/janus".into(),
    })
}

fn start_null(root: &Path) -> Result<Running> {
    let child = Command::new("taskset")
        .args(["-c", TARGET_CPU])
        .arg(release(root, "plenum-bench"))
        .args(["null-forwarder", "--listen", "127.0.0.1:7000"])
        .spawn()?;
    Ok(Running {
        process: Process::Child(child),
        address: "127.0.0.1:7000".into(),
    })
}

fn bench(
    root: &Path,
    scenario: &Path,
    target: &str,
    running: &Running,
    out: &Path,
) -> Result<Value> {
    let status = Command::new("taskset")
        .args(["-c", GENERATOR_CPU])
        .arg(release(root, "plenum-bench"))
        .args(["run", "--scenario"])
        .arg(scenario)
        .args([
            "--target",
            target,
            "--url",
            &running.address,
            "--target-pid",
            &running.pid().to_string(),
            // Janus's ICE only reaches clients on its tun address (janus/PROTOCOL.md).
            "--bind-ip",
            if target == "janus" {
                "127.0.1.1"
            } else {
                "127.0.0.1"
            },
            "--json",
        ])
        .arg(out)
        .status()?;
    if !status.success() {
        bail!("plenum-bench failed for {target} on {}", scenario.display());
    }
    Ok(serde_json::from_str(&std::fs::read_to_string(out)?)?)
}

pub fn inside(root: &Path, only: &[String]) -> Result<()> {
    sh(root, "ip", &["link", "set", "lo", "up"])?;
    let out_dir = target_dir(root).join("bench");
    std::fs::create_dir_all(&out_dir)?;
    let mut scenarios: Vec<PathBuf> =
        std::fs::read_dir(root.join("crates/plenum-bench/scenarios"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
                if only.is_empty() {
                    stem != "smoke"
                } else {
                    only.iter().any(|o| o == stem)
                }
            })
            .collect();
    scenarios.sort();
    let mut all = Vec::new();
    for scenario in &scenarios {
        let name = scenario
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("scenario")
            .to_owned();
        for target in targets(root, scenario)? {
            let target = target.as_str();
            eprintln!("\n==> {name} on {target}");
            let data = tempfile_dir(&out_dir, &name)?;
            let running = match target {
                "plenum" => start_plenum(root, &data)?,
                "janus" => start_janus(root)?,
                _ => start_null(root)?,
            };
            let report = bench(
                root,
                scenario,
                target,
                &running,
                &out_dir.join(format!("{name}-{target}.json")),
            )?;
            drop(running);
            let _ = std::fs::remove_dir_all(&data);
            all.push(report);
        }
    }
    std::fs::write(
        out_dir.join("results.json"),
        serde_json::to_string_pretty(&all)?,
    )?;
    print_comparison(&all);
    eprintln!("\nreports: {}", out_dir.display());
    Ok(())
}

/// The targets a scenario names (scenarios that measure Plenum's own layer choices leave out
/// Janus's VideoRoom and the null forwarder, which make none).
fn targets(root: &Path, scenario: &Path) -> Result<Vec<String>> {
    let out = Command::new(release(root, "plenum-bench"))
        .args(["targets", "--scenario"])
        .arg(scenario)
        .output()?;
    if !out.status.success() {
        bail!(
            "reading {}: {}",
            scenario.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect())
}

fn tempfile_dir(base: &Path, name: &str) -> Result<PathBuf> {
    let dir = base.join(format!("data-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn num(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

fn print_comparison(all: &[Value]) {
    #[allow(
        clippy::print_stdout,
        reason = "the comparison is the command's output"
    )]
    {
        println!(
            "\n{:<14} {:<8} {:>12} {:>14} {:>12} {:>10} {:>6}",
            "scenario", "target", "fwd pkt/s", "pkt/s per core", "KiB/partic.", "p50 ms", "valid"
        );
        for r in all {
            println!(
                "{:<14} {:<8} {:>12.0} {:>14.0} {:>12.0} {:>10.2} {:>6}",
                r["scenario"].as_str().unwrap_or("?"),
                r["target"].as_str().unwrap_or("?"),
                num(r, "forwarded_pps").unwrap_or(0.0),
                num(r, "packets_per_core_second").unwrap_or(0.0),
                num(r, "rss_per_participant_kib").unwrap_or(0.0),
                r["latency_ms"]["p50"].as_f64().unwrap_or(0.0),
                if r["valid"].as_bool() == Some(true) {
                    "yes"
                } else {
                    "NO"
                },
            );
        }
        println!("\nratios per scenario (packets/s per core):");
        let scenarios: std::collections::BTreeSet<&str> =
            all.iter().filter_map(|r| r["scenario"].as_str()).collect();
        for s in scenarios {
            let get = |t: &str| {
                all.iter()
                    .find(|r| r["scenario"] == s && r["target"] == t)
                    .and_then(|r| num(r, "packets_per_core_second"))
            };
            let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
                _ => "–".into(),
            };
            println!(
                "  {s:<14} plenum/janus {:>6}   plenum/ceiling {:>6}",
                ratio(get("plenum"), get("janus")),
                ratio(get("plenum"), get("null"))
            );
        }
    }
}
