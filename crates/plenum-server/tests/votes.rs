//! Votes over the real WebSocket and storage, on SQLite and PostgreSQL: a vote prepared with
//! the meeting, account holders casting ten ballots each at once (exactly one counts), a guest
//! who cannot vote, the signed protocol in the API (JSON and PDF) that `plenum vote verify`
//! accepts with the published keys, every voter's receipt in it, no receipt in any log line at
//! any level, and a dump of the whole database in which nothing links a voter to a ballot.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::{Client, Server, Ws, enter, next_event, send};
use plenum_protocol::api::KeySet;
use plenum_protocol::votes::{ProtocolEvent, VoteProtocol};
use plenum_server::vote_verify::{VerifyError, verify_protocol};
use serde_json::{Value, json};
use sqlx::{Column, Row};

const VOTERS: usize = 5;

/// Everything logged by this test binary, at every level.
static LOG: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

struct LogWriter;

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOG.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures every log line of every crate at TRACE level, through the server's own filter
/// (once per test binary).
fn capture_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::util::SubscriberInitExt;
        tracing_subscriber::registry()
            .with(plenum_server::log_filter::layer(
                tracing_subscriber::EnvFilter::new("trace"),
                || LogWriter,
                false,
            ))
            .init();
    });
}

/// The next `votes` event named `name` (others skipped), or the next error.
async fn next_vote_event(ws: &mut Ws, name: &str) -> Value {
    loop {
        let e = next_event(ws).await;
        if e["namespace"] == "votes" && e["payload"]["event"] == name {
            return e["payload"].clone();
        }
    }
}

/// Every row of every table (but sqlx's bookkeeping), as text.
async fn dump(s: &Server) -> Vec<(String, String)> {
    let url = match &s.pg_schema {
        Some((url, schema)) => {
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{url}{sep}options=-c%20search_path%3D{schema}")
        }
        None => format!("sqlite://{}", s.dir.path().join("plenum.db").display()),
    };
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let tables: Vec<String> = if s.pg_schema.is_some() {
        sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    } else {
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&pool)
            .await
            .unwrap()
    };
    let mut rows = Vec::new();
    // sqlx's own migration bookkeeping holds no data of people.
    for table in tables.into_iter().filter(|t| !t.starts_with("_sqlx")) {
        let found = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}")))
            .fetch_all(&pool)
            .await
            .unwrap();
        for row in found {
            let mut text = String::new();
            for (i, column) in row.columns().iter().enumerate() {
                let value = row
                    .try_get::<Option<String>, _>(i)
                    .map(|v| v.unwrap_or_default())
                    .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|v| format!("{v:?}")))
                    .unwrap_or_else(|_| "<binary>".into());
                text.push_str(&format!("{}={value}\n", column.name()));
            }
            rows.push((table.clone(), text));
        }
    }
    pool.close().await;
    rows
}

async fn secret_vote_end_to_end(s: &Server) {
    capture_logs();
    let mut admin = s.admin().await;
    let (status, m) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/meetings",
            Some(json!({"title": "Council", "schedule": {"kind": "unscheduled"}, "waiting_room": "off"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    let (meeting, room) = (
        m["id"].as_str().unwrap().to_owned(),
        m["room_id"].as_str().unwrap().to_owned(),
    );
    // Prepared with the meeting; a bad definition is refused with its field.
    let (status, bad) = s
        .call(
            &mut admin,
            "POST",
            &format!("/api/v1/meetings/{meeting}/votes"),
            Some(json!({"topic": "Budget", "options": ["Yes"], "kind": "secret", "voters": {"everyone": true}})),
        )
        .await;
    assert_eq!(
        (status, &bad["error"]["field"]),
        (StatusCode::BAD_REQUEST, &json!("options"))
    );
    let (status, prepared) = s
        .call(
            &mut admin,
            "POST",
            &format!("/api/v1/meetings/{meeting}/votes"),
            Some(json!({"topic": "Adopt the budget?", "options": ["Yes", "No", "Abstain"], "kind": "secret", "voters": {"everyone": true}})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{prepared}");
    let (_, in_room) = s
        .call(
            &mut admin,
            "GET",
            &format!("/api/v1/rooms/{room}/votes"),
            None,
        )
        .await;
    assert_eq!(in_room[0]["definition"], prepared["definition"]);

    let mut chair = enter(s, &mut admin.clone(), &room, json!({"display_name": "x"}))
        .await
        .0;
    let mut voters = Vec::new();
    for i in 0..VOTERS {
        let (mut c, user) = s
            .user(
                &mut admin,
                &format!("v{i}@example.org"),
                &format!("Voter {i}"),
            )
            .await;
        let (status, _) = s
            .call(
                &mut admin,
                "POST",
                &format!("/api/v1/meetings/{meeting}/invitations"),
                Some(json!({"users": [user], "role": "participant"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        voters.push(
            enter(s, &mut c, &room, json!({"display_name": "x"}))
                .await
                .0,
        );
    }
    let (status, link) = s
        .call(
            &mut admin,
            "POST",
            &format!("/api/v1/meetings/{meeting}/guest-links"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let token = link["path"].as_str().unwrap().split("g=").nth(1).unwrap();
    let (mut guest, _) = enter(
        s,
        &mut Client::default(),
        &room,
        json!({"display_name": "Guest", "guest_token": token}),
    )
    .await;

    send(
        &mut chair,
        json!({"namespace": "votes", "payload": {"action": "start", "definition": prepared["definition"], "prepared_id": prepared["id"]}}),
    )
    .await;
    let started = next_vote_event(&mut guest, "started").await;
    assert_eq!(
        started["vote"]["voters"].as_array().unwrap().len(),
        VOTERS + 1
    );
    send(
        &mut guest,
        json!({"namespace": "votes", "id": 3, "payload": {"action": "cast", "vote_id": 1, "choice": 0}}),
    )
    .await;
    let refused = next_event(&mut guest).await;
    assert_eq!(refused["payload"]["code"], "forbidden", "{refused}");

    // Every voter sends ten ballots at once; exactly one of each counts.
    for (i, ws) in voters.iter_mut().enumerate() {
        for attempt in 0..10 {
            send(
                ws,
                json!({"namespace": "votes", "id": attempt, "payload": {"action": "cast", "vote_id": 1, "choice": i % 2}}),
            )
            .await;
        }
    }
    let mut receipts = Vec::new();
    for ws in &mut voters {
        let (mut accepted, mut conflicts) = (Vec::new(), 0);
        while accepted.len() + conflicts < 10 {
            let e = next_event(ws).await;
            match (e["namespace"].as_str(), e["payload"]["event"].as_str()) {
                (Some("votes"), Some("accepted")) => accepted.push(e["payload"]["ballot"].clone()),
                (Some("error"), _) => {
                    assert_eq!(e["payload"]["code"], "conflict", "{e}");
                    conflicts += 1;
                }
                _ => {}
            }
        }
        assert_eq!(accepted.len(), 1);
        receipts.push(accepted[0]["receipt"].as_str().unwrap().to_owned());
    }
    send(
        &mut chair,
        json!({"namespace": "votes", "payload": {"action": "close", "vote_id": 1}}),
    )
    .await;
    let ended = next_vote_event(&mut chair, "ended").await;
    let expected = json!([VOTERS.div_ceil(2), VOTERS / 2, 0]);
    assert_eq!(ended["vote"]["tally"], expected);
    let stored = next_vote_event(&mut chair, "protocol_stored").await;
    let id = stored["protocol_id"].as_str().unwrap().to_owned();

    // The API: listed, downloadable as JSON and PDF; others may not read it.
    let (_, list) = s
        .call(
            &mut admin,
            "GET",
            &format!("/api/v1/votes?room={room}"),
            None,
        )
        .await;
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["counts"], expected);
    assert_eq!(list[0]["voted"], VOTERS);
    assert_eq!(list[0]["title"], "Council");
    let (status, headers, json) = s
        .send(&mut admin, "GET", &format!("/api/v1/votes/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let (status, headers, pdf) = s
        .send(&mut admin, "GET", &format!("/api/v1/votes/{id}/pdf"), None)
        .await;
    assert_eq!(
        (status, &headers["content-type"]),
        (StatusCode::OK, &"application/pdf".parse().unwrap())
    );
    assert!(pdf.starts_with(b"%PDF-"));
    let (mut other, _) = s.user(&mut admin, "other@example.org", "Other").await;
    let (status, _) = s
        .call(&mut other, "GET", &format!("/api/v1/votes/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // `plenum vote verify`'s check: valid with the published keys, every receipt found.
    let (_, keys) = s.request("GET", "/api/v1/keys", None).await;
    let keys: KeySet = serde_json::from_value(keys).unwrap();
    let json = String::from_utf8(json).unwrap();
    for receipt in &receipts {
        let verified = verify_protocol(&json, Some(&keys), Some(receipt)).unwrap();
        assert_eq!(
            verified.recount.counts,
            serde_json::from_value(expected.clone()).unwrap()
        );
    }
    assert!(matches!(
        verify_protocol(
            &json,
            Some(&keys),
            Some("0000-0000-0000-0000-0000-0000-0000-0000")
        ),
        Err(VerifyError::ReceiptMissing(_))
    ));

    // No log line, at any level, carries a receipt.
    let log = String::from_utf8_lossy(&LOG.lock().unwrap()).into_owned();
    assert!(log.len() > 1_000, "the capture works");
    for receipt in &receipts {
        let line = log.lines().find(|l| l.contains(receipt.as_str()));
        assert!(line.is_none(), "a receipt in the log: {line:?}");
    }

    // The whole database: receipts appear only in the protocol, and there never next to a
    // voter; secret ballots are in receipt order, stamped with one time.
    for (table, row) in dump(s).await {
        for receipt in &receipts {
            if row.contains(receipt.as_str()) {
                assert_eq!(table, "records", "a receipt outside the protocol: {row}");
            }
        }
        assert!(
            !(table == "vote_participation" && row.matches('\n').count() != 2),
            "participation holds vote and voter only: {row}"
        );
    }
    let protocol: VoteProtocol = serde_json::from_str(&json).unwrap();
    let ballots: Vec<(u64, String)> = protocol
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            ProtocolEvent::Ballot {
                voter: None,
                receipt: Some(r),
                ..
            } => Some((e.at, r.clone())),
            ProtocolEvent::Ballot { .. } => panic!("a secret ballot with a voter"),
            _ => None,
        })
        .collect();
    assert_eq!(ballots.len(), VOTERS);
    assert!(
        ballots
            .windows(2)
            .all(|w| w[0].0 == w[1].0 && w[0].1 < w[1].1)
    );
}

on_both_backends!(
    a_secret_vote_counts_once_per_voter_and_its_protocol_verifies_on_sqlite,
    a_secret_vote_counts_once_per_voter_and_its_protocol_verifies_on_postgres,
    secret_vote_end_to_end
);
