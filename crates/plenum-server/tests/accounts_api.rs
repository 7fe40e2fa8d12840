//! Accounts through the REST API on SQLite and PostgreSQL: setup, sign-in, CSRF, two-factor,
//! API tokens, administration, password reset.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use axum::http::StatusCode;
use common::{Client, Server};
use serde_json::json;

async fn sign_in_out_and_csrf(s: &Server) {
    let (status, cfg) = s.request("GET", "/api/v1/auth/config", None).await;
    assert_eq!(
        (status, cfg["setup_required"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let mut admin = s.admin().await;
    let (_, cfg) = s.request("GET", "/api/v1/auth/config", None).await;
    assert_eq!(cfg["setup_required"], false);
    let mut again = Client::browser();
    let (status, _) = s.call(&mut again, "POST", "/api/v1/auth/setup", Some(json!({"email": "x@example.org", "display_name": "X", "password": "another password"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "setup happens once");

    let (status, me) = s.call(&mut admin, "GET", "/api/v1/me", None).await;
    assert_eq!(
        (status, me["role"].as_str()),
        (StatusCode::OK, Some("admin"))
    );

    let mut bob = Client::browser();
    let (status, body) = s
        .call(
            &mut bob,
            "POST",
            "/api/v1/auth/login",
            Some(json!({"email": "admin@example.org", "password": "wrong password"})),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("password"))
    );
    let (status, _) = s
        .call(
            &mut bob,
            "POST",
            "/api/v1/auth/login",
            Some(json!({"email": "nobody@example.org", "password": "wrong password"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The session cookie alone does not change anything: the CSRF header is required.
    let mut no_csrf = Client {
        csrf: false,
        ..admin.clone()
    };
    let (status, body) = s
        .call(
            &mut no_csrf,
            "PATCH",
            "/api/v1/me",
            Some(json!({"language": "de"})),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let (status, me) = s
        .call(
            &mut admin,
            "PATCH",
            "/api/v1/me",
            Some(json!({"language": "de"})),
        )
        .await;
    assert_eq!(
        (status, me["language"].as_str()),
        (StatusCode::OK, Some("de"))
    );
    let (status, body) = s
        .call(
            &mut admin,
            "PATCH",
            "/api/v1/me",
            Some(json!({"language": "fr"})),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("language"))
    );

    let (status, _) = s
        .call(&mut admin, "POST", "/api/v1/auth/logout", None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(admin.cookie.is_none());
    let (status, body) = s.request("GET", "/api/v1/me", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
}
on_both_backends!(
    sign_in_out_and_csrf_sqlite,
    sign_in_out_and_csrf_postgres,
    sign_in_out_and_csrf
);

async fn two_factor(s: &Server) {
    let mut admin = s.admin().await;
    let (status, enrolment) = s.call(&mut admin, "POST", "/api/v1/me/totp", None).await;
    assert_eq!(status, StatusCode::OK, "{enrolment}");
    assert!(enrolment["qr_svg"].as_str().unwrap().starts_with("<?xml"));
    assert!(
        enrolment["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Plenum")
    );
    let secret = enrolment["secret"].as_str().unwrap();
    // The database holds the secret sealed, never in clear.
    let stored = s
        .running
        .store()
        .user_by_email("admin@example.org")
        .await
        .unwrap()
        .unwrap()
        .totp_secret
        .unwrap();
    assert!(
        stored.starts_with("v1:") && !stored.contains(secret),
        "{stored}"
    );
    let (status, _) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/me/totp/confirm",
            Some(json!({"code": "000000"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let code = plenum_server::controller::totp::code_at("admin@example.org", secret, 0).unwrap();
    let (status, codes) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/me/totp/confirm",
            Some(json!({"code": code})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{codes}");
    let recovery = codes["codes"][0].as_str().unwrap().to_owned();
    assert_eq!(codes["codes"].as_array().unwrap().len(), 10);

    let login = |code: Option<&str>| json!({"email": "admin@example.org", "password": "admin password 1", "totp_code": code});
    let mut c = Client::browser();
    let (status, body) = s
        .call(
            &mut c,
            "POST",
            "/api/v1/auth/login",
            Some(json!({"email": "admin@example.org", "password": "admin password 1"})),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("totp_required"))
    );
    assert!(c.cookie.is_none(), "no session before the second factor");
    let (status, _) = s
        .call(
            &mut c,
            "POST",
            "/api/v1/auth/login",
            Some(login(Some("123456"))),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The confirming code is used up; the next step's code works (one step of skew), once.
    let (status, _) = s
        .call(
            &mut c,
            "POST",
            "/api/v1/auth/login",
            Some(login(Some(&code))),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a code works once");
    let next = plenum_server::controller::totp::code_at("admin@example.org", secret, 30).unwrap();
    let (status, _) = s
        .call(
            &mut c,
            "POST",
            "/api/v1/auth/login",
            Some(login(Some(&next))),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut replay = Client::browser();
    let (status, _) = s
        .call(
            &mut replay,
            "POST",
            "/api/v1/auth/login",
            Some(login(Some(&next))),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a replayed code is refused"
    );
    let mut r = Client::browser();
    let (status, _) = s
        .call(
            &mut r,
            "POST",
            "/api/v1/auth/login",
            Some(login(Some(&recovery))),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "a recovery code works once");
    let mut r2 = Client::browser();
    let (status, _) = s
        .call(
            &mut r2,
            "POST",
            "/api/v1/auth/login",
            Some(login(Some(&recovery))),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "and only once");
}
on_both_backends!(two_factor_sqlite, two_factor_postgres, two_factor);

async fn api_tokens_are_scoped_and_revocable(s: &Server) {
    let mut admin = s.admin().await;
    let (status, created) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/me/tokens",
            Some(json!({"name": "reporting", "scopes": ["read"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let secret = created["token"].as_str().unwrap().to_owned();
    let id = created["info"]["id"].as_str().unwrap().to_owned();
    let (_, list) = s.call(&mut admin, "GET", "/api/v1/me/tokens", None).await;
    assert!(
        list.to_string().find(&secret).is_none(),
        "the secret is shown once only"
    );
    let mut bot = Client::bearer(&secret);
    let (status, me) = s.call(&mut bot, "GET", "/api/v1/me", None).await;
    assert_eq!(
        (status, me["email"].as_str()),
        (StatusCode::OK, Some("admin@example.org"))
    );
    let meeting = json!({"title": "Board", "schedule": {"kind": "unscheduled"}});
    let (status, _) = s
        .call(&mut bot, "POST", "/api/v1/meetings", Some(meeting.clone()))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "read scope cannot write");
    let (status, _) = s
        .call(
            &mut admin,
            "DELETE",
            &format!("/api/v1/me/tokens/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s.call(&mut bot, "GET", "/api/v1/me", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "revoked");

    let (_, created) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/me/tokens",
            Some(json!({"name": "sync", "scopes": ["write"]})),
        )
        .await;
    let mut writer = Client::bearer(created["token"].as_str().unwrap());
    let (status, _) = s
        .call(&mut writer, "POST", "/api/v1/meetings", Some(meeting))
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "write scope writes, without a CSRF header"
    );
    let (status, body) = s
        .call(
            &mut writer,
            "POST",
            "/api/v1/me/tokens",
            Some(json!({"name": "x", "scopes": ["read"]})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let mut forged = Client::bearer("plenum_forged");
    assert_eq!(
        s.call(&mut forged, "GET", "/api/v1/me", None).await.0,
        StatusCode::UNAUTHORIZED
    );

    // Tokens expire after 90 days unless told otherwise.
    assert!(created["info"]["expires_at"].is_string());
    // An administrator's write token cannot administer; a token with the admin scope can.
    let new_admin = json!({"email": "second@example.org", "display_name": "Second", "password": "second password", "role": "admin"});
    let (status, _) = s
        .call(
            &mut writer,
            "POST",
            "/api/v1/admin/users",
            Some(new_admin.clone()),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "write scope is not admin scope"
    );
    let (status, created) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/me/tokens",
            Some(json!({"name": "ops", "scopes": ["admin"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let mut operator = Client::bearer(created["token"].as_str().unwrap());
    let (status, _) = s
        .call(
            &mut operator,
            "POST",
            "/api/v1/admin/users",
            Some(new_admin),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Someone who is not an administrator cannot get such a token.
    let (mut user, _) = s.user(&mut admin, "plain@example.org", "Plain").await;
    let (status, body) = s
        .call(
            &mut user,
            "POST",
            "/api/v1/me/tokens",
            Some(json!({"name": "x", "scopes": ["admin"]})),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::FORBIDDEN, Some("scopes"))
    );
    // A password change revokes every token.
    let (status, _) = s
        .call(
            &mut admin,
            "POST",
            "/api/v1/me/password",
            Some(json!({"current_password": "admin password 1", "new_password": "a new admin password"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for client in [&mut writer, &mut operator] {
        assert_eq!(
            s.call(client, "GET", "/api/v1/me", None).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        s.call(&mut admin, "GET", "/api/v1/me", None).await.0,
        StatusCode::OK,
        "this session stays"
    );
}
on_both_backends!(
    api_tokens_sqlite,
    api_tokens_postgres,
    api_tokens_are_scoped_and_revocable
);

async fn administration(s: &Server) {
    let mut admin = s.admin().await;
    let (mut bob, bob_id) = s.user(&mut admin, "bob@example.org", "Bob").await;
    let (status, _) = s.call(&mut bob, "GET", "/api/v1/admin/users", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, page) = s
        .call(&mut admin, "GET", "/api/v1/admin/users?limit=1", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, page2) = s
        .call(
            &mut admin,
            "GET",
            &format!("/api/v1/admin/users?limit=1&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(page2["items"][0]["email"], "bob@example.org");
    let (status, body) = s.call(&mut admin, "POST", "/api/v1/admin/users", Some(json!({"email": "BOB@example.org", "display_name": "Bob 2", "password": "user password 1", "role": "user"}))).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("email"))
    );
    let (status, body) = s
        .call(
            &mut admin,
            "PATCH",
            &format!("/api/v1/admin/users/{bob_id}"),
            Some(json!({"disabled": true})),
        )
        .await;
    assert_eq!(
        (status, body["disabled"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    assert_eq!(
        s.call(&mut bob, "GET", "/api/v1/me", None).await.0,
        StatusCode::UNAUTHORIZED,
        "disabled: signed out"
    );
    let (status, _) = s
        .call(
            &mut admin,
            "DELETE",
            &format!("/api/v1/admin/users/{bob_id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s
        .call(
            &mut admin,
            "PATCH",
            "/api/v1/admin/users/nobody",
            Some(json!({"disabled": true})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
on_both_backends!(
    administration_sqlite,
    administration_postgres,
    administration
);

async fn password_reset_by_mail(s: &Server) {
    let mut admin = s.admin().await;
    let (_bob, _) = s.user(&mut admin, "bob@example.org", "Bob").await;
    let (status, _) = s
        .request(
            "POST",
            "/api/v1/auth/password-reset",
            Some(json!({"email": "bob@example.org"})),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, _) = s
        .request(
            "POST",
            "/api/v1/auth/password-reset",
            Some(json!({"email": "nobody@example.org"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::ACCEPTED,
        "no hint whether an account exists"
    );
    let mails = s.running.store().mails_to("bob@example.org").await.unwrap();
    assert_eq!(mails.len(), 1);
    let token = mails[0]
        .body
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let confirm = |password: &str, token: &str| json!({"token": token, "password": password});
    let (status, _) = s
        .request(
            "POST",
            "/api/v1/auth/password-reset/confirm",
            Some(confirm("short", &token)),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = s
        .request(
            "POST",
            "/api/v1/auth/password-reset/confirm",
            Some(confirm("a brand new password", &token)),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s
        .request(
            "POST",
            "/api/v1/auth/password-reset/confirm",
            Some(confirm("another new password", &token)),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "links work once");
    let mut c = Client::browser();
    let (status, _) = s
        .call(
            &mut c,
            "POST",
            "/api/v1/auth/login",
            Some(json!({"email": "bob@example.org", "password": "a brand new password"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}
on_both_backends!(
    password_reset_sqlite,
    password_reset_postgres,
    password_reset_by_mail
);

#[tokio::test]
async fn login_attempts_are_rate_limited() {
    let s = common::server().await;
    let _ = s.admin().await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let mut c = Client::browser();
        statuses.push(
            s.call(
                &mut c,
                "POST",
                "/api/v1/auth/login",
                Some(json!({"email": "admin@example.org", "password": "wrong password"})),
            )
            .await
            .0,
        );
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    s.running.stop().await;
}
