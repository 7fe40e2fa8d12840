//! `/api/v1/rooms`: creating ad-hoc rooms (with an owner's secret for the creating browser),
//! looking them up, and issuing join tickets: who someone is (subject), their roles, groups and
//! the room's policy, decided here and signed into the ticket.

use super::Controller;
use super::auth::Caller;
use super::secret_hash::hash_secret;
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::secret::{random_id, random_token};
use crate::ticket::{Admission, TICKET_TTL_SECS, TicketClaims};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use plenum_protocol::RoomId;
use plenum_protocol::api::{RoomCreated, RoomSummary, TicketGranted, TicketRequest};
use plenum_protocol::control::Role;
use plenum_protocol::moderation::RoomPolicy;
use plenum_store::{MeetingRecord, RoomRecord, RoomRepo, StoreError};
use std::sync::Arc;

/// Room ids carry 20 × log2(36) ≈ 103 random bits.
const ROOM_ID_LEN: usize = 20;
/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 64;

pub(super) async fn create(
    State(c): State<Arc<Controller>>,
    caller: Option<Caller>,
    client: ClientAddr,
) -> Result<(StatusCode, Json<RoomCreated>), ApiError> {
    if caller.is_none() && !c.settings.allow_anonymous_rooms {
        return Err(ApiError::forbidden("creating rooms requires an account"));
    }
    c.throttle.room(&client).await?;
    let owner_key = random_token();
    // A collision of 103-bit ids is practically impossible; retry anyway rather than fail.
    for _ in 0..3 {
        let id = RoomId::parse(&random_id(ROOM_ID_LEN)).expect("random ids use the id alphabet");
        let record = RoomRecord {
            id: id.clone(),
            created_at: crate::unix_millis() as i64,
            owner_key_hash: Some(hash_secret(&owner_key)),
            created_by: caller.as_ref().map(|c| c.user.id.clone()),
        };
        match c.store.create_room(&record).await {
            Ok(()) => {
                // The id is the room's key: it is never logged.
                tracing::info!("ad-hoc room created");
                return Ok((StatusCode::CREATED, Json(RoomCreated { id, owner_key })));
            }
            Err(StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::Conflict.into())
}

async fn find(c: &Controller, id: &str) -> Result<RoomRecord, ApiError> {
    let id = RoomId::parse(id).ok_or(ApiError::NotFound("room"))?;
    c.store.room(&id).await?.ok_or(ApiError::NotFound("room"))
}

pub(super) async fn get(
    State(c): State<Arc<Controller>>,
    Path(id): Path<String>,
) -> Result<Json<RoomSummary>, ApiError> {
    let room = find(&c, &id).await?;
    let meeting = c.store.meeting_by_room(room.id.as_str()).await?;
    let backgrounds = match &meeting {
        Some(m) => super::backgrounds::of_meeting(&c, &m.id).await?,
        None => Vec::new(),
    };
    Ok(Json(RoomSummary {
        id: room.id,
        title: meeting.as_ref().map(|m| m.title.clone()),
        password_required: meeting.as_ref().is_some_and(|m| m.password_hash.is_some()),
        guest_link_required: meeting.is_some(),
        simple_mode: meeting.as_ref().is_some_and(|m| m.simple_mode),
        backgrounds,
    }))
}

/// Trims and checks a display name.
pub fn validate_display_name(raw: &str) -> Result<String, ApiError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ApiError::field("display_name", "display name is empty"));
    }
    if name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        return Err(ApiError::field(
            "display_name",
            format!("display name is longer than {MAX_DISPLAY_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ApiError::field(
            "display_name",
            "display name contains control characters",
        ));
    }
    Ok(name.to_owned())
}

/// How often unused ad-hoc rooms are looked for.
const SWEEP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Deletes ad-hoc rooms nobody entered for `days` days, every hour until `shutdown`.
pub async fn expire_unused_rooms(
    store: plenum_store::Store,
    days: u32,
    shutdown: tokio_util::sync::CancellationToken,
) {
    loop {
        let before = crate::unix_millis() as i64 - i64::from(days) * 86_400_000;
        match store.delete_unused_rooms(before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rooms = n, "unused ad-hoc rooms deleted"),
            Err(e) => tracing::warn!(error = %e, "deleting unused rooms failed"),
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(SWEEP_INTERVAL) => {}
        }
    }
}

/// Checks a browser's guest key and returns its hash (the key itself is a secret).
fn guest_key_hash(key: &str) -> Result<String, ApiError> {
    let valid = (22..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return Err(ApiError::field(
            "guest_key",
            "22 to 128 characters of A-Z, a-z, 0-9, - and _",
        ));
    }
    Ok(hash_secret(key)[..32].to_owned())
}

/// How someone without an account is known: by their browser's guest key, or (without one)
/// as a stranger nobody will recognise again.
fn anonymous_subject(prefix: &str, guest_key: Option<&str>) -> Result<String, ApiError> {
    Ok(match guest_key {
        Some(key) => format!("{prefix}:{}", guest_key_hash(key)?),
        None => format!("{prefix}:{}", random_token()),
    })
}

/// Who may enter a meeting's room as what: owner, invited moderator or participant (by
/// account), or guest (by guest link, plus the password if the meeting has one). Returns the
/// subject and the roles.
async fn meeting_admission(
    c: &Controller,
    caller: Option<&Caller>,
    client: &ClientAddr,
    meeting: &MeetingRecord,
    request: &TicketRequest,
) -> Result<(String, Vec<Role>), ApiError> {
    if let Some(caller) = caller {
        let subject = format!("user:{}", caller.user.id);
        if meeting.owner_id == caller.user.id {
            return Ok((subject, vec![Role::Owner, Role::Participant]));
        }
        if let Some(v) = c
            .store
            .visible_meeting(&caller.user.id, &meeting.id)
            .await?
        {
            let mut roles = vec![Role::Participant];
            if v.invitation_role.as_deref() == Some("moderator") {
                roles.insert(0, Role::Moderator);
            }
            return Ok((subject, roles));
        }
    }
    let Some(token) = request.guest_token.as_deref() else {
        return Err(ApiError::Forbidden {
            message: "this meeting is for invited people; ask for a guest link",
            field: Some("guest_token"),
        });
    };
    let link = c
        .store
        .guest_link_by_token(&hash_secret(token))
        .await?
        .filter(|l| {
            l.meeting_id == meeting.id
                && l.expires_at.is_none_or(|e| e > crate::unix_millis() as i64)
        });
    let Some(link) = link else {
        return Err(ApiError::Forbidden {
            message: "this guest link is invalid or has expired",
            field: Some("guest_token"),
        });
    };
    if meeting.password_hash.is_some() {
        let account = format!("room:{}", meeting.room_id);
        c.throttle.login(client, &account).await?;
        let given = request.password.as_deref().unwrap_or_default();
        if !super::meetings::password_matches(meeting, given) {
            c.throttle.login_failed(client, &account).await;
            return Err(ApiError::Unauthorized {
                message: "the meeting password is wrong",
                field: Some("password"),
            });
        }
    }
    Ok(match caller {
        // Someone with an account who came by a guest link is known by their account.
        Some(caller) => (format!("user:{}", caller.user.id), vec![Role::Participant]),
        None => (
            anonymous_subject(&format!("guest:{}", link.id), request.guest_key.as_deref())?,
            vec![Role::Guest],
        ),
    })
}

pub(super) async fn ticket(
    State(c): State<Arc<Controller>>,
    caller: Option<Caller>,
    client: ClientAddr,
    Path(id): Path<String>,
    body: Result<Json<TicketRequest>, JsonRejection>,
) -> Result<Json<TicketGranted>, ApiError> {
    let Json(request) = body?;
    // Signed-in people are shown with their account's name; others choose one.
    let name = match &caller {
        Some(caller) => caller.user.display_name.clone(),
        None => validate_display_name(&request.display_name)?,
    };
    let room = find(&c, &id).await?;
    c.throttle.ticket(&client, room.id.as_str()).await?;
    let now_ms = crate::unix_millis();
    c.store.touch_room(&room.id, now_ms as i64).await?;
    let meeting = c.store.meeting_by_room(room.id.as_str()).await?;
    let owner = meeting
        .as_ref()
        .map(|m| m.owner_id.clone())
        .or_else(|| room.created_by.clone());
    let zone = meeting.as_ref().and_then(|m| m.zone.clone());
    let (subject, mut roles, policy, planned_end) = match meeting {
        Some(meeting) => {
            let (subject, roles) =
                meeting_admission(&c, caller.as_ref(), &client, &meeting, &request).await?;
            let policy = RoomPolicy {
                version: u64::try_from(meeting.updated_at).unwrap_or_default(),
                waiting_room: meeting.waiting_room,
                mute_on_entry: meeting.mute_on_entry,
                ..RoomPolicy::default()
            };
            let now = jiff::Timestamp::from_millisecond(now_ms as i64)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            let end = super::meetings::planned_end(&c, &meeting, now).await?;
            (subject, roles, policy, end)
        }
        None => {
            let (subject, roles) = match &caller {
                Some(caller) => (format!("user:{}", caller.user.id), vec![Role::Participant]),
                None => (
                    anonymous_subject("anon", request.guest_key.as_deref())?,
                    vec![Role::Guest],
                ),
            };
            (subject, roles, RoomPolicy::default(), None)
        }
    };
    let owner_key_matches = request
        .owner_key
        .as_deref()
        .zip(room.owner_key_hash.as_deref())
        .is_some_and(|(given, stored)| hash_secret(given) == stored);
    if owner_key_matches && !roles.contains(&Role::Owner) {
        roles.insert(0, Role::Owner);
    }
    let groups = match &caller {
        Some(caller) => c.store.groups(&caller.user.id).await?,
        None => Vec::new(),
    };
    let vote = !roles.contains(&Role::Guest);
    let claims = TicketClaims::new(
        Admission {
            room: room.id.clone(),
            subject,
            name,
            roles,
            groups,
            vote,
            policy,
            planned_end,
        },
        now_ms / 1000,
    );
    super::quota::check(&c, &room.id, owner.as_deref()).await?;
    let ws_url = c.placement.ws_url(&room.id, zone.as_deref()).await?;
    c.metrics.tickets_issued.inc();
    Ok(Json(TicketGranted {
        ticket: c.signer.sign(&claims),
        ws_url,
        participant_id: claims.pid,
        expires_in: TICKET_TTL_SECS as u32,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn display_names() {
        assert_eq!(
            validate_display_name("  Ada Lovelace ").unwrap(),
            "Ada Lovelace"
        );
        assert!(validate_display_name("   ").is_err());
        assert!(validate_display_name("a\nb").is_err());
        assert!(validate_display_name(&"ä".repeat(64)).is_ok());
        assert!(validate_display_name(&"ä".repeat(65)).is_err());
    }

    proptest! {
        #[test]
        fn accepted_names_are_trimmed_and_bounded(s in "\\PC{0,80}") {
            if let Ok(name) = validate_display_name(&s) {
                prop_assert!(!name.is_empty());
                prop_assert!(name.chars().count() <= MAX_DISPLAY_NAME_CHARS);
                prop_assert_eq!(name.trim(), name.as_str());
            }
        }
    }
}
