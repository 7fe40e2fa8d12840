//! What a process tells its operators: `/readyz` on the public port (for load balancers and
//! Kubernetes) and `/metrics` on the separate metrics listener (for Prometheus).
//!
//! Readiness means "send me new work": false while the process shuts down or its node drains. It does not depend
//! on the database or Redis, so that a controller keeps answering with a clear 503 instead of
//! vanishing behind its load balancer; their state is in the body and in the metrics.

use crate::metrics::{Metrics, Sample};
use crate::node::Node;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use plenum_cluster::Cluster;
use plenum_store::Store;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio_util::sync::CancellationToken;

/// The parts of a process that probes look at.
#[derive(Clone)]
pub struct Probe {
    /// The node, if this process runs one.
    pub node: Option<Arc<Node>>,
    /// The database, if this process holds it.
    pub store: Option<Store>,
    /// The cluster's shared state, in scale-out.
    pub cluster: Option<Cluster>,
    /// The process's metrics.
    pub metrics: Arc<Metrics>,
    /// Cancelled when the process shuts down.
    pub shutdown: CancellationToken,
}

impl Probe {
    /// Reads the gauges (asking the database and Redis whether they answer).
    pub async fn sample(&self) -> Sample {
        let mut sample = Sample::default();
        if let Some(node) = &self.node {
            let load = node.load();
            sample.rooms = u64::from(load.rooms);
            sample.connections = u64::from(load.participants);
            let spool = node.registry().spool_stats();
            sample.spool_pending = spool.pending.load(Ordering::Relaxed) as u64;
            sample.spool_failures = spool.failures.load(Ordering::Relaxed);
        }
        if let Some(store) = &self.store {
            sample.database_up = Some(store.ping().await.is_ok());
        }
        if let Some(cluster) = &self.cluster {
            sample.redis_up = Some(cluster.ping().await.is_ok());
        }
        sample
    }

    /// `/readyz` (public).
    pub fn routes(self) -> Router {
        Router::new().route("/readyz", get(ready)).with_state(self)
    }

    /// `/metrics` (metrics listener only).
    pub fn metrics_routes(self) -> Router {
        Router::new()
            .route("/metrics", get(metrics))
            .with_state(self)
    }
}

fn up(v: Option<bool>) -> serde_json::Value {
    match v {
        None => serde_json::Value::Null,
        Some(true) => "up".into(),
        Some(false) => "down".into(),
    }
}

async fn ready(State(probe): State<Probe>) -> impl IntoResponse {
    let sample = probe.sample().await;
    let draining = probe.node.as_ref().is_some_and(|n| n.is_draining());
    let status = if probe.shutdown.is_cancelled() || draining {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    let body = json!({
        "ready": status == StatusCode::OK,
        "database": up(sample.database_up),
        "redis": up(sample.redis_up),
    });
    (status, Json(body))
}

async fn metrics(State(probe): State<Probe>) -> impl IntoResponse {
    let text = probe.metrics.render(probe.sample().await);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
}
