//! Configuration of `plenum serve`: built-in defaults, overridden by a TOML file, then by
//! `PLENUM_*` environment variables, then by command-line flags.

use crate::client_addr::ProxyNet;
use crate::limits::Limits;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use plenum_protocol::api::GermanAddress;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

/// The settings that `PLENUM_<NAME>` environment variables can set; other `PLENUM_*` variables
/// (`PLENUM_CONFIG`, `PLENUM_LOG`, a test's own) are not settings.
const ENV_KEYS: [&str; 19] = [
    "listen",
    "media_port",
    "media_shards",
    "public_ip",
    "data_dir",
    "database_url",
    "allow_anonymous_rooms",
    "public_url",
    "german_address",
    "redis_url",
    "redis_prefix",
    "controller_url",
    "node_id",
    "node_url",
    "zone",
    "capacity",
    "node_token",
    "metrics_listen",
    "drain_seconds",
];

/// Everything `plenum serve` can be told.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// HTTP listen address (REST API, WebSocket, web client).
    pub listen: SocketAddr,
    /// UDP port of the first SFU shard; shard `i` uses `media_port + i` (0 picks free ports).
    pub media_port: u16,
    /// SFU shards (threads, each with its own media port); defaults to one per CPU core.
    pub media_shards: Option<usize>,
    /// The address clients send media to (the ICE candidate). Defaults to the listen address.
    pub public_ip: Option<IpAddr>,
    /// Where the SQLite database and the signing key live.
    pub data_dir: PathBuf,
    /// Database URL; defaults to an SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// Whether anyone may create ad-hoc rooms without an account.
    pub allow_anonymous_rooms: bool,
    /// How the German interface addresses people: `formal` ("Sie", the default) or `informal`
    /// ("du", for schools and youth groups).
    pub german_address: GermanAddress,
    /// Resource limits (`[limits]`).
    pub limits: Limits,
    /// Reverse proxies whose `X-Forwarded-For` names the client (addresses or networks, for
    /// example `["127.0.0.1", "10.0.0.0/8"]`). Empty: the TCP peer is the client.
    pub trusted_proxies: Vec<ProxyNet>,
    /// The address people use to reach Plenum (links in mails, OpenID redirect); defaults to
    /// `http://<listen>`. Use `https://…` in production: session cookies are then `Secure`.
    pub public_url: Option<String>,
    /// Outgoing mail; without it mails stay queued in the database.
    pub smtp: Option<SmtpConfig>,
    /// Sign-in through an OpenID provider.
    pub oidc: Option<OidcConfig>,
    /// Scale-out (`plenum controller`, `plenum node`): the Redis that controllers and nodes
    /// share.
    pub redis_url: Option<String>,
    /// Prefix of every Redis key and channel (installations sharing one Redis differ here).
    pub redis_prefix: String,
    /// `plenum node`: the controllers' base URL (a load balancer in front of them), for their
    /// signing keys and the storage of records.
    pub controller_url: Option<String>,
    /// `plenum node`: the node's id in the registry; defaults to `node-<listen address>`.
    pub node_id: Option<String>,
    /// `plenum node`: where clients reach this node's WebSocket, without a trailing slash;
    /// defaults to `http://<listen>`.
    pub node_url: Option<String>,
    /// `plenum node`: the zone the node is in; `plenum controller`: the zone new rooms go to
    /// (none: any node).
    pub zone: Option<String>,
    /// `plenum node`: how many participants the node takes before new rooms go elsewhere.
    pub capacity: u32,
    /// `plenum node`: on SIGTERM, how long to wait for running rooms to end before stopping
    /// (draining: no new rooms come; 0 stops at once). A second signal stops at once.
    pub drain_seconds: u64,
    /// `plenum node`: the node's credential for the controllers' storage API (made with
    /// `plenum node-credential`).
    pub node_token: Option<String>,
    /// Where Prometheus scrapes `/metrics` (a separate listener, for the operators' network
    /// only); none: no metrics.
    pub metrics_listen: Option<SocketAddr>,
    /// `plenum controller`: the nodes allowed to use the storage API, by name and the SHA-256
    /// of their credential (`[[node_credentials]]`).
    pub node_credentials: Vec<NodeCredential>,
}

/// `[[node_credentials]]`: one conference node's credential, as the controller knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeCredential {
    /// The node's name (for logs).
    pub name: String,
    /// Hex SHA-256 of the node's token.
    pub token_sha256: String,
}

/// `[smtp]`: where mails go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// Server host name.
    pub host: String,
    /// Port (587 for STARTTLS, 465 for TLS, 25 plain).
    pub port: u16,
    /// `starttls`, `tls` or `none` (only for a relay on the same machine or tests).
    #[serde(default = "default_security")]
    pub security: String,
    /// Login name.
    pub username: Option<String>,
    /// Password.
    pub password: Option<String>,
    /// Sender address, for example `Plenum <plenum@example.org>`.
    pub from: String,
    /// Pause before the first retry of a failed mail, doubling up to an hour.
    #[serde(default = "default_retry")]
    pub retry_seconds: u64,
}

fn default_retry() -> u64 {
    30
}

fn default_security() -> String {
    "starttls".into()
}

/// `[oidc]`: the OpenID provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcConfig {
    /// Issuer URL (discovery at `<issuer>/.well-known/openid-configuration`).
    pub issuer: String,
    /// Client id registered at the provider (redirect URI `<public_url>/api/v1/auth/oidc/callback`).
    pub client_id: String,
    /// Client secret (confidential clients).
    pub client_secret: Option<String>,
    /// Name on the login button.
    #[serde(default = "default_oidc_name")]
    pub display_name: String,
    /// Scopes to ask for.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// The claim holding the user's groups.
    #[serde(default = "default_groups_claim")]
    pub groups_claim: String,
    /// Members of this group become administrators.
    pub admin_group: Option<String>,
    /// Expected audience of bearer access tokens (defaults to the client id).
    pub access_token_audience: Option<String>,
}

fn default_oidc_name() -> String {
    "single sign-on".into()
}

fn default_scopes() -> Vec<String> {
    vec!["email".into(), "profile".into()]
}

fn default_groups_claim() -> String {
    "groups".into()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            media_port: 10000,
            media_shards: None,
            public_ip: None,
            data_dir: PathBuf::from("./data"),
            database_url: None,
            allow_anonymous_rooms: true,
            german_address: GermanAddress::Formal,
            limits: Limits::default(),
            trusted_proxies: Vec::new(),
            public_url: None,
            smtp: None,
            oidc: None,
            redis_url: None,
            redis_prefix: "plenum".into(),
            controller_url: None,
            node_id: None,
            node_url: None,
            zone: None,
            capacity: 500,
            node_token: None,
            metrics_listen: None,
            drain_seconds: 0,
            node_credentials: Vec::new(),
        }
    }
}

/// Values given on the command line; `None` leaves the lower layers' value.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overrides {
    /// `--listen`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    /// `--media-port`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_port: Option<u16>,
    /// `--media-shards`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_shards: Option<usize>,
    /// `--public-ip`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<IpAddr>,
    /// `--data-dir`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    /// `--database-url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    /// `--redis-url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redis_url: Option<String>,
    /// `--public-url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    /// `--controller-url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller_url: Option<String>,
    /// `--node-url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_url: Option<String>,
    /// `--zone`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// `--capacity`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// `--metrics-listen`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_listen: Option<SocketAddr>,
}

impl Config {
    /// Layers defaults, the optional TOML file, `PLENUM_*` variables and `overrides`.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config, Box<figment::Error>> {
        // Anonymous ad-hoc rooms are the default only for a quick start without a config file.
        let defaults = Config {
            allow_anonymous_rooms: file.is_none(),
            ..Config::default()
        };
        let mut figment = Figment::from(Serialized::defaults(defaults));
        if let Some(file) = file {
            figment = figment.merge(Toml::file_exact(file));
        }
        figment
            .merge(Env::prefixed("PLENUM_").only(&ENV_KEYS))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(Box::new)
    }

    /// The database URL to use.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("plenum.db").display()
            )
        })
    }

    /// The public address without a trailing slash.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
            .trim_end_matches('/')
            .to_owned()
    }

    /// How many SFU shards to run: as configured (at least one), or one per CPU core.
    pub fn media_shards(&self) -> usize {
        self.media_shards
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1)
    }

    /// The ICE candidate's IP.
    pub fn candidate_ip(&self) -> IpAddr {
        self.public_ip.unwrap_or(self.listen.ip())
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err, reason = "figment::Jail's closure signature")]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn layers_apply_in_order() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "plenum.toml",
                "media_port = 4000\ndata_dir = \"/srv/plenum\"\n",
            )?;
            jail.set_env("PLENUM_MEDIA_PORT", "5000");
            jail.set_env("PLENUM_CONFIG", "ignored.toml");
            jail.set_env("PLENUM_SOMETHING_ELSE", "ignored");
            let overrides = Overrides {
                data_dir: Some("/tmp/x".into()),
                ..Overrides::default()
            };
            let c = Config::load(Some(Path::new("plenum.toml")), &overrides).map_err(|e| *e)?;
            assert_eq!(c.media_port, 5000, "env beats file");
            assert_eq!(c.data_dir, PathBuf::from("/tmp/x"), "flag beats file");
            assert_eq!(c.listen, Config::default().listen, "default stays");
            assert!(
                !c.allow_anonymous_rooms,
                "with a config file, rooms need an account by default"
            );
            let quick = Config::load(None, &Overrides::default()).map_err(|e| *e)?;
            assert!(
                quick.allow_anonymous_rooms,
                "without one, anyone may start a meeting"
            );
            Ok(())
        });
    }

    #[test]
    fn the_shipped_example_configuration_loads() {
        // Inside a jail: other tests set `PLENUM_*` variables inside theirs, and jails run
        // one at a time.
        Jail::expect_with(|_jail| {
            let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/plenum.toml");
            let c = Config::load(Some(&example), &Overrides::default()).map_err(|e| *e)?;
            assert_eq!(c.public_url(), "https://meet.example.org");
            assert!(!c.allow_anonymous_rooms);
            assert_eq!(c.media_port, 10000);
            Ok(())
        });
    }

    #[test]
    fn typos_in_the_file_are_errors() {
        Jail::expect_with(|jail| {
            jail.create_file("plenum.toml", "media_prot = 4000\n")?;
            assert!(Config::load(Some(Path::new("plenum.toml")), &Overrides::default()).is_err());
            Ok(())
        });
    }
}
