//! The address book (other users, favourite contacts) and user administration.

use super::Controller;
use super::auth::{Caller, email};
use super::password;
use crate::audit::AuditEvent;
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::secret::random_id;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use plenum_protocol::api::{
    AdminUser, AuthSource, CreateUser, Page, UpdateUser, UserRole, UserSummary,
};
use plenum_store::UserRecord;
use serde::Deserialize;
use std::sync::Arc;

/// Largest page.
pub const MAX_LIMIT: i64 = 100;

/// `?q=&cursor=&limit=`.
#[derive(Debug, Deserialize)]
pub(super) struct ListQuery {
    #[serde(default)]
    q: String,
    cursor: Option<String>,
    limit: Option<i64>,
}

/// An offset cursor: opaque to clients.
pub fn offset_cursor(cursor: Option<&str>) -> Result<i64, ApiError> {
    match cursor {
        None => Ok(0),
        Some(c) => c
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| ApiError::field("cursor", "invalid cursor")),
    }
}

/// Clamps the page size.
pub fn limit(requested: Option<i64>) -> i64 {
    requested.unwrap_or(50).clamp(1, MAX_LIMIT)
}

pub(super) fn summary(u: &UserRecord, favourite: bool) -> UserSummary {
    UserSummary {
        id: u.id.clone(),
        display_name: u.display_name.clone(),
        email: u.email.clone(),
        favourite,
    }
}

/// `ada@example.org` → `a…@example.org`.
fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None => "…".into(),
    }
}

pub(super) async fn search(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<UserSummary>>, ApiError> {
    let offset = offset_cursor(q.cursor.as_deref())?;
    let limit = limit(q.limit);
    let found = c
        .store
        .search_users(&caller.user.id, q.q.trim(), offset, limit + 1)
        .await?;
    let more = found.len() as i64 > limit;
    // Addresses are shown in full only for favourites and for the address searched for;
    // otherwise masked (enough to tell two people of the same name apart).
    let asked = q.q.trim().to_lowercase();
    let items = found
        .iter()
        .take(limit as usize)
        .map(|(u, f)| {
            let mut s = summary(u, *f);
            if !*f && u.email != asked {
                s.email = masked(&u.email);
            }
            s
        })
        .collect();
    Ok(Json(Page {
        items,
        next_cursor: more.then(|| (offset + limit).to_string()),
    }))
}

pub(super) async fn set_favourite(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    c.store.user(&id).await?.ok_or(ApiError::NotFound("user"))?;
    c.store
        .set_favourite_user(&caller.user.id, &id, true)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn unset_favourite(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    c.store
        .set_favourite_user(&caller.user.id, &id, false)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn admin_user(u: &UserRecord) -> AdminUser {
    AdminUser {
        id: u.id.clone(),
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        role: if u.role == "admin" {
            UserRole::Admin
        } else {
            UserRole::User
        },
        disabled: u.disabled,
        totp_enabled: u.totp_enabled,
        auth_source: if u.password_hash.is_none() && u.oidc_subject.is_some() {
            AuthSource::Oidc
        } else {
            AuthSource::Local
        },
        created_at: jiff::Timestamp::from_millisecond(u.created_at)
            .map(|t| t.to_string())
            .unwrap_or_default(),
    }
}

fn role_name(r: UserRole) -> &'static str {
    match r {
        UserRole::Admin => "admin",
        UserRole::User => "user",
    }
}

pub(super) async fn admin_list(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<AdminUser>>, ApiError> {
    caller.require_admin()?;
    let limit = limit(q.limit);
    let users = c.store.list_users(q.cursor.as_deref(), limit + 1).await?;
    let more = users.len() as i64 > limit;
    let page: Vec<&UserRecord> = users.iter().take(limit as usize).collect();
    let next_cursor = more.then(|| page.last().map(|u| u.email.clone())).flatten();
    Ok(Json(Page {
        items: page.into_iter().map(admin_user).collect(),
        next_cursor,
    }))
}

/// A new account that signs in with a password, its fields checked; not stored yet.
pub(super) fn local_user(
    email_address: &str,
    display_name: &str,
    password: &str,
    role: UserRole,
) -> Result<UserRecord, ApiError> {
    Ok(UserRecord {
        id: random_id(20),
        email: email(email_address, "email")?,
        display_name: super::rooms::validate_display_name(display_name)?,
        password_hash: Some(password::hash(
            password,
            "password",
            &[email_address, display_name],
        )?),
        role: role_name(role).into(),
        language: None,
        totp_secret: None,
        totp_enabled: false,
        oidc_issuer: None,
        oidc_subject: None,
        picture_url: None,
        disabled: false,
        created_at: crate::unix_millis() as i64,
    })
}

/// Creates a local account (administration and `plenum user create`).
pub async fn create_user(
    store: &plenum_store::Store,
    req: &CreateUser,
) -> Result<UserRecord, ApiError> {
    let user = local_user(&req.email, &req.display_name, &req.password, req.role)?;
    match store.create_user(&user).await {
        Err(plenum_store::StoreError::Conflict) => Err(ApiError::InvalidRequest {
            message: "an account with this e-mail address exists".into(),
            field: Some("email"),
        }),
        other => other.map_err(ApiError::from),
    }?;
    Ok(user)
}

pub(super) async fn admin_create(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    client: ClientAddr,
    body: Result<Json<CreateUser>, JsonRejection>,
) -> Result<(StatusCode, Json<AdminUser>), ApiError> {
    caller.require_admin()?;
    let Json(req) = body?;
    let user = create_user(&c.store, &req).await?;
    c.audit(
        &client,
        AuditEvent::AccountChanged {
            user: user.id.clone(),
            by: Some(caller.user.id.clone()),
            change: "created",
        },
    );
    Ok((StatusCode::CREATED, Json(admin_user(&user))))
}

pub(super) async fn admin_update(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    client: ClientAddr,
    Path(id): Path<String>,
    body: Result<Json<UpdateUser>, JsonRejection>,
) -> Result<Json<AdminUser>, ApiError> {
    caller.require_admin()?;
    let Json(req) = body?;
    let mut user = c.store.user(&id).await?.ok_or(ApiError::NotFound("user"))?;
    if let Some(name) = req.display_name {
        user.display_name = super::rooms::validate_display_name(&name)?;
    }
    if id == caller.user.id && (req.role == Some(UserRole::User) || req.disabled == Some(true)) {
        return Err(ApiError::forbidden("you cannot demote or disable yourself"));
    }
    let mut changes = Vec::new();
    if let Some(role) = req.role.filter(|r| role_name(*r) != user.role) {
        user.role = role_name(role).into();
        changes.push(match role {
            UserRole::Admin => "role_admin",
            UserRole::User => "role_user",
        });
        // A former administrator's sessions and tokens end with the role.
        if role == UserRole::User {
            c.store.delete_user_sessions(&user.id).await?;
            c.store.delete_user_tokens(&user.id).await?;
        }
    }
    if let Some(disabled) = req.disabled.filter(|d| *d != user.disabled) {
        user.disabled = disabled;
        changes.push(if disabled { "disabled" } else { "enabled" });
        if disabled {
            c.store.delete_user_sessions(&user.id).await?;
            c.placement.revoke_tickets(&format!("user:{}", user.id));
        }
    }
    c.store.update_user(&user).await?;
    for change in changes {
        c.audit(
            &client,
            AuditEvent::AccountChanged {
                user: user.id.clone(),
                by: Some(caller.user.id.clone()),
                change,
            },
        );
    }
    Ok(Json(admin_user(&user)))
}

pub(super) async fn admin_delete(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    client: ClientAddr,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.require_admin()?;
    if id == caller.user.id {
        return Err(ApiError::forbidden("you cannot delete yourself"));
    }
    if c.store.delete_user(&id).await? {
        c.placement.revoke_tickets(&format!("user:{id}"));
        c.audit(
            &client,
            AuditEvent::AccountChanged {
                user: id,
                by: Some(caller.user.id.clone()),
                change: "deleted",
            },
        );
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("user"))
    }
}
