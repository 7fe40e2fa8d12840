//! Meetings: planning (time, time zone, recurrence), the dashboard, invitations, guest links
//! and favourites.

use super::users::UserSummary;
use crate::ids::RoomId;
use crate::moderation::WaitingRoom;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// When a meeting takes place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    /// No fixed time (a permanent room).
    Unscheduled,
    /// At a time, possibly recurring.
    Timed {
        /// Local start, `YYYY-MM-DDTHH:MM` in `time_zone`.
        start: String,
        /// Local end, after `start`, same form.
        end: String,
        /// IANA time zone, for example `Europe/Berlin`.
        time_zone: String,
        /// How it repeats, if it does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        recurrence: Option<Recurrence>,
    },
}

/// How often.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Every `interval` days.
    Daily,
    /// Every `interval` weeks, on `weekdays` (the start's weekday if empty).
    Weekly,
    /// Every `interval` months, on the start's day of the month.
    Monthly,
    /// Every `interval` years, on the start's date.
    Yearly,
}

/// A day of the week.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

/// When the repetition ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecurrenceEnd {
    /// Never.
    Never,
    /// After this local date (`YYYY-MM-DD`), inclusive.
    Until {
        /// The last possible date.
        date: String,
    },
    /// After this many occurrences.
    Count {
        /// Number of occurrences (1–1000).
        count: u32,
    },
}

/// A repetition rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Recurrence {
    /// How often.
    pub frequency: Frequency,
    /// Every n-th day, week, month or year (1–99).
    pub interval: u32,
    /// For weekly rules: on which days.
    #[serde(default)]
    pub weekdays: Vec<Weekday>,
    /// When it ends.
    pub end: RecurrenceEnd,
}

/// The caller's part in a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingRole {
    /// Created it.
    Owner,
    /// Invited as moderator.
    Moderator,
    /// Invited as participant.
    Participant,
}

/// A meeting, as the caller may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Meeting {
    /// Meeting id.
    pub id: String,
    /// Its permanent room (link `/r/<room_id>`).
    pub room_id: RoomId,
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// Details (agenda, notes for participants).
    pub details: String,
    /// A password is required for guests.
    pub has_password: bool,
    /// When.
    pub schedule: Schedule,
    /// Who waits until a moderator admits them.
    pub waiting_room: WaitingRoom,
    /// Microphones start muted.
    pub mute_on_entry: bool,
    /// Everyone but the chairs sees the simple meeting view (big controls: microphone, camera,
    /// hand, leave).
    pub simple_mode: bool,
    /// Scale-out: the zone (region, data centre) its conferences run in; absent: any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub zone: Option<String>,
    /// Who created it.
    pub owner: UserSummary,
    /// The caller's part.
    pub my_role: MeetingRole,
    /// The caller's answer to their invitation, if invited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub my_invitation: Option<InvitationStatus>,
    /// Marked as favourite by the caller.
    pub favourite: bool,
    /// Changes to single occurrences.
    pub exceptions: Vec<OccurrenceChange>,
    /// Created at.
    pub created_at: String,
    /// Last changed at.
    pub updated_at: String,
}

/// `POST /api/v1/meetings` and `PUT /api/v1/meetings/{id}` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    /// Title (1–200 characters).
    pub title: String,
    /// Subtitle (up to 200 characters).
    #[serde(default)]
    pub subtitle: String,
    /// Details (up to 10,000 characters).
    #[serde(default)]
    pub details: String,
    /// Guests' password: a new one, an empty string to remove it, or absent to keep it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub password: Option<String>,
    /// When.
    pub schedule: Schedule,
    /// Who waits until a moderator admits them.
    #[serde(default)]
    pub waiting_room: WaitingRoom,
    /// Microphones start muted.
    #[serde(default)]
    pub mute_on_entry: bool,
    /// Everyone but the chairs sees the simple meeting view.
    #[serde(default)]
    pub simple_mode: bool,
    /// Scale-out: the zone its conferences must run in (1–32 of `a–z 0–9 -`): a new one, an
    /// empty string for any zone, or absent to keep it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub zone: Option<String>,
}

/// One of a meeting's own background pictures (`GET /api/v1/meetings/{id}/backgrounds`; the
/// picture itself at `GET /api/v1/rooms/{room_id}/backgrounds/{id}`). When a meeting has any,
/// participants choose from these instead of the built-in pictures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct BackgroundPicture {
    /// Id.
    pub id: String,
    /// What participants see in the picker (the uploaded file's name without extension).
    pub name: String,
    /// `image/png`, `image/jpeg` or `image/webp`.
    pub content_type: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub size: u64,
}

/// A poll prepared with a meeting (`/api/v1/meetings/{id}/polls`): moderators start it in the
/// meeting with one click. At most 50 per meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct PreparedPoll {
    /// Id (shown back in the started poll's `prepared_id`).
    pub id: String,
    /// What is asked and how.
    pub definition: crate::polls::PollDefinition,
}

/// A breakout set-up prepared with a meeting: moderators use it in the meeting with one click.
/// At most 50 per meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct PreparedBreakout {
    /// Id.
    pub id: String,
    /// The set-up.
    pub setup: crate::breakout::BreakoutSetup,
}

/// A vote prepared with a meeting: moderators start it in the meeting with one click. At most
/// 50 per meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct PreparedVote {
    /// Id (shown back in the started vote's `prepared_id`).
    pub id: String,
    /// What is decided and how.
    pub definition: crate::votes::VoteDefinition,
}

/// A change to one occurrence of a recurring meeting
/// (`PUT /api/v1/meetings/{id}/occurrences/{original_start}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OccurrenceChange {
    /// The occurrence's regular local start, `YYYY-MM-DDTHH:MM`.
    pub original_start: String,
    /// It does not take place.
    #[serde(default)]
    pub cancelled: bool,
    /// Moved to this local start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub start: Option<String>,
    /// Moved to this local end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub end: Option<String>,
}

/// One occurrence in a time window (`GET /api/v1/meetings/occurrences?from=…&to=…`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Occurrence {
    /// The meeting.
    pub meeting_id: String,
    /// Its title.
    pub title: String,
    /// Its room.
    pub room_id: RoomId,
    /// Who created it.
    pub owner_name: String,
    /// Start, RFC 3339 with offset.
    pub start: String,
    /// End, RFC 3339 with offset.
    pub end: String,
    /// The caller's part.
    pub my_role: MeetingRole,
    /// Part of a recurring meeting.
    pub recurring: bool,
}

/// `GET /api/v1/dashboard`: everything the home page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Dashboard {
    /// Today's occurrences (in the caller's time zone, `?tz=`), in order.
    pub today: Vec<Occurrence>,
    /// The next occurrences after today (up to 10).
    pub upcoming: Vec<Occurrence>,
    /// Favourite meetings.
    pub favourites: Vec<Meeting>,
    /// Invitations not yet answered.
    pub invitations: Vec<Meeting>,
    /// Recurring meetings the caller owns or is invited to.
    pub recurring: Vec<Meeting>,
}

/// The state of an invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Not answered yet.
    Pending,
    /// Accepted.
    Accepted,
    /// Declined.
    Declined,
}

/// Whom an invitation is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Invitee {
    /// A registered user.
    User {
        /// The user.
        user: UserSummary,
    },
    /// Someone outside, by e-mail.
    Email {
        /// The address.
        email: String,
    },
}

/// An invitation (`GET /api/v1/meetings/{id}/invitations`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Invitation {
    /// Invitation id.
    pub id: String,
    /// Whom.
    pub invitee: Invitee,
    /// As what.
    pub role: MeetingRole,
    /// The answer.
    pub status: InvitationStatus,
    /// The invitation mail went out (external invitees and users with mail).
    pub mail_sent: bool,
    /// Created at.
    pub created_at: String,
}

/// `POST /api/v1/meetings/{id}/invitations` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvitations {
    /// Registered users, by id.
    #[serde(default)]
    pub users: Vec<String>,
    /// External e-mail addresses.
    #[serde(default)]
    pub emails: Vec<String>,
    /// As what (`participant` or `moderator`).
    pub role: MeetingRole,
}

/// `POST /api/v1/meetings/{id}/invitation/response` body: the invitee answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationAnswer {
    /// Accept (or decline).
    pub accept: bool,
}

/// A guest link (`GET /api/v1/meetings/{id}/guest-links`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct GuestLink {
    /// Link id.
    pub id: String,
    /// The full path to share, `/r/<room>?g=<token>`; only in the answer that created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub path: Option<String>,
    /// Expires at, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub expires_at: Option<String>,
    /// Created at.
    pub created_at: String,
}

/// `POST /api/v1/meetings/{id}/guest-links` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGuestLink {
    /// Expiry, RFC 3339; none for no expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub expires_at: Option<String>,
}
