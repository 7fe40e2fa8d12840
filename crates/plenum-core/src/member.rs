//! A person as the room keeps them: public state plus connection and moderation bookkeeping.
//! A member who left stays on record (as [`Place::Gone`]) so that coming back keeps their
//! roles, groups and hand, and so that attendance can be reported.

use crate::input::{ConnId, InitialMedia};
use crate::permission::{Permission, allows};
use plenum_protocol::control::{ConnectionState, LeaveReason, Participant, Role};
use plenum_protocol::moderation::RoomPolicy;

/// Where a member is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// In the waiting room since this wall-clock time (ms).
    Waiting {
        /// Since when.
        since: u64,
    },
    /// In the meeting.
    Inside,
    /// Left (kept on record).
    Gone,
}

/// The room's record of one person.
#[derive(Debug)]
pub(crate) struct Member {
    /// What everyone sees (meaningful while inside).
    pub(crate) public: Participant,
    /// The ticket's stable identity; never sent to clients.
    pub(crate) subject: String,
    /// Where they are.
    pub(crate) place: Place,
    /// The current connection, if connected.
    pub(crate) conn: Option<ConnId>,
    /// Secret for `resume`.
    pub(crate) resume_token: String,
    /// Made a moderator by the owner (or invited as one): only the owner can demote them.
    pub(crate) appointed_by_owner: bool,
    /// May switch the microphone on while microphones are restricted.
    pub(crate) microphone_allowed: bool,
    /// Groups were set in the meeting (a new ticket's groups do not replace them).
    pub(crate) groups_assigned: bool,
    /// Why they left last time.
    pub(crate) last_left: Option<LeaveReason>,
    /// The breakout room this member is in (`None`: the main room), as the `breakout`
    /// namespace placed them.
    pub(crate) breakout: Option<u32>,
    /// The id of the `join`/`resume` the next `joined` or `waiting` answers.
    pub(crate) welcome_id: Option<u32>,
    /// What the client asked to enter with (applied when they enter, also after waiting).
    pub(crate) initial_media: InitialMedia,
    /// The ticket grants the right to vote (votes' own lists decide which votes).
    pub(crate) may_vote: bool,
}

impl Member {
    /// A new member from a ticket, not yet placed.
    pub(crate) fn new(public: Participant, subject: String, resume_token: String) -> Member {
        let appointed_by_owner = public.roles.contains(&Role::Moderator);
        Member {
            public,
            subject,
            place: Place::Gone,
            conn: None,
            resume_token,
            appointed_by_owner,
            microphone_allowed: false,
            groups_assigned: false,
            last_left: None,
            breakout: None,
            welcome_id: None,
            initial_media: InitialMedia::default(),
            may_vote: false,
        }
    }

    pub(crate) fn is_inside(&self) -> bool {
        self.place == Place::Inside
    }

    pub(crate) fn is_waiting(&self) -> bool {
        matches!(self.place, Place::Waiting { .. })
    }

    /// Inside or waiting (connected or within the grace period).
    pub(crate) fn is_present(&self) -> bool {
        self.place != Place::Gone
    }

    pub(crate) fn is_connected(&self) -> bool {
        self.public.connection == ConnectionState::Connected
    }

    pub(crate) fn has(&self, role: Role) -> bool {
        self.public.roles.contains(&role)
    }

    /// Whether the permission table grants this member `permission` under `policy`.
    pub(crate) fn may(&self, permission: Permission, policy: &RoomPolicy) -> bool {
        allows(&self.public.roles, permission, policy)
    }

    /// An owner or moderator.
    pub(crate) fn is_chair(&self) -> bool {
        self.has(Role::Owner) || self.has(Role::Moderator)
    }

    /// May switch the microphone on now.
    pub(crate) fn may_unmute(&self, policy: &RoomPolicy) -> bool {
        !policy.microphones_restricted
            || self.microphone_allowed
            || self.may(Permission::SpeakFreely, policy)
    }

    /// Adds or removes a role, keeping the set sorted.
    pub(crate) fn set_role(&mut self, role: Role, on: bool) {
        let roles = &mut self.public.roles;
        match (roles.binary_search(&role), on) {
            (Err(at), true) => roles.insert(at, role),
            (Ok(at), false) => {
                roles.remove(at);
            }
            _ => {}
        }
    }
}
