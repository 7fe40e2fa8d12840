//! A node's way to the controllers when it runs apart from them (`plenum node`): their
//! ticket signing keys (cached on disk, so that a node restarted while every controller is down still
//! admits ticket holders), and the storage API for records, ballot claims and the node's own
//! protocol key, authenticated with the node's own credential.

use super::ClaimSink;
use super::spool::{Sink, Spooled};
use crate::controller::node_api::{BallotClaim, BallotClaimed, StoredRecord};
use plenum_protocol::api::KeySet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long one request to a controller may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The file in the data directory that keeps the last key set fetched.
const KEY_CACHE: &str = "controller-keys.json";

/// The controllers as a node sees them.
#[derive(Clone)]
pub struct ControllerClient {
    base: String,
    token: String,
    http: reqwest::Client,
    key_cache: PathBuf,
}

/// Why the controllers' keys are not known.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot get the controllers' signing keys from {url} ({fetch}) and no usable copy is cached in {cache}"
)]
pub struct NoKeys {
    url: String,
    fetch: String,
    cache: String,
}

impl ControllerClient {
    /// A client for the controllers at `base` (their common URL), authenticating with
    /// `token`, caching keys in `data_dir`.
    pub fn new(base: &str, token: &str, data_dir: &Path) -> Result<Self, reqwest::Error> {
        Ok(ControllerClient {
            base: base.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
            http: reqwest::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .build()?,
            key_cache: data_dir.join(KEY_CACHE),
        })
    }

    /// Fetches the keys that sign tickets and caches them.
    pub async fn fetch_keys(&self) -> Result<KeySet, String> {
        let keys: KeySet = self
            .http
            .get(format!("{}/api/v1/keys/tickets", self.base))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| e.without_url().to_string())?
            .json()
            .await
            .map_err(|e| e.without_url().to_string())?;
        let json = serde_json::to_vec(&keys).map_err(|e| e.to_string())?;
        if let Err(e) = std::fs::write(&self.key_cache, json) {
            tracing::warn!(error = %e, path = %self.key_cache.display(), "cannot cache the controllers' keys");
        }
        Ok(keys)
    }

    /// The key set: fetched now, or the cached copy while no controller answers.
    pub async fn keys(&self) -> Result<KeySet, NoKeys> {
        match self.fetch_keys().await {
            Ok(keys) => Ok(keys),
            Err(fetch) => {
                let cached = std::fs::read(&self.key_cache)
                    .ok()
                    .and_then(|bytes| serde_json::from_slice::<KeySet>(&bytes).ok());
                match cached {
                    Some(keys) => {
                        tracing::warn!(error = %fetch, "no controller answers; using the cached signing keys");
                        Ok(keys)
                    }
                    None => Err(NoKeys {
                        url: self.base.clone(),
                        fetch,
                        cache: self.key_cache.display().to_string(),
                    }),
                }
            }
        }
    }

    async fn post<T: serde::Serialize>(
        &self,
        path: &str,
        body: &T,
    ) -> Result<reqwest::Response, String> {
        self.http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| e.without_url().to_string())
    }

    /// Publishes this node's protocol signing key through the controllers.
    pub async fn publish_key(&self, key: &plenum_protocol::api::PublicKey) -> Result<(), String> {
        self.post("/api/v1/nodes/keys", key).await.map(drop)
    }

    /// The spool's storage: records go to `POST /api/v1/nodes/records`.
    pub fn record_sink(&self) -> Sink {
        let client = self.clone();
        std::sync::Arc::new(move |spooled: Spooled| {
            let client = client.clone();
            Box::pin(async move {
                let body = StoredRecord {
                    room: spooled.room,
                    key: spooled.key,
                    record: spooled.record,
                };
                client.post("/api/v1/nodes/records", &body).await.map(drop)
            })
        })
    }

    /// The ballot box's storage: claims go to `POST /api/v1/nodes/ballots`.
    pub fn claim_sink(&self) -> ClaimSink {
        let client = self.clone();
        std::sync::Arc::new(move |vote: String, voter: String| {
            let client = client.clone();
            Box::pin(async move {
                let answer: BallotClaimed = client
                    .post("/api/v1/nodes/ballots", &BallotClaim { vote, voter })
                    .await?
                    .json()
                    .await
                    .map_err(|e| e.without_url().to_string())?;
                Ok(answer.first)
            })
        })
    }
}
