//! Malformed, oversized and flooding input gets a clear error; the room stays healthy.

mod common;

use common::{close_code, next_event, next_named, send, send_text, server, server_with};
use futures_util::SinkExt;
use plenum_protocol::CloseCode;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

async fn expect_error(ws: &mut common::Ws, code: &str) -> serde_json::Value {
    let e = next_event(ws).await;
    assert_eq!(e["namespace"], "error", "{e}");
    assert_eq!(e["payload"]["code"], code, "{e}");
    e
}

async fn ping(ws: &mut common::Ws) {
    send(
        ws,
        json!({"namespace": "control", "id": 99, "payload": {"action": "ping"}}),
    )
    .await;
    let pong = next_named(ws, "pong").await;
    assert_eq!(pong["id"], 99);
}

#[tokio::test]
async fn malformed_messages_get_errors_and_the_connection_stays() {
    let s = server().await;
    let room = s.create_room().await;
    let (mut ws, _) = s.join(&room, "Ada").await;
    send_text(&mut ws, "{not json").await;
    expect_error(&mut ws, "invalid_json").await;
    send_text(&mut ws, r#"{"namespace": 5, "payload": {}}"#).await;
    expect_error(&mut ws, "invalid_envelope").await;
    send(
        &mut ws,
        json!({"namespace": "teleport", "id": 3, "payload": {}}),
    )
    .await;
    assert_eq!(expect_error(&mut ws, "unknown_namespace").await["id"], 3);
    send(
        &mut ws,
        json!({"namespace": "media", "id": 4, "payload": {"action": "explode"}}),
    )
    .await;
    assert_eq!(expect_error(&mut ws, "invalid_command").await["id"], 4);
    ws.send(Message::Binary(vec![1, 2, 3].into()))
        .await
        .unwrap();
    expect_error(&mut ws, "invalid_json").await;
    send(
        &mut ws,
        json!({"namespace": "media", "id": 5, "payload": {"action": "offer", "sdp": "garbage"}}),
    )
    .await;
    let rejected = expect_error(&mut ws, "media_rejected").await;
    assert_eq!(rejected["id"], 5);
    // A plain sentence, never the parser's internals.
    assert_eq!(
        rejected["payload"]["message"],
        "the SDP offer could not be read"
    );
    ping(&mut ws).await;
    s.running.stop().await;
}

#[tokio::test]
async fn commands_before_join_are_refused_until_join() {
    let s = server().await;
    let room = s.create_room().await;
    let t = s.ticket(&room, "Ada").await;
    let mut ws = s.ws(&t.ws_url).await;
    send(
        &mut ws,
        json!({"namespace": "control", "id": 1, "payload": {"action": "ping"}}),
    )
    .await;
    assert_eq!(expect_error(&mut ws, "not_joined").await["id"], 1);
    send(
        &mut ws,
        json!({"namespace": "control", "payload": {"action": "join", "ticket": t.ticket}}),
    )
    .await;
    assert_eq!(next_event(&mut ws).await["payload"]["event"], "joined");
    s.running.stop().await;
}

#[tokio::test]
async fn an_oversized_message_closes_only_that_connection() {
    let s = server().await;
    let room = s.create_room().await;
    let (mut ada, _) = s.join(&room, "Ada").await;
    let (mut bob, _) = s.join(&room, "Bob").await;
    let huge = format!(
        r#"{{"namespace":"control","payload":{{"action":"join","ticket":"{}"}}}}"#,
        "x".repeat(300_000)
    );
    let _ = bob.send(Message::Text(huge.into())).await;
    assert_eq!(close_code(&mut bob).await, 1009);
    // Ada hears that Bob's connection dropped and the room still answers her.
    let update = next_named(&mut ada, "participant_updated").await;
    assert_eq!(
        update["payload"]["participant"]["connection"],
        "reconnecting"
    );
    ping(&mut ada).await;
    s.running.stop().await;
}

#[tokio::test]
async fn a_flooding_client_is_throttled_then_disconnected() {
    // Tight limits so that the flood is over quickly in real time.
    let s = server_with(|c| {
        c.limits.messages_per_second = 20.0;
        c.limits.message_burst = 10.0;
        c.limits.flood_disconnect_ms = 300;
    })
    .await;
    let room = s.create_room().await;
    let (mut ada, _) = s.join(&room, "Ada").await;
    let (mut bob, _) = s.join(&room, "Bob").await;
    let _ = next_named(&mut ada, "participant_joined").await;
    let msg = json!({"namespace": "control", "payload": {"action": "ping"}}).to_string();
    let flood = async {
        // As fast as the socket takes them, until the server hangs up.
        while bob.send(Message::Text(msg.clone().into())).await.is_ok() {
            tokio::task::yield_now().await;
        }
    };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), flood).await;
    let mut saw_rate_limited = false;
    let closed_with = loop {
        match futures_util::StreamExt::next(&mut bob).await {
            Some(Ok(Message::Text(t))) => saw_rate_limited |= t.contains("rate_limited"),
            Some(Ok(Message::Close(Some(f)))) => break u16::from(f.code),
            other => panic!("expected events then a close frame, got {other:?}"),
        }
    };
    assert!(saw_rate_limited);
    assert_eq!(closed_with, CloseCode::PolicyViolation.code());
    ping(&mut ada).await;
    s.running.stop().await;
}
