//! Who is calling: the session cookie (with the CSRF header on changes), a personal API token,
//! or the identity provider's access token. Also sign-in, sign-out, first-run setup and password
//! reset.

use super::Controller;
use super::password;
use super::secret_hash::hash_secret;
use crate::audit::AuditEvent;
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::secret::random_token;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, OptionalFromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::IntoResponse;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use plenum_protocol::api::{
    AuthConfig, AuthSource, LoginRequest, Me, OidcInfo, PasswordResetConfirm, PasswordResetRequest,
    SetupRequest, TokenScope, UserRole,
};
use plenum_store::UserRecord;
use std::sync::Arc;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "plenum_session";
/// Header that cookie-authenticated changes must carry.
pub const CSRF_HEADER: &str = "x-plenum-csrf";
/// How long a session lasts at most.
pub const SESSION_DAYS: i64 = 30;
/// A session unused for this long ends before its expiry (ASVS V7.3.1).
pub const SESSION_IDLE_MS: i64 = 7 * 86_400_000;
/// Prefix of personal API tokens.
pub const TOKEN_PREFIX: &str = "plenum_";
/// How long a password-reset link works.
const RESET_MINUTES: i64 = 60;

/// How the caller authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthVia {
    /// Browser session; carries the hash of the session secret.
    Session(String),
    /// Personal API token with these scopes.
    Token(Vec<TokenScope>),
    /// The identity provider's access token.
    Oidc,
}

/// An authenticated caller.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The account.
    pub user: UserRecord,
    /// How.
    pub via: AuthVia,
}

impl Caller {
    /// Whether the caller acts as an administrator: an administrator's session, or a token
    /// with the `admin` scope (a plain `write` token of an administrator is not enough).
    pub fn is_admin(&self) -> bool {
        self.user.role == "admin"
            && match &self.via {
                AuthVia::Token(scopes) => scopes.contains(&TokenScope::Admin),
                AuthVia::Session(_) | AuthVia::Oidc => true,
            }
    }

    /// Refuses non-administrators.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ApiError::forbidden("administrators only"))
        }
    }
}

fn now_ms() -> i64 {
    crate::unix_millis() as i64
}

async fn authenticate(parts: &Parts, c: &Controller) -> Result<Option<Caller>, ApiError> {
    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if let Some(auth) = parts.headers.get(header::AUTHORIZATION) {
        let value = auth
            .to_str()
            .map_err(|_| ApiError::unauthorized("malformed Authorization header"))?;
        let token = value
            .strip_prefix("Bearer ")
            .ok_or(ApiError::unauthorized("use Authorization: Bearer <token>"))?
            .trim();
        if token.starts_with(TOKEN_PREFIX) {
            let Some((record, user)) = c.store.token_user(&hash_secret(token), now_ms()).await?
            else {
                return Err(ApiError::unauthorized("unknown, revoked or expired token"));
            };
            let scopes: Vec<TokenScope> = record
                .scopes
                .split(',')
                .filter_map(|s| {
                    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
                })
                .collect();
            let allowed = if unsafe_method {
                scopes.contains(&TokenScope::Write) || scopes.contains(&TokenScope::Admin)
            } else {
                !scopes.is_empty()
            };
            if !allowed {
                return Err(ApiError::forbidden(
                    "the token lacks the scope for this request",
                ));
            }
            return Ok(Some(Caller {
                user,
                via: AuthVia::Token(scopes),
            }));
        }
        return match &c.oidc {
            Some(oidc) => {
                let user = oidc.bearer_user(&c.store, token).await?;
                Ok(Some(Caller {
                    user,
                    via: AuthVia::Oidc,
                }))
            }
            None => Err(ApiError::unauthorized("unknown token")),
        };
    }
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = hash_secret(cookie.value());
    let Some(user) = c
        .store
        .session_user(&hash, now_ms(), SESSION_IDLE_MS)
        .await?
    else {
        return Ok(None);
    };
    if unsafe_method && parts.headers.get(CSRF_HEADER).is_none_or(|v| v != "1") {
        return Err(ApiError::forbidden("missing X-Plenum-CSRF header"));
    }
    Ok(Some(Caller {
        user,
        via: AuthVia::Session(hash),
    }))
}

impl FromRequestParts<Arc<Controller>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        c: &Arc<Controller>,
    ) -> Result<Self, Self::Rejection> {
        authenticate(parts, c)
            .await?
            .ok_or(ApiError::unauthorized("sign in first"))
    }
}

impl OptionalFromRequestParts<Arc<Controller>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        c: &Arc<Controller>,
    ) -> Result<Option<Self>, Self::Rejection> {
        authenticate(parts, c).await
    }
}

/// The wire form of the signed-in user.
pub async fn me_of(c: &Controller, user: &UserRecord) -> Result<Me, ApiError> {
    Ok(Me {
        id: user.id.clone(),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: if user.role == "admin" {
            UserRole::Admin
        } else {
            UserRole::User
        },
        language: user.language.clone(),
        totp_enabled: user.totp_enabled,
        picture_url: user.picture_url.clone(),
        groups: c.store.groups(&user.id).await?,
        auth_source: if user.password_hash.is_none() && user.oidc_subject.is_some() {
            AuthSource::Oidc
        } else {
            AuthSource::Local
        },
    })
}

/// Normalises an e-mail address (trimmed, lowercase) and checks its shape.
pub fn email(raw: &str, field: &'static str) -> Result<String, ApiError> {
    let e = raw.trim().to_lowercase();
    let valid = e.len() <= 254
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !e.chars().any(|ch| ch.is_whitespace() || ch.is_control());
    if valid {
        Ok(e)
    } else {
        Err(ApiError::field(field, "not an e-mail address"))
    }
}

/// Starts a session for `user` and returns the cookie jar that carries it.
pub async fn start_session(
    c: &Controller,
    jar: CookieJar,
    user: &UserRecord,
) -> Result<CookieJar, ApiError> {
    let secret = random_token();
    let now = now_ms();
    c.store
        .create_session(
            &hash_secret(&secret),
            &user.id,
            now,
            now + SESSION_DAYS * 86_400_000,
        )
        .await?;
    let cookie = Cookie::build((SESSION_COOKIE, secret))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(c.settings.secure_cookies)
        .max_age(cookie::time::Duration::days(SESSION_DAYS))
        .build();
    Ok(jar.add(cookie))
}

pub(super) async fn config(
    State(c): State<Arc<Controller>>,
    client: ClientAddr,
) -> Result<Json<AuthConfig>, ApiError> {
    // With single sign-on, the first people come through the provider (admins by group).
    let setup_required = c.oidc.is_none() && c.store.count_users().await? == 0;
    Ok(Json(AuthConfig {
        local_login: true,
        oidc: c.oidc.as_ref().map(|o| OidcInfo {
            display_name: o.display_name().to_owned(),
        }),
        setup_required,
        setup_code_required: setup_required && !client.is_loopback(),
        allow_anonymous_rooms: c.settings.allow_anonymous_rooms,
        german_address: c.settings.german_address,
    }))
}

pub(super) async fn setup(
    State(c): State<Arc<Controller>>,
    client: ClientAddr,
    jar: CookieJar,
    body: Result<Json<SetupRequest>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Json(req) = body?;
    if c.store.count_users().await? > 0 {
        return Err(ApiError::forbidden("setup is done; sign in"));
    }
    // From anywhere but the server itself, the code printed at start proves access to it.
    if !client.is_loopback() {
        c.throttle.login(&client, "setup").await?;
        let given = req.setup_code.as_deref().unwrap_or_default();
        if hash_secret(given) != hash_secret(&c.setup_code) {
            c.throttle.login_failed(&client, "setup").await;
            return Err(ApiError::Forbidden {
                message: "enter the setup code that `plenum serve` printed when it started",
                field: Some("setup_code"),
            });
        }
    }
    let user = super::users::local_user(
        &req.email,
        &req.display_name,
        &req.password,
        UserRole::Admin,
    )?;
    if !c.store.create_first_user(&user).await? {
        return Err(ApiError::forbidden("setup is done; sign in"));
    }
    c.audit(
        &client,
        AuditEvent::SetupCompleted {
            user: user.id.clone(),
        },
    );
    tracing::info!(user = %user.id, "first administrator created through the setup page");
    let jar = start_session(&c, jar, &user).await?;
    Ok((jar, Json(me_of(&c, &user).await?)))
}

pub(super) async fn login(
    State(c): State<Arc<Controller>>,
    client: ClientAddr,
    jar: CookieJar,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Json(req) = body?;
    let address = req.email.trim().to_lowercase();
    c.throttle.login(&client, &address).await?;
    let wrong = ApiError::Unauthorized {
        message: "wrong e-mail address or password",
        field: Some("password"),
    };
    let failed = async |e: ApiError, user: Option<&UserRecord>, reason: &'static str| {
        c.throttle.login_failed(&client, &address).await;
        c.audit(
            &client,
            AuditEvent::SignInFailed {
                user: user.map(|u| u.id.clone()),
                address_hash: user.is_none().then(|| crate::audit::pseudonym(&address)),
                reason,
            },
        );
        e
    };
    let Some(user) = c.store.user_by_email(&address).await? else {
        password::dummy_verify(&req.password);
        return Err(failed(wrong, None, "unknown_account").await);
    };
    let Some(stored) = user.password_hash.as_deref() else {
        password::dummy_verify(&req.password);
        return Err(failed(wrong, Some(&user), "no_password").await);
    };
    if !password::verify(&req.password, stored) {
        return Err(failed(wrong, Some(&user), "wrong_password").await);
    }
    if user.disabled {
        return Err(failed(wrong, Some(&user), "disabled").await);
    }
    let mut method = "password";
    if user.totp_enabled {
        let Some(code) = req.totp_code.as_deref() else {
            return Err(ApiError::TotpRequired);
        };
        if !super::totp::check_code_or_recovery(&c, &user, code).await? {
            let wrong_code = ApiError::Unauthorized {
                message: "wrong two-factor code",
                field: Some("totp_code"),
            };
            return Err(failed(wrong_code, Some(&user), "wrong_code").await);
        }
        method = "password_and_code";
    }
    c.throttle.login_succeeded(&client, &address).await;
    c.audit(
        &client,
        AuditEvent::SignedIn {
            user: user.id.clone(),
            method,
        },
    );
    let jar = start_session(&c, jar, &user).await?;
    Ok((jar, Json(me_of(&c, &user).await?)))
}

pub(super) async fn logout(
    State(c): State<Arc<Controller>>,
    caller: Option<Caller>,
    jar: CookieJar,
) -> Result<impl IntoResponse, ApiError> {
    if let Some(Caller {
        via: AuthVia::Session(hash),
        ..
    }) = caller
    {
        c.store.delete_session(&hash).await?;
    }
    Ok((
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        StatusCode::NO_CONTENT,
    ))
}

pub(super) async fn password_reset(
    State(c): State<Arc<Controller>>,
    client: ClientAddr,
    body: Result<Json<PasswordResetRequest>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(req) = body?;
    let address = email(&req.email, "email")?;
    c.throttle.reset(&client, &address).await?;
    // The same answer whether or not the account exists.
    if let Some(user) = c
        .store
        .user_by_email(&address)
        .await?
        .filter(|u| u.password_hash.is_some() && !u.disabled)
    {
        let token = random_token();
        c.store
            .create_password_reset(
                &hash_secret(&token),
                &user.id,
                now_ms() + RESET_MINUTES * 60_000,
            )
            .await?;
        let link = format!("{}/reset-password?token={token}", c.settings.public_url);
        c.mail(super::mail::password_reset(&user, &link)).await?;
    }
    Ok(StatusCode::ACCEPTED)
}

pub(super) async fn password_reset_confirm(
    State(c): State<Arc<Controller>>,
    client: ClientAddr,
    body: Result<Json<PasswordResetConfirm>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(req) = body?;
    let hash = password::hash(&req.password, "password", &[])?;
    let Some(user_id) = c
        .store
        .take_password_reset(&hash_secret(&req.token), now_ms())
        .await?
    else {
        return Err(ApiError::Forbidden {
            message: "the link is invalid or has expired",
            field: Some("token"),
        });
    };
    let mut user = c
        .store
        .user(&user_id)
        .await?
        .ok_or(ApiError::NotFound("user"))?;
    user.password_hash = Some(hash);
    c.store.update_user(&user).await?;
    c.store.delete_user_sessions(&user.id).await?;
    c.store.delete_user_tokens(&user.id).await?;
    c.audit(
        &client,
        AuditEvent::PasswordChanged {
            user: user.id.clone(),
            reset: true,
        },
    );
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    #[test]
    fn email_addresses_are_normalised_and_checked() {
        assert_eq!(
            super::email("  Ada@Example.ORG ", "email").unwrap(),
            "ada@example.org"
        );
        for bad in [
            "",
            "ada",
            "@example.org",
            "ada@example",
            "ada@.org",
            "a da@example.org",
        ] {
            assert!(super::email(bad, "email").is_err(), "{bad}");
        }
    }
}
