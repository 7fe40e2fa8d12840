//! The security audit log: sign-ins and failures, refused requests (CSRF), token creation,
//! refused join tickets and throttling are written as JSON lines to `<data_dir>/audit.log`,
//! without passwords, token secrets or room ids.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::{Client, close_code, send, server_with};
use plenum_protocol::CloseCode;
use serde_json::{Value, json};

fn audit_lines(s: &common::Server) -> (String, Vec<Value>) {
    let text = std::fs::read_to_string(s.dir.path().join("audit.log")).unwrap_or_default();
    let lines = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (text, lines)
}

#[tokio::test]
async fn security_events_are_recorded_without_secrets() {
    let s = server_with(|c| c.limits.tickets_per_address_per_minute = 5).await;
    let mut admin = s.admin().await;
    let mut stranger = Client::browser();
    let (status, _) = s
        .call(
            &mut stranger,
            "POST",
            "/api/v1/auth/login",
            Some(json!({"email": "admin@example.org", "password": "not the password"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = s
        .call(
            &mut stranger,
            "POST",
            "/api/v1/auth/login",
            Some(json!({"email": "nobody@example.org", "password": "whatever it is"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let mut no_csrf = Client {
        csrf: false,
        ..admin.clone()
    };
    let (status, _) = s
        .call(
            &mut no_csrf,
            "POST",
            "/api/v1/me/tokens",
            Some(json!({"name": "x", "scopes": ["read"]})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, token) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/me/tokens",
            Some(json!({"name": "sync", "scopes": ["read"]})),
        )
        .await;
    let secret = token["token"].as_str().unwrap().to_owned();
    let (_, created) = s.call(&mut admin, "POST", "/api/v1/rooms", None).await;
    let room = created["id"].as_str().unwrap().to_owned();
    let mut ws = s.ws(&format!("/node/v1/rooms/{room}/ws")).await;
    send(
        &mut ws,
        json!({"namespace": "control", "payload": {"action": "join", "ticket": "forged"}}),
    )
    .await;
    assert_eq!(close_code(&mut ws).await, CloseCode::TicketInvalid.code());
    for _ in 0..6 {
        s.call(
            &mut admin,
            "POST",
            &format!("/api/v1/rooms/{room}/tickets"),
            Some(json!({"display_name": "x"})),
        )
        .await;
    }

    let (text, lines) = audit_lines(&s);
    let events: Vec<&str> = lines.iter().map(|l| l["event"].as_str().unwrap()).collect();
    for expected in [
        "setup_completed",
        "sign_in_failed",
        "refused",
        "token_created",
        "ticket_refused",
        "throttled",
    ] {
        assert!(
            events.contains(&expected),
            "{expected} missing in {events:?}"
        );
    }
    let failed: Vec<&Value> = lines
        .iter()
        .filter(|l| l["event"] == "sign_in_failed")
        .collect();
    assert_eq!(failed[0]["reason"], "wrong_password");
    assert!(failed[0]["user"].is_string());
    assert_eq!(failed[1]["reason"], "unknown_account");
    assert!(failed[1]["address_hash"].is_string());
    assert!(lines.iter().any(|l| l["event"] == "refused"
        && l["status"] == 403
        && l["route"] == "/api/v1/me/tokens"
        && l["method"] == "POST"));
    assert!(
        lines
            .iter()
            .all(|l| l["ts"].is_u64() && l["client"].is_string())
    );
    for secret in [
        "not the password",
        "admin password 1",
        secret.as_str(),
        room.as_str(),
        "nobody@example.org",
    ] {
        assert!(!text.contains(secret), "{secret} leaked into the audit log");
    }
    s.running.stop().await;
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_and_the_audit_log_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let s = common::server().await;
    for file in ["plenum.db", "plenum.db-wal", "audit.log"] {
        let mode = std::fs::metadata(s.dir.path().join(file))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
    let (_, csp) = {
        let resp = tower::ServiceExt::oneshot(
            s.running.router(),
            axum::http::Request::get("/healthz")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
        (
            resp.status(),
            resp.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned(),
        )
    };
    assert!(csp.contains("connect-src 'self';"), "{csp}");
    s.running.stop().await;
}
