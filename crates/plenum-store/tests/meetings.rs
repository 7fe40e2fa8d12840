//! Meetings, visibility, occurrence changes, favourites, invitations with their mails, guest
#![allow(clippy::unwrap_used, reason = "test helpers")]
//! links and the outbox on every backend.

mod common;

use common::Backends;
use plenum_protocol::moderation::WaitingRoom;
use plenum_store::{
    BackgroundRecord, ExceptionRecord, GuestLinkRecord, InvitationRecord, MailRecord,
    MeetingFilter, MeetingRecord, PreparedRecord, StoreError, UserRecord,
};

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

fn meeting(
    id: &str,
    owner: &str,
    first_start: Option<i64>,
    last_end: Option<i64>,
) -> MeetingRecord {
    MeetingRecord {
        id: id.into(),
        owner_id: owner.into(),
        room_id: format!("room{id}"),
        title: format!("Meeting {id}"),
        subtitle: String::new(),
        details: String::new(),
        password_hash: None,
        schedule: r#"{"kind":"unscheduled"}"#.into(),
        waiting_room: WaitingRoom::Guests,
        mute_on_entry: true,
        simple_mode: true,
        zone: Some("eu-1".into()),
        first_start,
        last_end,
        created_at: 10,
        updated_at: 10,
    }
}

fn invitation(id: &str, meeting: &str, user: Option<&str>, email: &str) -> InvitationRecord {
    InvitationRecord {
        id: id.into(),
        meeting_id: meeting.into(),
        user_id: user.map(Into::into),
        email: email.into(),
        role: "participant".into(),
        status: "pending".into(),
        mail_sent: false,
        created_at: 20,
    }
}

fn mail(id: &str, to: &str, invitation: Option<&str>) -> MailRecord {
    MailRecord {
        id: id.into(),
        recipient: to.into(),
        subject: "Invitation".into(),
        body: "Hello".into(),
        ics: Some("BEGIN:VCALENDAR".into()),
        invitation_id: invitation.map(Into::into),
        attempts: 0,
        next_attempt_at: 0,
        sent_at: None,
        last_error: None,
        created_at: 20,
    }
}

#[tokio::test]
async fn meetings_are_visible_to_owner_and_invitees_only() {
    let b = Backends::open().await;
    for s in &b.stores {
        for u in ["owner", "guest", "stranger"] {
            s.create_user(&user(u)).await.unwrap();
        }
        s.create_meeting(&meeting("m1", "owner", Some(1_000), Some(2_000)))
            .await
            .unwrap();
        s.create_meeting(&meeting("m2", "owner", None, None))
            .await
            .unwrap();
        assert!(matches!(
            s.create_meeting(&meeting("m1", "owner", None, None)).await,
            Err(StoreError::Conflict)
        ));
        assert_eq!(s.meeting_by_room("roomm1").await.unwrap().unwrap().id, "m1");
        assert!(s.visible_meeting("stranger", "m1").await.unwrap().is_none());
        s.create_invitations(
            &[invitation("i1", "m1", Some("guest"), "guest@example.org")],
            &[mail("mail1", "guest@example.org", Some("i1"))],
        )
        .await
        .unwrap();
        let seen = s.visible_meeting("guest", "m1").await.unwrap().unwrap();
        assert_eq!(
            (
                seen.invitation_role.as_deref(),
                seen.invitation_status.as_deref()
            ),
            (Some("participant"), Some("pending"))
        );
        assert_eq!(
            s.visible_meetings("owner", MeetingFilter::Mine, 0, 10)
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            s.visible_meetings("guest", MeetingFilter::Invited, 0, 10)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            s.visible_meetings("guest", MeetingFilter::Mine, 0, 10)
                .await
                .unwrap()
                .len(),
            0
        );
        assert_eq!(
            s.visible_meetings_between("guest", 1_500, 3_000)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            s.visible_meetings_between("guest", 2_000, 3_000)
                .await
                .unwrap()
                .len(),
            0
        );
        assert!(
            s.answer_invitation("m1", "guest", "declined")
                .await
                .unwrap()
        );
        assert!(
            s.visible_meetings_between("guest", 1_500, 3_000)
                .await
                .unwrap()
                .is_empty(),
            "declined"
        );

        s.set_favourite_meeting("guest", "m1", true).await.unwrap();
        s.set_favourite_meeting("guest", "m1", true).await.unwrap();
        assert!(
            s.visible_meeting("guest", "m1")
                .await
                .unwrap()
                .unwrap()
                .favourite
        );
        assert_eq!(s.favourite_meetings("guest").await.unwrap().len(), 1);

        let e = ExceptionRecord {
            original_start: "2026-12-01T10:00".into(),
            cancelled: true,
            new_start: None,
            new_end: None,
        };
        s.put_exception("m1", &e).await.unwrap();
        s.put_exception("m1", &e).await.unwrap();
        assert_eq!(s.exceptions("m1").await.unwrap(), vec![e]);
        let moved = ExceptionRecord {
            original_start: "2026-12-01T10:00".into(),
            cancelled: false,
            new_start: Some("2026-12-02T09:00".into()),
            new_end: Some("2026-12-02T10:00".into()),
        };
        s.put_exception("m1", &moved).await.unwrap();
        assert_eq!(
            s.exceptions("m1").await.unwrap(),
            vec![moved],
            "a second change of the same occurrence replaces the first"
        );
        assert!(s.delete_exception("m1", "2026-12-01T10:00").await.unwrap());

        let mut m = s
            .visible_meeting("owner", "m1")
            .await
            .unwrap()
            .unwrap()
            .meeting;
        m.title = "Renamed".into();
        assert!(s.update_meeting(&m).await.unwrap());
        assert!(s.delete_meeting("m1").await.unwrap());
        assert!(
            s.invitations("m1").await.unwrap().is_empty(),
            "invitations go with the meeting"
        );
    }
    b.close().await;
}

#[tokio::test]
async fn invitations_and_their_mails_are_written_together_or_not_at_all() {
    let b = Backends::open().await;
    for s in &b.stores {
        s.create_user(&user("owner")).await.unwrap();
        s.create_meeting(&meeting("m1", "owner", None, None))
            .await
            .unwrap();
        s.create_invitations(
            &[invitation("i1", "m1", None, "ext@example.org")],
            &[mail("mail1", "ext@example.org", Some("i1"))],
        )
        .await
        .unwrap();
        // A duplicate in the batch: nothing of it is stored, not even the mail.
        let batch = [
            invitation("i2", "m1", None, "new@example.org"),
            invitation("i3", "m1", None, "ext@example.org"),
        ];
        assert!(matches!(
            s.create_invitations(&batch, &[mail("mail2", "new@example.org", Some("i2"))])
                .await,
            Err(StoreError::Conflict)
        ));
        assert_eq!(s.invitations("m1").await.unwrap().len(), 1);
        assert!(s.mails_to("new@example.org").await.unwrap().is_empty());

        // The invited address signs up: the invitation becomes theirs.
        let mut ext = user("ext");
        ext.email = "ext@example.org".into();
        s.create_user(&ext).await.unwrap();
        assert!(s.visible_meeting("ext", "m1").await.unwrap().is_some());

        // The outbox: due, failed with backoff, then sent.
        assert_eq!(s.due_mails(0, 10).await.unwrap().len(), 1);
        s.mark_mail_failed("mail1", "connection refused", 500)
            .await
            .unwrap();
        assert!(s.due_mails(499, 10).await.unwrap().is_empty());
        let due = s.due_mails(500, 10).await.unwrap();
        assert_eq!(
            (due[0].attempts, due[0].last_error.as_deref()),
            (1, Some("connection refused"))
        );
        s.mark_mail_sent("mail1", 600).await.unwrap();
        assert!(s.due_mails(10_000, 10).await.unwrap().is_empty());
        assert!(s.invitations("m1").await.unwrap()[0].mail_sent);
        assert!(s.delete_invitation("m1", "i1").await.unwrap());
    }
    b.close().await;
}

#[tokio::test]
async fn guest_links_are_found_by_token_and_revocable() {
    let b = Backends::open().await;
    for s in &b.stores {
        s.create_user(&user("owner")).await.unwrap();
        s.create_meeting(&meeting("m1", "owner", None, None))
            .await
            .unwrap();
        let link = GuestLinkRecord {
            id: "g1".into(),
            meeting_id: "m1".into(),
            token_hash: "gh".into(),
            expires_at: Some(99),
            created_at: 1,
        };
        s.create_guest_link(&link).await.unwrap();
        assert_eq!(
            s.guest_link_by_token("gh").await.unwrap(),
            Some(link.clone())
        );
        assert_eq!(s.guest_links("m1").await.unwrap(), vec![link]);
        assert!(s.delete_guest_link("m1", "g1").await.unwrap());
        assert!(s.guest_link_by_token("gh").await.unwrap().is_none());
    }
    b.close().await;
}

#[tokio::test]
async fn background_pictures_keep_their_bytes_stop_at_the_limit_and_go_with_the_meeting() {
    let b = Backends::open().await;
    for s in &b.stores {
        s.create_user(&user("owner")).await.unwrap();
        s.create_meeting(&meeting("m1", "owner", None, None))
            .await
            .unwrap();
        let picture = |id: &str, at: i64| BackgroundRecord {
            id: id.into(),
            meeting_id: "m1".into(),
            name: format!("Picture {id}"),
            content_type: "image/png".into(),
            size: 4,
            created_at: at,
        };
        // Every byte value survives, including NUL and bytes that are not UTF-8.
        let bytes = [0x89_u8, 0x00, 0xff, 0x0a];
        assert!(
            s.add_background(&picture("b1", 1), &bytes, 2)
                .await
                .unwrap()
        );
        assert!(
            s.add_background(&picture("b2", 2), &bytes, 2)
                .await
                .unwrap()
        );
        assert!(
            !s.add_background(&picture("b3", 3), &bytes, 2)
                .await
                .unwrap()
        );
        assert_eq!(
            s.backgrounds("m1").await.unwrap(),
            vec![picture("b1", 1), picture("b2", 2)]
        );
        assert_eq!(
            s.background_image("m1", "b2").await.unwrap(),
            Some(("image/png".to_owned(), bytes.to_vec()))
        );
        assert_eq!(s.background_image("other", "b2").await.unwrap(), None);
        assert!(s.delete_background("m1", "b1").await.unwrap());
        assert!(!s.delete_background("m1", "b1").await.unwrap());
        assert_eq!(s.backgrounds("m1").await.unwrap(), vec![picture("b2", 2)]);
        assert!(s.delete_meeting("m1").await.unwrap());
        assert_eq!(s.background_image("m1", "b2").await.unwrap(), None);
    }
    b.close().await;
}

#[tokio::test]
async fn prepared_items_keep_their_order_and_kind_stop_at_the_limit_and_go_with_the_meeting() {
    let b = Backends::open().await;
    for s in &b.stores {
        s.create_user(&user("owner")).await.unwrap();
        s.create_meeting(&meeting("m1", "owner", None, None))
            .await
            .unwrap();
        let item = |id: &str, kind: &str, at: i64| PreparedRecord {
            id: id.into(),
            meeting_id: "m1".into(),
            kind: kind.into(),
            definition: format!(r#"{{"topic":"{id}"}}"#),
            created_at: at,
        };
        assert!(s.add_prepared(&item("p2", "poll", 2), 2).await.unwrap());
        assert!(s.add_prepared(&item("p1", "poll", 1), 2).await.unwrap());
        assert!(!s.add_prepared(&item("p3", "poll", 3), 2).await.unwrap());
        // The limit counts per kind.
        assert!(s.add_prepared(&item("b1", "breakout", 4), 2).await.unwrap());
        assert_eq!(
            s.prepared("m1", "poll").await.unwrap(),
            vec![item("p1", "poll", 1), item("p2", "poll", 2)]
        );
        assert_eq!(
            s.prepared("m1", "breakout").await.unwrap(),
            vec![item("b1", "breakout", 4)]
        );
        assert!(s.update_prepared("m1", "poll", "p1", "{}").await.unwrap());
        assert!(
            !s.update_prepared("m1", "breakout", "p1", "{}")
                .await
                .unwrap()
        );
        assert!(
            !s.update_prepared("other", "poll", "p1", "{}")
                .await
                .unwrap()
        );
        assert_eq!(s.prepared("m1", "poll").await.unwrap()[0].definition, "{}");
        assert!(!s.delete_prepared("m1", "breakout", "p2").await.unwrap());
        assert!(s.delete_prepared("m1", "poll", "p2").await.unwrap());
        assert!(!s.delete_prepared("m1", "poll", "p2").await.unwrap());
        assert!(s.delete_meeting("m1").await.unwrap());
        assert!(s.prepared("m1", "poll").await.unwrap().is_empty());
        assert!(s.prepared("m1", "breakout").await.unwrap().is_empty());
    }
    b.close().await;
}
