//! `/api/v1/rooms`: creating ad-hoc rooms, looking them up, and issuing join tickets.

use super::Controller;
use super::auth::Caller;
use super::secret_hash::hash_secret;
use super::throttle::ClientAddr;
use crate::error::ApiError;
use crate::secret::random_id;
use crate::ticket::{TICKET_TTL_SECS, TicketClaims};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use plenum_protocol::api::{RoomCreated, RoomSummary, TicketGranted, TicketRequest};
use plenum_protocol::control::Role;
use plenum_protocol::{ParticipantId, RoomId};
use plenum_store::{MeetingRecord, RoomRecord, RoomRepo, StoreError};
use std::sync::Arc;

/// Room ids carry 20 × log2(36) ≈ 103 random bits.
const ROOM_ID_LEN: usize = 20;
/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 64;

pub(super) async fn create(
    State(c): State<Arc<Controller>>,
    caller: Option<Caller>,
) -> Result<(StatusCode, Json<RoomCreated>), ApiError> {
    if caller.is_none() && !c.settings.allow_anonymous_rooms {
        return Err(ApiError::forbidden("creating rooms requires an account"));
    }
    // A collision of 103-bit ids is practically impossible; retry anyway rather than fail.
    for _ in 0..3 {
        let id = RoomId::parse(&random_id(ROOM_ID_LEN)).expect("random ids use the id alphabet");
        let record = RoomRecord {
            id: id.clone(),
            created_at: crate::unix_millis() as i64,
        };
        match c.store.create_room(&record).await {
            Ok(()) => {
                tracing::info!(room = %id, "ad-hoc room created");
                return Ok((StatusCode::CREATED, Json(RoomCreated { id })));
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
    Ok(Json(RoomSummary {
        id: room.id,
        title: meeting.as_ref().map(|m| m.title.clone()),
        password_required: meeting.is_some_and(|m| m.password_hash.is_some()),
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

/// The role a caller gets in a meeting's room, or why they may not enter.
async fn meeting_role(
    c: &Controller,
    caller: Option<&Caller>,
    client: &ClientAddr,
    meeting: &MeetingRecord,
    request: &TicketRequest,
) -> Result<Role, ApiError> {
    if let Some(caller) = caller {
        if meeting.owner_id == caller.user.id {
            return Ok(Role::Owner);
        }
        if let Some(v) = c
            .store
            .visible_meeting(&caller.user.id, &meeting.id)
            .await?
        {
            return Ok(if v.invitation_role.as_deref() == Some("moderator") {
                Role::Moderator
            } else {
                Role::Participant
            });
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
    if link.is_none() {
        return Err(ApiError::Forbidden {
            message: "this guest link is invalid or has expired",
            field: Some("guest_token"),
        });
    }
    if meeting.password_hash.is_some() {
        c.throttle
            .login(client, &format!("room:{}", meeting.room_id))?;
        let given = request.password.as_deref().unwrap_or_default();
        if !super::meetings::password_matches(meeting, given) {
            return Err(ApiError::Unauthorized {
                message: "the meeting password is wrong",
                field: Some("password"),
            });
        }
    }
    Ok(Role::Guest)
}

pub(super) async fn ticket(
    State(c): State<Arc<Controller>>,
    caller: Option<Caller>,
    client: ClientAddr,
    Path(id): Path<String>,
    body: Result<Json<TicketRequest>, JsonRejection>,
) -> Result<Json<TicketGranted>, ApiError> {
    let Json(request) = body?;
    let name = validate_display_name(&request.display_name)?;
    let room = find(&c, &id).await?;
    let role = match c.store.meeting_by_room(room.id.as_str()).await? {
        Some(meeting) => meeting_role(&c, caller.as_ref(), &client, &meeting, &request).await?,
        None => Role::Participant,
    };
    let participant =
        ParticipantId::parse(&random_id(ROOM_ID_LEN)).expect("random ids use the id alphabet");
    let now = crate::unix_millis() / 1000;
    let claims = TicketClaims::new(room.id.clone(), participant.clone(), name, role, now);
    Ok(Json(TicketGranted {
        ticket: c.signer.sign(&claims),
        ws_url: format!("/node/v1/rooms/{}/ws", room.id),
        participant_id: participant,
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
