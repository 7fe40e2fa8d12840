//! The node admits only valid, unexpired, unused tickets for its room.

mod common;

use common::{close_code, next_event, send, server};
use plenum_protocol::control::Role;
use plenum_protocol::moderation::RoomPolicy;
use plenum_protocol::{CloseCode, RoomId};
use plenum_server::signing_key::SigningKey;
use plenum_server::ticket::{Admission, TicketClaims, TicketSigner};
use serde_json::json;

fn join_msg(ticket: &str) -> serde_json::Value {
    json!({"namespace": "control", "payload": {"action": "join", "ticket": ticket}})
}

fn claims(room: &RoomId, issued: u64) -> TicketClaims {
    TicketClaims::new(
        Admission {
            room: room.clone(),
            subject: "user:mallory".into(),
            name: "Mallory".into(),
            roles: vec![Role::Owner, Role::Participant],
            groups: vec![],
            vote: true,
            policy: RoomPolicy::default(),
            planned_end: None,
        },
        issued,
    )
}

async fn refused_with(s: &common::Server, room: &RoomId, ticket: &str) -> u16 {
    let mut ws = s.ws(&format!("/node/v1/rooms/{room}/ws")).await;
    send(&mut ws, join_msg(ticket)).await;
    close_code(&mut ws).await
}

#[tokio::test]
async fn a_valid_ticket_admits_once() {
    let s = server().await;
    let room = s.create_room().await;
    let t = s.ticket(&room, "Ada").await;
    let mut ws = s.ws(&t.ws_url).await;
    send(&mut ws, join_msg(&t.ticket)).await;
    let joined = next_event(&mut ws).await;
    assert_eq!(joined["payload"]["you"], t.participant_id.as_str());
    assert_eq!(joined["payload"]["participants"][0]["display_name"], "Ada");
    assert_eq!(
        refused_with(&s, &room, &t.ticket).await,
        CloseCode::TicketReused.code()
    );
    s.running.stop().await;
}

#[tokio::test]
async fn forged_expired_and_wrong_room_tickets_are_refused() {
    let s = server().await;
    let room = s.create_room().await;
    let other = s.create_room().await;
    let now = plenum_server::unix_millis() / 1000;

    let stranger = SigningKey::ephemeral();
    let forged = TicketSigner::new(&stranger.pkcs8, &stranger.public).sign(&claims(&room, now));
    assert_eq!(
        refused_with(&s, &room, &forged).await,
        CloseCode::TicketInvalid.code()
    );
    assert_eq!(
        refused_with(&s, &room, "not.a.ticket").await,
        CloseCode::TicketInvalid.code()
    );

    let real_key = SigningKey::load_or_create(s.dir.path()).unwrap();
    let signer = TicketSigner::new(&real_key.pkcs8, &real_key.public);
    let expired = signer.sign(&claims(&room, now - 120));
    assert_eq!(
        refused_with(&s, &room, &expired).await,
        CloseCode::TicketExpired.code()
    );

    let for_other = s.ticket(&other, "Ada").await;
    assert_eq!(
        refused_with(&s, &room, &for_other.ticket).await,
        CloseCode::TicketWrongRoom.code()
    );
    // The same ticket still works where it belongs: the refusal did not burn it.
    let mut ws = s.ws(&for_other.ws_url).await;
    send(&mut ws, join_msg(&for_other.ticket)).await;
    assert_eq!(next_event(&mut ws).await["payload"]["event"], "joined");
    s.running.stop().await;
}

#[tokio::test]
async fn silence_before_join_times_out() {
    let s = server().await;
    let room = s.create_room().await;
    // Paused time jumps ahead whenever everything waits; storage work is done by now.
    tokio::time::pause();
    let mut ws = s.ws(&format!("/node/v1/rooms/{room}/ws")).await;
    assert_eq!(close_code(&mut ws).await, CloseCode::JoinTimeout.code());
    s.running.stop().await;
}

#[tokio::test]
async fn tickets_name_a_published_key_that_checks_their_signature() {
    use aws_lc_rs::signature::{ED25519, UnparsedPublicKey};
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let s = server().await;
    let room = s.create_room().await;
    let (status, set) = s.request("GET", "/api/v1/keys", None).await;
    assert_eq!(status, 200);
    let keys = set["keys"].as_array().expect("a key set");
    assert_eq!(keys.len(), 1);
    let key = &keys[0];
    assert_eq!(
        (
            key["kty"].as_str(),
            key["crv"].as_str(),
            key["alg"].as_str(),
            key["use"].as_str()
        ),
        (Some("OKP"), Some("Ed25519"), Some("EdDSA"), Some("sig"))
    );
    let ticket = s.ticket(&room, "Ada").await.ticket;
    let header = jsonwebtoken::decode_header(&ticket).expect("a ticket has a header");
    assert_eq!(
        header.kid.as_deref(),
        key["kid"].as_str(),
        "the ticket names the key"
    );
    let x = URL_SAFE_NO_PAD
        .decode(key["x"].as_str().unwrap_or_default())
        .expect("x is base64url");
    let (signed, signature) = ticket.rsplit_once('.').expect("a ticket has three parts");
    let signature = URL_SAFE_NO_PAD.decode(signature).expect("a signature");
    UnparsedPublicKey::new(&ED25519, &x)
        .verify(signed.as_bytes(), &signature)
        .expect("the published key checks the ticket's signature");
}

#[tokio::test]
async fn a_disabled_account_s_unused_ticket_no_longer_admits() {
    let s = server().await;
    let mut admin = s.admin().await;
    let (mut ada, ada_id) = s.user(&mut admin, "ada@example.org", "Ada").await;
    let room = s.create_room().await;
    let (status, t) = s
        .call(
            &mut ada,
            "POST",
            &format!("/api/v1/rooms/{room}/tickets"),
            Some(json!({"display_name": "Ada"})),
        )
        .await;
    assert_eq!(status, axum::http::StatusCode::OK, "{t}");
    let (status, _) = s
        .call(
            &mut admin,
            "PATCH",
            &format!("/api/v1/admin/users/{ada_id}"),
            Some(json!({"disabled": true})),
        )
        .await;
    assert_eq!(status, axum::http::StatusCode::OK);
    let mut ws = s.ws(t["ws_url"].as_str().expect("a ws_url")).await;
    send(
        &mut ws,
        json!({"namespace": "control", "payload": {"action": "join", "ticket": t["ticket"]}}),
    )
    .await;
    assert_eq!(close_code(&mut ws).await, CloseCode::TicketInvalid.code());
    s.finish().await;
}
