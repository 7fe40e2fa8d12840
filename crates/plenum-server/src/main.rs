//! `plenum`: the command-line entry point.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use plenum_server::config::{Config, Overrides};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "plenum", version, about = "Plenum video conferencing")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run everything in one process: controller, node, SFU and web client.
    Serve(ServeArgs),
    /// Scale-out: run a controller (REST API, tickets, placement, web client) that shares
    /// PostgreSQL and Redis with the other controllers.
    Controller(ClusterArgs),
    /// Scale-out: run a conference node (signaling, SFU) that announces itself in Redis and
    /// takes the rooms the controllers place on it.
    Node(ClusterArgs),
    /// Scale-out: make a new credential for a conference node; prints the token (for the
    /// node's `node_token`) and the entry for the controllers' `[[node_credentials]]`.
    NodeCredential {
        /// The node's name.
        name: String,
    },
    /// Apply database migrations and exit.
    Migrate(ServeArgs),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Vote protocols.
    #[command(subcommand)]
    Vote(VoteCommand),
}

#[derive(Subcommand)]
enum VoteCommand {
    /// Check a vote protocol (JSON from GET /api/v1/votes/{id}): the hash chain, the rules,
    /// the recount against the published result and the signature. Exits non-zero, naming the
    /// first entry that does not hold, if anything was changed.
    Verify {
        /// The protocol file.
        file: PathBuf,
        /// The published key set (JSON from GET /api/v1/keys); without it the key embedded in
        /// the protocol is used and its id printed for comparison.
        #[arg(long)]
        keys: Option<PathBuf>,
        /// A voter's receipt from a secret vote: checks that this ballot is in the protocol.
        #[arg(long)]
        receipt: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a local account; the password is read from standard input (one line).
    Create {
        /// E-mail address.
        email: String,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
        /// Display name (defaults to the part of the address before the @).
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        server: ServeArgs,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// TOML configuration file.
    #[arg(long, env = "PLENUM_CONFIG")]
    config: Option<PathBuf>,
    /// HTTP listen address [default: 127.0.0.1:8080].
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// UDP port of the first SFU shard (shard i uses PORT + i), 0 for free ports
    /// [default: 10000].
    #[arg(long)]
    media_port: Option<u16>,
    /// SFU shards: threads with a media port each [default: one per CPU core].
    #[arg(long)]
    media_shards: Option<usize>,
    /// IP address clients send media to [default: the listen address].
    #[arg(long)]
    public_ip: Option<IpAddr>,
    /// Data directory (SQLite database, signing key) [default: ./data].
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Database URL (sqlite://… or postgres://…) [default: SQLite in the data directory].
    #[arg(long)]
    database_url: Option<String>,
    /// Where Prometheus scrapes /metrics (keep it off the public network) [default: off].
    #[arg(long)]
    metrics_listen: Option<SocketAddr>,
}

impl ServeArgs {
    fn overrides(&self) -> Overrides {
        Overrides {
            listen: self.listen,
            media_port: self.media_port,
            media_shards: self.media_shards,
            public_ip: self.public_ip,
            data_dir: self.data_dir.clone(),
            database_url: self.database_url.clone(),
            metrics_listen: self.metrics_listen,
            ..Overrides::default()
        }
    }

    fn config(&self) -> Result<Config> {
        Ok(Config::load(self.config.as_deref(), &self.overrides())?)
    }
}

#[derive(Args)]
struct ClusterArgs {
    #[command(flatten)]
    server: ServeArgs,
    /// Redis shared by controllers and nodes (redis://host:port/db).
    #[arg(long)]
    redis_url: Option<String>,
    /// Controller: the address people use to reach Plenum.
    #[arg(long)]
    public_url: Option<String>,
    /// Node: the controllers' common URL (keys, storage of records).
    #[arg(long)]
    controller_url: Option<String>,
    /// Node: where clients reach this node's WebSocket [default: http://<listen>].
    #[arg(long)]
    node_url: Option<String>,
    /// Node: its zone; controller: the zone new rooms go to.
    #[arg(long)]
    zone: Option<String>,
    /// Node: participants it takes before new rooms go elsewhere [default: 500].
    #[arg(long)]
    capacity: Option<u32>,
}

impl ClusterArgs {
    fn config(&self) -> Result<Config> {
        let overrides = Overrides {
            redis_url: self.redis_url.clone(),
            public_url: self.public_url.clone(),
            controller_url: self.controller_url.clone(),
            node_url: self.node_url.clone(),
            zone: self.zone.clone(),
            capacity: self.capacity,
            ..self.server.overrides()
        };
        Ok(Config::load(self.server.config.as_deref(), &overrides)?)
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = EnvFilter::try_from_env("PLENUM_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,str0m=warn,sqlx=warn"));
    tracing_subscriber::registry()
        .with(plenum_server::log_filter::layer(
            filter,
            std::io::stderr,
            std::env::var("PLENUM_LOG_FORMAT").is_ok_and(|f| f == "json"),
        ))
        .init();
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing a SIGTERM handler succeeds on unix");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

/// Which roles a process runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Both,
    Controller,
    Node,
}

/// Runs the roles until SIGINT or SIGTERM.
async fn serve(config: Config, role: Role) -> Result<()> {
    let running = match role {
        Role::Both => plenum_server::app::start(&config).await?,
        Role::Controller => plenum_server::app::start_controller(&config).await?,
        Role::Node => plenum_server::app::start_node(&config).await?,
    };
    if config.allow_anonymous_rooms && role != Role::Node {
        tracing::info!("anyone may create ad-hoc rooms (allow_anonymous_rooms = true)");
    }
    // The URL is the command's output; a closed stdout (a supervisor that read the
    // first line and went away) must not take the server down.
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Plenum is running at http://{}", running.http_addr);
        if let Some(code) = &running.setup_code {
            let _ = writeln!(
                out,
                "No account exists yet. Create the first administrator at \
                 {}/setup?code={code} or with `plenum user create --admin`.",
                config.public_url()
            );
        }
        let _ = out.flush();
    }
    wait_for_signal().await;
    if role == Role::Node && config.drain_seconds > 0 {
        tracing::info!(
            seconds = config.drain_seconds,
            "draining: no new rooms; waiting for the running ones to end"
        );
        tokio::select! {
            () = running.drain(std::time::Duration::from_secs(config.drain_seconds)) => {}
            () = wait_for_signal() => tracing::info!("second signal: stopping at once"),
        }
    }
    tracing::info!("shutting down");
    running.stop().await;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    init_logging();
    match Cli::parse().command {
        Command::NodeCredential { name } => {
            let token = plenum_server::secret::random_token();
            let hash = plenum_server::controller::secret_hash::hash_secret(&token);
            #[allow(
                clippy::print_stdout,
                reason = "the credential is the command's output"
            )]
            {
                println!("# the node's configuration (or PLENUM_NODE_TOKEN):");
                println!("node_token = \"{token}\"");
                println!("# every controller's configuration:");
                println!("[[node_credentials]]\nname = \"{name}\"\ntoken_sha256 = \"{hash}\"");
            }
        }
        Command::Serve(args) => serve(args.config()?, Role::Both).await?,
        Command::Controller(args) => serve(args.config()?, Role::Controller).await?,
        Command::Node(args) => serve(args.config()?, Role::Node).await?,
        Command::User(UserCommand::Create {
            email,
            admin,
            name,
            server,
        }) => {
            let config = server.config()?;
            let store = plenum_store::Store::connect(&config.database_url()).await?;
            store.migrate().await?;
            let mut password = String::new();
            std::io::stdin().read_line(&mut password)?;
            let request = plenum_protocol::api::CreateUser {
                display_name: name
                    .unwrap_or_else(|| email.split('@').next().unwrap_or("admin").to_owned()),
                email,
                password: password.trim_end_matches(['\r', '\n']).to_owned(),
                role: if admin {
                    plenum_protocol::api::UserRole::Admin
                } else {
                    plenum_protocol::api::UserRole::User
                },
            };
            let user = plenum_server::controller::users::create_user(&store, &request)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            store.close().await;
            #[allow(
                clippy::print_stdout,
                reason = "the new account is the command's output"
            )]
            {
                println!(
                    "created {} ({}){}",
                    user.email,
                    user.id,
                    if admin { ", administrator" } else { "" }
                );
            }
        }
        Command::Vote(VoteCommand::Verify {
            file,
            keys,
            receipt,
        }) => {
            let json = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let keys = match keys {
                Some(path) => Some(
                    serde_json::from_str::<plenum_protocol::api::KeySet>(
                        &std::fs::read_to_string(&path)
                            .with_context(|| format!("reading {}", path.display()))?,
                    )
                    .with_context(|| format!("{} is not a key set", path.display()))?,
                ),
                None => None,
            };
            match plenum_server::vote_verify::verify_protocol(
                &json,
                keys.as_ref(),
                receipt.as_deref(),
            ) {
                Ok(verified) => {
                    #[allow(clippy::print_stdout, reason = "the verdict is the command's output")]
                    {
                        print!("{}", plenum_server::vote_verify::describe(&verified));
                    }
                }
                Err(e) => {
                    #[allow(clippy::print_stderr, reason = "the verdict is the command's output")]
                    {
                        eprintln!("{}: NOT VALID: {e}", file.display());
                    }
                    std::process::exit(1);
                }
            }
        }
        Command::Migrate(args) => {
            let config = args.config()?;
            let store = plenum_store::Store::connect(&config.database_url()).await?;
            store.migrate().await?;
            store.close().await;
            tracing::info!("migrations applied");
        }
    }
    Ok(())
}
