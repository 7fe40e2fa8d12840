//! The signed-in user's own account: profile, language, password and API tokens.

use super::Controller;
use super::auth::{AuthVia, Caller, TOKEN_PREFIX, me_of};
use super::password;
use super::secret_hash::hash_secret;
use crate::audit::AuditEvent;
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::secret::{random_id, random_token};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use plenum_protocol::api::{
    ApiTokenInfo, ChangePassword, CreateToken, CreatedToken, Me, TokenScope, UpdateMe,
};
use plenum_store::ApiTokenRecord;
use std::sync::Arc;

/// Languages the interface speaks.
const LANGUAGES: [&str; 2] = ["de", "en"];

pub(super) async fn get(
    State(c): State<Arc<Controller>>,
    caller: Caller,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(me_of(&c, &caller.user).await?))
}

pub(super) async fn update(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    body: Result<Json<UpdateMe>, JsonRejection>,
) -> Result<Json<Me>, ApiError> {
    let Json(req) = body?;
    let mut user = caller.user;
    if let Some(name) = req.display_name {
        user.display_name = super::rooms::validate_display_name(&name)?;
    }
    if let Some(lang) = req.language {
        user.language = match lang.as_str() {
            "" => None,
            l if LANGUAGES.contains(&l) => Some(l.to_owned()),
            _ => return Err(ApiError::field("language", "choose de or en")),
        };
    }
    c.store.update_user(&user).await?;
    Ok(Json(me_of(&c, &user).await?))
}

pub(super) async fn change_password(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    client: ClientAddr,
    body: Result<Json<ChangePassword>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(req) = body?;
    let Some(stored) = caller.user.password_hash.as_deref() else {
        return Err(ApiError::forbidden(
            "this account signs in through its identity provider",
        ));
    };
    if !password::verify(&req.current_password, stored) {
        return Err(ApiError::Unauthorized {
            message: "the current password is wrong",
            field: Some("current_password"),
        });
    }
    let mut user = caller.user.clone();
    user.password_hash = Some(password::hash(
        &req.new_password,
        "new_password",
        &[&user.email, &user.display_name],
    )?);
    c.store.update_user(&user).await?;
    // Other sessions and every API token end; this session stays.
    c.store.delete_user_sessions(&user.id).await?;
    c.store.delete_user_tokens(&user.id).await?;
    c.audit(
        &client,
        AuditEvent::PasswordChanged {
            user: user.id.clone(),
            reset: false,
        },
    );
    if let AuthVia::Session(hash) = &caller.via {
        let now = crate::unix_millis() as i64;
        c.store
            .create_session(
                hash,
                &user.id,
                now,
                now + super::auth::SESSION_DAYS * 86_400_000,
            )
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn token_info(t: &ApiTokenRecord) -> ApiTokenInfo {
    ApiTokenInfo {
        id: t.id.clone(),
        name: t.name.clone(),
        scopes: t
            .scopes
            .split(',')
            .filter_map(|s| serde_json::from_value(serde_json::Value::String(s.to_owned())).ok())
            .collect(),
        created_at: rfc3339(t.created_at),
        last_used_at: t.last_used_at.map(rfc3339),
        expires_at: t.expires_at.map(rfc3339),
    }
}

pub(super) async fn tokens(
    State(c): State<Arc<Controller>>,
    caller: Caller,
) -> Result<Json<Vec<ApiTokenInfo>>, ApiError> {
    Ok(Json(
        c.store
            .tokens(&caller.user.id)
            .await?
            .iter()
            .map(token_info)
            .collect(),
    ))
}

/// Days until a token expires when its creator does not say.
pub const DEFAULT_TOKEN_DAYS: u32 = 90;

pub(super) async fn create_token(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    client: ClientAddr,
    body: Result<Json<CreateToken>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let Json(req) = body?;
    if matches!(caller.via, AuthVia::Token(_)) {
        return Err(ApiError::forbidden("tokens cannot create tokens"));
    }
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::field(
            "name",
            "give the token a name of at most 100 characters",
        ));
    }
    let mut scopes = req.scopes.clone();
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        return Err(ApiError::field("scopes", "choose at least one scope"));
    }
    if scopes.contains(&TokenScope::Admin) && !caller.is_admin() {
        return Err(ApiError::Forbidden {
            message: "only administrators can create tokens for administration",
            field: Some("scopes"),
        });
    }
    let days = req.expires_in_days.unwrap_or(DEFAULT_TOKEN_DAYS);
    if days == 0 || days > 3650 {
        return Err(ApiError::field(
            "expires_in_days",
            "between 1 and 3650 days",
        ));
    }
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let now = crate::unix_millis() as i64;
    let scope_names: Vec<&str> = scopes
        .iter()
        .map(|s| match s {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
            TokenScope::Admin => "admin",
        })
        .collect();
    let record = ApiTokenRecord {
        id: random_id(16),
        user_id: caller.user.id.clone(),
        name: name.to_owned(),
        token_hash: hash_secret(&secret),
        scopes: scope_names.join(","),
        created_at: now,
        last_used_at: None,
        expires_at: Some(now + i64::from(days) * 86_400_000),
    };
    c.store.create_token(&record).await?;
    c.audit(
        &client,
        AuditEvent::TokenCreated {
            user: record.user_id.clone(),
            token: record.id.clone(),
            scopes: scope_names.iter().map(|s| (*s).to_owned()).collect(),
        },
    );
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            token: secret,
            info: token_info(&record),
        }),
    ))
}

pub(super) async fn delete_token(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    client: ClientAddr,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if c.store.delete_token(&caller.user.id, &id).await? {
        c.audit(
            &client,
            AuditEvent::TokenRevoked {
                user: caller.user.id.clone(),
                token: id,
            },
        );
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("token"))
    }
}
