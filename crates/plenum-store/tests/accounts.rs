//! Users, sessions, tokens, recovery codes and password resets on every backend.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use common::Backends;
use plenum_store::{ApiTokenRecord, StoreError, UserRecord};

pub fn user(id: &str, email: &str) -> UserRecord {
    UserRecord {
        id: id.into(),
        email: email.into(),
        display_name: format!("User {id}"),
        password_hash: Some("hash".into()),
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

#[tokio::test]
async fn users_are_unique_findable_and_updatable() {
    let b = Backends::open().await;
    for s in &b.stores {
        let mut ada = user("u1", "ada@example.org");
        s.create_user(&ada).await.unwrap();
        assert!(matches!(
            s.create_user(&user("u2", "ada@example.org")).await,
            Err(StoreError::Conflict)
        ));
        assert_eq!(
            s.user_by_email("ada@example.org")
                .await
                .unwrap()
                .unwrap()
                .id,
            "u1"
        );
        assert_eq!(s.count_users().await.unwrap(), 1);
        ada.display_name = "Ada L.".into();
        ada.totp_enabled = true;
        ada.oidc_issuer = Some("https://idp".into());
        ada.oidc_subject = Some("sub-1".into());
        assert!(s.update_user(&ada).await.unwrap());
        assert_eq!(
            s.user_by_oidc("https://idp", "sub-1").await.unwrap(),
            Some(ada.clone())
        );
        s.set_groups("u1", &["faction-a".into(), "board".into()])
            .await
            .unwrap();
        assert_eq!(s.groups("u1").await.unwrap(), ["board", "faction-a"]);
        s.create_user(&user("u3", "bob@example.org")).await.unwrap();
        s.set_favourite_user("u1", "u3", true).await.unwrap();
        s.set_favourite_user("u1", "u3", true).await.unwrap();
        let ids = |found: Vec<(UserRecord, bool)>| -> Vec<(String, bool)> {
            found.into_iter().map(|(u, f)| (u.id, f)).collect()
        };
        // Favourites match by name or address part; others only by name (three characters at
        // least) or by their whole address: nobody can list every account.
        assert_eq!(
            ids(s.search_users("u1", "EXAMPLE", 0, 10).await.unwrap()),
            [("u3".to_string(), true)]
        );
        assert_eq!(
            ids(s.search_users("u3", "ada", 0, 10).await.unwrap()),
            [("u1".to_string(), false)]
        );
        assert!(s.search_users("u3", "ad", 0, 10).await.unwrap().is_empty());
        assert!(s.search_users("u3", "", 0, 10).await.unwrap().is_empty());
        assert_eq!(
            ids(s
                .search_users("u3", "Ada@Example.org", 0, 10)
                .await
                .unwrap()),
            [("u1".to_string(), false)]
        );
        assert!(
            s.search_users("u3", "example.org", 0, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            s.list_users(Some("ada@example.org"), 10)
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(s.delete_user("u3").await.unwrap());
        assert!(!s.delete_user("u3").await.unwrap());
    }
    b.close().await;
}

#[tokio::test]
async fn sessions_tokens_codes_and_resets_expire_and_are_single_use() {
    let b = Backends::open().await;
    for s in &b.stores {
        s.create_user(&user("u1", "ada@example.org")).await.unwrap();
        s.create_session("h1", "u1", 0, 100).await.unwrap();
        assert!(s.session_user("h1", 99, 1_000).await.unwrap().is_some());
        assert!(
            s.session_user("h1", 100, 1_000).await.unwrap().is_none(),
            "expired"
        );
        s.delete_user_sessions("u1").await.unwrap();
        assert!(s.session_user("h1", 1, 1_000).await.unwrap().is_none());

        // A session unused for the idle time ends; each use (once a minute) keeps it going.
        let day = 86_400_000;
        s.create_session("h3", "u1", 0, 30 * day).await.unwrap();
        assert!(s.session_user("h3", day, 2 * day).await.unwrap().is_some());
        assert!(
            s.session_user("h3", 3 * day - 1, 2 * day)
                .await
                .unwrap()
                .is_some(),
            "used a day in, so still alive two days after that use"
        );
        assert!(
            s.session_user("h3", 5 * day, 2 * day)
                .await
                .unwrap()
                .is_none(),
            "idle for two days"
        );

        let token = ApiTokenRecord {
            id: "t1".into(),
            user_id: "u1".into(),
            name: "ci".into(),
            token_hash: "th".into(),
            scopes: "read,write".into(),
            created_at: 0,
            last_used_at: None,
            expires_at: Some(50),
        };
        s.create_token(&token).await.unwrap();
        let (t, u) = s.token_user("th", 10).await.unwrap().unwrap();
        assert_eq!((t.name.as_str(), u.id.as_str()), ("ci", "u1"));
        assert_eq!(s.tokens("u1").await.unwrap()[0].last_used_at, Some(10));
        assert!(s.token_user("th", 50).await.unwrap().is_none(), "expired");
        assert!(!s.delete_token("someone-else", "t1").await.unwrap());
        assert!(s.delete_token("u1", "t1").await.unwrap());

        s.set_recovery_codes("u1", &["c1".into(), "c2".into()])
            .await
            .unwrap();
        assert!(s.use_recovery_code("u1", "c1").await.unwrap());
        assert!(
            !s.use_recovery_code("u1", "c1").await.unwrap(),
            "single use"
        );

        s.create_password_reset("r1", "u1", 100).await.unwrap();
        assert_eq!(
            s.take_password_reset("r1", 5).await.unwrap().as_deref(),
            Some("u1")
        );
        assert_eq!(
            s.take_password_reset("r1", 5).await.unwrap(),
            None,
            "single use"
        );
        s.create_password_reset("r2", "u1", 100).await.unwrap();
        assert_eq!(
            s.take_password_reset("r2", 100).await.unwrap(),
            None,
            "expired"
        );

        let mut disabled = s.user("u1").await.unwrap().unwrap();
        disabled.disabled = true;
        s.update_user(&disabled).await.unwrap();
        s.create_session("h2", "u1", 0, 100).await.unwrap();
        assert!(
            s.session_user("h2", 1, 1_000).await.unwrap().is_none(),
            "disabled users have no sessions"
        );
    }
    b.close().await;
}
