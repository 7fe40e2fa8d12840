//! The texts of the mails Plenum sends, and their calendar attachments. German and English in
//! one mail, because the recipient's language is often unknown (external invitees).

use crate::secret::random_id;
use icalendar::{Calendar, Component, Event, EventLike};
use plenum_store::{MailRecord, MeetingRecord, UserRecord};

/// A mail ready for the outbox.
pub fn record(
    recipient: &str,
    subject: String,
    body: String,
    ics: Option<String>,
    invitation: Option<&str>,
) -> MailRecord {
    let now = crate::unix_millis() as i64;
    MailRecord {
        id: random_id(20),
        recipient: recipient.to_owned(),
        subject,
        body,
        ics,
        invitation_id: invitation.map(str::to_owned),
        attempts: 0,
        next_attempt_at: now,
        sent_at: None,
        last_error: None,
        created_at: now,
    }
}

/// The password-reset mail.
pub fn password_reset(user: &UserRecord, link: &str) -> MailRecord {
    let body = format!(
        "Hallo {name},\n\nüber diesen Link kannst du ein neues Passwort für Plenum festlegen (eine Stunde gültig):\n{link}\n\n\
         Hello {name},\n\nuse this link to choose a new password for Plenum (valid for one hour):\n{link}\n\n\
         Wenn du das nicht angefordert hast, ignoriere diese Mail. / If you did not ask for this, ignore this mail.\n",
        name = user.display_name
    );
    record(
        &user.email,
        "Plenum: neues Passwort / new password".into(),
        body,
        None,
        None,
    )
}

/// What an invitation mail says about the meeting.
pub struct Invite<'a> {
    /// The meeting.
    pub meeting: &'a MeetingRecord,
    /// Who invites.
    pub inviter: &'a str,
    /// The room link.
    pub link: String,
    /// A readable time summary ("Mo., 1. Dez. 2026, 10:00–11:00 (Europe/Berlin)").
    pub when: String,
    /// The calendar event, if the meeting is scheduled.
    pub event: Option<CalendarEvent>,
    /// The meeting's password, when the invitee is external and needs it.
    pub password_hint: bool,
}

/// A meeting's time for calendars: local start and end in an IANA time zone, and the RRULE.
#[derive(Clone, Debug)]
pub struct CalendarEvent {
    /// Local start.
    pub start: jiff::civil::DateTime,
    /// Local end.
    pub end: jiff::civil::DateTime,
    /// IANA time zone.
    pub tz: String,
    /// RFC 5545 repetition rule.
    pub rrule: Option<String>,
}

/// The iCalendar document of a meeting (one event, repeating by RRULE if recurring).
pub fn ics(invite: &Invite<'_>, method: &str, sequence: u32) -> Option<String> {
    let e = invite.event.clone()?;
    let local = |key: &str, t: jiff::civil::DateTime| {
        icalendar::Property::new(key, t.strftime("%Y%m%dT%H%M%S").to_string())
            .add_parameter("TZID", &e.tz)
            .done()
    };
    let (start, end) = (local("DTSTART", e.start), local("DTEND", e.end));
    let mut event = Event::new();
    event
        .uid(&format!("{}@plenum", invite.meeting.id))
        .summary(&invite.meeting.title)
        .description(&format!("{}\n\n{}", invite.meeting.details, invite.link))
        .location(&invite.link)
        .url(&invite.link)
        .append_property(start)
        .append_property(end)
        .add_property("SEQUENCE", sequence.to_string())
        .add_property(
            "DTSTAMP",
            ical_utc(
                jiff::Timestamp::from_millisecond(crate::unix_millis() as i64).unwrap_or_default(),
            ),
        );
    if let Some(rule) = e.rrule {
        event.add_property("RRULE", rule);
    }
    let mut calendar = Calendar::new();
    calendar.append_property(("METHOD", method));
    calendar.push(event.done());
    Some(calendar.done().to_string())
}

/// A UTC time in iCalendar form, `YYYYMMDDTHHMMSSZ`.
fn ical_utc(t: jiff::Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// The invitation mail.
pub fn invitation(to: &str, invite: &Invite<'_>, invitation_id: &str) -> MailRecord {
    let m = invite.meeting;
    let password = if invite.password_hint {
        "\nDas Meeting hat ein Passwort; du bekommst es von der einladenden Person. / The meeting has a password; ask the person who invited you.\n"
    } else {
        ""
    };
    let body = format!(
        "{inviter} lädt dich zu „{title}“ ein.\n{inviter} invites you to \"{title}\".\n\n{subtitle}{when}\n\n{details}\n\n\
         Teilnehmen / Join: {link}\n{password}\nZusagen oder absagen kannst du in Plenum. / Accept or decline in Plenum.\n",
        inviter = invite.inviter,
        title = m.title,
        subtitle = if m.subtitle.is_empty() {
            String::new()
        } else {
            format!("{}\n", m.subtitle)
        },
        when = invite.when,
        details = m.details,
        link = invite.link,
    );
    record(
        to,
        format!("Einladung / Invitation: {}", m.title),
        body,
        ics(invite, "REQUEST", 0),
        Some(invitation_id),
    )
}

/// The mail about a changed meeting.
pub fn update(to: &str, invite: &Invite<'_>, sequence: u32) -> MailRecord {
    let m = invite.meeting;
    let body = format!(
        "„{title}“ wurde geändert. / \"{title}\" has changed.\n\n{when}\n\nTeilnehmen / Join: {link}\n",
        title = m.title,
        when = invite.when,
        link = invite.link,
    );
    record(
        to,
        format!("Geändert / Updated: {}", m.title),
        body,
        ics(invite, "REQUEST", sequence),
        None,
    )
}

/// A fresh id for a calendar sequence (seconds since the Unix epoch fit the 32-bit field).
pub fn sequence_now() -> u32 {
    (crate::unix_millis() / 1000).min(u64::from(u32::MAX)) as u32
}
