//! Bounded use, tested on loopback with small limits: connections that never join, flooding
//! with binary and ping frames, half-sent HTTP headers, anonymous room creation, join tickets
//! and invitation mails all meet a limit and a clear refusal; nobody else is affected.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::{close_code, next_named, send, server_with};
use futures_util::SinkExt;
use plenum_protocol::CloseCode;
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn connections_that_do_not_join_are_capped_per_address() {
    let s = server_with(|c| c.limits.pending_connections_per_address = 3).await;
    let room = s.create_room().await;
    let path = format!("/node/v1/rooms/{room}/ws");
    let mut idle = Vec::new();
    for _ in 0..3 {
        idle.push(s.ws(&path).await);
    }
    let url = format!("ws://{}{path}", s.running.http_addr);
    match tokio_tungstenite::connect_async(&url).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        }
        other => panic!("the fourth idle connection must be refused: {other:?}"),
    }
    assert_eq!(s.running.node().pending_connections(), 3);
    // A connection that joins gives its place up; one that goes away too.
    let (_ws, _) = {
        let mut first = idle.remove(0);
        let t = s.ticket(&room, "Ada").await;
        send(
            &mut first,
            json!({"namespace": "control", "payload": {"action": "join", "ticket": t.ticket}}),
        )
        .await;
        let joined = common::welcome(&mut first).await;
        (first, joined)
    };
    drop(idle.remove(0));
    let mut freed = false;
    for _ in 0..100 {
        if s.running.node().pending_connections() == 1 {
            freed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(freed, "places are given back");
    let _again = s.ws(&path).await;
    s.running.stop().await;
}

#[tokio::test]
async fn idle_connections_must_join_within_the_limit() {
    let s = server_with(|c| c.limits.join_timeout_seconds = 1).await;
    let room = s.create_room().await;
    let mut ws = s.ws(&format!("/node/v1/rooms/{room}/ws")).await;
    let started = tokio::time::Instant::now();
    assert_eq!(close_code(&mut ws).await, CloseCode::JoinTimeout.code());
    assert!(started.elapsed() < Duration::from_secs(3));
    s.running.stop().await;
}

#[tokio::test]
async fn binary_and_ping_floods_count_like_messages() {
    let s = server_with(|c| {
        c.limits.messages_per_second = 20.0;
        c.limits.message_burst = 10.0;
        c.limits.flood_disconnect_ms = 300;
    })
    .await;
    let room = s.create_room().await;
    let (mut ada, _) = s.join(&room, "Ada").await;
    for frame in [
        Message::Binary(vec![0u8; 60_000].into()),
        Message::Ping(vec![1u8; 100].into()),
    ] {
        let (mut bob, _) = s.join(&room, "Bob").await;
        let _ = next_named(&mut ada, "participant_joined").await;
        let flood = async {
            while bob.send(frame.clone()).await.is_ok() {
                tokio::task::yield_now().await;
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(10), flood).await;
        assert_eq!(
            close_code(&mut bob).await,
            CloseCode::PolicyViolation.code()
        );
        let left = next_named(&mut ada, "participant_updated").await;
        assert_eq!(left["payload"]["participant"]["connection"], "reconnecting");
    }
    s.running.stop().await;
}

#[tokio::test]
async fn half_sent_headers_are_cut_off() {
    let s = server_with(|c| c.limits.header_timeout_seconds = 1).await;
    let mut tcp = tokio::net::TcpStream::connect(s.running.http_addr)
        .await
        .unwrap();
    tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = tokio::time::Instant::now();
    let mut buf = Vec::new();
    // The server answers 408 or simply closes; either way the connection ends in time.
    let read = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the connection was not closed");
    assert!(started.elapsed() >= Duration::from_millis(900));
    // Complete requests are still served.
    let (status, _) = s.request("GET", "/api/v1/auth/config", None).await;
    assert_eq!(status, StatusCode::OK);
    s.running.stop().await;
}

#[tokio::test]
async fn anonymous_rooms_and_tickets_are_rate_limited_per_address() {
    let s = server_with(|c| {
        c.limits.rooms_per_address_per_hour = 2;
        c.limits.tickets_per_address_per_minute = 3;
    })
    .await;
    // In-process requests have no address: they share one bucket, like one client.
    let room = s.create_room().await;
    s.create_room().await;
    let (status, body) = s.request("POST", "/api/v1/rooms", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited"))
    );
    for _ in 0..3 {
        s.ticket(&room, "Ada").await;
    }
    let (status, _) = s
        .request(
            "POST",
            &format!("/api/v1/rooms/{room}/tickets"),
            Some(json!({"display_name": "Ada"})),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    s.running.stop().await;
}

#[tokio::test]
async fn invitations_have_a_daily_quota_per_account() {
    let s = server_with(|c| c.limits.invitations_per_day = 3).await;
    let mut admin = s.admin().await;
    let (status, m) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/meetings",
            Some(json!({"title": "Spam?", "schedule": {"kind": "unscheduled"}})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let path = format!("/api/v1/meetings/{}/invitations", m["id"].as_str().unwrap());
    let invite = |emails: &[&str]| json!({"emails": emails, "role": "participant"});
    let (status, _) = s
        .call(
            &mut admin,
            "POST",
            &path,
            Some(invite(&["a@x.example", "b@x.example"])),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = s
        .call(
            &mut admin,
            "POST",
            &path,
            Some(invite(&["c@x.example", "d@x.example"])),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited"))
    );
    let (status, _) = s
        .call(&mut admin, "POST", &path, Some(invite(&["c@x.example"])))
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "what is left of the quota can be used"
    );
    s.running.stop().await;
}

/// The answer to a ticket request for `room` as `client`: status and error code.
async fn ticket_status(
    s: &common::Server,
    client: &mut common::Client,
    room: &str,
) -> (StatusCode, serde_json::Value) {
    let (status, body) = s
        .call(
            client,
            "POST",
            &format!("/api/v1/rooms/{room}/tickets"),
            Some(json!({"display_name": "Someone"})),
        )
        .await;
    (status, body["error"]["code"].clone())
}

#[tokio::test]
async fn rooms_and_people_at_once_are_limited_for_the_installation() {
    let s = server_with(|c| {
        c.limits.rooms_at_once = 1;
        c.limits.people_at_once = 2;
    })
    .await;
    let first = s.create_room().await;
    let second = s.create_room().await;
    let (_ada, _) = s.join(&first, "Ada").await;
    let anyone = &mut common::Client::default();
    let (status, code) = ticket_status(&s, anyone, second.as_str()).await;
    assert_eq!(
        (status, code),
        (StatusCode::TOO_MANY_REQUESTS, json!("limit_reached"))
    );
    // The running room still takes people, up to the installation's limit.
    let (_bob, _) = s.join(&first, "Bob").await;
    let (status, code) = ticket_status(&s, anyone, first.as_str()).await;
    assert_eq!(
        (status, code),
        (StatusCode::TOO_MANY_REQUESTS, json!("limit_reached"))
    );
    s.finish().await;
}

#[tokio::test]
async fn rooms_at_once_are_limited_per_owner() {
    let s = server_with(|c| c.limits.rooms_at_once_per_owner = 1).await;
    let mut admin = s.admin().await;
    let (mut ada, _) = s.user(&mut admin, "ada@example.org", "Ada").await;
    let mut rooms = Vec::new();
    for _ in 0..2 {
        let (status, created) = s.call(&mut ada, "POST", "/api/v1/rooms", None).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        rooms.push(created["id"].as_str().unwrap().to_owned());
    }
    let (_inside, joined) =
        common::enter(&s, &mut ada, &rooms[0], json!({"display_name": "Ada"})).await;
    assert!(joined.get("you").is_some(), "{joined}");
    let (status, code) = ticket_status(&s, &mut ada, &rooms[1]).await;
    assert_eq!(
        (status, code),
        (StatusCode::TOO_MANY_REQUESTS, json!("limit_reached"))
    );
    // Someone else's room is not Ada's share.
    let other = s.create_room().await;
    let (status, _) = ticket_status(&s, &mut admin, other.as_str()).await;
    assert_eq!(status, StatusCode::OK);
    s.finish().await;
}
