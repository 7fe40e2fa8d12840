//! The loudest current speakers of one forwarding group: who holds the group's audio slots.
//!
//! Every subscriber receives audio on [`AUDIO_SLOTS`] slots, the same for everyone in a group:
//! slot `i` carries the group's holder `i` (to everyone but that holder). A publisher takes a
//! free slot with its first packet, and a held one with its first loud packet (no onset delay,
//! so the first syllable is heard): the slot of the holder that has been quiet longest, once that
//! holder has been quiet for [`HOLD`]. Holders that keep talking are never pushed out, so slots
//! do not flap. Audio without a level (a client that does not send RFC 6464 levels) counts as
//! loud. Pure logic over
//! the times passed in; speaking detection and statistics see every publisher, not only holders.

use crate::member::MemberId;
use std::time::{Duration, Instant};

/// Audio slots per subscriber: the most voices heard at once.
pub const AUDIO_SLOTS: usize = 3;

/// How long a holder must have been quiet before a new voice may take its slot.
pub const HOLD: Duration = Duration::from_millis(1500);

/// Level (dBov) above which an audio packet counts as voice for the slots.
const LOUD_DBOV: i8 = crate::speaking::THRESHOLD_DBOV;

#[derive(Clone, Copy, Debug)]
struct Holder {
    member: MemberId,
    last_loud: Instant,
}

/// What one audio packet means for the slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Placement {
    /// The slot that carries the packet's publisher.
    pub(crate) slot: usize,
    /// The publisher it took the slot from, if any.
    pub(crate) replaced: Option<MemberId>,
}

/// The audio slots of one forwarding group.
#[derive(Debug, Default)]
pub(crate) struct SpeakerSlots {
    holders: [Option<Holder>; AUDIO_SLOTS],
}

impl SpeakerSlots {
    /// Feeds one audio packet of `member` (level in dBov, if it carried one); returns the slot
    /// that carries it, or `None` when it is not heard (no slot free for it).
    pub(crate) fn on_packet(
        &mut self,
        now: Instant,
        member: MemberId,
        level: Option<i8>,
    ) -> Option<Placement> {
        let loud = level.is_none_or(|l| l > LOUD_DBOV);
        if let Some(slot) = self.slot_of(member) {
            if loud && let Some(h) = self.holders[slot].as_mut() {
                h.last_loud = now;
            }
            return Some(Placement {
                slot,
                replaced: None,
            });
        }
        let slot = match self.holders.iter().position(Option::is_none) {
            Some(free) => free,
            None if !loud => return None,
            None => {
                let (slot, quietest) = self
                    .holders
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| h.map(|h| (i, h)))
                    .min_by_key(|(_, h)| h.last_loud)?;
                if now.saturating_duration_since(quietest.last_loud) < HOLD {
                    return None;
                }
                slot
            }
        };
        let replaced = self.holders[slot].map(|h| h.member);
        self.holders[slot] = Some(Holder {
            member,
            last_loud: now,
        });
        Some(Placement { slot, replaced })
    }

    /// The slot `member` holds.
    pub(crate) fn slot_of(&self, member: MemberId) -> Option<usize> {
        self.holders
            .iter()
            .position(|h| h.is_some_and(|h| h.member == member))
    }

    /// Frees `member`'s slot (muted, gone, moved to another group); returns it.
    pub(crate) fn release(&mut self, member: MemberId) -> Option<usize> {
        let slot = self.slot_of(member)?;
        self.holders[slot] = None;
        Some(slot)
    }

    /// Whether no slot is held.
    pub(crate) fn is_empty(&self) -> bool {
        self.holders.iter().all(Option::is_none)
    }
}

#[cfg(test)]
mod tests {
    use super::{AUDIO_SLOTS, HOLD, Placement, SpeakerSlots};
    use std::time::{Duration, Instant};

    const LOUD: Option<i8> = Some(-20);
    const QUIET: Option<i8> = Some(-90);

    #[test]
    fn voices_fill_free_slots_and_only_loud_ones_replace() {
        let t = Instant::now();
        let mut s = SpeakerSlots::default();
        for m in 0..AUDIO_SLOTS as u64 {
            assert_eq!(
                s.on_packet(t, m, LOUD),
                Some(Placement {
                    slot: m as usize,
                    replaced: None
                })
            );
        }
        // A holder's quiet packets still go out on its slot.
        assert_eq!(s.on_packet(t, 1, QUIET).map(|p| p.slot), Some(1));
        // All three spoke just now: a fourth voice is not heard yet, silence never.
        assert_eq!(s.on_packet(t + Duration::from_millis(10), 7, LOUD), None);
        assert_eq!(s.on_packet(t + HOLD * 2, 8, QUIET), None);
        assert_eq!(
            s.on_packet(t + HOLD * 2, 8, None).map(|p| p.slot),
            Some(0),
            "no level: loud"
        );
    }

    #[test]
    fn a_new_voice_takes_the_slot_of_the_longest_quiet_holder_after_the_hold() {
        let t = Instant::now();
        let mut s = SpeakerSlots::default();
        s.on_packet(t, 0, LOUD);
        s.on_packet(t + Duration::from_millis(200), 1, LOUD);
        s.on_packet(t + Duration::from_millis(400), 2, LOUD);
        // 0 and 2 keep talking; 1 fell silent at 200 ms.
        let later = t + HOLD + Duration::from_millis(300);
        s.on_packet(later, 0, LOUD);
        s.on_packet(later, 2, LOUD);
        let early = t + Duration::from_millis(200) + HOLD - Duration::from_millis(1);
        assert_eq!(s.on_packet(early, 7, LOUD), None, "1 still holds its slot");
        assert_eq!(
            s.on_packet(later, 7, LOUD),
            Some(Placement {
                slot: 1,
                replaced: Some(1)
            })
        );
        assert_eq!(s.slot_of(1), None);
        assert_eq!(s.release(7), Some(1));
        assert_eq!(s.on_packet(later, 1, LOUD).map(|p| p.slot), Some(1));
        assert!(!s.is_empty());
    }
}
