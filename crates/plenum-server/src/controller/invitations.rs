//! Invitations (registered users and e-mail addresses, a role each), the invitees' answers,
//! guest links, and the mails that announce invitations and changes.

use super::Controller;
use super::auth::{Caller, email};
use super::mail::{self, CalendarEvent, Invite};
use super::meetings::{owned, rfc3339_ms, visible};
use super::secret_hash::hash_secret;
use super::users::summary;
use crate::error::ApiError;
use crate::secret::{random_id, random_token};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use plenum_protocol::api::{
    Frequency, GuestLink, Invitation, InvitationAnswer, InvitationStatus, Invitee, MeetingRole,
    NewGuestLink, NewInvitations, Recurrence, RecurrenceEnd, Schedule, Weekday,
};
use plenum_store::{
    GuestLinkRecord, InvitationRecord, MailRecord, MeetingRecord, StoreError, UserRecord,
};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Most invitees added in one request.
const MAX_BATCH: usize = 200;

fn rrule(r: &Recurrence) -> String {
    let freq = match r.frequency {
        Frequency::Daily => "DAILY",
        Frequency::Weekly => "WEEKLY",
        Frequency::Monthly => "MONTHLY",
        Frequency::Yearly => "YEARLY",
    };
    let mut rule = format!("FREQ={freq};INTERVAL={}", r.interval);
    if !r.weekdays.is_empty() {
        let days: Vec<&str> = r
            .weekdays
            .iter()
            .map(|w| match w {
                Weekday::Mon => "MO",
                Weekday::Tue => "TU",
                Weekday::Wed => "WE",
                Weekday::Thu => "TH",
                Weekday::Fri => "FR",
                Weekday::Sat => "SA",
                Weekday::Sun => "SU",
            })
            .collect();
        rule.push_str(&format!(";BYDAY={}", days.join(",")));
    }
    match &r.end {
        RecurrenceEnd::Never => {}
        RecurrenceEnd::Count { count } => rule.push_str(&format!(";COUNT={count}")),
        RecurrenceEnd::Until { date } => {
            rule.push_str(&format!(";UNTIL={}T235959", date.replace('-', "")))
        }
    }
    rule
}

/// What invitation and update mails say about `meeting`.
fn invite_of<'a>(
    c: &Controller,
    inviter: &'a UserRecord,
    meeting: &'a MeetingRecord,
) -> Result<Invite<'a>, ApiError> {
    let schedule: Schedule =
        serde_json::from_str(&meeting.schedule).map_err(|e| ApiError::Internal(e.to_string()))?;
    let (when, event) = match &schedule {
        Schedule::Unscheduled => ("Ohne festen Termin / No fixed time".to_owned(), None),
        Schedule::Timed {
            start,
            end,
            time_zone,
            recurrence,
        } => {
            let s = super::schedule::local(start, "schedule.start")?;
            let e = super::schedule::local(end, "schedule.end")?;
            let repeat = recurrence
                .as_ref()
                .map(|r| format!(" ({})", rrule(r)))
                .unwrap_or_default();
            let when = format!(
                "{} – {} ({time_zone}){repeat}",
                s.strftime("%Y-%m-%d %H:%M"),
                e.strftime("%H:%M")
            );
            let event = CalendarEvent {
                start: s,
                end: e,
                tz: time_zone.clone(),
                rrule: recurrence.as_ref().map(rrule),
            };
            (when, Some(event))
        }
    };
    Ok(Invite {
        meeting,
        inviter: &inviter.display_name,
        link: format!("{}/r/{}", c.settings.public_url, meeting.room_id),
        when,
        event,
        password_hint: meeting.password_hash.is_some(),
    })
}

/// Mails to every invitee who has not declined, announcing a change of `meeting`.
pub(super) async fn update_mails(
    c: &Controller,
    owner: &UserRecord,
    meeting: &MeetingRecord,
) -> Result<Vec<MailRecord>, ApiError> {
    let invite = invite_of(c, owner, meeting)?;
    let sequence = mail::sequence_now();
    Ok(c.store
        .invitations(&meeting.id)
        .await?
        .iter()
        .filter(|i| i.status != "declined")
        .map(|i| mail::update(&i.email, &invite, sequence))
        .collect())
}

fn role_name(r: MeetingRole) -> Result<&'static str, ApiError> {
    match r {
        MeetingRole::Moderator => Ok("moderator"),
        MeetingRole::Participant => Ok("participant"),
        MeetingRole::Owner => Err(ApiError::field(
            "role",
            "invite as participant or moderator",
        )),
    }
}

async fn invitation_view(c: &Controller, i: &InvitationRecord) -> Result<Invitation, ApiError> {
    let invitee = match &i.user_id {
        Some(id) => match c.store.user(id).await? {
            Some(u) => Invitee::User {
                user: summary(&u, false),
            },
            None => Invitee::Email {
                email: i.email.clone(),
            },
        },
        None => Invitee::Email {
            email: i.email.clone(),
        },
    };
    Ok(Invitation {
        id: i.id.clone(),
        invitee,
        role: if i.role == "moderator" {
            MeetingRole::Moderator
        } else {
            MeetingRole::Participant
        },
        status: match i.status.as_str() {
            "accepted" => InvitationStatus::Accepted,
            "declined" => InvitationStatus::Declined,
            _ => InvitationStatus::Pending,
        },
        mail_sent: i.mail_sent,
        created_at: rfc3339_ms(i.created_at),
    })
}

/// Owner or invited moderator.
async fn may_manage(
    c: &Controller,
    caller: &Caller,
    id: &str,
) -> Result<plenum_store::VisibleMeeting, ApiError> {
    let v = visible(c, &caller.user.id, id).await?;
    if v.meeting.owner_id != caller.user.id && v.invitation_role.as_deref() != Some("moderator") {
        return Err(ApiError::forbidden(
            "only the owner and moderators see the invitations",
        ));
    }
    Ok(v)
}

pub(super) async fn list(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Invitation>>, ApiError> {
    may_manage(&c, &caller, &id).await?;
    let mut out = Vec::new();
    for i in c.store.invitations(&id).await? {
        out.push(invitation_view(&c, &i).await?);
    }
    Ok(Json(out))
}

pub(super) async fn create(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    client: crate::client_addr::ClientAddr,
    Path(id): Path<String>,
    body: Result<Json<NewInvitations>, JsonRejection>,
) -> Result<(StatusCode, Json<Vec<Invitation>>), ApiError> {
    let Json(req) = body?;
    let v = owned(&c, &caller.user.id, &id).await?;
    let role = role_name(req.role)?;
    if req.users.len() + req.emails.len() > MAX_BATCH {
        return Err(ApiError::field(
            "emails",
            format!("at most {MAX_BATCH} invitees at once"),
        ));
    }
    // Every invitee gets a mail: the daily quota counts them.
    c.throttle
        .invite(&client, &caller.user.id, req.users.len() + req.emails.len())
        .await?;
    // (user id, e-mail) of every invitee, each address once.
    let mut invitees: Vec<(Option<String>, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    for user_id in &req.users {
        let u = c
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| ApiError::field("users", format!("no user {user_id}")))?;
        if seen.insert(u.email.clone()) {
            invitees.push((Some(u.id), u.email));
        }
    }
    for raw in &req.emails {
        let address = email(raw, "emails")?;
        if seen.insert(address.clone()) {
            let user = c.store.user_by_email(&address).await?;
            invitees.push((user.map(|u| u.id), address));
        }
    }
    if invitees.is_empty() {
        return Err(ApiError::field("emails", "invite at least one person"));
    }
    if invitees.iter().any(|(_, e)| *e == caller.user.email) {
        return Err(ApiError::field("emails", "you own this meeting"));
    }
    let now = crate::unix_millis() as i64;
    let invite = invite_of(&c, &caller.user, &v.meeting)?;
    let mut records = Vec::new();
    let mut mails = Vec::new();
    for (user_id, address) in invitees {
        let record = InvitationRecord {
            id: random_id(20),
            meeting_id: v.meeting.id.clone(),
            user_id,
            email: address.clone(),
            role: role.into(),
            status: "pending".into(),
            mail_sent: false,
            created_at: now,
        };
        mails.push(mail::invitation(&address, &invite, &record.id));
        records.push(record);
    }
    match c.store.create_invitations(&records, &mails).await {
        Err(StoreError::Conflict) => {
            return Err(ApiError::InvalidRequest {
                message: "someone of these is invited already".into(),
                field: Some("emails"),
            });
        }
        other => other?,
    }
    c.wake_mailer();
    let mut out = Vec::new();
    for r in &records {
        out.push(invitation_view(&c, r).await?);
    }
    Ok((StatusCode::CREATED, Json(out)))
}

pub(super) async fn delete(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path((id, invitation)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    owned(&c, &caller.user.id, &id).await?;
    if c.store.delete_invitation(&id, &invitation).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("invitation"))
    }
}

pub(super) async fn answer(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<InvitationAnswer>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(req) = body?;
    visible(&c, &caller.user.id, &id).await?;
    let status = if req.accept { "accepted" } else { "declined" };
    if c.store
        .answer_invitation(&id, &caller.user.id, status)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::Conflict(
            "you are not invited to this meeting".into(),
        ))
    }
}

fn link_view(l: &GuestLinkRecord, path: Option<String>) -> GuestLink {
    GuestLink {
        id: l.id.clone(),
        path,
        expires_at: l.expires_at.map(rfc3339_ms),
        created_at: rfc3339_ms(l.created_at),
    }
}

pub(super) async fn guest_links(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<GuestLink>>, ApiError> {
    may_manage(&c, &caller, &id).await?;
    Ok(Json(
        c.store
            .guest_links(&id)
            .await?
            .iter()
            .map(|l| link_view(l, None))
            .collect(),
    ))
}

pub(super) async fn create_guest_link(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<NewGuestLink>, JsonRejection>,
) -> Result<(StatusCode, Json<GuestLink>), ApiError> {
    let Json(req) = body?;
    let v = owned(&c, &caller.user.id, &id).await?;
    let now = crate::unix_millis() as i64;
    let expires_at = match req.expires_at.as_deref() {
        None => None,
        Some(t) => {
            let ms = t
                .parse::<jiff::Timestamp>()
                .map_err(|_| ApiError::field("expires_at", "an RFC 3339 time with offset"))?
                .as_millisecond();
            if ms <= now {
                return Err(ApiError::field("expires_at", "must be in the future"));
            }
            Some(ms)
        }
    };
    let token = random_token();
    let record = GuestLinkRecord {
        id: random_id(16),
        meeting_id: id,
        token_hash: hash_secret(&token),
        expires_at,
        created_at: now,
    };
    c.store.create_guest_link(&record).await?;
    let path = format!("/r/{}?g={token}", v.meeting.room_id);
    Ok((StatusCode::CREATED, Json(link_view(&record, Some(path)))))
}

pub(super) async fn delete_guest_link(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path((id, link)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    owned(&c, &caller.user.id, &id).await?;
    if c.store.delete_guest_link(&id, &link).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("guest link"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rrules_follow_rfc_5545() {
        let r = Recurrence {
            frequency: Frequency::Weekly,
            interval: 2,
            weekdays: vec![Weekday::Mon, Weekday::Wed],
            end: RecurrenceEnd::Until {
                date: "2026-12-31".into(),
            },
        };
        assert_eq!(
            rrule(&r),
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20261231T235959"
        );
        let r = Recurrence {
            frequency: Frequency::Monthly,
            interval: 1,
            weekdays: vec![],
            end: RecurrenceEnd::Count { count: 5 },
        };
        assert_eq!(rrule(&r), "FREQ=MONTHLY;INTERVAL=1;COUNT=5");
    }
}
