//! Wires the roles into a process: `plenum serve` (controller and node together),
//! `plenum controller` and `plenum node` (apart, sharing Redis): storage, signing keys, SFU
//! sockets, cluster registration, HTTP server, and graceful shutdown.

use crate::audit::Audit;
use crate::client_addr::TrustedProxies;
use crate::config::Config;
use crate::controller::{Controller, ControllerSetup, Placement, Settings};
use crate::metrics::Metrics;
use crate::node::ClaimSink;
use crate::node::controller_client::ControllerClient;
use crate::node::membership::{self, Membership};
use crate::node::spool::{Sink, Spooled};
use crate::node::{MediaShard, Node, NodeSetup};
use crate::probe::Probe;
use crate::protocol_signer::ProtocolSigner;
use crate::signing_key::SigningKey;
use crate::ticket::{TicketSigner, TicketVerifier};
use anyhow::{Context, Result};
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use plenum_cluster::{Cluster, NodeInfo, NodeLoad};
use plenum_media::Sfu;
use plenum_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower_http::set_header::SetResponseHeaderLayer;

/// The content security policy; `connect` lists where the web client may open connections
/// (`'self'`, and in a cluster the nodes, which have origins of their own).
fn csp(connect: &str) -> String {
    format!(
        "default-src 'self'; connect-src {connect}; img-src 'self' data: blob:; \
media-src 'self' blob: mediastream:; style-src 'self' 'unsafe-inline'; script-src 'self' 'wasm-unsafe-eval'; \
object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
}

/// The HTTP surface of the roles this process runs: controller API (with the web client),
/// node WebSocket, and the health check.
pub fn router(
    controller: Option<Arc<Controller>>,
    node: Option<Arc<Node>>,
    probe: Probe,
    proxies: TrustedProxies,
    connect_src: &str,
) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let mut app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .merge(probe.routes());
    if let Some(controller) = controller {
        app = app
            .merge(controller.router())
            .fallback(crate::web_assets::serve);
    }
    if let Some(node) = node {
        app = app.merge(node.router());
    }
    let csp = HeaderValue::from_str(&csp(connect_src))
        .expect("the policy is built from ASCII literals and URL origins");
    app.layer(axum::Extension(proxies))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(
            HeaderName::from_static("permissions-policy"),
            "camera=(self), microphone=(self), display-capture=(self)",
        ))
}

/// 64 bytes for encrypting cookies, derived from the signing key (stable across restarts and
/// shared by controllers that share the key).
fn cookie_secret(pkcs8: &[u8]) -> Vec<u8> {
    let mut input = b"plenum cookie key v1".to_vec();
    input.extend_from_slice(pkcs8);
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA512, &input)
        .as_ref()
        .to_vec()
}

/// Creates `dir` (and its parents) readable only by this user.
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    if !dir.exists() {
        std::fs::create_dir_all(dir)?;
        restrict_to(dir, 0o700)?;
    }
    Ok(())
}

/// Makes `file` readable and writable only by this user.
fn restrict(file: &std::path::Path) -> std::io::Result<()> {
    restrict_to(file, 0o600)
}

#[cfg(unix)]
fn restrict_to(path: &std::path::Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn restrict_to(_path: &std::path::Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// A running Plenum (one role or both).
pub struct Running {
    /// Where HTTP is served.
    pub http_addr: SocketAddr,
    /// Where Prometheus scrapes `/metrics`, if configured.
    pub metrics_addr: Option<SocketAddr>,
    /// Where the SFU shards listen (UDP), one port per shard (none for a controller alone).
    pub media_addrs: Vec<SocketAddr>,
    /// While no account exists: the code that lets someone who is not on this machine run the
    /// first-run setup (print it for the operator; never log it).
    pub setup_code: Option<String>,
    node: Option<Arc<Node>>,
    router: Router,
    store: Option<Store>,
    cluster: Option<(Cluster, String)>,
    shutdown: CancellationToken,
    tracker: TaskTracker,
    server: JoinHandle<()>,
}

/// Binds one media port per SFU shard (`media_port`, `media_port + 1`, …; or free ports when
/// `media_port` is 0) and creates each shard's SFU with its ICE candidate.
fn bind_media(config: &Config) -> Result<Vec<MediaShard>> {
    let candidate_ip = config.candidate_ip();
    if candidate_ip.is_unspecified() {
        anyhow::bail!(
            "listening on {} needs --public-ip: the address clients send media to",
            config.listen
        );
    }
    (0..config.media_shards())
        .map(|i| {
            let port = match config.media_port {
                0 => 0,
                base => u16::try_from(i)
                    .ok()
                    .and_then(|i| base.checked_add(i))
                    .context("media ports beyond 65535: lower media_port or media_shards")?,
            };
            let bind = SocketAddr::new(config.listen.ip(), port);
            let socket = std::net::UdpSocket::bind(bind)
                .with_context(|| format!("binding the media port {bind}"))?;
            let candidate = SocketAddr::new(candidate_ip, socket.local_addr()?.port());
            Ok(MediaShard {
                socket,
                sfu: Sfu::new(candidate)?,
            })
        })
        .collect()
}

/// Opens (and migrates) the database; an SQLite file in the data directory is made readable
/// only by this user.
async fn open_store(config: &Config) -> Result<Store> {
    let store = Store::connect(&config.database_url())
        .await
        .context("opening the database")?;
    store.migrate().await.context("migrating the database")?;
    // The SQLite file and its write-ahead log hold accounts and hashes: only this user may read
    // them.
    if config.database_url.is_none() {
        restrict(&config.data_dir.join("plenum.db")).context("restricting the database file")?;
        for log in ["plenum.db-wal", "plenum.db-shm"] {
            let file = config.data_dir.join(log);
            if file.exists() {
                restrict(&file).context("restricting the database's log")?;
            }
        }
    }
    Ok(store)
}

/// What every role starts with: its data directory, audit log, HTTP listener, and the
/// shutdown token and task tracker.
struct Base {
    audit: Arc<Audit>,
    metrics: Arc<Metrics>,
    listener: TcpListener,
    http_addr: SocketAddr,
    shutdown: CancellationToken,
    tracker: TaskTracker,
}

async fn base(config: &Config) -> Result<Base> {
    create_private_dir(&config.data_dir)
        .with_context(|| format!("creating data directory {}", config.data_dir.display()))?;
    let audit =
        Arc::new(Audit::open(&config.data_dir.join("audit.log")).context("opening the audit log")?);
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let http_addr = listener.local_addr()?;
    Ok(Base {
        audit,
        metrics: Arc::new(Metrics::default()),
        listener,
        http_addr,
        shutdown: CancellationToken::new(),
        tracker: TaskTracker::new(),
    })
}

/// The node's parts besides its sinks: media shards, spool, verifier.
fn start_node_role(
    config: &Config,
    base: &Base,
    verifier: TicketVerifier,
    storage: Sink,
    ballots: ClaimSink,
    protocol_signer: ProtocolSigner,
    cluster: Option<Cluster>,
) -> Result<(Arc<Node>, Vec<SocketAddr>)> {
    let media = bind_media(config)?;
    let media_addrs = media
        .iter()
        .map(|m| m.socket.local_addr())
        .collect::<std::io::Result<Vec<_>>>()?;
    let node = Node::start(
        NodeSetup {
            verifier,
            limits: config.limits,
            media,
            spool_dir: config.data_dir.join("spool"),
            storage,
            ballots,
            protocol_signer: Arc::new(protocol_signer),
            audit: base.audit.clone(),
            cluster,
            metrics: base.metrics.clone(),
        },
        base.shutdown.clone(),
        base.tracker.clone(),
    )
    .context("starting the spool")?;
    Ok((node, media_addrs))
}

/// The controller with its background work (room expiry, mailer).
async fn start_controller_role(
    config: &Config,
    base: &Base,
    store: &Store,
    key: &SigningKey,
    placement: Placement,
) -> Result<(Arc<Controller>, Option<String>)> {
    let public_url = match &config.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("http://{}", base.http_addr),
    };
    let oidc = match &config.oidc {
        Some(o) => Some(
            crate::controller::Oidc::new(o.clone(), &public_url, &cookie_secret(&key.pkcs8))
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        ),
        None => None,
    };
    let settings = Settings {
        allow_anonymous_rooms: config.allow_anonymous_rooms,
        german_address: config.german_address,
        secure_cookies: public_url.starts_with("https://"),
        public_url,
        limits: config.limits,
        node_credentials: config.node_credentials.clone(),
    };
    base.tracker.spawn(crate::controller::expire_unused_rooms(
        store.clone(),
        config.limits.unused_room_days,
        base.shutdown.clone(),
    ));
    let mail_ready = Arc::new(tokio::sync::Notify::new());
    base.tracker.spawn(crate::mailer::run(
        store.clone(),
        config.smtp.clone(),
        mail_ready.clone(),
        base.shutdown.clone(),
    ));
    let controller = Arc::new(Controller::new(ControllerSetup {
        store: store.clone(),
        signer: TicketSigner::new(&key.pkcs8, &key.public),
        settings,
        oidc,
        mail_ready,
        placement,
        metrics: base.metrics.clone(),
        secrets: crate::secret_box::SecretBox::derived(&key.pkcs8),
        audit: base.audit.clone(),
    }));
    let setup_code = (config.oidc.is_none() && store.count_users().await? == 0)
        .then(|| controller.setup_code().to_owned());
    Ok((controller, setup_code))
}

/// Starts `plenum serve`: controller and node in one process, as `config` describes.
pub async fn start(config: &Config) -> Result<Running> {
    let base = base(config).await?;
    let store = open_store(config).await?;
    let key = SigningKey::load_or_create(&config.data_dir)?;
    let records = store.clone();
    let storage: Sink = Arc::new(move |spooled: Spooled| {
        let store = records.clone();
        Box::pin(async move {
            crate::controller::reports::store_record(
                &store,
                &spooled.room,
                &spooled.key,
                &spooled.record,
            )
            .await
            .map_err(|e| e.to_string())
        })
    });
    let claims = store.clone();
    let ballots: ClaimSink = Arc::new(move |vote: String, voter: String| {
        let store = claims.clone();
        Box::pin(async move {
            store
                .claim_ballot(&vote, &voter)
                .await
                .map_err(|e| e.to_string())
        })
    });
    let (node, media_addrs) = start_node_role(
        config,
        &base,
        TicketVerifier::new(&key.public, crate::unix_millis() / 1000),
        storage,
        ballots,
        ProtocolSigner::new(&key.pkcs8).context("loading the protocol signing key")?,
        None,
    )?;
    let (controller, setup_code) = start_controller_role(
        config,
        &base,
        &store,
        &key,
        Placement::Local { node: node.clone() },
    )
    .await?;
    let probe = base.probe(Some(node.clone()), Some(store.clone()), None);
    let app = router(
        Some(controller),
        Some(node.clone()),
        probe.clone(),
        TrustedProxies(Arc::new(config.trusted_proxies.clone())),
        "'self'",
    );
    finish(base, app, probe, None, media_addrs, setup_code, config).await
}

/// Connects to the cluster's Redis named in `config`.
async fn connect_cluster(config: &Config) -> Result<Cluster> {
    let url = config
        .redis_url
        .as_deref()
        .context("scale-out needs --redis-url (or redis_url in the configuration)")?;
    Cluster::connect_redis(url, &config.redis_prefix)
        .await
        .context("connecting to Redis")
}

/// Starts `plenum controller`: REST API, tickets and placement, sharing the database and Redis
/// with the other controllers; no conference runs here.
pub async fn start_controller(config: &Config) -> Result<Running> {
    if config.database_url.is_none() {
        anyhow::bail!(
            "a controller of a cluster needs a shared database: --database-url postgres://…"
        );
    }
    let cluster = connect_cluster(config).await?;
    let base = base(config).await?;
    let store = open_store(config).await?;
    let key = SigningKey::load_or_create(&config.data_dir)?;
    let placement = Placement::Cluster {
        cluster: cluster.clone(),
        zone: config.zone.clone(),
    };
    let (controller, setup_code) =
        start_controller_role(config, &base, &store, &key, placement).await?;
    // The web client opens WebSockets to the nodes, which have origins of their own.
    let connect_src = if config.public_url().starts_with("https://") {
        "'self' wss:"
    } else {
        "'self' ws: wss:"
    };
    let probe = base.probe(None, Some(store.clone()), Some(cluster));
    let app = router(
        Some(controller),
        None,
        probe.clone(),
        TrustedProxies(Arc::new(config.trusted_proxies.clone())),
        connect_src,
    );
    finish(base, app, probe, None, Vec::new(), setup_code, config).await
}

pub use crate::node::membership::NODE_LEASE;

/// Starts `plenum node`: a conference node that learns the controllers' keys from their key
/// endpoint (and keeps them cached), announces itself in the cluster with its load, and stores
/// records through the controllers' storage API.
pub async fn start_node(config: &Config) -> Result<Running> {
    let controller_url = config
        .controller_url
        .as_deref()
        .context("a node needs --controller-url: where the controllers answer")?;
    let token = config
        .node_token
        .as_deref()
        .context("a node needs its credential: node_token in the configuration or PLENUM_NODE_TOKEN (see plenum node-credential)")?;
    let cluster = connect_cluster(config).await?;
    let base = base(config).await?;
    let client = ControllerClient::new(controller_url, token, &config.data_dir)?;
    let keys = client.keys().await?;
    let verifier = TicketVerifier::with_key_set(&keys, crate::unix_millis() / 1000)
        .context("the controllers' key set")?;
    // Vote protocols are signed with the node's own key (kept in its data directory) and
    // published through the controllers, so that they stay verifiable.
    let own_key = SigningKey::load_or_create(&config.data_dir)?;
    let own_protocol_key =
        ProtocolSigner::new(&own_key.pkcs8).context("loading the protocol signing key")?;
    let protocol_key = own_protocol_key.public_jwk();
    let (node, media_addrs) = start_node_role(
        config,
        &base,
        verifier,
        client.record_sink(),
        client.claim_sink(),
        own_protocol_key,
        Some(cluster.clone()),
    )?;
    let info = node_info(config, base.http_addr);
    let node_id = info.id.clone();
    membership::join(
        Membership {
            cluster: cluster.clone(),
            node: node.clone(),
            client,
            info,
            protocol_key,
        },
        &base.tracker,
        &base.shutdown,
    );
    let probe = base.probe(Some(node.clone()), None, Some(cluster.clone()));
    let app = router(
        None,
        Some(node.clone()),
        probe.clone(),
        TrustedProxies(Arc::new(config.trusted_proxies.clone())),
        "'self'",
    );
    finish(base, app, probe, Some(node_id), media_addrs, None, config).await
}

/// The node as the registry shows it; without a configured id or URL, both come from the
/// address the node listens on.
fn node_info(config: &Config, http_addr: SocketAddr) -> NodeInfo {
    NodeInfo {
        id: config
            .node_id
            .clone()
            .unwrap_or_else(|| format!("node-{http_addr}")),
        url: config
            .node_url
            .as_deref()
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{http_addr}")),
        zone: config.zone.clone(),
        capacity: config.capacity,
        draining: false,
        load: NodeLoad::default(),
        rooms: Default::default(),
    }
}

impl Base {
    /// The probe over this process's parts.
    fn probe(
        &self,
        node: Option<Arc<Node>>,
        store: Option<Store>,
        cluster: Option<Cluster>,
    ) -> Probe {
        Probe {
            node,
            store,
            cluster,
            metrics: self.metrics.clone(),
            shutdown: self.shutdown.clone(),
        }
    }
}

/// Serves `app` (and the metrics listener, if configured) and returns the running process.
/// `node_id` names the node to withdraw from the cluster on shutdown.
async fn finish(
    base: Base,
    app: Router,
    probe: Probe,
    node_id: Option<String>,
    media_addrs: Vec<SocketAddr>,
    setup_code: Option<String>,
    config: &Config,
) -> Result<Running> {
    let metrics_addr = match config.metrics_listen {
        Some(addr) => {
            let listener = TcpListener::bind(addr)
                .await
                .with_context(|| format!("listening for metrics on {addr}"))?;
            let metrics_addr = listener.local_addr()?;
            base.tracker.spawn(crate::http_server::serve(
                listener,
                probe.clone().metrics_routes(),
                config.limits.header_timeout(),
                base.shutdown.clone(),
            ));
            Some(metrics_addr)
        }
        None => None,
    };
    let server = tokio::spawn(crate::http_server::serve(
        base.listener,
        app.clone(),
        config.limits.header_timeout(),
        base.shutdown.clone(),
    ));
    tracing::info!(http_addr = %base.http_addr, ?metrics_addr, ?media_addrs, candidate_ip = %config.candidate_ip(), "plenum started");
    let cluster = probe.cluster.clone().zip(node_id);
    Ok(Running {
        http_addr: base.http_addr,
        metrics_addr,
        media_addrs,
        setup_code,
        node: probe.node,
        router: app,
        store: probe.store,
        cluster,
        shutdown: base.shutdown,
        tracker: base.tracker,
        server,
    })
}

impl Running {
    /// The node (for inspection in tests).
    pub fn node(&self) -> &Arc<Node> {
        self.node
            .as_ref()
            .expect("asked only of `plenum serve` and `plenum node`, which run a node")
    }

    /// The database (for inspection in tests and operations).
    pub fn store(&self) -> &Store {
        self.store
            .as_ref()
            .expect("asked only of `plenum serve` and `plenum controller`, which hold the database")
    }

    /// The HTTP routes, for in-process requests (`tower::ServiceExt::oneshot`).
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Drains the node (if this process runs one): no new rooms come here, and this returns
    /// once the running rooms have ended or `timeout` has passed, whichever is first.
    pub async fn drain(&self, timeout: Duration) {
        let Some(node) = &self.node else { return };
        node.drain();
        let deadline = tokio::time::Instant::now() + timeout;
        let mut every = tokio::time::interval(Duration::from_millis(500));
        while !node.registry().is_empty() && tokio::time::Instant::now() < deadline {
            every.tick().await;
        }
    }

    /// Closes every connection with "shutting down", stops all tasks and the database.
    pub async fn stop(self) {
        if let Some((cluster, id)) = &self.cluster {
            // Draining ends here: new rooms go elsewhere at once, not after the lease.
            if let Err(e) = cluster.withdraw(id).await {
                tracing::warn!(error = %e, "cannot withdraw this node from the cluster");
            }
        }
        if let Some(node) = &self.node {
            node.shutdown();
        }
        self.shutdown.cancel();
        self.tracker.close();
        self.tracker.wait().await;
        if let Err(e) = self.server.await {
            tracing::warn!(error = %e, "http server task failed");
        }
        if let Some(store) = &self.store {
            store.close().await;
        }
        tracing::info!("plenum stopped");
    }
}
