//! Meetings through the REST API on SQLite and PostgreSQL: planning with recurrence,
//! authorization, validation, invitations with mails, occurrences, the dashboard, guest links,
//! who gets which ticket, simple mode and the meeting's own background pictures.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::{Client, Server};
use serde_json::{Value, json};

fn weekly() -> Value {
    json!({
        "title": "Faction meeting",
        "subtitle": "Weekly",
        "details": "Agenda follows",
        "schedule": {"kind": "timed", "start": "2026-12-07T10:00", "end": "2026-12-07T11:00", "time_zone": "Europe/Berlin",
                     "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["mon", "wed"], "end": {"kind": "count", "count": 6}}},
        "waiting_room": "guests",
        "mute_on_entry": true
    })
}

async fn owner_invitee_stranger(s: &Server) {
    let mut admin = s.admin().await;
    let (mut ada, _) = s.user(&mut admin, "ada@example.org", "Ada").await;
    let (mut bob, bob_id) = s.user(&mut admin, "bob@example.org", "Bob").await;
    let (mut eve, _) = s.user(&mut admin, "eve@example.org", "Eve").await;
    let (status, m) = s
        .call(&mut ada, "POST", "/api/v1/meetings", Some(weekly()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    assert_eq!(
        (m["my_role"].as_str(), m["owner"]["display_name"].as_str()),
        (Some("owner"), Some("Ada"))
    );
    let id = m["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/meetings/{id}");

    let (status, invited) = s
        .call(&mut ada, "POST", &format!("{path}/invitations"), Some(json!({"users": [bob_id], "emails": ["guest@outside.example"], "role": "participant"})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invited}");
    assert_eq!(invited.as_array().unwrap().len(), 2);
    let (status, dup) = s
        .call(
            &mut ada,
            "POST",
            &format!("{path}/invitations"),
            Some(json!({"emails": ["Guest@outside.example"], "role": "participant"})),
        )
        .await;
    assert_eq!(
        (status, dup["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("emails"))
    );

    // The mails went to the outbox, each with a calendar invitation.
    let mails = s
        .running
        .store()
        .mails_to("guest@outside.example")
        .await
        .unwrap();
    assert_eq!(mails.len(), 1);
    let ics = mails[0].ics.as_deref().unwrap();
    assert!(
        ics.contains("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;COUNT=6"),
        "{ics}"
    );
    assert!(
        ics.contains("DTSTART;TZID=Europe/Berlin:20261207T100000"),
        "{ics}"
    );
    assert!(
        mails[0]
            .body
            .contains(&format!("/r/{}", m["room_id"].as_str().unwrap()))
    );

    // Bob sees it, may answer, may not edit; Eve sees nothing; nobody unauthenticated.
    let (status, seen) = s.call(&mut bob, "GET", &path, None).await;
    assert_eq!(
        (
            status,
            seen["my_role"].as_str(),
            seen["my_invitation"].as_str()
        ),
        (StatusCode::OK, Some("participant"), Some("pending"))
    );
    let (_, dash) = s
        .call(&mut bob, "GET", "/api/v1/dashboard?tz=Europe/Berlin", None)
        .await;
    assert_eq!(dash["invitations"][0]["id"], id.as_str());
    assert_eq!(
        s.call(&mut bob, "PUT", &path, Some(weekly())).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.call(&mut bob, "DELETE", &path, None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.call(&mut eve, "GET", &path, None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.call(&mut eve, "PUT", &path, Some(weekly())).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.request("GET", &path, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = s
        .call(
            &mut bob,
            "POST",
            &format!("{path}/invitation/response"),
            Some(json!({"accept": true})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, seen) = s.call(&mut bob, "GET", &path, None).await;
    assert_eq!(seen["my_invitation"], "accepted");
    let (_, mine) = s
        .call(&mut bob, "GET", "/api/v1/meetings?filter=invited", None)
        .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let (_, list) = s
        .call(&mut ada, "GET", &format!("{path}/invitations"), None)
        .await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        s.call(&mut bob, "GET", &format!("{path}/invitations"), None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    // Favourites.
    assert_eq!(
        s.call(&mut bob, "PUT", &format!("{path}/favourite"), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    let (_, dash) = s
        .call(&mut bob, "GET", "/api/v1/dashboard?tz=Europe/Berlin", None)
        .await;
    assert_eq!(dash["favourites"][0]["id"], id.as_str());
    assert_eq!(dash["recurring"][0]["id"], id.as_str());

    // Changing the time mails the invitees again.
    let mut changed = weekly();
    changed["schedule"]["start"] = json!("2026-12-07T14:00");
    changed["schedule"]["end"] = json!("2026-12-07T15:00");
    let (status, _) = s.call(&mut ada, "PUT", &path, Some(changed)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        s.running
            .store()
            .mails_to("guest@outside.example")
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        s.call(&mut ada, "DELETE", &path, None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        s.call(&mut bob, "GET", &path, None).await.0,
        StatusCode::NOT_FOUND
    );
}
on_both_backends!(
    authorization_sqlite,
    authorization_postgres,
    owner_invitee_stranger
);

async fn validation(s: &Server) {
    let mut admin = s.admin().await;
    let base = weekly();
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|m| m["title"] = json!("  ")), "title"),
        (Box::new(|m| m["title"] = json!("x".repeat(201))), "title"),
        (
            Box::new(|m| m["details"] = json!("x".repeat(10_001))),
            "details",
        ),
        (
            Box::new(|m| m["schedule"]["end"] = json!("2026-12-07T09:00")),
            "schedule.end",
        ),
        (
            Box::new(|m| m["schedule"]["time_zone"] = json!("Europe/Atlantis")),
            "schedule.time_zone",
        ),
        (
            Box::new(|m| m["schedule"]["recurrence"]["interval"] = json!(0)),
            "schedule.recurrence.interval",
        ),
        (
            Box::new(|m| {
                m["schedule"]["recurrence"]["end"] = json!({"kind": "until", "date": "2026-01-01"})
            }),
            "schedule.recurrence.end.date",
        ),
        (Box::new(|m| m["password"] = json!("abc")), "password"),
    ];
    for (edit, field) in cases {
        let mut m = base.clone();
        edit(&mut m);
        let (status, body) = s
            .call(&mut admin, "POST", "/api/v1/meetings", Some(m))
            .await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{body}"
        );
    }
    let mut m = base.clone();
    m["schedule"]["recurrence"]["frequency"] = json!("hourly");
    assert_eq!(
        s.call(&mut admin, "POST", "/api/v1/meetings", Some(m))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
    let (_, page) = s.call(&mut admin, "GET", "/api/v1/meetings", None).await;
    assert!(
        page["items"].as_array().unwrap().is_empty(),
        "nothing half-written"
    );
}
on_both_backends!(validation_sqlite, validation_postgres, validation);

async fn occurrences_and_changes(s: &Server) {
    let mut admin = s.admin().await;
    let (_, m) = s
        .call(&mut admin, "POST", "/api/v1/meetings", Some(weekly()))
        .await;
    let id = m["id"].as_str().unwrap();
    let window = "/api/v1/meetings/occurrences?from=2026-12-01T00:00:00Z&to=2027-01-31T00:00:00Z";
    let (status, list) = s.call(&mut admin, "GET", window, None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let starts: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-12-07T10:00:00+01:00",
            "2026-12-09T10:00:00+01:00",
            "2026-12-14T10:00:00+01:00",
            "2026-12-16T10:00:00+01:00",
            "2026-12-21T10:00:00+01:00",
            "2026-12-23T10:00:00+01:00"
        ]
    );
    let cancel = json!({"original_start": "2026-12-09T10:00", "cancelled": true});
    let (status, _) = s
        .call(
            &mut admin,
            "PUT",
            &format!("/api/v1/meetings/{id}/occurrences/2026-12-09T10:00"),
            Some(cancel),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let not_one = json!({"original_start": "2026-12-10T10:00", "cancelled": true});
    let (status, body) = s
        .call(
            &mut admin,
            "PUT",
            &format!("/api/v1/meetings/{id}/occurrences/2026-12-10T10:00"),
            Some(not_one),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("original_start"))
    );
    let (_, list) = s.call(&mut admin, "GET", window, None).await;
    assert_eq!(list.as_array().unwrap().len(), 5);
    let (status, _) = s
        .call(
            &mut admin,
            "GET",
            "/api/v1/meetings/occurrences?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "window too long");
}
on_both_backends!(
    occurrences_sqlite,
    occurrences_postgres,
    occurrences_and_changes
);

/// Creates meeting `m` as `owner` and invites the user `moderator` as its moderator.
async fn with_moderator(s: &Server, owner: &mut Client, m: Value, moderator: &str) -> Value {
    let (status, meeting) = s.call(owner, "POST", "/api/v1/meetings", Some(m)).await;
    assert_eq!(status, StatusCode::CREATED, "{meeting}");
    let id = meeting["id"].as_str().unwrap();
    let (status, invited) = s
        .call(
            owner,
            "POST",
            &format!("/api/v1/meetings/{id}/invitations"),
            Some(json!({"users": [moderator], "role": "moderator"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invited}");
    meeting
}

async fn tickets_follow_the_meeting(s: &Server) {
    let mut admin = s.admin().await;
    let (mut bob, bob_id) = s.user(&mut admin, "bob@example.org", "Bob").await;
    let (mut eve, _) = s.user(&mut admin, "eve@example.org", "Eve").await;
    let mut m = weekly();
    m["password"] = json!("secret42");
    let meeting = with_moderator(s, &mut admin, m, &bob_id).await;
    let id = meeting["id"].as_str().unwrap();
    let room = meeting["room_id"].as_str().unwrap();
    let (_, summary) = s
        .request("GET", &format!("/api/v1/rooms/{room}"), None)
        .await;
    assert_eq!(
        (
            summary["title"].as_str(),
            summary["password_required"].as_bool(),
            summary["guest_link_required"].as_bool(),
            summary["simple_mode"].as_bool(),
            summary["backgrounds"].as_array().map(Vec::len),
        ),
        (
            Some("Faction meeting"),
            Some(true),
            Some(true),
            Some(false),
            Some(0)
        )
    );

    let ticket = |name: &str, extra: Value| {
        let mut body = json!({"display_name": name});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let role_of = |body: &Value| -> String {
        let t = body["ticket"].as_str().unwrap();
        let payload = t.split('.').nth(1).unwrap();
        use base64::Engine;
        let claims: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap();
        let roles: Vec<&str> = claims["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        roles.join(" ")
    };
    let claims_of = |body: &Value| -> Value {
        let t = body["ticket"].as_str().unwrap();
        let payload = t.split('.').nth(1).unwrap();
        use base64::Engine;
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap()
    };
    let url = format!("/api/v1/rooms/{room}/tickets");
    let (status, t) = s
        .call(&mut admin, "POST", &url, Some(ticket("Admin", json!({}))))
        .await;
    assert_eq!(
        (status, role_of(&t)),
        (StatusCode::OK, "owner participant".into())
    );
    let policy = &claims_of(&t)["policy"];
    assert_eq!(
        (
            policy["waiting_room"].as_str(),
            policy["mute_on_entry"].as_bool()
        ),
        (Some("guests"), Some(true))
    );
    // Signed-in people appear under their account's name, whatever they ask for.
    let (status, t) = s
        .call(&mut bob, "POST", &url, Some(ticket("The Owner", json!({}))))
        .await;
    assert_eq!(
        (status, role_of(&t)),
        (StatusCode::OK, "moderator participant".into())
    );
    assert_eq!(claims_of(&t)["name"], "Bob");
    let bob_pid = t["participant_id"].clone();
    let (_, again) = s
        .call(&mut bob, "POST", &url, Some(ticket("Bob", json!({}))))
        .await;
    assert_eq!(
        again["participant_id"], bob_pid,
        "one person, one participant id"
    );
    let (status, body) = s
        .call(&mut eve, "POST", &url, Some(ticket("Eve", json!({}))))
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::FORBIDDEN, Some("guest_token"))
    );

    // The room's address and the right password are not enough: guests need a guest link.
    let (status, body) = s
        .call(
            &mut Client::default(),
            "POST",
            &url,
            Some(ticket("Guest", json!({"password": "secret42"}))),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::FORBIDDEN, Some("guest_token"))
    );

    let (status, link) = s
        .call(
            &mut admin,
            "POST",
            &format!("/api/v1/meetings/{id}/guest-links"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let token = link["path"]
        .as_str()
        .unwrap()
        .split("g=")
        .nth(1)
        .unwrap()
        .to_owned();
    let mut anon = Client::default();
    let (status, body) = s
        .call(
            &mut anon,
            "POST",
            &url,
            Some(ticket("Guest", json!({"guest_token": token}))),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("password"))
    );
    let (status, body) = s
        .call(
            &mut anon,
            "POST",
            &url,
            Some(ticket(
                "Guest",
                json!({"guest_token": token, "password": "wrong"}),
            )),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("password"))
    );
    let (status, t) = s
        .call(
            &mut anon,
            "POST",
            &url,
            Some(ticket(
                "Guest",
                json!({"guest_token": token, "password": "secret42"}),
            )),
        )
        .await;
    assert_eq!((status, role_of(&t)), (StatusCode::OK, "guest".into()));
    // A guest's browser key makes them the same participant next time; without one, a
    // stranger every time.
    let key = "k".repeat(32);
    let mut ids = Vec::new();
    for extra in [
        json!({"guest_key": key}),
        json!({"guest_key": key}),
        json!({}),
        json!({}),
    ] {
        let mut body = json!({"guest_token": token, "password": "secret42"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let (status, t) = s
            .call(&mut anon, "POST", &url, Some(ticket("Guest", body)))
            .await;
        assert_eq!(status, StatusCode::OK, "{t}");
        ids.push(t["participant_id"].clone());
    }
    assert_eq!(ids[0], ids[1]);
    assert_ne!(ids[2], ids[3]);
    assert_ne!(ids[0], ids[2]);
    let (status, body) = s
        .call(
            &mut anon,
            "POST",
            &url,
            Some(ticket(
                "Guest",
                json!({"guest_token": token, "password": "secret42", "guest_key": "short"}),
            )),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("guest_key"))
    );
    let (status, _) = s
        .call(
            &mut anon,
            "POST",
            &url,
            Some(ticket(
                "Guest",
                json!({"guest_token": "forged", "password": "secret42"}),
            )),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, links) = s
        .call(
            &mut admin,
            "GET",
            &format!("/api/v1/meetings/{id}/guest-links"),
            None,
        )
        .await;
    assert!(links[0]["path"].is_null(), "the token is shown once");
    let link_id = links[0]["id"].as_str().unwrap();
    assert_eq!(
        s.call(
            &mut admin,
            "DELETE",
            &format!("/api/v1/meetings/{id}/guest-links/{link_id}"),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    let (status, _) = s
        .call(
            &mut anon,
            "POST",
            &url,
            Some(ticket(
                "Guest",
                json!({"guest_token": token, "password": "secret42"}),
            )),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "revoked");
    let (status, body) = s
        .call(
            &mut admin,
            "POST",
            &format!("/api/v1/meetings/{id}/guest-links"),
            Some(json!({"expires_at": "2020-01-01T00:00:00Z"})),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("expires_at"))
    );
}
on_both_backends!(tickets_sqlite, tickets_postgres, tickets_follow_the_meeting);

/// A PNG of `len` bytes (the signature, then filler).
fn png(len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(len, 7);
    bytes
}

async fn backgrounds_and_simple_mode(s: &Server) {
    let mut admin = s.admin().await;
    let (mut bob, bob_id) = s.user(&mut admin, "bob@example.org", "Bob").await;
    let mut m = weekly();
    m["simple_mode"] = json!(true);
    let meeting = with_moderator(s, &mut admin, m, &bob_id).await;
    assert_eq!(meeting["simple_mode"], json!(true));
    let id = meeting["id"].as_str().unwrap();
    let room = meeting["room_id"].as_str().unwrap();
    let pictures = format!("/api/v1/meetings/{id}/backgrounds");
    let upload = |name: &str| format!("{pictures}?name={name}");

    // Only the owner adds pictures; only pictures are accepted, by their bytes.
    let (status, _, _) = s
        .send(
            &mut bob,
            "POST",
            &upload("Mine"),
            Some(("image/png", png(64))),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, body) = s
        .send(
            &mut admin,
            "POST",
            &upload("Logo"),
            Some(("image/png", b"<svg onload='alert(1)'/>".to_vec())),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (status, _, _) = s
        .send(
            &mut admin,
            "POST",
            &upload("Huge"),
            Some(("image/png", png(2 * 1024 * 1024 + 1))),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, _, _) = s
        .send(&mut admin, "POST", &pictures, Some(("image/png", png(64))))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the name is required");
    let picture = png(2 * 1024 * 1024);
    let (status, _, body) = s
        .send(
            &mut admin,
            "POST",
            &upload("Town%20hall"),
            Some(("application/octet-stream", picture.clone())),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let added: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (
            added["name"].as_str(),
            added["content_type"].as_str(),
            added["size"].as_u64()
        ),
        (Some("Town hall"), Some("image/png"), Some(2 * 1024 * 1024))
    );
    for n in 2..=8 {
        let (status, _, _) = s
            .send(
                &mut admin,
                "POST",
                &upload(&format!("P{n}")),
                Some(("image/png", png(64))),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, _, _) = s
        .send(
            &mut admin,
            "POST",
            &upload("Ninth"),
            Some(("image/png", png(64))),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Everyone who can open the room sees its pictures and the simple mode.
    let (_, summary) = s
        .request("GET", &format!("/api/v1/rooms/{room}"), None)
        .await;
    assert_eq!(summary["simple_mode"], json!(true));
    assert_eq!(summary["backgrounds"].as_array().unwrap().len(), 8);
    assert_eq!(summary["backgrounds"][0]["name"], json!("Town hall"));
    let picture_id = added["id"].as_str().unwrap();
    let (status, headers, bytes) = s
        .send(
            &mut Client::default(),
            "GET",
            &format!("/api/v1/rooms/{room}/backgrounds/{picture_id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/png");
    assert!(bytes == picture, "the picture comes back byte for byte");
    let (status, _, _) = s
        .send(
            &mut Client::default(),
            "GET",
            &format!("/api/v1/rooms/{room}/backgrounds/unknown"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, listed) = s.call(&mut bob, "GET", &pictures, None).await;
    assert_eq!(
        (status, listed.as_array().map(Vec::len)),
        (StatusCode::OK, Some(8))
    );

    let remove = format!("{pictures}/{picture_id}");
    let (status, _) = s.call(&mut bob, "DELETE", &remove, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s.call(&mut admin, "DELETE", &remove, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s.call(&mut admin, "DELETE", &remove, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

on_both_backends!(
    backgrounds_and_simple_mode_sqlite,
    backgrounds_and_simple_mode_postgres,
    backgrounds_and_simple_mode
);

async fn prepared_polls(s: &Server) {
    let mut admin = s.admin().await;
    let (mut bob, bob_id) = s.user(&mut admin, "bob@example.org", "Bob").await;
    let (mut eve, _) = s.user(&mut admin, "eve@example.org", "Eve").await;
    let meeting = with_moderator(s, &mut admin, weekly(), &bob_id).await;
    let id = meeting["id"].as_str().unwrap();
    let room = meeting["room_id"].as_str().unwrap();
    let polls = format!("/api/v1/meetings/{id}/polls");
    let lunch = json!({
        "topic": "  Lunch at noon? ",
        "answers": ["Yes", "No", "Abstain"],
        "anonymous": true,
        "seconds": 300
    });

    // Only the owner prepares; definitions follow the room's rules.
    let (status, _) = s.call(&mut bob, "POST", &polls, Some(lunch.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for (bad, field) in [
        (json!({"topic": "", "answers": ["Yes", "No"]}), "topic"),
        (json!({"topic": "Q", "answers": ["Yes"]}), "answers"),
        (json!({"topic": "Q", "answers": ["Yes", " yes"]}), "answers"),
        (
            json!({"topic": "Q", "answers": ["Yes", "No"], "seconds": 5}),
            "seconds",
        ),
    ] {
        let (status, body) = s.call(&mut admin, "POST", &polls, Some(bad)).await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{body}"
        );
    }
    let (status, body) = s
        .call(
            &mut admin,
            "POST",
            &polls,
            Some(json!({"topic": "Q", "answers": ["Yes", "No"], "colour": "red"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "unknown fields: {body}");
    let (status, created) = s.call(&mut admin, "POST", &polls, Some(lunch)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["definition"]["topic"], json!("Lunch at noon?"));
    assert_eq!(created["definition"]["anonymous"], json!(true));
    let poll = created["id"].as_str().unwrap();

    // The invited moderator reads them (on the meeting and by room); a stranger does not.
    let (status, listed) = s.call(&mut bob, "GET", &polls, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed, json!([created]));
    let by_room = format!("/api/v1/rooms/{room}/polls");
    let (status, listed) = s.call(&mut bob, "GET", &by_room, None).await;
    assert_eq!((status, listed), (StatusCode::OK, json!([created])));
    let (status, _) = s.call(&mut eve, "GET", &polls, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.call(&mut eve, "GET", &by_room, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s.request("GET", &by_room, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, adhoc) = s.call(&mut admin, "POST", "/api/v1/rooms", None).await;
    let adhoc = adhoc["id"].as_str().unwrap();
    let (status, listed) = s
        .call(
            &mut admin,
            "GET",
            &format!("/api/v1/rooms/{adhoc}/polls"),
            None,
        )
        .await;
    assert_eq!((status, listed), (StatusCode::OK, json!([])));

    // Change and remove.
    let one = format!("{polls}/{poll}");
    let changed = json!({"topic": "Coffee?", "answers": ["Yes", "No"], "multiple": true});
    let (status, body) = s.call(&mut bob, "PUT", &one, Some(changed.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = s.call(&mut admin, "PUT", &one, Some(changed)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["id"].as_str(),
            body["definition"]["multiple"].as_bool()
        ),
        (Some(poll), Some(true))
    );
    let (status, _) = s
        .call(
            &mut admin,
            "PUT",
            &format!("{polls}/unknown"),
            Some(json!({"topic": "Q", "answers": ["Yes", "No"]})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s.call(&mut admin, "DELETE", &one, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s.call(&mut admin, "DELETE", &one, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, listed) = s.call(&mut admin, "GET", &polls, None).await;
    assert_eq!(listed, json!([]));
}

on_both_backends!(
    prepared_polls_sqlite,
    prepared_polls_postgres,
    prepared_polls
);

async fn breakout_setups(s: &Server) {
    let mut admin = s.admin().await;
    let (mut bob, bob_id) = s.user(&mut admin, "bob@example.org", "Bob").await;
    let meeting = with_moderator(s, &mut admin, weekly(), &bob_id).await;
    let id = meeting["id"].as_str().unwrap();
    let room = meeting["room_id"].as_str().unwrap();
    let setups = format!("/api/v1/meetings/{id}/breakout-setups");
    let fours = json!({
        "name": " Group work in fours ",
        "settings": {
            "assignment": "random", "split_by": "size", "rooms": 2, "size": 4,
            "names": ["Red", " Blue "], "include_moderators": false,
            "assign_late_joiners": true, "minutes": 15
        }
    });
    let (status, _) = s.call(&mut bob, "POST", &setups, Some(fours.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the owner prepares");
    let mut bad = fours.clone();
    bad["settings"]["rooms"] = json!(51);
    let (status, body) = s.call(&mut admin, "POST", &setups, Some(bad)).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("rooms"))
    );
    let (status, created) = s.call(&mut admin, "POST", &setups, Some(fours)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["setup"]["name"], json!("Group work in fours"));
    assert_eq!(
        created["setup"]["settings"]["names"],
        json!(["Red", "Blue"])
    );
    let (status, listed) = s
        .call(
            &mut bob,
            "GET",
            &format!("/api/v1/rooms/{room}/breakout-setups"),
            None,
        )
        .await;
    assert_eq!((status, listed), (StatusCode::OK, json!([created])));
    // Polls and set-ups are kept apart.
    let (_, polls) = s
        .call(
            &mut admin,
            "GET",
            &format!("/api/v1/meetings/{id}/polls"),
            None,
        )
        .await;
    assert_eq!(polls, json!([]));
    let one = format!("{setups}/{}", created["id"].as_str().unwrap());
    let (status, _) = s.call(&mut admin, "DELETE", &one, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

on_both_backends!(
    breakout_setups_sqlite,
    breakout_setups_postgres,
    breakout_setups
);

/// Scale-out: a meeting's zone is set, kept when absent, cleared with "", and checked.
async fn zones(s: &Server) {
    let mut admin = s.admin().await;
    let mut m = weekly();
    m["zone"] = json!("eu-north");
    let (status, meeting) = s
        .call(&mut admin, "POST", "/api/v1/meetings", Some(m.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{meeting}");
    assert_eq!(meeting["zone"], "eu-north");
    let url = format!("/api/v1/meetings/{}", meeting["id"].as_str().unwrap());
    let mut without = m.clone();
    without.as_object_mut().unwrap().remove("zone");
    let (status, kept) = s.call(&mut admin, "PUT", &url, Some(without)).await;
    assert_eq!(
        (status, &kept["zone"]),
        (StatusCode::OK, &json!("eu-north")),
        "{kept}"
    );
    for bad in ["EU", "eu north", &"x".repeat(33)] {
        let mut wrong = m.clone();
        wrong["zone"] = json!(bad);
        let (status, body) = s.call(&mut admin, "PUT", &url, Some(wrong)).await;
        assert_eq!(
            (status, &body["error"]["field"]),
            (StatusCode::BAD_REQUEST, &json!("zone")),
            "{bad}"
        );
    }
    let mut cleared = m;
    cleared["zone"] = json!("");
    let (status, any) = s.call(&mut admin, "PUT", &url, Some(cleared)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(any.get("zone").is_none(), "{any}");
}

on_both_backends!(zones_sqlite, zones_postgres, zones);
