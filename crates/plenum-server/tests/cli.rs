//! The command line: `plenum user create --admin` bootstraps an administrator who can then sign
//! in; `plenum migrate` prepares a database.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::Client;
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

#[tokio::test]
async fn user_create_makes_an_administrator_who_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["migrate", "--data-dir", data])
        .status()
        .unwrap();
    assert!(status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args([
            "user",
            "create",
            "--admin",
            "Root@Example.org",
            "--name",
            "Root",
            "--data-dir",
            data,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long admin password\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.starts_with("created root@example.org (") && printed.contains("administrator"),
        "{printed}"
    );

    // A too short password is refused with a clear message and creates nothing.
    let mut weak = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["user", "create", "weak@example.org", "--data-dir", data])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    weak.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let out = weak.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));

    let s = common::server_with(|c| c.data_dir = dir.path().to_path_buf()).await;
    let (_, cfg) = s.request("GET", "/api/v1/auth/config", None).await;
    assert_eq!(cfg["setup_required"], false);
    let mut root = Client::browser();
    let (status, me) = s
        .call(
            &mut root,
            "POST",
            "/api/v1/auth/login",
            Some(json!({"email": "root@example.org", "password": "a long admin password"})),
        )
        .await;
    assert_eq!(
        (status, me["role"].as_str(), me["display_name"].as_str()),
        (StatusCode::OK, Some("admin"), Some("Root"))
    );
    let mut weak = Client::browser();
    let (status, _) = s
        .call(
            &mut weak,
            "POST",
            "/api/v1/auth/login",
            Some(json!({"email": "weak@example.org", "password": "short"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    s.finish().await;
    drop(dir);
}

/// A signed, closed named vote of two ballots, and the key set that publishes its key.
fn signed_protocol(dir: &std::path::Path) -> (plenum_protocol::votes::VoteProtocol, Value) {
    use plenum_core::vote_chain::Chain;
    use plenum_protocol::votes::{Eligibility, ProtocolEvent, VoteDefinition, VoteKind, Voter};
    let key = plenum_server::signing_key::SigningKey::load_or_create(dir).unwrap();
    let voter = |name: &str| Voter {
        participant_id: plenum_protocol::ParticipantId::parse(name).unwrap(),
        display_name: name.to_uppercase(),
    };
    let mut chain = Chain::new(
        "vote:r:1:1".into(),
        plenum_protocol::RoomId::parse("r").unwrap(),
    );
    chain.append(
        1,
        ProtocolEvent::Created {
            vote_id: 1,
            definition: VoteDefinition {
                topic: "Adopt the budget?".into(),
                options: vec!["Yes".into(), "No".into()],
                kind: VoteKind::Named,
                live_results: false,
                voters: Eligibility {
                    everyone: true,
                    ..Eligibility::default()
                },
                seconds: None,
            },
            prepared_id: None,
            by: voter("chair"),
        },
    );
    chain.append(
        1,
        ProtocolEvent::Started {
            eligible: vec![voter("a"), voter("b")],
            ends_at: None,
        },
    );
    for (name, choice) in [("a", 0), ("b", 1)] {
        chain.append(
            2,
            ProtocolEvent::Ballot {
                voter: Some(voter(name)),
                receipt: None,
                choice,
            },
        );
    }
    chain.append(3, ProtocolEvent::Closed { by: None });
    chain.append(
        3,
        ProtocolEvent::Result {
            eligible: 2,
            voted: 2,
            counts: vec![1, 1],
        },
    );
    let mut protocol = chain.protocol().clone();
    plenum_server::protocol_signer::ProtocolSigner::new(&key.pkcs8)
        .unwrap()
        .sign(&mut protocol);
    let signer = plenum_server::ticket::TicketSigner::new(&key.pkcs8, &key.public);
    let keys = json!({"keys": [signer.public_jwk()]});
    (protocol, keys)
}

/// Runs `plenum vote verify` on `protocol`; exit status and output.
fn verify(dir: &std::path::Path, protocol: &impl serde::Serialize, keys: &Value) -> (bool, String) {
    let file = dir.join("protocol.json");
    let keys_file = dir.join("keys.json");
    std::fs::write(&file, serde_json::to_vec(protocol).unwrap()).unwrap();
    std::fs::write(&keys_file, keys.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["vote", "verify"])
        .arg(&file)
        .arg("--keys")
        .arg(&keys_file)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn vote_verify_accepts_a_true_protocol_and_names_what_was_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (good, keys) = signed_protocol(dir.path());
    let (ok, text) = verify(dir.path(), &good, &keys);
    assert!(ok, "{text}");
    assert!(
        text.contains("Yes: 1") && text.contains("published key set"),
        "{text}"
    );

    let mut edited = serde_json::to_value(&good).unwrap();
    edited["entries"][3]["event"]["choice"] = json!(0);
    let (ok, text) = verify(dir.path(), &edited, &keys);
    assert!(!ok && text.contains("entry 3"), "{text}");

    let mut deleted = good.clone();
    deleted.entries.remove(2);
    let (ok, text) = verify(dir.path(), &deleted, &keys);
    assert!(!ok && text.contains("entry 2"), "{text}");

    let mut reordered = good.clone();
    reordered.entries.swap(2, 3);
    let (ok, text) = verify(dir.path(), &reordered, &keys);
    assert!(!ok && text.contains("entry 2"), "{text}");

    // A signature by another key, even one embedded in the file, is not the published one.
    let other = tempfile::tempdir().unwrap();
    let (mut forged, _) = signed_protocol(other.path());
    forged.entries = good.entries.clone();
    let (ok, text) = verify(dir.path(), &forged, &keys);
    assert!(
        !ok && text.contains("not among the published keys"),
        "{text}"
    );
    let mut bad_value = good.clone();
    if let Some(sig) = &mut bad_value.signature {
        sig.value = sig.value.chars().rev().collect();
    }
    let (ok, text) = verify(dir.path(), &bad_value, &keys);
    assert!(!ok && text.contains("signature does not match"), "{text}");
}
