//! Results that outlive a conference: the storage side nodes deliver records to
//! ([`store_record`]), and `/api/v1/reports` where owners and moderators of a meeting (and the
//! account that created an ad-hoc room) read its meeting reports as JSON or CSV, and the chat's
//! messages to everyone as text.

use super::Controller;
use super::auth::Caller;
use super::meetings::rfc3339_ms;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use plenum_core::vote_chain::{record_id, verify};
use plenum_protocol::RoomId;
use plenum_protocol::api::{MeetingReport, Record, ReportSummary};
use plenum_store::{RecordRow, Store, StoreError, VisibleRecord};
use serde::Deserialize;
use std::fmt::Write;
use std::sync::Arc;

/// The `kind` of stored meeting reports.
pub const MEETING_REPORT: &str = "meeting_report";
/// The `kind` of stored vote protocols.
pub const VOTE_PROTOCOL: &str = "vote_protocol";

/// Most reports listed at once.
const MAX_LISTED: i64 = 200;

/// Stores a record a node delivers (replacing an earlier one with the same key).
pub async fn store_record(
    store: &Store,
    room: &RoomId,
    key: &str,
    record: &Record,
) -> Result<(), StoreError> {
    let (kind, started_at, ended_at, participants, participant_ms) = match record {
        Record::MeetingReport(r) => (
            MEETING_REPORT,
            r.started_at,
            r.ended_at,
            r.participants.len(),
            r.participants
                .iter()
                .fold(0u64, |sum, p| sum.saturating_add(p.attended_ms)),
        ),
        Record::VoteProtocol(p) => {
            let first = p.entries.first().map_or(0, |e| e.at);
            let last = p.entries.last().map_or(first, |e| e.at);
            // Eligible voters, as the chain counts them (0 for a chain that does not hold; the
            // protocol is stored regardless, so that nothing is lost).
            let eligible = verify(p).map_or(0, |r| r.eligible as usize);
            (VOTE_PROTOCOL, first, Some(last), eligible, 0)
        }
    };
    let body = serde_json::to_string(record).expect("records serialise infallibly");
    store
        .put_record(&RecordRow {
            key: key.to_owned(),
            id: record_id(key),
            room_id: room.to_string(),
            kind: kind.into(),
            started_at: i64::try_from(started_at).unwrap_or(i64::MAX),
            ended_at: ended_at.map(|e| i64::try_from(e).unwrap_or(i64::MAX)),
            participants: i64::try_from(participants).unwrap_or(i64::MAX),
            participant_ms: i64::try_from(participant_ms).unwrap_or(i64::MAX),
            body,
            stored_at: crate::unix_millis() as i64,
        })
        .await
}

fn summary(v: &VisibleRecord) -> Result<ReportSummary, ApiError> {
    let r = &v.record;
    Ok(ReportSummary {
        id: r.id.clone(),
        room: RoomId::parse(&r.room_id)
            .ok_or_else(|| ApiError::Internal("stored room id".into()))?,
        title: v.title.clone(),
        started_at: rfc3339_ms(r.started_at),
        ended_at: r.ended_at.map(rfc3339_ms),
        participants: u32::try_from(r.participants).unwrap_or(u32::MAX),
    })
}

/// `?room=`: one room only.
#[derive(Debug, Deserialize)]
pub(super) struct ListQuery {
    pub(super) room: Option<String>,
}

pub(super) async fn list(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<ReportSummary>>, ApiError> {
    let found = c
        .store
        .visible_records(
            &caller.user.id,
            MEETING_REPORT,
            q.room.as_deref(),
            MAX_LISTED,
        )
        .await?;
    Ok(Json(found.iter().map(summary).collect::<Result<_, _>>()?))
}

async fn report(c: &Controller, caller: &Caller, id: &str) -> Result<MeetingReport, ApiError> {
    let found = c
        .store
        .visible_record(&caller.user.id, MEETING_REPORT, id)
        .await?
        .ok_or(ApiError::NotFound("report"))?;
    match serde_json::from_str::<Record>(&found.record.body) {
        Ok(Record::MeetingReport(r)) => Ok(r),
        Ok(Record::VoteProtocol(_)) => Err(ApiError::NotFound("report")),
        Err(e) => Err(ApiError::Internal(format!("stored report: {e}"))),
    }
}

pub(super) async fn get(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<MeetingReport>, ApiError> {
    Ok(Json(report(&c, &caller, &id).await?))
}

pub(super) async fn csv(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let r = report(&c, &caller, &id).await?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        &format!("plenum-report-{}.csv", r.started_at),
        to_csv(&r),
    ))
}

/// A download: `body` as `content_type`, saved as `filename`.
pub(super) fn attachment(content_type: &str, filename: &str, body: impl IntoResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

pub(super) async fn chat(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let r = report(&c, &caller, &id).await?;
    Ok(attachment(
        "text/plain; charset=utf-8",
        &format!("plenum-chat-{}.txt", r.started_at),
        chat_text(&r),
    ))
}

/// The chat's messages to everyone as plain text: one line per message with time (UTC), sender
/// and, for messages written in a breakout room, the room's number; further lines of a message
/// are indented.
pub fn chat_text(r: &MeetingReport) -> String {
    let mut out = String::new();
    for m in &r.chat {
        let mut lines = m.text.lines();
        let first = lines.next().unwrap_or_default();
        let at = rfc3339_ms(i64::try_from(m.sent_at).unwrap_or(i64::MAX));
        let room = m
            .breakout_room
            .map(|r| format!(" (breakout room {r})"))
            .unwrap_or_default();
        let _ = writeln!(out, "[{at}] {}{room}: {first}", m.from_name);
        for line in lines {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

/// One CSV field: quoted when needed, and defused when a spreadsheet would read it as a formula.
fn field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// The report as CSV (RFC 4180): one line per person.
pub fn to_csv(r: &MeetingReport) -> String {
    let mut out = String::from(
        "name,participant_id,roles,groups,first_joined,last_left,stays,attended_seconds,speaking_seconds,hands_raised\r\n",
    );
    for p in &r.participants {
        let roles: Vec<String> = p
            .roles
            .iter()
            .map(|role| {
                serde_json::to_value(role)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect();
        let first = p.stays.first().map(|s| s.joined_at as i64);
        let last = p.stays.last().and_then(|s| s.left_at).map(|t| t as i64);
        let _ = write!(
            out,
            "{},{},{},{},{},{},{},{},{},{}\r\n",
            field(&p.display_name),
            p.participant_id,
            field(&roles.join(" ")),
            field(&p.groups.join("; ")),
            first.map(rfc3339_ms).unwrap_or_default(),
            last.map(rfc3339_ms).unwrap_or_default(),
            p.stays.len(),
            p.attended_ms / 1000,
            p.speaking_ms / 1000,
            p.hands_raised,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use plenum_protocol::ParticipantId;
    use plenum_protocol::api::{ReportParticipant, Stay};
    use plenum_protocol::control::Role;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let r = MeetingReport {
            room: RoomId::parse("room").unwrap_or_else(|| unreachable!()),
            started_at: 0,
            ended_at: Some(60_000),
            participants: vec![ReportParticipant {
                participant_id: ParticipantId::parse("p1").unwrap_or_else(|| unreachable!()),
                display_name: "=HYPERLINK(\"x\"), Ada".into(),
                roles: vec![Role::Moderator, Role::Participant],
                groups: vec!["A".into(), "B".into()],
                stays: vec![Stay {
                    joined_at: 0,
                    left_at: Some(60_000),
                }],
                attended_ms: 60_000,
                speaking_ms: 12_345,
                hands_raised: 2,
            }],
            chat: vec![],
            polls: vec![],
        };
        let csv = to_csv(&r);
        let line = csv.lines().nth(1).unwrap_or_default();
        assert_eq!(
            line,
            "\"'=HYPERLINK(\"\"x\"\"), Ada\",p1,moderator participant,A; B,1970-01-01T00:00:00Z,1970-01-01T00:01:00Z,1,60,12,2"
        );
    }
}
