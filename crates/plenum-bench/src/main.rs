//! `plenum-bench`: run a scenario against a target, or serve as the null forwarder.

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use plenum_bench::run::{RunOptions, Target, run};
use plenum_bench::scenario::Scenario;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "plenum-bench",
    about = "Load generator and benchmarks for Plenum"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Plenum,
    Janus,
    Null,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario against a target and print the report.
    Run {
        /// Scenario TOML file.
        #[arg(long)]
        scenario: PathBuf,
        /// What to measure.
        #[arg(long, value_enum)]
        target: Kind,
        /// Plenum: base URL (http://127.0.0.1:8080). Janus: API URL (http://127.0.0.1:8088/janus).
        /// Null: the forwarder's UDP address.
        #[arg(long)]
        url: String,
        /// The target's process id, for CPU and memory figures.
        #[arg(long)]
        target_pid: Option<u32>,
        /// Write the report as JSON here too.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Local address of the synthetic peers (127.0.1.1 for Janus, see janus/PROTOCOL.md).
        #[arg(long, default_value = "127.0.0.1")]
        bind_ip: IpAddr,
    },
    /// Print the targets a scenario is measured on, one per line.
    Targets {
        /// Scenario TOML file.
        #[arg(long)]
        scenario: PathBuf,
    },
    /// Serve as the null forwarder (plain UDP fan-out).
    NullForwarder {
        /// UDP address to listen on.
        #[arg(long, default_value = "127.0.0.1:7000")]
        listen: SocketAddr,
    },
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PLENUM_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::NullForwarder { listen } => {
            let socket = std::net::UdpSocket::bind(listen)?;
            eprintln!("null forwarder on {}", socket.local_addr()?);
            plenum_bench::null_forwarder::run(&socket)?;
            Ok(())
        }
        Command::Targets { scenario } => {
            #[allow(clippy::print_stdout, reason = "the list is the command's output")]
            for target in Scenario::load(&scenario)?.targets {
                println!("{target}");
            }
            Ok(())
        }
        Command::Run {
            scenario,
            target,
            url,
            target_pid,
            json,
            bind_ip,
        } => {
            let scenario = Scenario::load(&scenario)?;
            let target = match target {
                Kind::Plenum => Target::Plenum(url),
                Kind::Janus => Target::Janus(url),
                Kind::Null => Target::Null(url.parse()?),
            };
            // The generator is single-threaded on purpose: pin it to one core for clean figures.
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let report = runtime.block_on(run(
                &scenario,
                &RunOptions {
                    target,
                    target_pid,
                    bind_ip,
                },
            ))?;
            #[allow(clippy::print_stdout, reason = "the report is the command's output")]
            {
                println!("{report}");
            }
            if let Some(path) = json {
                std::fs::write(path, serde_json::to_string_pretty(&report)?)?;
            }
            Ok(())
        }
    }
}
