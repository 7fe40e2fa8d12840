//! The roster: everyone the room knows (inside, waiting, or gone but on record), the room's
//! policy and its bans. Namespaces read it through their context; only the room changes it.

use crate::input::ConnId;
use crate::member::{Member, Place};
use plenum_protocol::ParticipantId;
use plenum_protocol::control::{Participant, Role};
use plenum_protocol::moderation::{RoomPolicy, WaitingPerson};
use std::collections::BTreeSet;

/// Who receives an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Audience {
    /// Everyone inside.
    Everyone,
    /// Everyone inside but this participant.
    Others(ParticipantId),
    /// Owners and moderators inside.
    Moderators,
    /// Everyone inside but owners and moderators.
    NonModerators,
    /// One participant (inside or waiting).
    Participant(ParticipantId),
    /// These people, where inside.
    People(Vec<ParticipantId>),
    /// Everyone inside in this breakout room (`None`: the main room; everyone while no breakout
    /// rooms are open).
    BreakoutRoom(Option<u32>),
}

/// Most people kept on record after they left; the oldest records go first beyond this.
const MAX_GONE: usize = 10_000;

/// Everyone the room knows, its policy and its bans.
#[derive(Debug, Default)]
pub(crate) struct Roster {
    /// In order of first arrival.
    pub(crate) members: Vec<Member>,
    /// The room's rules.
    pub(crate) policy: RoomPolicy,
    /// Subjects refused for the rest of the meeting.
    pub(crate) banned: BTreeSet<String>,
}

impl Roster {
    pub(crate) fn index(&self, id: &ParticipantId) -> Option<usize> {
        self.members.iter().position(|m| &m.public.id == id)
    }

    pub(crate) fn get(&self, id: &ParticipantId) -> Option<&Member> {
        self.members.iter().find(|m| &m.public.id == id)
    }

    /// The member inside the meeting with this id.
    pub(crate) fn inside(&self, id: &ParticipantId) -> Option<&Member> {
        self.get(id).filter(|m| m.is_inside())
    }

    pub(crate) fn by_conn(&self, conn: ConnId) -> Option<usize> {
        self.members.iter().position(|m| m.conn == Some(conn))
    }

    /// Everyone inside, in order of arrival.
    pub(crate) fn everyone_inside(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.is_inside())
    }

    /// Whether nobody is inside or waiting.
    pub(crate) fn is_empty(&self) -> bool {
        !self.members.iter().any(Member::is_present)
    }

    /// Everyone inside as the wire shows them: podium guests first, then in order of arrival.
    pub(crate) fn participants(&self) -> Vec<Participant> {
        let mut list: Vec<&Member> = self.everyone_inside().collect();
        list.sort_by_key(|m| !m.has(Role::Podium));
        list.into_iter().map(|m| m.public.clone()).collect()
    }

    /// The waiting room, in order of arrival.
    pub(crate) fn waiting(&self) -> Vec<WaitingPerson> {
        let mut list: Vec<WaitingPerson> = self
            .members
            .iter()
            .filter_map(|m| match m.place {
                Place::Waiting { since } => Some(WaitingPerson {
                    id: m.public.id.clone(),
                    display_name: m.public.display_name.clone(),
                    guest: m.has(Role::Guest),
                    since,
                }),
                _ => None,
            })
            .collect();
        list.sort_by_key(|w| w.since);
        list
    }

    /// Who was allowed to speak while microphones are restricted.
    pub(crate) fn allowed_microphones(&self) -> Vec<ParticipantId> {
        self.everyone_inside()
            .filter(|m| m.microphone_allowed)
            .map(|m| m.public.id.clone())
            .collect()
    }

    /// The connections of an audience.
    pub(crate) fn connections(&self, audience: &Audience) -> Vec<ConnId> {
        let inside = self.everyone_inside();
        match audience {
            Audience::Everyone => inside.filter_map(|m| m.conn).collect(),
            Audience::Others(id) => inside
                .filter(|m| &m.public.id != id)
                .filter_map(|m| m.conn)
                .collect(),
            Audience::Moderators => inside
                .filter(|m| m.is_chair())
                .filter_map(|m| m.conn)
                .collect(),
            Audience::NonModerators => inside
                .filter(|m| !m.is_chair())
                .filter_map(|m| m.conn)
                .collect(),
            Audience::Participant(id) => self.get(id).and_then(|m| m.conn).into_iter().collect(),
            Audience::BreakoutRoom(room) => inside
                .filter(|m| m.breakout == *room)
                .filter_map(|m| m.conn)
                .collect(),
            Audience::People(ids) => inside
                .filter(|m| ids.contains(&m.public.id))
                .filter_map(|m| m.conn)
                .collect(),
        }
    }

    /// Forgets the oldest people who left once more than [`MAX_GONE`] are on record.
    pub(crate) fn prune(&mut self) {
        let mut gone = self.members.iter().filter(|m| !m.is_present()).count();
        while gone > MAX_GONE {
            if let Some(at) = self.members.iter().position(|m| !m.is_present()) {
                self.members.remove(at);
            }
            gone -= 1;
        }
    }
}
