//! `GET /api/v1/admin/usage`: participant-minutes per room and per owner over a period, for
//! accounting (administrators). Computed from the stored meeting reports of conferences that
//! began in the period and have ended; a conference still running counts once it ends.

use super::Controller;
use super::auth::Caller;
use super::meetings::rfc3339_ms;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use plenum_protocol::RoomId;
use plenum_protocol::api::{OwnerUsage, RoomUsage, UsageQuery, UsageReport};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Longest period one request may ask for.
const MAX_PERIOD_DAYS: i64 = 400;

fn instant(field: &'static str, value: &str) -> Result<i64, ApiError> {
    value
        .parse::<jiff::Timestamp>()
        .map(|t| t.as_millisecond())
        .map_err(|_| ApiError::field(field, "an RFC 3339 time, for example 2026-12-01T00:00:00Z"))
}

/// Milliseconds as minutes, rounded up (a started minute counts).
fn minutes(ms: i64) -> u64 {
    u64::try_from(ms).unwrap_or(0).div_ceil(60_000)
}

pub(super) async fn get(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Query(q): Query<UsageQuery>,
) -> Result<Json<UsageReport>, ApiError> {
    caller.require_admin()?;
    let from = instant("from", &q.from)?;
    let to = instant("to", &q.to)?;
    if to <= from {
        return Err(ApiError::field("to", "the end must come after the start"));
    }
    if to - from > MAX_PERIOD_DAYS * 86_400_000 {
        return Err(ApiError::field("to", "at most 400 days at once"));
    }
    let rows = c.store.usage(from, to).await?;
    let mut owners: BTreeMap<String, (String, u64, i64)> = BTreeMap::new();
    let mut rooms = Vec::with_capacity(rows.len());
    for row in rows {
        let conferences = u64::try_from(row.conferences).unwrap_or(0);
        if let Some(owner) = &row.owner_id {
            let entry = owners
                .entry(owner.clone())
                .or_insert_with(|| (row.owner_email.clone().unwrap_or_default(), 0, 0));
            entry.1 += conferences;
            entry.2 = entry.2.saturating_add(row.participant_ms);
        }
        rooms.push(RoomUsage {
            room: RoomId::parse(&row.room_id)
                .ok_or_else(|| ApiError::Internal("stored room id".into()))?,
            meeting_id: row.meeting_id,
            title: row.title,
            owner_id: row.owner_id,
            conferences,
            participant_minutes: minutes(row.participant_ms),
        });
    }
    let mut owners: Vec<OwnerUsage> = owners
        .into_iter()
        .map(|(owner_id, (email, conferences, ms))| OwnerUsage {
            owner_id,
            email,
            conferences,
            participant_minutes: minutes(ms),
        })
        .collect();
    owners.sort_by_key(|o| std::cmp::Reverse(o.participant_minutes));
    Ok(Json(UsageReport {
        from: rfc3339_ms(from),
        to: rfc3339_ms(to),
        participant_minutes: rooms.iter().map(|r| r.participant_minutes).sum(),
        conferences: rooms.iter().map(|r| r.conferences).sum(),
        rooms,
        owners,
    }))
}
