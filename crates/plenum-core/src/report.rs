//! Attendance of the current conference and the meeting report built from it (with the floor's
//! speaking times and hand counts; the room adds the chat's messages to everyone and the polls).
//! The report is stored through `Output::Persist`: every [`crate::REPORT_INTERVAL`] while the
//! conference runs, when a poll closes, and finally when the conference ends.

use crate::roster::Roster;
use plenum_protocol::api::{MeetingReport, ReportParticipant, Stay};
use plenum_protocol::{ParticipantId, RoomId};
use std::collections::BTreeMap;

/// Stays kept per person; beyond this the two oldest are merged.
const MAX_STAYS: usize = 100;

/// What the floor knows about a person: milliseconds spoken, hands raised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) speaking_ms: u64,
    pub(crate) hands_raised: u32,
}

/// Who was inside when, in order of first entry.
#[derive(Debug, Default)]
pub(crate) struct Attendance {
    order: Vec<ParticipantId>,
    stays: BTreeMap<ParticipantId, Vec<Stay>>,
}

impl Attendance {
    /// `who` entered at `at` (wall clock, ms).
    pub(crate) fn enter(&mut self, who: &ParticipantId, at: u64) {
        let stays = self.stays.entry(who.clone()).or_insert_with(|| {
            self.order.push(who.clone());
            Vec::new()
        });
        if stays.len() >= MAX_STAYS {
            let second = stays.remove(1);
            stays[0].left_at = second.left_at;
        }
        stays.push(Stay {
            joined_at: at,
            left_at: None,
        });
    }

    /// `who` left at `at`.
    pub(crate) fn leave(&mut self, who: &ParticipantId, at: u64) {
        if let Some(stay) = self
            .stays
            .get_mut(who)
            .and_then(|s| s.last_mut())
            .filter(|s| s.left_at.is_none())
        {
            stay.left_at = Some(at);
        }
    }

    /// The report at `now` (wall clock, ms); `ended_at` for the final one. Without the chat
    /// and the polls, which the room adds.
    pub(crate) fn report(
        &self,
        room: &RoomId,
        started_at: u64,
        ended_at: Option<u64>,
        now: u64,
        roster: &Roster,
        tallies: &BTreeMap<ParticipantId, Tally>,
    ) -> MeetingReport {
        let participants = self
            .order
            .iter()
            .filter_map(|id| {
                let member = roster.get(id)?;
                let stays = self.stays.get(id).cloned().unwrap_or_default();
                let attended_ms = stays
                    .iter()
                    .map(|s| s.left_at.unwrap_or(now).saturating_sub(s.joined_at))
                    .sum();
                let tally = tallies.get(id).copied().unwrap_or_default();
                Some(ReportParticipant {
                    participant_id: id.clone(),
                    display_name: member.public.display_name.clone(),
                    roles: member.public.roles.clone(),
                    groups: member.public.groups.clone(),
                    stays,
                    attended_ms,
                    speaking_ms: tally.speaking_ms,
                    hands_raised: tally.hands_raised,
                })
            })
            .collect();
        MeetingReport {
            room: room.clone(),
            started_at,
            ended_at,
            participants,
            chat: Vec::new(),
            polls: Vec::new(),
        }
    }
}
