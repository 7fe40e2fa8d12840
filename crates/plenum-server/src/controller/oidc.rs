//! Sign-in through an OpenID provider (authorization code flow with PKCE, discovery, signed ID
//! tokens) and the provider's bearer access tokens (JWTs checked against its signing keys,
//! cached so that a short outage of the provider signs nobody out).
//!
//! The login state (PKCE verifier, nonce, CSRF state, return path) travels in an encrypted,
//! HttpOnly cookie, so any controller instance can finish a login that another one started.

use super::Controller;
use super::auth::start_session;
use crate::audit::AuditEvent;
use crate::client_addr::ClientAddr;
use crate::config::OidcConfig;
use crate::error::ApiError;
use crate::secret::random_id;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use axum_extra::extract::cookie::{Cookie, CookieJar, Key, PrivateCookieJar, SameSite};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use openidconnect::core::{CoreClient, CoreProviderMetadata, CoreResponseType};
use openidconnect::reqwest;
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use plenum_store::{Store, UserRecord};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

const STATE_COOKIE: &str = "plenum_oidc";
/// The JWKS is fetched again for an unknown key id at most this often.
const JWKS_REFRESH: Duration = Duration::from_secs(60);

/// The configured provider.
pub struct Oidc {
    config: OidcConfig,
    redirect: String,
    http: reqwest::Client,
    metadata: RwLock<Option<CoreProviderMetadata>>,
    keys: RwLock<Option<JwkSet>>,
    last_refresh: Mutex<Option<Instant>>,
    cookie_key: Key,
}

#[derive(Serialize, Deserialize)]
struct LoginState {
    csrf: String,
    nonce: String,
    verifier: String,
    return_to: String,
}

/// `?return_to=/path`.
#[derive(Debug, Deserialize)]
pub(super) struct LoginQuery {
    return_to: Option<String>,
}

/// `?code=…&state=…` (or `?error=…`).
#[derive(Debug, Deserialize)]
pub(super) struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("OpenID Connect: {e}"))
}

/// Only paths on this site, never another origin.
/// Where to go after signing in: a path on this site, parsed the way browsers parse it (tabs
/// and line breaks dropped, backslashes as slashes) and written out again, or `/`.
fn safe_return(path: Option<String>) -> String {
    let base = url::Url::parse("http://plenum.invalid/").expect("a constant, valid URL");
    path.filter(|p| p.starts_with('/'))
        .and_then(|p| base.join(&p).ok())
        .filter(|u| u.origin() == base.origin())
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        })
        .unwrap_or_else(|| "/".into())
}

impl Oidc {
    /// A provider client; `public_url` is this installation's address, `secret` keys the state
    /// cookie (at least 64 bytes).
    pub fn new(config: OidcConfig, public_url: &str, secret: &[u8]) -> Result<Oidc, ApiError> {
        let http = reqwest::ClientBuilder::new()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(internal)?;
        Ok(Oidc {
            redirect: format!("{public_url}/api/v1/auth/oidc/callback"),
            config,
            http,
            metadata: RwLock::new(None),
            keys: RwLock::new(None),
            last_refresh: Mutex::new(None),
            cookie_key: Key::from(secret),
        })
    }

    /// What the login button says.
    pub fn display_name(&self) -> &str {
        &self.config.display_name
    }

    /// Discovery, once it succeeded; retried on demand while the provider is unreachable.
    async fn metadata(&self) -> Result<CoreProviderMetadata, ApiError> {
        if let Some(m) = self.metadata.read().await.clone() {
            return Ok(m);
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone()).map_err(internal)?;
        let m = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| ApiError::Internal(format!("OpenID provider unreachable: {e}")))?;
        *self.metadata.write().await = Some(m.clone());
        Ok(m)
    }

    /// Discovers the provider again (keys included), at most once per [`JWKS_REFRESH`];
    /// `None` when it was done too recently or the provider is unreachable.
    async fn rediscover(&self) -> Option<CoreProviderMetadata> {
        {
            let mut last = self
                .last_refresh
                .lock()
                .expect("refresh lock is never poisoned");
            if last.is_some_and(|t| t.elapsed() < JWKS_REFRESH) {
                return None;
            }
            *last = Some(Instant::now());
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone()).ok()?;
        let fresh = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .ok()?;
        *self.metadata.write().await = Some(fresh.clone());
        *self.keys.write().await = None;
        Some(fresh)
    }

    /// The signing keys, fetched when absent or (rate-limited) when a key id is unknown.
    async fn keys(&self, kid: Option<&str>) -> Result<JwkSet, ApiError> {
        let cached = self.keys.read().await.clone();
        if let Some(set) = &cached
            && kid.is_none_or(|k| set.find(k).is_some())
        {
            return Ok(set.clone());
        }
        let may_refresh = {
            let mut last = self
                .last_refresh
                .lock()
                .expect("refresh lock is never poisoned");
            let ok = last.is_none_or(|t| t.elapsed() >= JWKS_REFRESH) || cached.is_none();
            if ok {
                *last = Some(Instant::now());
            }
            ok
        };
        if !may_refresh {
            return cached.ok_or_else(|| {
                ApiError::unauthorized("the identity provider's keys are unavailable")
            });
        }
        let uri = self.metadata().await?.jwks_uri().url().clone();
        match self
            .http
            .get(uri)
            .send()
            .await
            .and_then(|r| r.error_for_status())
        {
            Ok(response) => {
                let set: JwkSet = response.json().await.map_err(internal)?;
                *self.keys.write().await = Some(set.clone());
                Ok(set)
            }
            // Provider away: keep using what we have.
            Err(e) => cached
                .ok_or_else(|| ApiError::Internal(format!("fetching the provider's keys: {e}"))),
        }
    }

    /// The user a bearer access token (a JWT of the provider) belongs to.
    pub async fn bearer_user(&self, store: &Store, token: &str) -> Result<UserRecord, ApiError> {
        let invalid = || ApiError::unauthorized("invalid or expired access token");
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
        let alg = header.alg;
        if !matches!(
            alg,
            Algorithm::RS256
                | Algorithm::RS384
                | Algorithm::RS512
                | Algorithm::PS256
                | Algorithm::ES256
                | Algorithm::ES384
                | Algorithm::EdDSA
        ) {
            return Err(invalid());
        }
        let keys = self.keys(header.kid.as_deref()).await?;
        let jwk = match header.kid.as_deref() {
            Some(kid) => keys.find(kid),
            None => keys.keys.first(),
        }
        .ok_or_else(invalid)?;
        let key = DecodingKey::from_jwk(jwk).map_err(|_| invalid())?;
        let mut validation = Validation::new(alg);
        validation.set_issuer(&[
            self.config.issuer.trim_end_matches('/'),
            self.config.issuer.as_str(),
        ]);
        validation.set_audience(&[self
            .config
            .access_token_audience
            .as_deref()
            .unwrap_or(&self.config.client_id)]);
        validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        validation.leeway = 30;
        #[derive(Deserialize)]
        struct Claims {
            sub: String,
            /// Keycloak marks its tokens `Bearer` (access) or `ID`.
            typ: Option<String>,
            scope: Option<serde_json::Value>,
            scp: Option<serde_json::Value>,
        }
        let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
            .map_err(|_| invalid())?
            .claims;
        // Only access tokens, never ID tokens (whose audience is our client id as well): an
        // RFC 9068 access token says so in its header; otherwise it must carry its scopes or
        // be marked as a bearer token, and must not be marked as an ID token.
        let typed_access = header.typ.as_deref().is_some_and(|t| {
            t.eq_ignore_ascii_case("at+jwt") || t.eq_ignore_ascii_case("application/at+jwt")
        });
        let marked = claims.typ.as_deref();
        let access = typed_access
            || (marked != Some("ID")
                && (marked == Some("Bearer") || claims.scope.is_some() || claims.scp.is_some()));
        if !access {
            return Err(ApiError::unauthorized(
                "send an access token of the identity provider, not an ID token",
            ));
        }
        store
            .user_by_oidc(&self.config.issuer, &claims.sub)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(ApiError::unauthorized(
                "sign in through the web once before using the API",
            ))
    }
}

pub(super) async fn login(
    State(c): State<Arc<Controller>>,
    Query(q): Query<LoginQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let oidc = c
        .oidc
        .as_ref()
        .ok_or(ApiError::NotFound("OpenID provider"))?;
    let metadata = oidc.metadata().await?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(oidc.config.client_id.clone()),
        oidc.config.client_secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(oidc.redirect.clone()).map_err(internal)?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for scope in &oidc.config.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, csrf, nonce) = request.url();
    let state = LoginState {
        csrf: csrf.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
        return_to: safe_return(q.return_to),
    };
    let jar = PrivateCookieJar::new(oidc.cookie_key.clone()).add(
        Cookie::build((
            STATE_COOKIE,
            serde_json::to_string(&state).map_err(internal)?,
        ))
        .path("/api/v1/auth/oidc")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(c.settings.secure_cookies)
        .build(),
    );
    Ok((jar, Redirect::to(url.as_str())))
}

#[derive(Deserialize)]
struct ExtraClaims {
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}

/// Why a sign-in through the provider ended without a session; the browser is sent back to
/// `/login?sso_error=<code>`, where the sign-in page explains it.
#[derive(Debug)]
enum SsoError {
    /// The address belongs to an account here that is not linked yet.
    AccountExists,
    /// The signed-in account is linked to another identity.
    LinkedElsewhere,
    /// The account is disabled.
    Disabled,
    /// Anything else (the provider refused, took too long, sent nonsense).
    Failed(ApiError),
}

impl From<ApiError> for SsoError {
    fn from(e: ApiError) -> Self {
        SsoError::Failed(e)
    }
}

impl From<plenum_store::StoreError> for SsoError {
    fn from(e: plenum_store::StoreError) -> Self {
        SsoError::Failed(e.into())
    }
}

pub(super) async fn callback(
    state: State<Arc<Controller>>,
    client: ClientAddr,
    query: Query<CallbackQuery>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    let c = state.0.clone();
    match finish_sign_in(state, &client, query, headers).await {
        Ok(signed_in) => signed_in.into_response(),
        Err(e) => {
            let reason = match &e {
                SsoError::AccountExists => "sso_account_exists",
                SsoError::LinkedElsewhere => "sso_linked_elsewhere",
                SsoError::Disabled => "disabled",
                SsoError::Failed(_) => "sso_failed",
            };
            c.audit(
                &client,
                AuditEvent::SignInFailed {
                    user: None,
                    address_hash: None,
                    reason,
                },
            );
            let code = match &e {
                SsoError::AccountExists => "account_exists",
                SsoError::LinkedElsewhere => "linked_elsewhere",
                SsoError::Disabled => "disabled",
                SsoError::Failed(cause) => {
                    tracing::info!(error = %cause, "sign-in through the identity provider failed");
                    "failed"
                }
            };
            Redirect::to(&format!("/login?sso_error={code}")).into_response()
        }
    }
}

async fn finish_sign_in(
    State(c): State<Arc<Controller>>,
    from: &ClientAddr,
    Query(q): Query<CallbackQuery>,
    headers: axum::http::HeaderMap,
) -> Result<impl IntoResponse, SsoError> {
    let oidc = c
        .oidc
        .as_ref()
        .ok_or(ApiError::NotFound("OpenID provider"))?;
    if let Some(error) = q.error {
        tracing::info!(%error, "the identity provider refused the sign-in");
        return Err(SsoError::Failed(ApiError::unauthorized(
            "the identity provider refused the sign-in",
        )));
    }
    let private = PrivateCookieJar::from_headers(&headers, oidc.cookie_key.clone());
    let state: LoginState = private
        .get(STATE_COOKIE)
        .and_then(|c| serde_json::from_str(c.value()).ok())
        .ok_or(ApiError::unauthorized(
            "the sign-in took too long or was started elsewhere; try again",
        ))?;
    if q.state.as_deref() != Some(state.csrf.as_str()) {
        return Err(SsoError::Failed(ApiError::unauthorized(
            "the sign-in state does not match; try again",
        )));
    }
    let code = q
        .code
        .ok_or(ApiError::unauthorized("no authorization code"))?;
    let metadata = oidc.metadata().await?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(oidc.config.client_id.clone()),
        oidc.config.client_secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(oidc.redirect.clone()).map_err(internal)?);
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(internal)?
        .set_pkce_verifier(PkceCodeVerifier::new(state.verifier))
        .request_async(&oidc.http)
        .await
        .map_err(|e| ApiError::Internal(format!("token exchange: {e}")))?;
    let id_token = tokens.id_token().ok_or_else(|| internal("no ID token"))?;
    let nonce = Nonce::new(state.nonce);
    // After a key rotation at the provider the cached keys do not know the new key: discover
    // again (at most once a minute) and check once more.
    let rediscovered;
    let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
        Ok(claims) => claims,
        Err(first) => {
            let Some(fresh) = oidc.rediscover().await else {
                return Err(SsoError::Failed(ApiError::Internal(format!(
                    "ID token rejected: {first}"
                ))));
            };
            rediscovered = CoreClient::from_provider_metadata(
                fresh,
                ClientId::new(oidc.config.client_id.clone()),
                oidc.config.client_secret.clone().map(ClientSecret::new),
            );
            id_token
                .claims(&rediscovered.id_token_verifier(), &nonce)
                .map_err(|e| ApiError::Internal(format!("ID token rejected: {e}")))?
        }
    };
    // The token is verified; read non-standard claims (groups) from its payload.
    let raw = id_token.to_string();
    let extra: Option<ExtraClaims> = raw.split('.').nth(1).and_then(|p| {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(p)
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    });
    let mut profile: serde_json::Map<String, serde_json::Value> =
        extra.map(|e| e.rest).unwrap_or_default();
    // Providers that keep the profile out of the ID token answer at the userinfo endpoint.
    let wanted = ["email", "name", oidc.config.groups_claim.as_str()];
    if wanted.iter().any(|k| !profile.contains_key(*k))
        && let Some(endpoint) = oidc
            .metadata()
            .await?
            .userinfo_endpoint()
            .map(|u| u.url().clone())
    {
        use openidconnect::OAuth2TokenResponse;
        let response = oidc
            .http
            .get(endpoint)
            .bearer_auth(tokens.access_token().secret())
            .send()
            .await;
        if let Ok(Ok(info)) = response.map(|r| r.error_for_status())
            && let Ok(serde_json::Value::Object(fields)) = info.json::<serde_json::Value>().await
            && fields.get("sub").and_then(|v| v.as_str()) == Some(claims.subject().as_str())
        {
            for (k, v) in fields {
                profile.entry(k).or_insert(v);
            }
        }
    }
    let text = |key: &str| profile.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let groups: Vec<String> = profile
        .get(&oidc.config.groups_claim)
        .cloned()
        .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
        .unwrap_or_default();
    let subject = claims.subject().to_string();
    let email = claims
        .email()
        .map(|e| e.to_string())
        .or_else(|| text("email"))
        .map(|e| e.to_lowercase())
        .ok_or_else(|| ApiError::Forbidden {
            message: "the identity provider sent no e-mail address",
            field: None,
        })?;
    let email_verified = claims
        .email_verified()
        .or_else(|| profile.get("email_verified").and_then(|v| v.as_bool()));
    let name = claims
        .name()
        .and_then(|n| n.get(None))
        .map(|n| n.to_string())
        .or_else(|| text("name"))
        .unwrap_or_else(|| email.split('@').next().unwrap_or("user").to_owned());
    let picture = claims
        .picture()
        .and_then(|p| p.get(None))
        .map(|p| p.to_string())
        .or_else(|| text("picture"));
    let admin = oidc
        .config
        .admin_group
        .as_ref()
        .is_some_and(|g| groups.contains(g));

    // Whoever is signed in here already may link this provider identity to their account: they
    // proved its password (or another sign-in) before.
    let signed_in = match CookieJar::from_headers(&headers).get(super::auth::SESSION_COOKIE) {
        Some(cookie) => {
            c.store
                .session_user(
                    &super::secret_hash::hash_secret(cookie.value()),
                    crate::unix_millis() as i64,
                    super::auth::SESSION_IDLE_MS,
                )
                .await?
        }
        None => None,
    };
    let verified = email_verified == Some(true);
    let user = match c.store.user_by_oidc(&oidc.config.issuer, &subject).await? {
        Some(mut u) => {
            u.display_name = super::rooms::validate_display_name(&name).unwrap_or(u.display_name);
            // Only an address the provider vouches for, and not someone else's, replaces ours.
            if verified && u.email != email && c.store.user_by_email(&email).await?.is_none() {
                u.email = email.clone();
            }
            u.picture_url = picture;
            let demoted = oidc.config.admin_group.is_some() && u.role == "admin" && !admin;
            if oidc.config.admin_group.is_some() {
                u.role = if admin { "admin".into() } else { "user".into() };
            }
            c.store.update_user(&u).await?;
            if demoted {
                // Removed from the administrators' group: every session and token ends.
                c.store.delete_user_sessions(&u.id).await?;
                c.store.delete_user_tokens(&u.id).await?;
                c.audit(
                    from,
                    AuditEvent::AccountChanged {
                        user: u.id.clone(),
                        by: None,
                        change: "role_user",
                    },
                );
            }
            u
        }
        None => match signed_in {
            Some(mut u) if u.oidc_subject.is_none() => {
                u.oidc_issuer = Some(oidc.config.issuer.clone());
                u.oidc_subject = Some(subject.clone());
                c.store.update_user(&u).await?;
                c.audit(
                    from,
                    AuditEvent::AccountChanged {
                        user: u.id.clone(),
                        by: None,
                        change: "linked",
                    },
                );
                u
            }
            Some(_) => return Err(SsoError::LinkedElsewhere),
            None => {
                if verified && c.store.user_by_email(&email).await?.is_some() {
                    return Err(SsoError::AccountExists);
                }
                // An address the provider does not vouch for is never used: it could be anyone's.
                let address = if verified {
                    email
                } else {
                    let hash = super::secret_hash::hash_secret(&format!(
                        "{}\0{subject}",
                        oidc.config.issuer
                    ));
                    format!("{}@unverified.invalid", &hash[..24])
                };
                let u = UserRecord {
                    id: random_id(20),
                    email: address,
                    display_name: super::rooms::validate_display_name(&name)
                        .unwrap_or_else(|_| "User".into()),
                    password_hash: None,
                    role: if admin { "admin".into() } else { "user".into() },
                    language: None,
                    totp_secret: None,
                    totp_enabled: false,
                    oidc_issuer: Some(oidc.config.issuer.clone()),
                    oidc_subject: Some(subject),
                    picture_url: picture,
                    disabled: false,
                    created_at: crate::unix_millis() as i64,
                };
                c.store.create_user(&u).await?;
                u
            }
        },
    };
    if user.disabled {
        return Err(SsoError::Disabled);
    }
    c.audit(
        from,
        AuditEvent::SignedIn {
            user: user.id.clone(),
            method: "oidc",
        },
    );
    c.store.set_groups(&user.id, &groups).await?;
    let jar = start_session(&c, CookieJar::from_headers(&headers), &user).await?;
    let private = private.remove(Cookie::build(STATE_COOKIE).path("/api/v1/auth/oidc"));
    Ok((jar, private, Redirect::to(&state.return_to)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(super::safe_return(Some("/meetings".into())), "/meetings");
        assert_eq!(
            super::safe_return(Some("/meetings/m1?view=agenda".into())),
            "/meetings/m1?view=agenda"
        );
        assert_eq!(super::safe_return(Some("/a b".into())), "/a%20b");
        for evil in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "/\\/evil.example",
            "/\t/evil.example/",
            "/\n/evil.example",
            "\t//evil.example",
            "meetings",
        ] {
            assert_eq!(super::safe_return(Some(evil.into())), "/", "{evil}");
        }
        assert_eq!(super::safe_return(None), "/");
    }
}
