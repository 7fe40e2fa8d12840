//! `/api/v1/meetings` and `/api/v1/dashboard`: planning meetings, their occurrences, favourites.
//!
//! Visibility: the owner and invitees see a meeting; only the owner changes it; everyone else
//! gets 404, so meeting ids cannot be probed.

use super::Controller;
use super::auth::Caller;
use super::schedule::{self, Instance};
use super::users::{limit, offset_cursor, summary};
use crate::error::ApiError;
use crate::secret::random_id;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use plenum_protocol::RoomId;
use plenum_protocol::api::{
    Dashboard, InvitationStatus, Meeting, MeetingInput, MeetingRole, Occurrence, OccurrenceChange,
    Page, Schedule,
};
use plenum_protocol::moderation::WaitingRoom;
use plenum_store::{ExceptionRecord, MeetingFilter, MeetingRecord, VisibleMeeting};
use serde::Deserialize;
use std::sync::Arc;

const MAX_TITLE: usize = 200;
const MAX_DETAILS: usize = 10_000;
/// Longest window of an occurrence query.
const MAX_WINDOW_DAYS: i64 = 100;

pub(super) fn rfc3339_ms(ms: i64) -> String {
    Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn zoned(z: &jiff::ZonedDateTime) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

pub(super) fn role_of(viewer: &str, v: &VisibleMeeting) -> MeetingRole {
    if v.meeting.owner_id == viewer {
        MeetingRole::Owner
    } else if v.invitation_role.as_deref() == Some("moderator") {
        MeetingRole::Moderator
    } else {
        MeetingRole::Participant
    }
}

fn status(s: &str) -> InvitationStatus {
    match s {
        "accepted" => InvitationStatus::Accepted,
        "declined" => InvitationStatus::Declined,
        _ => InvitationStatus::Pending,
    }
}

fn change_of(e: &ExceptionRecord) -> OccurrenceChange {
    OccurrenceChange {
        original_start: e.original_start.clone(),
        cancelled: e.cancelled,
        start: e.new_start.clone(),
        end: e.new_end.clone(),
    }
}

/// The wire form of a meeting as `viewer` sees it.
pub(super) async fn view(
    c: &Controller,
    viewer: &str,
    v: &VisibleMeeting,
) -> Result<Meeting, ApiError> {
    let m = &v.meeting;
    let owner = c
        .store
        .user(&m.owner_id)
        .await?
        .ok_or(ApiError::NotFound("meeting"))?;
    let schedule: Schedule = serde_json::from_str(&m.schedule)
        .map_err(|e| ApiError::Internal(format!("stored schedule: {e}")))?;
    Ok(Meeting {
        id: m.id.clone(),
        room_id: RoomId::parse(&m.room_id)
            .ok_or_else(|| ApiError::Internal("stored room id".into()))?,
        title: m.title.clone(),
        subtitle: m.subtitle.clone(),
        details: m.details.clone(),
        has_password: m.password_hash.is_some(),
        schedule,
        waiting_room: m.waiting_room,
        mute_on_entry: m.mute_on_entry,
        simple_mode: m.simple_mode,
        zone: m.zone.clone(),
        owner: summary(&owner, false),
        my_role: role_of(viewer, v),
        my_invitation: v.invitation_status.as_deref().map(status),
        favourite: v.favourite,
        exceptions: c
            .store
            .exceptions(&m.id)
            .await?
            .iter()
            .map(change_of)
            .collect(),
        created_at: rfc3339_ms(m.created_at),
        updated_at: rfc3339_ms(m.updated_at),
    })
}

/// The meeting if `viewer` may see it, else 404.
pub(super) async fn visible(
    c: &Controller,
    viewer: &str,
    id: &str,
) -> Result<VisibleMeeting, ApiError> {
    c.store
        .visible_meeting(viewer, id)
        .await?
        .ok_or(ApiError::NotFound("meeting"))
}

/// The meeting if `viewer` owns it; 403 for invitees, 404 for everyone else.
pub(super) async fn owned(
    c: &Controller,
    viewer: &str,
    id: &str,
) -> Result<VisibleMeeting, ApiError> {
    let v = visible(c, viewer, id).await?;
    if v.meeting.owner_id != viewer {
        return Err(ApiError::forbidden(
            "only the meeting's owner may change it",
        ));
    }
    Ok(v)
}

fn text(value: &str, field: &'static str, max: usize, required: bool) -> Result<String, ApiError> {
    let t = value.trim();
    if required && t.is_empty() {
        return Err(ApiError::field(field, "required"));
    }
    if t.chars().count() > max {
        return Err(ApiError::field(field, format!("at most {max} characters")));
    }
    Ok(t.to_owned())
}

/// Applies `input` onto `record` (validating everything first).
fn apply(record: &mut MeetingRecord, input: &MeetingInput) -> Result<(), ApiError> {
    let title = text(&input.title, "title", MAX_TITLE, true)?;
    let subtitle = text(&input.subtitle, "subtitle", MAX_TITLE, false)?;
    let details = text(&input.details, "details", MAX_DETAILS, false)?;
    let parsed = schedule::parse(&input.schedule)?;
    let password_hash = match input.password.as_deref() {
        None => record.password_hash.clone(),
        Some("") => None,
        Some(p) if p.chars().count() < 4 || p.len() > 200 => {
            return Err(ApiError::field(
                "password",
                "a meeting password has 4 to 200 characters",
            ));
        }
        Some(p) => Some(super::password::hash_any(p)?),
    };
    let (first_start, last_end) = match &parsed {
        Some(p) => {
            let (a, b) = p.bounds();
            (Some(a), b)
        }
        None => (None, None),
    };
    record.title = title;
    record.subtitle = subtitle;
    record.details = details;
    record.password_hash = password_hash;
    record.schedule =
        serde_json::to_string(&input.schedule).map_err(|e| ApiError::Internal(e.to_string()))?;
    record.waiting_room = input.waiting_room;
    record.mute_on_entry = input.mute_on_entry;
    record.simple_mode = input.simple_mode;
    match input.zone.as_deref() {
        None => {}
        Some("") => record.zone = None,
        Some(zone) => {
            let valid = zone.len() <= 32
                && zone
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !valid {
                return Err(ApiError::field("zone", "1–32 of a–z, 0–9 and -"));
            }
            record.zone = Some(zone.to_owned());
        }
    }
    record.first_start = first_start;
    record.last_end = last_end;
    Ok(())
}

/// When the occurrence of `meeting` that runs now (or begins within the next hour) ends, in
/// milliseconds since the Unix epoch; `None` for unscheduled meetings or none near now.
pub(super) async fn planned_end(
    c: &Controller,
    meeting: &MeetingRecord,
    now: Timestamp,
) -> Result<Option<u64>, ApiError> {
    let schedule: Schedule = serde_json::from_str(&meeting.schedule)
        .map_err(|e| ApiError::Internal(format!("stored schedule: {e}")))?;
    let Some(parsed) = schedule::parse(&schedule)? else {
        return Ok(None);
    };
    let changes: Vec<OccurrenceChange> = c
        .store
        .exceptions(&meeting.id)
        .await?
        .iter()
        .map(change_of)
        .collect();
    let soon = now
        .checked_add(jiff::SignedDuration::from_hours(1))
        .unwrap_or(now);
    Ok(parsed
        .between(now, soon, &changes)
        .first()
        .and_then(|i| u64::try_from(i.end.timestamp().as_millisecond()).ok()))
}

/// Whether `given` is the meeting's password.
pub fn password_matches(record: &MeetingRecord, given: &str) -> bool {
    record
        .password_hash
        .as_deref()
        .is_some_and(|h| super::password::verify(given, h))
}

pub(super) async fn create(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    body: Result<Json<MeetingInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Meeting>), ApiError> {
    let Json(input) = body?;
    let now = crate::unix_millis() as i64;
    let mut record = MeetingRecord {
        id: random_id(20),
        owner_id: caller.user.id.clone(),
        room_id: random_id(20),
        title: String::new(),
        subtitle: String::new(),
        details: String::new(),
        password_hash: None,
        schedule: String::new(),
        waiting_room: WaitingRoom::Off,
        mute_on_entry: false,
        simple_mode: false,
        zone: None,
        first_start: None,
        last_end: None,
        created_at: now,
        updated_at: now,
    };
    apply(&mut record, &input)?;
    c.store.create_meeting(&record).await?;
    let v = visible(&c, &caller.user.id, &record.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(view(&c, &caller.user.id, &v).await?),
    ))
}

pub(super) async fn get(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Meeting>, ApiError> {
    let v = visible(&c, &caller.user.id, &id).await?;
    Ok(Json(view(&c, &caller.user.id, &v).await?))
}

pub(super) async fn update(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<MeetingInput>, JsonRejection>,
) -> Result<Json<Meeting>, ApiError> {
    let Json(input) = body?;
    let mut v = owned(&c, &caller.user.id, &id).await?;
    let before = v.meeting.clone();
    apply(&mut v.meeting, &input)?;
    v.meeting.updated_at = crate::unix_millis() as i64;
    let mails = if before.schedule != v.meeting.schedule || before.title != v.meeting.title {
        super::invitations::update_mails(&c, &caller.user, &v.meeting).await?
    } else {
        Vec::new()
    };
    c.store.update_meeting_and_mail(&v.meeting, &mails).await?;
    c.wake_mailer();
    Ok(Json(view(&c, &caller.user.id, &v).await?))
}

pub(super) async fn delete(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    client: crate::client_addr::ClientAddr,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let v = owned(&c, &caller.user.id, &id).await?;
    c.store.delete_meeting(&id).await?;
    c.audit(
        &client,
        crate::audit::AuditEvent::MeetingDeleted {
            meeting: id.clone(),
            by: caller.user.id.clone(),
        },
    );
    // A conference running in the meeting's room ends with it.
    if let Some(room) = RoomId::parse(&v.meeting.room_id) {
        c.placement.end_conference(&room);
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub(super) struct ListQuery {
    filter: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

pub(super) async fn list(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<Meeting>>, ApiError> {
    let filter = match q.filter.as_deref().unwrap_or("all") {
        "mine" => MeetingFilter::Mine,
        "invited" => MeetingFilter::Invited,
        "all" => MeetingFilter::All,
        _ => return Err(ApiError::field("filter", "mine, invited or all")),
    };
    let offset = offset_cursor(q.cursor.as_deref())?;
    let limit = limit(q.limit);
    let found = c
        .store
        .visible_meetings(&caller.user.id, filter, offset, limit + 1)
        .await?;
    let more = found.len() as i64 > limit;
    let mut items = Vec::new();
    for v in found.iter().take(limit as usize) {
        items.push(view(&c, &caller.user.id, v).await?);
    }
    Ok(Json(Page {
        items,
        next_cursor: more.then(|| (offset + limit).to_string()),
    }))
}

fn parse_time(value: &str, field: &'static str) -> Result<Timestamp, ApiError> {
    value
        .parse::<Timestamp>()
        .map_err(|_| ApiError::field(field, "an RFC 3339 time with offset"))
}

/// Occurrences visible to `viewer` in `[from, to)`, ordered.
async fn occurrences_between(
    c: &Controller,
    viewer: &str,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<Occurrence>, ApiError> {
    let mut out: Vec<(Timestamp, Occurrence)> = Vec::new();
    for v in c
        .store
        .visible_meetings_between(viewer, from.as_millisecond(), to.as_millisecond())
        .await?
    {
        let schedule: Schedule = serde_json::from_str(&v.meeting.schedule)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let Some(parsed) = schedule::parse(&schedule)? else {
            continue;
        };
        let changes: Vec<OccurrenceChange> = c
            .store
            .exceptions(&v.meeting.id)
            .await?
            .iter()
            .map(change_of)
            .collect();
        let owner_name = c
            .store
            .user(&v.meeting.owner_id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        let recurring = matches!(
            &schedule,
            Schedule::Timed {
                recurrence: Some(_),
                ..
            }
        );
        for Instance { start, end, .. } in parsed.between(from, to, &changes) {
            out.push((
                start.timestamp(),
                Occurrence {
                    meeting_id: v.meeting.id.clone(),
                    title: v.meeting.title.clone(),
                    room_id: RoomId::parse(&v.meeting.room_id)
                        .ok_or_else(|| ApiError::Internal("stored room id".into()))?,
                    owner_name: owner_name.clone(),
                    start: zoned(&start),
                    end: zoned(&end),
                    my_role: role_of(viewer, &v),
                    recurring,
                },
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.title.cmp(&b.1.title)));
    Ok(out.into_iter().map(|(_, o)| o).collect())
}

#[derive(Debug, Deserialize)]
pub(super) struct Window {
    from: String,
    to: String,
}

pub(super) async fn occurrences(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Query(w): Query<Window>,
) -> Result<Json<Vec<Occurrence>>, ApiError> {
    let (from, to) = (parse_time(&w.from, "from")?, parse_time(&w.to, "to")?);
    if to <= from || to.as_millisecond() - from.as_millisecond() > MAX_WINDOW_DAYS * 86_400_000 {
        return Err(ApiError::field(
            "to",
            format!("after from, at most {MAX_WINDOW_DAYS} days later"),
        ));
    }
    Ok(Json(
        occurrences_between(&c, &caller.user.id, from, to).await?,
    ))
}

pub(super) async fn put_occurrence(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path((id, original)): Path<(String, String)>,
    body: Result<Json<OccurrenceChange>, JsonRejection>,
) -> Result<Json<Meeting>, ApiError> {
    let Json(change) = body?;
    let v = owned(&c, &caller.user.id, &id).await?;
    let schedule: Schedule =
        serde_json::from_str(&v.meeting.schedule).map_err(|e| ApiError::Internal(e.to_string()))?;
    let Some(parsed) = schedule::parse(&schedule)? else {
        return Err(ApiError::Conflict("the meeting has no fixed time".into()));
    };
    if change.original_start != original {
        return Err(ApiError::field("original_start", "does not match the path"));
    }
    if !parsed.is_regular(schedule::local(&original, "original_start")?) {
        return Err(ApiError::field(
            "original_start",
            "not an occurrence of this meeting",
        ));
    }
    let (new_start, new_end) = match (&change.start, &change.end) {
        (None, None) => (None, None),
        (Some(s), Some(e)) => {
            if schedule::local(e, "end")? <= schedule::local(s, "start")? {
                return Err(ApiError::field("end", "the end must be after the start"));
            }
            (Some(s.clone()), Some(e.clone()))
        }
        _ => {
            return Err(ApiError::field(
                "end",
                "give both start and end, or neither",
            ));
        }
    };
    if !change.cancelled && new_start.is_none() {
        return Err(ApiError::field(
            "cancelled",
            "cancel the occurrence or move it",
        ));
    }
    let record = ExceptionRecord {
        original_start: original,
        cancelled: change.cancelled,
        new_start,
        new_end,
    };
    c.store.put_exception(&id, &record).await?;
    Ok(Json(view(&c, &caller.user.id, &v).await?))
}

pub(super) async fn delete_occurrence(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path((id, original)): Path<(String, String)>,
) -> Result<Json<Meeting>, ApiError> {
    let v = owned(&c, &caller.user.id, &id).await?;
    if !c.store.delete_exception(&id, &original).await? {
        return Err(ApiError::NotFound("occurrence change"));
    }
    Ok(Json(view(&c, &caller.user.id, &v).await?))
}

async fn favourite(
    c: &Controller,
    caller: &Caller,
    id: &str,
    on: bool,
) -> Result<StatusCode, ApiError> {
    visible(c, &caller.user.id, id).await?;
    c.store
        .set_favourite_meeting(&caller.user.id, id, on)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn set_favourite(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    favourite(&c, &caller, &id, true).await
}

pub(super) async fn unset_favourite(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    favourite(&c, &caller, &id, false).await
}

#[derive(Debug, Deserialize)]
pub(super) struct DashboardQuery {
    tz: Option<String>,
}

pub(super) async fn dashboard(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Query(q): Query<DashboardQuery>,
) -> Result<Json<Dashboard>, ApiError> {
    let tz = match q.tz.as_deref() {
        Some(name) => TimeZone::get(name)
            .map_err(|_| ApiError::field("tz", format!("unknown time zone {name:?}")))?,
        None => TimeZone::UTC,
    };
    let viewer = caller.user.id.clone();
    let now = Timestamp::from_millisecond(crate::unix_millis() as i64)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let today = now.to_zoned_datetime(tz.clone()).date();
    let start_of = |d: jiff::civil::Date| d.to_zoned_datetime(tz.clone()).map(|z| z.timestamp());
    let day_start = start_of(today).map_err(|e| ApiError::Internal(e.to_string()))?;
    let tomorrow = today
        .tomorrow()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let day_end = start_of(tomorrow).map_err(|e| ApiError::Internal(e.to_string()))?;
    let today_list = occurrences_between(&c, &viewer, day_start, day_end).await?;
    let horizon = Timestamp::from_millisecond(day_end.as_millisecond() + 60 * 86_400_000)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut upcoming = occurrences_between(&c, &viewer, day_end, horizon).await?;
    upcoming.truncate(10);

    let mut favourites = Vec::new();
    for v in c.store.favourite_meetings(&viewer).await? {
        favourites.push(view(&c, &viewer, &v).await?);
    }
    let mut invitations = Vec::new();
    let mut recurring = Vec::new();
    for v in c
        .store
        .visible_meetings(&viewer, MeetingFilter::All, 0, 500)
        .await?
    {
        let pending = v.invitation_status.as_deref() == Some("pending");
        let repeats = v.meeting.schedule.contains("\"recurrence\"");
        if pending || repeats {
            let m = view(&c, &viewer, &v).await?;
            if repeats && v.invitation_status.as_deref() != Some("declined") {
                recurring.push(m.clone());
            }
            if pending {
                invitations.push(m);
            }
        }
    }
    Ok(Json(Dashboard {
        today: today_list,
        upcoming,
        favourites,
        invitations,
        recurring,
    }))
}
