//! The command line: `plenum user create --admin` bootstraps an administrator who can then sign
//! in; `plenum migrate` prepares a database.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::Client;
use serde_json::json;
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
