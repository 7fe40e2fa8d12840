//! Records (meeting reports) on every backend: idempotent storing by key, who may read them,
//! and their removal with their meeting.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use common::Backends;
use plenum_protocol::RoomId;
use plenum_protocol::moderation::WaitingRoom;
use plenum_store::{InvitationRecord, MeetingRecord, RecordRow, RoomRecord, RoomRepo, UserRecord};

fn user(id: &str) -> UserRecord {
    UserRecord {
        id: id.into(),
        email: format!("{id}@example.org"),
        display_name: id.into(),
        password_hash: None,
        role: "user".into(),
        language: None,
        totp_secret: None,
        totp_enabled: false,
        oidc_issuer: None,
        oidc_subject: None,
        picture_url: None,
        disabled: false,
        created_at: 1,
    }
}

fn record(key: &str, room: &str, started_at: i64, ended_at: Option<i64>, body: &str) -> RecordRow {
    RecordRow {
        key: key.into(),
        id: format!("id-{key}"),
        room_id: room.into(),
        kind: "meeting_report".into(),
        started_at,
        ended_at,
        participants: 2,
        participant_ms: 90_000,
        body: body.into(),
        stored_at: 5,
    }
}

#[tokio::test]
async fn records_are_replaced_by_key_and_visible_to_owners_moderators_and_room_creators() {
    let b = Backends::open().await;
    for store in &b.stores {
        for u in ["owner", "chair", "guest", "stranger", "creator"] {
            store.create_user(&user(u)).await.unwrap();
        }
        store
            .create_meeting(&MeetingRecord {
                id: "m1".into(),
                owner_id: "owner".into(),
                room_id: "room-m1".into(),
                title: "Council".into(),
                subtitle: String::new(),
                details: String::new(),
                password_hash: None,
                schedule: r#"{"kind":"unscheduled"}"#.into(),
                waiting_room: WaitingRoom::Off,
                mute_on_entry: false,
                simple_mode: false,
                zone: None,
                first_start: None,
                last_end: None,
                created_at: 1,
                updated_at: 1,
            })
            .await
            .unwrap();
        let invitations: Vec<InvitationRecord> =
            [("i1", "chair", "moderator"), ("i2", "guest", "participant")]
                .into_iter()
                .map(|(id, u, role)| InvitationRecord {
                    id: id.into(),
                    meeting_id: "m1".into(),
                    user_id: Some(u.into()),
                    email: format!("{u}@example.org"),
                    role: role.into(),
                    status: "accepted".into(),
                    mail_sent: false,
                    created_at: 1,
                })
                .collect();
        store.create_invitations(&invitations, &[]).await.unwrap();
        store
            .create_room(&RoomRecord {
                id: RoomId::parse("adhoc").unwrap(),
                created_at: 1,
                owner_key_hash: None,
                created_by: Some("creator".into()),
            })
            .await
            .unwrap();

        store
            .put_record(&record("k1", "room-m1", 100, None, "first"))
            .await
            .unwrap();
        store
            .put_record(&record("k1", "room-m1", 100, Some(200), "final"))
            .await
            .unwrap();
        store
            .put_record(&record("k2", "room-m1", 300, None, "second"))
            .await
            .unwrap();
        store
            .put_record(&record("k3", "adhoc", 50, Some(60), "adhoc"))
            .await
            .unwrap();

        let seen = |v: Vec<plenum_store::VisibleRecord>| -> Vec<String> {
            v.into_iter().map(|r| r.record.body).collect()
        };
        let owner = store
            .visible_records("owner", "meeting_report", None, 10)
            .await
            .unwrap();
        assert_eq!(owner[1].title.as_deref(), Some("Council"));
        assert_eq!(owner[1].record.ended_at, Some(200));
        assert_eq!(seen(owner), ["second", "final"]);
        assert_eq!(
            seen(
                store
                    .visible_records("chair", "meeting_report", Some("room-m1"), 10)
                    .await
                    .unwrap()
            ),
            ["second", "final"]
        );
        assert_eq!(
            seen(
                store
                    .visible_records("chair", "meeting_report", Some("room-m1"), 1)
                    .await
                    .unwrap()
            ),
            ["second"]
        );
        assert!(
            store
                .visible_records("guest", "meeting_report", None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .visible_records("stranger", "meeting_report", None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            seen(
                store
                    .visible_records("creator", "meeting_report", None, 10)
                    .await
                    .unwrap()
            ),
            ["adhoc"]
        );
        assert!(
            store
                .visible_record("owner", "meeting_report", "id-k1")
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            store
                .visible_record("stranger", "meeting_report", "id-k1")
                .await
                .unwrap()
                .is_none()
        );

        // Deleting the meeting removes its room and reports.
        assert!(store.delete_meeting("m1").await.unwrap());
        assert!(
            store
                .visible_records("owner", "meeting_report", None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store
                .room(&RoomId::parse("room-m1").unwrap())
                .await
                .unwrap(),
            None
        );
        assert!(!store.delete_meeting("m1").await.unwrap());
    }
    b.close().await;
}

#[tokio::test]
async fn unused_ad_hoc_rooms_expire_but_meetings_rooms_stay() {
    let b = Backends::open().await;
    for store in &b.stores {
        store.create_user(&user("owner")).await.unwrap();
        let room = |id: &str, at: i64| RoomRecord {
            id: RoomId::parse(id).unwrap(),
            created_at: at,
            owner_key_hash: None,
            created_by: None,
        };
        store.create_room(&room("old", 10)).await.unwrap();
        store.create_room(&room("used", 10)).await.unwrap();
        store.create_room(&room("new", 500)).await.unwrap();
        store
            .touch_room(&RoomId::parse("used").unwrap(), 600)
            .await
            .unwrap();
        store
            .put_record(&record("k-old", "old", 10, Some(20), "x"))
            .await
            .unwrap();
        store
            .create_meeting(&MeetingRecord {
                id: "m".into(),
                owner_id: "owner".into(),
                room_id: "meeting-room".into(),
                title: "Kept".into(),
                subtitle: String::new(),
                details: String::new(),
                password_hash: None,
                schedule: r#"{"kind":"unscheduled"}"#.into(),
                waiting_room: WaitingRoom::Off,
                mute_on_entry: false,
                simple_mode: false,
                zone: None,
                first_start: None,
                last_end: None,
                created_at: 1,
                updated_at: 1,
            })
            .await
            .unwrap();
        assert_eq!(store.delete_unused_rooms(400).await.unwrap(), 1);
        for (id, kept) in [
            ("old", false),
            ("used", true),
            ("new", true),
            ("meeting-room", true),
        ] {
            assert_eq!(
                store
                    .room(&RoomId::parse(id).unwrap())
                    .await
                    .unwrap()
                    .is_some(),
                kept,
                "{id}"
            );
        }
    }
    b.close().await;
}

#[tokio::test]
async fn usage_sums_the_ended_conferences_of_a_period_per_room_with_its_owner() {
    let b = Backends::open().await;
    for store in &b.stores {
        store.create_user(&user("ada")).await.unwrap();
        for (id, created_by) in [("adhoc", Some("ada")), ("open", None)] {
            store
                .create_room(&RoomRecord {
                    id: RoomId::parse(id).unwrap(),
                    created_at: 1,
                    owner_key_hash: None,
                    created_by: created_by.map(str::to_owned),
                })
                .await
                .unwrap();
        }
        for (key, room, started, ended) in [
            ("a1", "adhoc", 100, Some(200)),
            ("a2", "adhoc", 300, Some(400)),
            ("a3", "adhoc", 500, None),
            ("o1", "open", 150, Some(160)),
            ("late", "open", 5_000, Some(6_000)),
        ] {
            store
                .put_record(&record(key, room, started, ended, "{}"))
                .await
                .unwrap();
        }
        let usage = store.usage(0, 1_000).await.unwrap();
        assert_eq!(usage.len(), 2, "{:?}", store.backend());
        assert_eq!(usage[0].room_id, "adhoc");
        assert_eq!(usage[0].owner_id.as_deref(), Some("ada"));
        assert_eq!(usage[0].owner_email.as_deref(), Some("ada@example.org"));
        assert_eq!(
            (usage[0].conferences, usage[0].participant_ms),
            (2, 180_000)
        );
        assert_eq!(usage[1].room_id, "open");
        assert_eq!(usage[1].owner_id, None);
        assert_eq!((usage[1].conferences, usage[1].participant_ms), (1, 90_000));
        assert!(store.usage(1_000, 2_000).await.unwrap().is_empty());
    }
    b.close().await;
}
