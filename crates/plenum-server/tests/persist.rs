//! Results that outlive the room survive a storage outage: the spool keeps a record on disk and
//! retries (at least once a minute) while the storage refuses it for ten minutes (on the fake
//! clock); with the real database, the room's report arrives after an outage and the room's
//! actor waits for it; and a node that stops meanwhile delivers it after its restart.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::{Client, Server, send, server, server_with};
use plenum_protocol::RoomId;
use plenum_protocol::api::{MeetingReport, Record};
use plenum_server::node::spool::{Sink, Spool, Spooled};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

async fn reports(s: &Server, admin: &mut Client) -> usize {
    let (status, list) = s.call(admin, "GET", "/api/v1/reports", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().len()
}

fn spooled(s: &Server) -> usize {
    std::fs::read_dir(s.dir.path().join("spool"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
        })
        .count()
}

/// A signed-in owner holds a meeting in an ad-hoc room alone and leaves: its report is due.
async fn hold_a_meeting(s: &Server, admin: &mut Client) {
    let (status, created) = s.call(admin, "POST", "/api/v1/rooms", None).await;
    assert_eq!(status, StatusCode::CREATED);
    let room = created["id"].as_str().unwrap().to_owned();
    let (_, t) = s
        .call(
            admin,
            "POST",
            &format!("/api/v1/rooms/{room}/tickets"),
            Some(json!({"display_name": "x"})),
        )
        .await;
    let mut ws = s.ws(t["ws_url"].as_str().unwrap()).await;
    send(
        &mut ws,
        json!({"namespace": "control", "payload": {"action": "join", "ticket": t["ticket"]}}),
    )
    .await;
    common::welcome(&mut ws).await;
    send(
        &mut ws,
        json!({"namespace": "control", "payload": {"action": "leave"}}),
    )
    .await;
    common::close_code(&mut ws).await;
}

fn report(room: &RoomId, started_at: u64) -> Record {
    Record::MeetingReport(MeetingReport {
        room: room.clone(),
        started_at,
        ended_at: Some(started_at + 1),
        participants: vec![],
        chat: vec![],
        polls: vec![],
    })
}

#[tokio::test(start_paused = true)]
async fn the_spool_delivers_after_ten_minutes_of_failing_storage_exactly_the_latest_version() {
    let dir = tempfile::tempdir().unwrap();
    let down_until = tokio::time::Instant::now() + Duration::from_secs(600);
    let delivered: Arc<Mutex<Vec<Spooled>>> = Arc::default();
    let attempts = Arc::new(AtomicUsize::new(0));
    let (sink_delivered, sink_attempts) = (delivered.clone(), attempts.clone());
    let sink: Sink = Arc::new(move |record: Spooled| {
        let (delivered, attempts) = (sink_delivered.clone(), sink_attempts.clone());
        Box::pin(async move {
            attempts.fetch_add(1, Ordering::SeqCst);
            if tokio::time::Instant::now() < down_until {
                return Err("the database is away".to_string());
            }
            delivered.lock().unwrap().push(record);
            Ok(())
        })
    });
    let (acks, mut acked) = tokio::sync::mpsc::unbounded_channel();
    let shutdown = CancellationToken::new();
    let tracker = TaskTracker::new();
    let spool = Spool::start(
        dir.path().to_path_buf(),
        sink,
        acks,
        shutdown.clone(),
        &tracker,
    )
    .unwrap();
    let room = RoomId::parse("room").unwrap();
    let put = |started_at| Spooled {
        room: room.clone(),
        key: "report:room:1".into(),
        record: report(&room, started_at),
    };
    spool.put(put(1));
    tokio::time::sleep(Duration::from_secs(300)).await;
    // A newer version of the same record replaces the undelivered one.
    spool.put(put(2));
    let files = || std::fs::read_dir(dir.path()).unwrap().count();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(files(), 1, "on disk while the storage is away");
    let (acked_room, acked_key) = acked.recv().await.unwrap();
    assert!(tokio::time::Instant::now() >= down_until);
    assert!(
        tokio::time::Instant::now()
            < down_until + plenum_server::node::spool::MAX_BACKOFF + Duration::from_secs(1),
        "retried at least every minute"
    );
    assert_eq!(
        (acked_room, acked_key.as_str()),
        (room.clone(), "report:room:1")
    );
    assert_eq!(*delivered.lock().unwrap(), vec![put(2)]);
    assert!(attempts.load(Ordering::SeqCst) >= 10);
    assert_eq!(files(), 0);
    shutdown.cancel();
    tracker.close();
    tracker.wait().await;
}

#[tokio::test]
async fn a_report_survives_a_database_outage() {
    let s = server().await;
    let mut admin = s.admin().await;
    let store = s.running.store().clone();
    store
        .execute_raw("ALTER TABLE records RENAME TO records_away")
        .await
        .unwrap();
    hold_a_meeting(&s, &mut admin).await;
    for _ in 0..100 {
        if spooled(&s) == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(spooled(&s), 1, "kept on disk while the storage is away");
    assert_eq!(
        s.running.node().registry().len(),
        1,
        "the room waits for its record"
    );
    store
        .execute_raw("ALTER TABLE records_away RENAME TO records")
        .await
        .unwrap();
    // The next attempts come 1 s, then 2 s after the failures.
    for _ in 0..300 {
        if spooled(&s) == 0 && s.running.node().registry().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(spooled(&s), 0);
    assert!(
        s.running.node().registry().is_empty(),
        "the room ends once its record is stored"
    );
    assert_eq!(reports(&s, &mut admin).await, 1);
    s.running.stop().await;
}

#[tokio::test]
async fn a_report_spooled_before_a_restart_is_delivered_after_it() {
    let s = server().await;
    let mut admin = s.admin().await;
    s.running
        .store()
        .execute_raw("ALTER TABLE records RENAME TO records_away")
        .await
        .unwrap();
    hold_a_meeting(&s, &mut admin).await;
    for _ in 0..100 {
        if spooled(&s) == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(spooled(&s), 1);
    let Server { running, dir, .. } = s;
    running
        .store()
        .execute_raw("ALTER TABLE records_away RENAME TO records")
        .await
        .unwrap();
    running.stop().await;

    let path = dir.path().to_path_buf();
    let mut s = server_with(|c| c.data_dir = path).await;
    s.dir = dir;
    let mut admin = Client::browser();
    let (status, _) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/auth/login",
            Some(json!({"email": "admin@example.org", "password": "admin password 1"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for _ in 0..100 {
        if reports(&s, &mut admin).await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(reports(&s, &mut admin).await, 1);
    assert_eq!(spooled(&s), 0);
    s.running.stop().await;
}
