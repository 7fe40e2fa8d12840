//! The identity provider's access tokens as API credentials: JWTs checked against the
//! provider's published keys (from discovery), for the right issuer and audience, with only
//! asymmetric algorithms, and still accepted from the cached keys while the provider is down.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use axum::Json;
use axum::http::StatusCode;
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::Client;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use plenum_server::config::OidcConfig;
use serde_json::{Value, json};

struct Provider {
    issuer: String,
    key: EncodingKey,
    stop: tokio::sync::oneshot::Sender<()>,
}

/// A minimal provider: discovery document and JWKS with one P-256 key, on a loopback port.
async fn provider() -> Provider {
    let pkcs8 =
        EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
            .unwrap();
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref()).unwrap();
    let point = pair.public_key().as_ref().to_vec(); // 0x04 || X || Y
    let jwk = json!({"kty": "EC", "crv": "P-256", "kid": "k1", "alg": "ES256", "use": "sig",
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..65])});
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let discovery = json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
    });
    let app = axum::Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(move || async move { Json(discovery) }),
        )
        .route(
            "/jwks",
            get(move || async move { Json(json!({"keys": [jwk]})) }),
        );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
    });
    Provider {
        issuer,
        key: EncodingKey::from_ec_der(pkcs8.as_ref()),
        stop,
    }
}

/// An RFC 9068 access token (header `typ: at+jwt`).
fn token(p: &Provider, claims: Value, kid: &str) -> String {
    signed(p, claims, kid, "at+jwt")
}

fn signed(p: &Provider, claims: Value, kid: &str, typ: &str) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid.into());
    header.typ = Some(typ.into());
    jsonwebtoken::encode(&header, &claims, &p.key).unwrap()
}

async fn me(s: &common::Server, token: &str) -> (StatusCode, Value) {
    let mut c = Client::bearer(token);
    s.call(&mut c, "GET", "/api/v1/me", None).await
}

fn now() -> u64 {
    plenum_server::unix_millis() / 1000
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_access_tokens_sign_in_to_the_api() {
    let p = provider().await;
    let issuer = p.issuer.clone();
    let s = common::server_with(|c| {
        c.oidc = Some(OidcConfig {
            issuer: issuer.clone(),
            client_id: "plenum".into(),
            client_secret: Some("secret".into()),
            display_name: "Test IdP".into(),
            scopes: vec!["email".into()],
            groups_claim: "groups".into(),
            admin_group: None,
            access_token_audience: None,
        })
    })
    .await;
    let (_, cfg) = s.request("GET", "/api/v1/auth/config", None).await;
    assert_eq!(cfg["oidc"]["display_name"], "Test IdP");
    // Alice signed in through the web once, which linked her identity.
    s.running
        .store()
        .create_user(&plenum_store::UserRecord {
            id: "alice".into(),
            email: "alice@example.org".into(),
            display_name: "Alice".into(),
            password_hash: None,
            role: "user".into(),
            language: None,
            totp_secret: None,
            totp_enabled: false,
            oidc_issuer: Some(issuer.clone()),
            oidc_subject: Some("sub-alice".into()),
            picture_url: None,
            disabled: false,
            created_at: 0,
        })
        .await
        .unwrap();
    let claims = |aud: &str, iss: &str, exp: u64| json!({"sub": "sub-alice", "aud": aud, "iss": iss, "exp": exp, "iat": now()});

    let good = token(&p, claims("plenum", &issuer, now() + 300), "k1");
    let (status, body) = me(&s, &good).await;
    assert_eq!(
        (status, body["email"].as_str(), body["auth_source"].as_str()),
        (StatusCode::OK, Some("alice@example.org"), Some("oidc"))
    );

    for (name, bad) in [
        (
            "expired",
            token(&p, claims("plenum", &issuer, now() - 120), "k1"),
        ),
        (
            "other audience",
            token(&p, claims("someone-else", &issuer, now() + 300), "k1"),
        ),
        (
            "other issuer",
            token(
                &p,
                claims("plenum", "http://127.0.0.1:1", now() + 300),
                "k1",
            ),
        ),
        (
            "unknown key",
            token(&p, claims("plenum", &issuer, now() + 300), "k2"),
        ),
        ("garbage", "not.a.jwt".to_owned()),
    ] {
        assert_eq!(me(&s, &bad).await.0, StatusCode::UNAUTHORIZED, "{name}");
    }
    // Algorithm confusion: HMAC "signed" with the public JWK's bytes.
    let hs = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims("plenum", &issuer, now() + 300),
        &EncodingKey::from_secret(b"k1"),
    )
    .unwrap();
    assert_eq!(
        me(&s, &hs).await.0,
        StatusCode::UNAUTHORIZED,
        "HS256 is never accepted"
    );
    // ID tokens are not API credentials, whatever their audience; access tokens without the
    // RFC 9068 header are recognised by their scopes or by Keycloak's `typ: Bearer`.
    let id_token = signed(
        &p,
        json!({"sub": "sub-alice", "aud": "plenum", "iss": issuer, "exp": now() + 300, "nonce": "n"}),
        "k1",
        "JWT",
    );
    assert_eq!(
        me(&s, &id_token).await.0,
        StatusCode::UNAUTHORIZED,
        "ID token"
    );
    let keycloak_id = signed(
        &p,
        json!({"sub": "sub-alice", "aud": "plenum", "iss": issuer, "exp": now() + 300, "typ": "ID"}),
        "k1",
        "JWT",
    );
    assert_eq!(
        me(&s, &keycloak_id).await.0,
        StatusCode::UNAUTHORIZED,
        "Keycloak ID token"
    );
    for claims in [
        json!({"sub": "sub-alice", "aud": "plenum", "iss": issuer, "exp": now() + 300, "typ": "Bearer"}),
        json!({"sub": "sub-alice", "aud": "plenum", "iss": issuer, "exp": now() + 300, "scope": "openid email"}),
    ] {
        assert_eq!(
            me(&s, &signed(&p, claims, "k1", "JWT")).await.0,
            StatusCode::OK
        );
    }
    // Someone the provider knows but who never signed in here.
    let stranger = token(
        &p,
        json!({"sub": "sub-bob", "aud": "plenum", "iss": issuer, "exp": now() + 300}),
        "k1",
    );
    assert_eq!(me(&s, &stranger).await.0, StatusCode::UNAUTHORIZED);

    // The provider goes down: cached keys keep Alice signed in.
    p.stop.send(()).unwrap();
    let (status, _) = me(&s, &good).await;
    assert_eq!(status, StatusCode::OK);
    s.finish().await;
}
