//! Mails leave through a real SMTP server (Python's aiosmtpd as a local sink): invitations with
//! their calendar attachment, and a mail that could not be sent is retried until it is.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use plenum_server::config::SmtpConfig;
use serde_json::json;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

struct Sink {
    child: Child,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn aiosmtpd_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs aiosmtpd (cargo xtask test installs it)"
        );
        eprintln!("\n!!! SKIPPED: SMTP tests need Python's aiosmtpd (pip install aiosmtpd)\n");
    }
    ok
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts aiosmtpd on `port`, storing mails as a Maildir in `dir`, and waits until it listens.
fn sink(port: u16, dir: &Path) -> Sink {
    for sub in ["tmp", "new", "cur"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let child = Command::new("python3")
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(dir)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "aiosmtpd did not start");
        std::thread::yield_now();
    }
    Sink { child }
}

fn smtp(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security: "none".into(),
        username: None,
        password: None,
        from: "Plenum <plenum@example.org>".into(),
        retry_seconds: 1,
    }
}

/// Invites an external address to a new meeting; returns the meeting id.
async fn invite(s: &common::Server) -> String {
    let mut admin = s.admin().await;
    let meeting = json!({"title": "Budget", "schedule": {"kind": "timed", "start": "2027-02-01T09:00", "end": "2027-02-01T10:00", "time_zone": "Europe/Berlin"}});
    let (_, m) = s
        .call(&mut admin, "POST", "/api/v1/meetings", Some(meeting))
        .await;
    let id = m["id"].as_str().unwrap().to_owned();
    let (status, list) = s
        .call(
            &mut admin,
            "POST",
            &format!("/api/v1/meetings/{id}/invitations"),
            Some(json!({"emails": ["ext@outside.example"], "role": "participant"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(list[0]["mail_sent"], false);
    id
}

/// Waits (polling the database, at most 30 s) until the invitation's mail went out.
async fn until_sent(s: &common::Server) -> plenum_store::MailRecord {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mails = s
            .running
            .store()
            .mails_to("ext@outside.example")
            .await
            .unwrap();
        if let Some(m) = mails.into_iter().find(|m| m.sent_at.is_some()) {
            return m;
        }
        assert!(Instant::now() < deadline, "the mail was never sent");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn delivered(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir.join("new"))
        .map(|d| {
            d.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_arrive_with_a_calendar_attachment() {
    if !aiosmtpd_available() {
        return;
    }
    let maildir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _sink = sink(port, maildir.path());
    let s = common::server_with(|c| c.smtp = Some(smtp(port))).await;
    invite(&s).await;
    until_sent(&s).await;
    let mails = delivered(maildir.path());
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.contains("To: ext@outside.example"), "{mail}");
    assert!(mail.contains("Content-Type: text/calendar"), "{mail}");
    assert!(mail.contains("Budget"), "{mail}");
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_mail_server_delays_mails_but_loses_none() {
    if !aiosmtpd_available() {
        return;
    }
    let port = free_port();
    let s = common::server_with(|c| c.smtp = Some(smtp(port))).await;
    let meeting = invite(&s).await;
    // Nothing listens yet: the first attempt fails and is recorded.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mails = s
            .running
            .store()
            .mails_to("ext@outside.example")
            .await
            .unwrap();
        if mails[0].attempts >= 1 {
            assert!(mails[0].sent_at.is_none() && mails[0].last_error.is_some());
            break;
        }
        assert!(Instant::now() < deadline, "no failed attempt recorded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let maildir = tempfile::tempdir().unwrap();
    let _sink = sink(port, maildir.path());
    let sent = until_sent(&s).await;
    assert!(sent.attempts >= 1);
    assert_eq!(delivered(maildir.path()).len(), 1);
    assert!(
        s.running.store().invitations(&meeting).await.unwrap()[0].mail_sent,
        "the invitation knows its mail is out"
    );
    s.finish().await;
}
