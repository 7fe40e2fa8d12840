//! A node that runs apart from the controllers reaches them over HTTP: it fetches their keys
//! (and keeps a copy for when no controller answers) and stores records and ballot claims with
//! its own credential; anyone else is refused.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::{Client, server_with};
use plenum_protocol::RoomId;
use plenum_protocol::api::{MeetingReport, Record};
use plenum_server::config::NodeCredential;
use plenum_server::controller::secret_hash::hash_secret;
use plenum_server::node::controller_client::ControllerClient;
use plenum_server::node::spool::Spooled;
use serde_json::json;

const TOKEN: &str = "a node's own credential";

fn spooled(room: &RoomId) -> Spooled {
    Spooled {
        room: room.clone(),
        key: "report:room:1".into(),
        record: Record::MeetingReport(MeetingReport {
            room: room.clone(),
            started_at: 1_700_000_000_000,
            ended_at: Some(1_700_000_060_000),
            participants: vec![],
            chat: vec![],
            polls: vec![],
        }),
    }
}

#[tokio::test]
async fn a_node_stores_with_its_credential_and_keeps_the_keys() {
    let s = server_with(|c| {
        c.node_credentials = vec![NodeCredential {
            name: "node-1".into(),
            token_sha256: hash_secret(TOKEN),
        }]
    })
    .await;
    let base = format!("http://{}", s.running.http_addr);
    let node_dir = tempfile::tempdir().unwrap();
    let node = ControllerClient::new(&base, TOKEN, node_dir.path()).unwrap();
    let stranger = ControllerClient::new(&base, "guessed", node_dir.path()).unwrap();
    let mut admin = s.admin().await;
    let (_, created) = s.call(&mut admin, "POST", "/api/v1/rooms", None).await;
    let room = RoomId::parse(created["id"].as_str().unwrap()).unwrap();

    // Records: stored once (idempotent by key), refused without the credential.
    assert!((stranger.record_sink())(spooled(&room)).await.is_err());
    (node.record_sink())(spooled(&room)).await.unwrap();
    (node.record_sink())(spooled(&room)).await.unwrap();
    let (status, list) = s.call(&mut admin, "GET", "/api/v1/reports", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");

    // Ballot claims: the first counts, a repeat does not.
    assert!(
        (stranger.claim_sink())("vote-1".into(), "user:ada".into())
            .await
            .is_err()
    );
    assert!(
        (node.claim_sink())("vote-1".into(), "user:ada".into())
            .await
            .unwrap()
    );
    assert!(
        !(node.claim_sink())("vote-1".into(), "user:ada".into())
            .await
            .unwrap()
    );

    // A person's session is no node credential.
    let (status, _) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/nodes/ballots",
            Some(json!({"vote": "v", "voter": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = s
        .call(
            &mut Client::default(),
            "POST",
            "/api/v1/nodes/records",
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The node's protocol key is published with the controller's, but never trusted for
    // tickets.
    let own = plenum_server::signing_key::SigningKey::ephemeral();
    let jwk = plenum_server::ticket::public_jwk(&own.public);
    assert!(stranger.publish_key(&jwk).await.is_err());
    node.publish_key(&jwk).await.unwrap();
    node.publish_key(&jwk).await.unwrap();
    let (_, all) = s.request("GET", "/api/v1/keys", None).await;
    let kids: Vec<&str> = all["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids.len(), 2, "{all}");
    assert_eq!(kids[1], jwk.kid);
    let (_, tickets) = s.request("GET", "/api/v1/keys/tickets", None).await;
    assert_eq!(tickets["keys"].as_array().unwrap().len(), 1, "{tickets}");
    assert_eq!(tickets["keys"][0]["kid"], kids[0]);
    let mut forged = jwk.clone();
    forged.kid = "0011223344556677".into();
    assert!(
        node.publish_key(&forged).await.is_err(),
        "a key id that is not the key's"
    );

    // Keys: fetched while the controller answers, the cached copy after it is gone.
    let fetched = node.keys().await.unwrap();
    assert_eq!(fetched.keys.len(), 1);
    s.finish().await;
    assert_eq!(node.keys().await.unwrap(), fetched);
    let elsewhere = tempfile::tempdir().unwrap();
    let no_copy = ControllerClient::new(&base, TOKEN, elsewhere.path()).unwrap();
    let error = no_copy.keys().await.unwrap_err().to_string();
    assert!(error.contains("no usable copy is cached"), "{error}");
}
