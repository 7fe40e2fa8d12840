//! Wires the roles into one process: storage, signing key, SFU socket, node, controller, HTTP
//! server, and graceful shutdown.

use crate::audit::Audit;
use crate::client_addr::TrustedProxies;
use crate::config::Config;
use crate::controller::{Controller, ControllerSetup, Settings};
use crate::node::ClaimSink;
use crate::node::spool::{Sink, Spooled};
use crate::node::{MediaShard, Node, NodeSetup};
use crate::protocol_signer::ProtocolSigner;
use crate::signing_key::SigningKey;
use crate::ticket::{TicketSigner, TicketVerifier};
use anyhow::{Context, Result};
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use plenum_media::Sfu;
use plenum_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower_http::set_header::SetResponseHeaderLayer;

const CSP: &str = "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; \
media-src 'self' blob: mediastream:; style-src 'self' 'unsafe-inline'; script-src 'self' 'wasm-unsafe-eval'; \
object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The whole HTTP surface: controller API, node WebSocket, health check and web client.
pub fn router(controller: Arc<Controller>, node: Arc<Node>, proxies: TrustedProxies) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    controller
        .router()
        .merge(node.router())
        .route("/healthz", get(|| async { "ok" }))
        .fallback(crate::web_assets::serve)
        .layer(axum::Extension(proxies))
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
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

/// A running Plenum.
pub struct Running {
    /// Where HTTP is served.
    pub http_addr: SocketAddr,
    /// Where the SFU shards listen (UDP), one port per shard.
    pub media_addrs: Vec<SocketAddr>,
    /// While no account exists: the code that lets someone who is not on this machine run the
    /// first-run setup (print it for the operator; never log it).
    pub setup_code: Option<String>,
    node: Arc<Node>,
    router: Router,
    store: Store,
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

/// Starts everything `config` describes.
pub async fn start(config: &Config) -> Result<Running> {
    create_private_dir(&config.data_dir)
        .with_context(|| format!("creating data directory {}", config.data_dir.display()))?;
    let store = Store::connect(&config.database_url())
        .await
        .context("opening the database")?;
    store.migrate().await.context("migrating the database")?;
    // The SQLite file holds accounts and hashes: only this user may read it.
    if config.database_url.is_none() {
        restrict(&config.data_dir.join("plenum.db")).context("restricting the database file")?;
    }
    let key = SigningKey::load_or_create(&config.data_dir)?;
    let audit =
        Arc::new(Audit::open(&config.data_dir.join("audit.log")).context("opening the audit log")?);

    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let http_addr = listener.local_addr()?;
    let media = bind_media(config)?;
    let media_addrs = media
        .iter()
        .map(|m| m.socket.local_addr())
        .collect::<std::io::Result<Vec<_>>>()?;
    let shutdown = CancellationToken::new();
    let tracker = TaskTracker::new();
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
    let node = Node::start(
        NodeSetup {
            verifier: TicketVerifier::new(&key.public, crate::unix_millis() / 1000),
            limits: config.limits,
            media,
            spool_dir: config.data_dir.join("spool"),
            storage,
            ballots,
            protocol_signer: Arc::new(
                ProtocolSigner::new(&key.pkcs8).context("loading the protocol signing key")?,
            ),
            audit: audit.clone(),
        },
        shutdown.clone(),
        tracker.clone(),
    )
    .context("starting the spool")?;
    let public_url = match &config.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("http://{http_addr}"),
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
    };
    tracker.spawn(crate::controller::expire_unused_rooms(
        store.clone(),
        config.limits.unused_room_days,
        shutdown.clone(),
    ));
    let mail_ready = Arc::new(tokio::sync::Notify::new());
    tracker.spawn(crate::mailer::run(
        store.clone(),
        config.smtp.clone(),
        mail_ready.clone(),
        shutdown.clone(),
    ));
    let registry = node.registry().clone();
    let controller = Arc::new(Controller::new(ControllerSetup {
        store: store.clone(),
        signer: TicketSigner::new(&key.pkcs8, &key.public),
        settings,
        oidc,
        mail_ready,
        end_conference: Arc::new(move |room| registry.end(room)),
        secrets: crate::secret_box::SecretBox::derived(&key.pkcs8),
        audit: audit.clone(),
    }));
    let setup_code = (config.oidc.is_none() && store.count_users().await? == 0)
        .then(|| controller.setup_code().to_owned());
    let proxies = TrustedProxies(Arc::new(config.trusted_proxies.clone()));
    let app = router(controller, node.clone(), proxies);
    let server = tokio::spawn(crate::http_server::serve(
        listener,
        app.clone(),
        config.limits.header_timeout(),
        shutdown.clone(),
    ));
    tracing::info!(%http_addr, ?media_addrs, candidate_ip = %config.candidate_ip(), "plenum started");
    Ok(Running {
        http_addr,
        media_addrs,
        setup_code,
        node,
        router: app,
        store,
        shutdown,
        tracker,
        server,
    })
}

impl Running {
    /// The node (for inspection in tests).
    pub fn node(&self) -> &Arc<Node> {
        &self.node
    }

    /// The database (for inspection in tests and operations).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The HTTP routes, for in-process requests (`tower::ServiceExt::oneshot`).
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Closes every connection with "shutting down", stops all tasks and the database.
    pub async fn stop(self) {
        self.node.shutdown();
        self.shutdown.cancel();
        self.tracker.close();
        self.tracker.wait().await;
        if let Err(e) = self.server.await {
            tracing::warn!(error = %e, "http server task failed");
        }
        self.store.close().await;
        tracing::info!("plenum stopped");
    }
}
