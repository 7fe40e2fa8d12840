//! Past votes (`/api/v1/votes`): owners and moderators of a meeting (and the account that
//! created an ad-hoc room) list its stored vote protocols, and download each as JSON (the
//! signed hash chain, checkable with `plenum vote verify`) or as a PDF report. Not here:
//! running votes (the room), preparing them (`prepared.rs`).

use super::Controller;
use super::auth::Caller;
use super::meetings::rfc3339_ms;
use super::reports::{ListQuery, VOTE_PROTOCOL, attachment};
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use plenum_core::vote_chain::{Recount, verify};
use plenum_protocol::RoomId;
use plenum_protocol::api::{Record, VoteSummary};
use plenum_protocol::votes::{ProtocolEvent, VoteProtocol, VoteState};
use plenum_store::VisibleRecord;
use std::sync::Arc;

/// Most protocols listed at once.
const MAX_LISTED: i64 = 200;

/// The protocol stored in `v`, checked.
fn protocol(v: &VisibleRecord) -> Result<(VoteProtocol, Recount), ApiError> {
    match serde_json::from_str::<Record>(&v.record.body) {
        Ok(Record::VoteProtocol(p)) => {
            // A stored protocol that no longer holds is reported, never served as valid.
            let recount =
                verify(&p).map_err(|e| ApiError::Internal(format!("stored vote protocol: {e}")))?;
            Ok((*p, recount))
        }
        Ok(Record::MeetingReport(_)) => Err(ApiError::NotFound("vote")),
        Err(e) => Err(ApiError::Internal(format!("stored vote protocol: {e}"))),
    }
}

fn summary(v: &VisibleRecord) -> Result<VoteSummary, ApiError> {
    let (p, recount) = protocol(v)?;
    let state = if recount.state == VoteState::Closed {
        VoteState::Closed
    } else {
        VoteState::Cancelled
    };
    let started = p.entries.first().map_or(0, |e| e.at);
    let ended = p.entries.last().map_or(0, |e| e.at);
    let cancel_reason = p.entries.iter().find_map(|e| match &e.event {
        ProtocolEvent::Cancelled { reason, .. } => Some(reason.clone()),
        _ => None,
    });
    Ok(VoteSummary {
        id: v.record.id.clone(),
        room: RoomId::parse(&v.record.room_id)
            .ok_or_else(|| ApiError::Internal("stored room id".into()))?,
        title: v.title.clone(),
        topic: recount.definition.topic.clone(),
        kind: recount.definition.kind,
        state,
        cancel_reason,
        options: recount.definition.options.clone(),
        counts: recount.counts.clone(),
        eligible: recount.eligible,
        voted: recount.voted,
        started_at: rfc3339_ms(i64::try_from(started).unwrap_or(i64::MAX)),
        ended_at: rfc3339_ms(i64::try_from(ended).unwrap_or(i64::MAX)),
        kid: p.signature.map(|s| s.kid).unwrap_or_default(),
    })
}

pub(super) async fn list(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<VoteSummary>>, ApiError> {
    let found = c
        .store
        .visible_records(
            &caller.user.id,
            VOTE_PROTOCOL,
            q.room.as_deref(),
            MAX_LISTED,
        )
        .await?;
    Ok(Json(found.iter().map(summary).collect::<Result<_, _>>()?))
}

async fn find(c: &Controller, caller: &Caller, id: &str) -> Result<VisibleRecord, ApiError> {
    c.store
        .visible_record(&caller.user.id, VOTE_PROTOCOL, id)
        .await?
        .ok_or(ApiError::NotFound("vote"))
}

pub(super) async fn get(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let found = find(&c, &caller, &id).await?;
    let (p, _) = protocol(&found)?;
    let body = serde_json::to_vec_pretty(&p).expect("protocols serialise infallibly");
    Ok(attachment(
        "application/json",
        &format!("plenum-vote-{id}.json"),
        body,
    ))
}

pub(super) async fn pdf(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let found = find(&c, &caller, &id).await?;
    let (p, recount) = protocol(&found)?;
    let body = crate::protocol_pdf::render(&p, &recount, found.title.as_deref());
    Ok(attachment(
        "application/pdf",
        &format!("plenum-vote-{id}.pdf"),
        body,
    ))
}
