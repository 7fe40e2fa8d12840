//! What operators see: `/readyz` on the public port, Prometheus metrics on their own listener
//! (and not on the public port).
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::server_with;
use serde_json::json;

async fn get_text(url: String) -> (u16, String) {
    let response = reqwest::get(url).await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The value of an unlabelled sample line `name value`.
fn sample(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("{name} missing in\n{text}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn metrics_count_rooms_connections_tickets_and_joins() {
    let s = server_with(|c| c.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    let metrics = format!("http://{}/metrics", s.running.metrics_addr.unwrap());
    let (status, before) = get_text(metrics.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(sample(&before, "plenum_rooms"), 0.0);
    assert_eq!(sample(&before, "plenum_database_up"), 1.0);
    assert_eq!(
        sample(&before, "plenum_redis_up"),
        -1.0,
        "no Redis in plenum serve"
    );

    let room = s.create_room().await;
    let (_ada, _) = s.join(&room, "Ada").await;
    let (_, after) = get_text(metrics).await;
    assert_eq!(sample(&after, "plenum_rooms"), 1.0, "{after}");
    assert_eq!(sample(&after, "plenum_connections"), 1.0, "{after}");
    assert_eq!(
        sample(&after, "plenum_tickets_issued_total"),
        1.0,
        "{after}"
    );
    assert_eq!(sample(&after, "plenum_join_seconds_count"), 1.0, "{after}");
    assert_eq!(sample(&after, "plenum_spool_pending"), 0.0, "{after}");

    // Not on the public port (which answers unknown paths with the web client).
    let (_, public) = get_text(format!("http://{}/metrics", s.running.http_addr)).await;
    assert!(!public.contains("plenum_rooms"), "{public}");
    s.finish().await;
}

#[tokio::test]
async fn readyz_reports_the_database_and_readiness() {
    let s = server_with(|_| {}).await;
    let (status, body) = s.request("GET", "/readyz", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"ready": true, "database": "up", "redis": null})
    );
    s.finish().await;
}
