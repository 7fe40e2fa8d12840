//! Polls prepared with a meeting: the owner writes them on the meeting's page
//! (`/api/v1/meetings/{id}/polls`), the owner and invited moderators read them, and in the
//! meeting a moderator's client fetches them by room (`/api/v1/rooms/{id}/polls`) to start one
//! with one click. A definition is checked by the same rules the room applies when the poll
//! starts (`plenum_core::checked_definition`). Not here: running polls (the room does that).

use super::Controller;
use super::auth::Caller;
use super::meetings::{owned, visible};
use crate::error::ApiError;
use crate::secret::random_id;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use plenum_protocol::api::PreparedPoll;
use plenum_protocol::polls::PollDefinition;
use plenum_store::{PreparedPollRecord, VisibleMeeting};
use std::sync::Arc;

/// Prepared polls per meeting.
pub const MAX_PREPARED_POLLS: i64 = 50;

fn view(r: &PreparedPollRecord) -> Result<PreparedPoll, ApiError> {
    let definition = serde_json::from_str(&r.definition)
        .map_err(|e| ApiError::Internal(format!("stored poll definition: {e}")))?;
    Ok(PreparedPoll {
        id: r.id.clone(),
        definition,
    })
}

/// The definition as stored, or a field error.
fn checked(body: Result<Json<PollDefinition>, JsonRejection>) -> Result<String, ApiError> {
    let Json(raw) = body?;
    let definition =
        plenum_core::checked_definition(raw).map_err(|e| ApiError::field(e.field, e.message))?;
    Ok(serde_json::to_string(&definition).expect("a poll definition serialises infallibly"))
}

/// The owner and invited moderators read a meeting's prepared polls.
fn may_read(v: &VisibleMeeting, viewer: &str) -> bool {
    v.meeting.owner_id == viewer || v.invitation_role.as_deref() == Some("moderator")
}

async fn of_meeting(c: &Controller, meeting: &str) -> Result<Vec<PreparedPoll>, ApiError> {
    c.store
        .prepared_polls(meeting)
        .await?
        .iter()
        .map(view)
        .collect()
}

pub(super) async fn list(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<PreparedPoll>>, ApiError> {
    let v = visible(&c, &caller.user.id, &id).await?;
    if !may_read(&v, &caller.user.id) {
        return Err(ApiError::forbidden(
            "only the meeting's owner and moderators see its prepared polls",
        ));
    }
    Ok(Json(of_meeting(&c, &id).await?))
}

pub(super) async fn create(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<PollDefinition>, JsonRejection>,
) -> Result<(StatusCode, Json<PreparedPoll>), ApiError> {
    owned(&c, &caller.user.id, &id).await?;
    let record = PreparedPollRecord {
        id: random_id(16),
        meeting_id: id,
        definition: checked(body)?,
        created_at: crate::unix_millis() as i64,
    };
    if !c
        .store
        .add_prepared_poll(&record, MAX_PREPARED_POLLS)
        .await?
    {
        return Err(ApiError::Conflict(format!(
            "a meeting has at most {MAX_PREPARED_POLLS} prepared polls"
        )));
    }
    Ok((StatusCode::CREATED, Json(view(&record)?)))
}

pub(super) async fn update(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path((id, poll)): Path<(String, String)>,
    body: Result<Json<PollDefinition>, JsonRejection>,
) -> Result<Json<PreparedPoll>, ApiError> {
    owned(&c, &caller.user.id, &id).await?;
    let definition = checked(body)?;
    if !c
        .store
        .update_prepared_poll(&id, &poll, &definition)
        .await?
    {
        return Err(ApiError::NotFound("prepared poll"));
    }
    Ok(Json(view(&PreparedPollRecord {
        id: poll,
        meeting_id: id,
        definition,
        created_at: 0,
    })?))
}

pub(super) async fn delete(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path((id, poll)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    owned(&c, &caller.user.id, &id).await?;
    if c.store.delete_prepared_poll(&id, &poll).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("prepared poll"))
    }
}

/// By room, for the meeting's client: the prepared polls of the room's meeting ([] for an
/// ad-hoc room), for its owner and invited moderators.
pub(super) async fn of_room(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(room): Path<String>,
) -> Result<Json<Vec<PreparedPoll>>, ApiError> {
    let Some(meeting) = c.store.meeting_by_room(&room).await? else {
        return Ok(Json(Vec::new()));
    };
    let v = c
        .store
        .visible_meeting(&caller.user.id, &meeting.id)
        .await?;
    if !v.is_some_and(|v| may_read(&v, &caller.user.id)) {
        return Err(ApiError::forbidden(
            "only the meeting's owner and moderators see its prepared polls",
        ));
    }
    Ok(Json(of_meeting(&c, &meeting.id).await?))
}
