//! The first-run setup: exactly one of many concurrent setups creates the administrator, and
//! only the server's own machine may set up without the code `plenum serve` printed (a client
//! behind a trusted proxy is judged by its real address).
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::{Client, server, server_with};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn body(code: Option<&str>, n: usize) -> Value {
    json!({"email": format!("admin{n}@example.org"), "display_name": "Admin", "password": "admin password 1", "setup_code": code})
}

/// A real HTTP request over TCP (so that the server sees a client address); returns the status.
async fn post_over_tcp(
    addr: std::net::SocketAddr,
    path: &str,
    body: &Value,
    forwarded: Option<&str>,
) -> u16 {
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let body = body.to_string();
    let xff = forwarded
        .map(|f| format!("X-Forwarded-For: {f}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: plenum\r\nContent-Type: application/json\r\nX-Plenum-CSRF: 1\r\n{xff}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    tcp.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).await.unwrap();
    answer.split(' ').nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn of_concurrent_setups_exactly_one_wins() {
    let s = server().await;
    let code = s.running.setup_code.clone();
    let attempts = (0..6).map(|n| {
        let body = body(code.as_deref(), n);
        let s = &s;
        async move {
            s.call(
                &mut Client::browser(),
                "POST",
                "/api/v1/auth/setup",
                Some(body),
            )
            .await
            .0
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::FORBIDDEN)
    );
    s.running.stop().await;
}

#[tokio::test]
async fn without_the_code_only_the_machine_itself_may_set_up() {
    let s = server_with(|c| c.trusted_proxies = vec!["127.0.0.1".to_string().try_into().unwrap()])
        .await;
    let code = s.running.setup_code.clone().unwrap();
    // An unknown address (no TCP peer) needs the code.
    let (status, refused) = s
        .call(
            &mut Client::browser(),
            "POST",
            "/api/v1/auth/setup",
            Some(body(None, 1)),
        )
        .await;
    assert_eq!(
        (status, refused["error"]["field"].as_str()),
        (StatusCode::FORBIDDEN, Some("setup_code"))
    );
    let (status, _) = s
        .call(
            &mut Client::browser(),
            "POST",
            "/api/v1/auth/setup",
            Some(body(Some("wrong"), 1)),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, config) = s.request("GET", "/api/v1/auth/config", None).await;
    assert_eq!(config["setup_code_required"], true);
    // A remote client behind the trusted proxy on this machine needs it too.
    let addr = s.running.http_addr;
    assert_eq!(
        post_over_tcp(
            addr,
            "/api/v1/auth/setup",
            &body(None, 2),
            Some("203.0.113.5")
        )
        .await,
        403
    );
    // The machine itself does not.
    assert_eq!(
        post_over_tcp(addr, "/api/v1/auth/setup", &body(None, 3), None).await,
        200
    );
    // Done is done, code or not.
    let (status, _) = s
        .call(
            &mut Client::browser(),
            "POST",
            "/api/v1/auth/setup",
            Some(body(Some(&code), 4)),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    s.running.stop().await;
}
