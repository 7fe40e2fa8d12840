//! Accounting: participant-minutes per room and per owner over a period, for administrators
//! only, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::{Client, Server};
use plenum_protocol::RoomId;
use plenum_protocol::api::{MeetingReport, Record, ReportParticipant, Stay};
use plenum_protocol::control::Role;

/// 2026-12-01T10:00:00Z.
const T0: u64 = 1_796_119_200_000;

fn person(id: &str, minutes: u64) -> ReportParticipant {
    ReportParticipant {
        participant_id: plenum_protocol::ParticipantId::parse(id).unwrap(),
        display_name: id.into(),
        roles: vec![Role::Participant],
        groups: vec![],
        stays: vec![Stay {
            joined_at: T0,
            left_at: Some(T0 + minutes * 60_000),
        }],
        attended_ms: minutes * 60_000,
        speaking_ms: 0,
        hands_raised: 0,
    }
}

async fn report(s: &Server, room: &RoomId, started_at: u64, people: Vec<ReportParticipant>) {
    let record = Record::MeetingReport(MeetingReport {
        room: room.clone(),
        started_at,
        ended_at: Some(started_at + 3_600_000),
        participants: people,
        chat: vec![],
        polls: vec![],
    });
    plenum_server::controller::reports::store_record(
        s.running.store(),
        room,
        &format!("report:{room}:{started_at}"),
        &record,
    )
    .await
    .unwrap();
}

async fn usage_is_summed_per_room_and_owner_for_administrators(s: &Server) {
    let mut admin = s.admin().await;
    let (mut ada, _) = s.user(&mut admin, "ada@example.org", "Ada").await;
    let (status, created) = s.call(&mut ada, "POST", "/api/v1/rooms", None).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let mine = RoomId::parse(created["id"].as_str().unwrap()).unwrap();
    let open = s.create_room().await;
    report(
        s,
        &mine,
        T0,
        vec![
            person("aaaaaaaaaaaaaaaaaaaa", 30),
            person("bbbbbbbbbbbbbbbbbbbb", 45),
        ],
    )
    .await;
    report(
        s,
        &mine,
        T0 + 86_400_000,
        vec![person("aaaaaaaaaaaaaaaaaaaa", 10)],
    )
    .await;
    report(s, &open, T0, vec![person("cccccccccccccccccccc", 1)]).await;
    // Outside the period.
    report(
        s,
        &mine,
        T0 + 40 * 86_400_000,
        vec![person("aaaaaaaaaaaaaaaaaaaa", 600)],
    )
    .await;

    let url = "/api/v1/admin/usage?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z";
    let (status, body) = s.call(&mut admin, "GET", url, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["participant_minutes"], 86, "{body}");
    assert_eq!(body["conferences"], 3, "{body}");
    assert_eq!(body["rooms"][0]["room"], mine.as_str(), "{body}");
    assert_eq!(body["rooms"][0]["participant_minutes"], 85, "{body}");
    assert_eq!(body["rooms"][0]["conferences"], 2, "{body}");
    assert_eq!(body["rooms"][1]["participant_minutes"], 1, "{body}");
    assert!(body["rooms"][1].get("owner_id").is_none(), "{body}");
    assert_eq!(body["owners"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(body["owners"][0]["email"], "ada@example.org", "{body}");
    assert_eq!(body["owners"][0]["participant_minutes"], 85, "{body}");

    let (status, _) = s.call(&mut ada, "GET", url, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s.call(&mut Client::default(), "GET", url, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = s
        .call(
            &mut admin,
            "GET",
            "/api/v1/admin/usage?from=yesterday&to=2026-12-31T00:00:00Z",
            None,
        )
        .await;
    assert_eq!(
        (status, &body["error"]["field"]),
        (StatusCode::BAD_REQUEST, &"from".into())
    );
    let (status, _) = s
        .call(
            &mut admin,
            "GET",
            "/api/v1/admin/usage?from=2026-12-31T00:00:00Z&to=2026-12-01T00:00:00Z",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

on_both_backends!(
    usage_on_sqlite,
    usage_on_postgres,
    usage_is_summed_per_room_and_owner_for_administrators
);
