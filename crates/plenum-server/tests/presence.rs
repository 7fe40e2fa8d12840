//! Presence across connections: join, leave, losing the connection, resuming, grace period and
//! shutdown.

mod common;

use common::{close_code, next_named, send, server};
use plenum_protocol::CloseCode;
use serde_json::json;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode as WsCode;

#[tokio::test]
async fn others_see_joins_and_leaves() {
    let s = server().await;
    let room = s.create_room().await;
    let (mut ada, _) = s.join(&room, "Ada").await;
    let (mut bob, joined) = s.join(&room, "Bob").await;
    assert_eq!(joined["participants"].as_array().unwrap().len(), 2);
    let e = next_named(&mut ada, "participant_joined").await;
    assert_eq!(e["payload"]["participant"]["display_name"], "Bob");
    send(
        &mut bob,
        json!({"namespace": "control", "payload": {"action": "leave"}}),
    )
    .await;
    assert_eq!(close_code(&mut bob).await, CloseCode::Left.code());
    let e = next_named(&mut ada, "participant_left").await;
    assert_eq!(e["payload"]["reason"], "left");
    s.running.stop().await;
}

#[tokio::test]
async fn a_closed_tab_leaves_at_once() {
    let s = server().await;
    let room = s.create_room().await;
    let (mut ada, _) = s.join(&room, "Ada").await;
    let (mut bob, _) = s.join(&room, "Bob").await;
    bob.close(Some(CloseFrame {
        code: WsCode::Normal,
        reason: "".into(),
    }))
    .await
    .unwrap();
    let e = next_named(&mut ada, "participant_left").await;
    assert_eq!(e["payload"]["reason"], "left");
    // The node answers the closing handshake with its own close frame (no 1006 for the client).
    assert_eq!(close_code(&mut bob).await, 1000);
    s.running.stop().await;
}

#[tokio::test]
async fn a_dropped_connection_resumes_its_place() {
    let s = server().await;
    let room = s.create_room().await;
    let (mut ada, _) = s.join(&room, "Ada").await;
    let (bob, joined) = s.join(&room, "Bob").await;
    let token = joined["resume_token"].as_str().unwrap().to_owned();
    let bob_id = joined["you"].clone();
    drop(bob); // TCP gone, no close frame
    let e = next_named(&mut ada, "participant_updated").await;
    assert_eq!(e["payload"]["participant"]["connection"], "reconnecting");
    let mut bob = s.ws(&format!("/node/v1/rooms/{room}/ws")).await;
    send(
        &mut bob,
        json!({"namespace": "control", "payload": {"action": "resume", "token": token}}),
    )
    .await;
    let again = next_named(&mut bob, "joined").await;
    assert_eq!(again["payload"]["resumed"], true);
    assert_eq!(again["payload"]["you"], bob_id);
    assert_ne!(again["payload"]["resume_token"], token.as_str());
    let e = next_named(&mut ada, "participant_updated").await;
    assert_eq!(e["payload"]["participant"]["connection"], "connected");
    // The spent token no longer works.
    let mut thief = s.ws(&format!("/node/v1/rooms/{room}/ws")).await;
    send(
        &mut thief,
        json!({"namespace": "control", "payload": {"action": "resume", "token": token}}),
    )
    .await;
    assert_eq!(
        close_code(&mut thief).await,
        CloseCode::ResumeRejected.code()
    );
    s.running.stop().await;
}

#[tokio::test]
async fn a_silent_participant_is_removed_after_the_grace_period() {
    let s = server().await;
    let room = s.create_room().await;
    let (mut ada, _) = s.join(&room, "Ada").await;
    let (bob, _) = s.join(&room, "Bob").await;
    let _ = next_named(&mut ada, "participant_joined").await;
    // Storage work is done; from here on the test drives the clock.
    tokio::time::pause();
    // Bob's socket stays open but says nothing: after 5 s he is "reconnecting", after 10 s gone.
    // Ada keeps pinging, as clients do.
    let started = tokio::time::Instant::now();
    let mut reconnecting_at = None;
    let left = loop {
        send(
            &mut ada,
            json!({"namespace": "control", "payload": {"action": "ping"}}),
        )
        .await;
        let e = common::next_event(&mut ada).await;
        match e["payload"]["event"].as_str() {
            Some("participant_updated") => reconnecting_at = Some(started.elapsed()),
            Some("participant_left") => break e,
            _ => tokio::time::advance(std::time::Duration::from_secs(1)).await,
        }
    };
    assert_eq!(left["payload"]["reason"], "connection_lost");
    let reconnecting_at = reconnecting_at.expect("marked reconnecting first");
    assert!(
        reconnecting_at.as_secs() >= 5 && reconnecting_at.as_secs() <= 6,
        "{reconnecting_at:?}"
    );
    assert!(started.elapsed().as_secs() <= 11, "{:?}", started.elapsed());
    drop(bob);
    s.running.stop().await;
}

#[tokio::test]
async fn shutdown_tells_clients() {
    let s = server().await;
    let room = s.create_room().await;
    let (mut ada, _) = s.join(&room, "Ada").await;
    let stopping = tokio::spawn(async move { s.running.stop().await });
    assert_eq!(close_code(&mut ada).await, CloseCode::ShuttingDown.code());
    stopping.await.unwrap();
}
