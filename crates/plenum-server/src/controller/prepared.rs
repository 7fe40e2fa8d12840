//! What is prepared with a meeting and started in it with one click: polls, breakout-room
//! set-ups and votes. The owner writes them on the meeting's page (`/api/v1/meetings/{id}/<kind>`), the
//! owner and invited moderators read them, and in the meeting a moderator's client fetches them
//! by room (`/api/v1/rooms/{id}/<kind>`). Each kind ([`Preparable`]) is checked by the same
//! rules the room applies when it starts. Not here: running polls or breakout rooms (the room
//! does that).

use super::Controller;
use super::auth::Caller;
use super::meetings::{owned, visible};
use crate::error::ApiError;
use crate::secret::random_id;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use plenum_protocol::api::{PreparedBreakout, PreparedPoll, PreparedVote};
use plenum_protocol::breakout::BreakoutSetup;
use plenum_protocol::polls::PollDefinition;
use plenum_protocol::votes::VoteDefinition;
use plenum_store::{PreparedRecord, VisibleMeeting};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// A kind of thing prepared with a meeting.
pub(super) trait Preparable: DeserializeOwned + Serialize + Sized {
    /// The stored kind.
    const KIND: &'static str;
    /// How many a meeting may have.
    const LIMIT: i64;
    /// What it is called in errors.
    const WHAT: &'static str;
    /// How the API shows one with its id.
    type View: Serialize;
    /// The definition as kept, or a field error.
    fn checked(self) -> Result<Self, ApiError>;
    /// The API's view.
    fn view(id: String, definition: Self) -> Self::View;
}

impl Preparable for PollDefinition {
    const KIND: &'static str = "poll";
    const LIMIT: i64 = 50;
    const WHAT: &'static str = "prepared poll";
    type View = PreparedPoll;

    fn checked(self) -> Result<Self, ApiError> {
        plenum_core::checked_definition(self).map_err(|e| ApiError::field(e.field, e.message))
    }

    fn view(id: String, definition: Self) -> PreparedPoll {
        PreparedPoll { id, definition }
    }
}

impl Preparable for BreakoutSetup {
    const KIND: &'static str = "breakout";
    const LIMIT: i64 = 50;
    const WHAT: &'static str = "breakout set-up";
    type View = PreparedBreakout;

    fn checked(self) -> Result<Self, ApiError> {
        plenum_core::checked_setup(self).map_err(|e| ApiError::field(e.field, e.message))
    }

    fn view(id: String, setup: Self) -> PreparedBreakout {
        PreparedBreakout { id, setup }
    }
}

impl Preparable for VoteDefinition {
    const KIND: &'static str = "vote";
    const LIMIT: i64 = 50;
    const WHAT: &'static str = "prepared vote";
    type View = PreparedVote;

    fn checked(self) -> Result<Self, ApiError> {
        plenum_core::checked_vote_definition(self).map_err(|e| ApiError::field(e.field, e.message))
    }

    fn view(id: String, definition: Self) -> PreparedVote {
        PreparedVote { id, definition }
    }
}

fn view<P: Preparable>(r: &PreparedRecord) -> Result<P::View, ApiError> {
    let definition = serde_json::from_str(&r.definition)
        .map_err(|e| ApiError::Internal(format!("stored {}: {e}", P::WHAT)))?;
    Ok(P::view(r.id.clone(), definition))
}

/// The definition as stored, or a field error.
fn checked<P: Preparable>(body: Result<Json<P>, JsonRejection>) -> Result<String, ApiError> {
    let Json(raw) = body?;
    let definition = raw.checked()?;
    Ok(serde_json::to_string(&definition).expect("a definition serialises infallibly"))
}

/// The owner and invited moderators read what is prepared with a meeting.
fn may_read(v: &VisibleMeeting, viewer: &str) -> bool {
    v.meeting.owner_id == viewer || v.invitation_role.as_deref() == Some("moderator")
}

fn refused() -> ApiError {
    ApiError::forbidden("only the meeting's owner and moderators see what is prepared for it")
}

async fn of_meeting<P: Preparable>(
    c: &Controller,
    meeting: &str,
) -> Result<Vec<P::View>, ApiError> {
    c.store
        .prepared(meeting, P::KIND)
        .await?
        .iter()
        .map(view::<P>)
        .collect()
}

pub(super) async fn list<P: Preparable>(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<P::View>>, ApiError> {
    let v = visible(&c, &caller.user.id, &id).await?;
    if !may_read(&v, &caller.user.id) {
        return Err(refused());
    }
    Ok(Json(of_meeting::<P>(&c, &id).await?))
}

pub(super) async fn create<P: Preparable>(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<P>, JsonRejection>,
) -> Result<(StatusCode, Json<P::View>), ApiError> {
    owned(&c, &caller.user.id, &id).await?;
    let record = PreparedRecord {
        id: random_id(16),
        meeting_id: id,
        kind: P::KIND.to_owned(),
        definition: checked(body)?,
        created_at: crate::unix_millis() as i64,
    };
    if !c.store.add_prepared(&record, P::LIMIT).await? {
        return Err(ApiError::Conflict(format!(
            "a meeting has at most {} {}s",
            P::LIMIT,
            P::WHAT
        )));
    }
    Ok((StatusCode::CREATED, Json(view::<P>(&record)?)))
}

pub(super) async fn update<P: Preparable>(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path((id, item)): Path<(String, String)>,
    body: Result<Json<P>, JsonRejection>,
) -> Result<Json<P::View>, ApiError> {
    owned(&c, &caller.user.id, &id).await?;
    let definition = checked(body)?;
    if !c
        .store
        .update_prepared(&id, P::KIND, &item, &definition)
        .await?
    {
        return Err(ApiError::NotFound(P::WHAT));
    }
    Ok(Json(view::<P>(&PreparedRecord {
        id: item,
        meeting_id: id,
        kind: P::KIND.to_owned(),
        definition,
        created_at: 0,
    })?))
}

pub(super) async fn delete<P: Preparable>(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path((id, item)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    owned(&c, &caller.user.id, &id).await?;
    if c.store.delete_prepared(&id, P::KIND, &item).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(P::WHAT))
    }
}

/// By room, for the meeting's client: what is prepared for the room's meeting ([] for an
/// ad-hoc room), for its owner and invited moderators.
pub(super) async fn of_room<P: Preparable>(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(room): Path<String>,
) -> Result<Json<Vec<P::View>>, ApiError> {
    let Some(meeting) = c.store.meeting_by_room(&room).await? else {
        return Ok(Json(Vec::new()));
    };
    let v = c
        .store
        .visible_meeting(&caller.user.id, &meeting.id)
        .await?;
    if !v.is_some_and(|v| may_read(&v, &caller.user.id)) {
        return Err(refused());
    }
    Ok(Json(of_meeting::<P>(&c, &meeting.id).await?))
}
