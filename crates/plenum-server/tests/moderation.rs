//! Moderation over the real WebSocket: the owner of an ad-hoc room (by its owner key), the
//! waiting room of a meeting, a deleted meeting ending its conference, and the meeting report
//! that arrives in the REST API after the conference.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::{Client, Server, close_code, enter, next_named, send, server, welcome};
use plenum_protocol::CloseCode;
use serde_json::{Value, json};

fn command(namespace: &str, payload: Value) -> Value {
    json!({"namespace": namespace, "id": 7, "payload": payload})
}

#[tokio::test]
async fn the_creators_browser_owns_an_ad_hoc_room_and_moderates_it() {
    let s = server().await;
    let (status, created) = s.request("POST", "/api/v1/rooms", None).await;
    assert_eq!(status, StatusCode::CREATED);
    let room = created["id"].as_str().unwrap();
    let owner_key = created["owner_key"].as_str().unwrap();
    let mut anon = Client::default();
    let (mut owner, joined) = enter(
        &s,
        &mut anon,
        room,
        json!({"display_name": "Olga", "owner_key": owner_key, "guest_key": "o".repeat(32)}),
    )
    .await;
    assert_eq!(
        joined["participants"][0]["roles"],
        json!(["owner", "guest"])
    );
    let (mut pat, joined) = enter(
        &s,
        &mut anon,
        room,
        json!({"display_name": "Pat", "owner_key": "not the key", "guest_key": "p".repeat(32)}),
    )
    .await;
    let pat_id = joined["you"].clone();
    assert_eq!(joined["participants"][1]["roles"], json!(["guest"]));

    // Pat may not moderate; the owner may.
    send(
        &mut pat,
        command("moderation", json!({"action": "mute_all"})),
    )
    .await;
    let refused = next_named(&mut pat, "error").await;
    assert_eq!(
        (refused["id"].clone(), refused["payload"]["code"].clone()),
        (json!(7), json!("forbidden"))
    );
    send(
        &mut pat,
        command(
            "control",
            json!({"action": "update_media", "audio": true, "video": false}),
        ),
    )
    .await;
    let _ = next_named(&mut owner, "participant_updated").await;
    send(
        &mut owner,
        command(
            "moderation",
            json!({"action": "mute", "participant": pat_id}),
        ),
    )
    .await;
    let muted = next_named(&mut pat, "muted").await;
    assert_eq!(muted["namespace"], "moderation");
    let update = next_named(&mut pat, "participant_updated").await;
    assert_eq!(update["payload"]["participant"]["audio"], false);

    // Hands reach everyone in order.
    send(&mut pat, command("floor", json!({"action": "raise_hand"}))).await;
    let hands = next_named(&mut owner, "hands").await;
    assert_eq!(hands["payload"]["hands"][0]["participant"], pat_id);

    send(
        &mut owner,
        command(
            "moderation",
            json!({"action": "remove", "participant": pat_id}),
        ),
    )
    .await;
    assert_eq!(close_code(&mut pat).await, CloseCode::Removed.code());
    s.running.stop().await;
}

async fn meeting(s: &Server, admin: &mut Client, waiting_room: &str) -> (String, String) {
    let (status, m) = s
        .call(
            admin,
            "POST",
            "/api/v1/meetings",
            Some(json!({"title": "Council", "schedule": {"kind": "unscheduled"}, "waiting_room": waiting_room})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    (
        m["id"].as_str().unwrap().to_owned(),
        m["room_id"].as_str().unwrap().to_owned(),
    )
}

async fn guest_token(s: &Server, admin: &mut Client, meeting: &str) -> String {
    let (status, link) = s
        .call(
            admin,
            "POST",
            &format!("/api/v1/meetings/{meeting}/guest-links"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    link["path"]
        .as_str()
        .unwrap()
        .split("g=")
        .nth(1)
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn guests_of_a_meeting_wait_until_the_owner_admits_them() {
    let s = server().await;
    let mut admin = s.admin().await;
    let (id, room) = meeting(&s, &mut admin, "guests").await;
    let token = guest_token(&s, &mut admin, &id).await;
    let (mut chair, joined) = enter(&s, &mut admin, &room, json!({"display_name": "x"})).await;
    assert_eq!(joined["participants"][0]["display_name"], "Admin");
    let mut anon = Client::default();
    let (mut guest, first) = enter(
        &s,
        &mut anon,
        &room,
        json!({"display_name": "Gus", "guest_token": token, "guest_key": "g".repeat(30)}),
    )
    .await;
    assert_eq!(first["event"], "waiting");
    let list = next_named(&mut chair, "waiting_list").await;
    assert_eq!(list["payload"]["waiting"][0]["display_name"], "Gus");
    assert_eq!(list["payload"]["waiting"][0]["guest"], true);
    send(
        &mut chair,
        command("moderation", json!({"action": "admit_all"})),
    )
    .await;
    let joined = welcome(&mut guest).await;
    assert_eq!(joined["participants"].as_array().unwrap().len(), 2);
    let arrived = next_named(&mut chair, "participant_joined").await;
    assert_eq!(arrived["payload"]["participant"]["roles"], json!(["guest"]));
    s.running.stop().await;
}

#[tokio::test]
async fn deleting_a_meeting_ends_its_conference_and_closes_its_room() {
    let s = server().await;
    let mut admin = s.admin().await;
    let (id, room) = meeting(&s, &mut admin, "off").await;
    let (mut chair, _) = enter(&s, &mut admin, &room, json!({"display_name": "x"})).await;
    let (status, _) = s
        .call(
            &mut admin,
            "DELETE",
            &format!("/api/v1/meetings/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(close_code(&mut chair).await, CloseCode::MeetingEnded.code());
    let (status, _) = s
        .call(
            &mut admin,
            "POST",
            &format!("/api/v1/rooms/{room}/tickets"),
            Some(json!({"display_name": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s
        .request("GET", &format!("/api/v1/rooms/{room}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    s.running.stop().await;
}

/// A GET as `client`: status, content type and the body as text.
async fn raw_get(s: &Server, client: &Client, uri: &str) -> (StatusCode, String, String) {
    let (status, headers, body) = s.send(&mut client.clone(), "GET", uri, None).await;
    let kind = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, String::from_utf8(body).unwrap())
}

/// Waits (in real time, the storage is real) until `check` holds.
async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..200 {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn the_report_is_there_for_the_owner_after_the_meeting() {
    let s = server().await;
    let mut admin = s.admin().await;
    let (id, room) = meeting(&s, &mut admin, "off").await;
    let mut admin2 = admin.clone();
    let (mut chair, chair_joined) =
        enter(&s, &mut admin2, &room, json!({"display_name": "x"})).await;
    let mut anon = Client::default();
    let token = guest_token(&s, &mut admin, &id).await;
    let (mut guest, _) = enter(
        &s,
        &mut anon,
        &room,
        json!({"display_name": "=cmd|' /C calc'!A0", "guest_token": token}),
    )
    .await;
    // The chat's messages to everyone go into the report; private ones do not.
    send(
        &mut guest,
        command(
            "chat",
            json!({"action": "send", "to": {"kind": "everyone"}, "text": "Good evening,\nall"}),
        ),
    )
    .await;
    let chair_id = &chair_joined["you"];
    send(
        &mut guest,
        command(
            "chat",
            json!({"action": "send", "to": {"kind": "people", "participants": [chair_id]}, "text": "psst"}),
        ),
    )
    .await;
    send(&mut chair, command("moderation", json!({"action": "end"}))).await;
    assert_eq!(close_code(&mut guest).await, CloseCode::MeetingEnded.code());
    assert_eq!(close_code(&mut chair).await, CloseCode::MeetingEnded.code());

    let list_uri = format!("/api/v1/reports?room={room}");
    let mut list = Value::Null;
    eventually("the report", async || {
        list = s.call(&mut admin, "GET", &list_uri, None).await.1;
        list.as_array().is_some_and(|l| !l.is_empty())
    })
    .await;
    assert_eq!(list[0]["title"], "Council");
    assert_eq!(list[0]["participants"], 2);
    assert!(list[0]["ended_at"].is_string());
    let report_id = list[0]["id"].as_str().unwrap().to_owned();
    let (status, report) = s
        .call(
            &mut admin,
            "GET",
            &format!("/api/v1/reports/{report_id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = report["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Admin", "=cmd|' /C calc'!A0"]);
    let (status, kind, csv) =
        raw_get(&s, &admin, &format!("/api/v1/reports/{report_id}/csv")).await;
    assert_eq!(
        (status, kind.as_str()),
        (StatusCode::OK, "text/csv; charset=utf-8")
    );
    assert!(csv.lines().nth(2).unwrap().starts_with("'=cmd"), "{csv}");
    let (status, kind, chat) =
        raw_get(&s, &admin, &format!("/api/v1/reports/{report_id}/chat")).await;
    assert_eq!(
        (status, kind.as_str()),
        (StatusCode::OK, "text/plain; charset=utf-8")
    );
    let lines: Vec<&str> = chat.lines().collect();
    assert_eq!(lines.len(), 2, "{chat}");
    assert!(
        lines[0].ends_with("] =cmd|' /C calc'!A0: Good evening,"),
        "{chat}"
    );
    assert_eq!(lines[1], "    all");

    // Nobody else sees it.
    let (mut eve, _) = s.user(&mut admin, "eve@example.org", "Eve").await;
    assert_eq!(s.call(&mut eve, "GET", &list_uri, None).await.1, json!([]));
    let (status, _) = s
        .call(
            &mut eve,
            "GET",
            &format!("/api/v1/reports/{report_id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = raw_get(&s, &eve, &format!("/api/v1/reports/{report_id}/chat")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s
        .request("GET", &format!("/api/v1/reports/{report_id}"), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    s.running.stop().await;
}
