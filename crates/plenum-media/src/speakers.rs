//! The loudest current speakers of one forwarding group: who holds the group's audio places.
//!
//! A group has [`AUDIO_SLOTS`] + 1 places; every subscriber receives audio on [`AUDIO_SLOTS`]
//! slots. A listener hears the holders of places `0..AUDIO_SLOTS` on the slots of the same
//! number; a holder of one of them hears the holder of the extra place on its own place's slot
//! instead of itself, so a speaker, too, hears three others; the extra place's holder moves to a
//! regular place as soon as one is free or quiet. A publisher takes a
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

/// A group's places: one more than a subscriber's slots (see the module documentation).
const PLACES: usize = AUDIO_SLOTS + 1;

/// How long a holder must have been quiet before a new voice may take its slot.
pub const HOLD: Duration = Duration::from_millis(1500);

/// Level (dBov) above which an audio packet counts as voice for the slots.
const LOUD_DBOV: i8 = crate::speaking::THRESHOLD_DBOV;

#[derive(Clone, Copy, Debug)]
struct Holder {
    member: MemberId,
    last_loud: Instant,
}

/// What one audio packet means for the places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Placement {
    /// The place the packet's publisher holds.
    pub(crate) slot: usize,
    /// The publisher it took the slot from, if any.
    pub(crate) replaced: Option<MemberId>,
}

/// The audio places of one forwarding group (small enough to copy per packet).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SpeakerSlots {
    holders: [Option<Holder>; PLACES],
}

impl SpeakerSlots {
    /// Feeds one audio packet of `member` (level in dBov, if it carried one); returns the place
    /// it holds, or `None` when it is not heard (no place free for it).
    pub(crate) fn on_packet(
        &mut self,
        now: Instant,
        member: MemberId,
        level: Option<i8>,
    ) -> Option<Placement> {
        let loud = level.is_none_or(|l| l > LOUD_DBOV);
        if let Some(place) = self.slot_of(member) {
            if loud && let Some(h) = self.holders[place].as_mut() {
                h.last_loud = now;
            }
            // The extra place moves up to a regular one as soon as one is free or quiet, so that
            // listeners hear it too.
            if place == AUDIO_SLOTS
                && loud
                && let Some(regular) = self.free_or_quiet(now, AUDIO_SLOTS)
            {
                self.holders[place] = None;
                return Some(self.take(now, member, regular));
            }
            return Some(Placement {
                slot: place,
                replaced: None,
            });
        }
        let place = match self.holders.iter().position(Option::is_none) {
            Some(free) => free,
            None if !loud => return None,
            None => self.free_or_quiet(now, PLACES)?,
        };
        Some(self.take(now, member, place))
    }

    /// Among the first `count` places: a free one, else the one whose holder has been quiet
    /// longest, if that is at least [`HOLD`].
    fn free_or_quiet(&self, now: Instant, count: usize) -> Option<usize> {
        let places = &self.holders[..count];
        if let Some(free) = places.iter().position(Option::is_none) {
            return Some(free);
        }
        let (place, quietest) = places
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.map(|h| (i, h)))
            .min_by_key(|(_, h)| h.last_loud)?;
        (now.saturating_duration_since(quietest.last_loud) >= HOLD).then_some(place)
    }

    /// Gives `place` to `member`.
    fn take(&mut self, now: Instant, member: MemberId, place: usize) -> Placement {
        let replaced = self.holders[place].map(|h| h.member);
        self.holders[place] = Some(Holder {
            member,
            last_loud: now,
        });
        Placement {
            slot: place,
            replaced,
        }
    }

    /// The slot on which `subscriber` hears the holder of `place`, if it hears it.
    pub(crate) fn slot_for(&self, subscriber: MemberId, place: usize) -> Option<usize> {
        if place < AUDIO_SLOTS {
            return Some(place);
        }
        self.slot_of(subscriber).filter(|own| *own < AUDIO_SLOTS)
    }

    /// The place `member` holds.
    pub(crate) fn slot_of(&self, member: MemberId) -> Option<usize> {
        self.holders
            .iter()
            .position(|h| h.is_some_and(|h| h.member == member))
    }

    /// Frees `member`'s place (muted, gone, moved to another group); returns it.
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
        for m in 0..=AUDIO_SLOTS as u64 {
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
        // All four places spoke just now: a fifth voice is not heard yet, silence never.
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
        s.on_packet(t + Duration::from_millis(400), 3, LOUD);
        // 0 and 2 keep talking; 1 fell silent at 200 ms.
        let later = t + HOLD + Duration::from_millis(300);
        s.on_packet(later, 0, LOUD);
        s.on_packet(later, 2, LOUD);
        let early = t + Duration::from_millis(200) + HOLD - Duration::from_millis(1);
        assert_eq!(s.on_packet(early, 7, LOUD), None, "1 still holds its place");
        // 3, on the extra place, speaks on: it moves up to the place of 1, quiet for long.
        assert_eq!(
            s.on_packet(later, 3, LOUD),
            Some(Placement {
                slot: 1,
                replaced: Some(1)
            })
        );
        assert_eq!(s.slot_of(1), None);
        assert_eq!(
            s.on_packet(later, 7, LOUD).map(|p| p.slot),
            Some(AUDIO_SLOTS),
            "a new voice takes the extra place"
        );
        assert_eq!(s.release(7), Some(AUDIO_SLOTS));
        assert_eq!(
            s.on_packet(later, 1, LOUD).map(|p| p.slot),
            Some(AUDIO_SLOTS)
        );
        assert!(!s.is_empty());
    }

    #[test]
    fn a_speaker_hears_the_extra_place_on_its_own_slot() {
        let t = Instant::now();
        let mut s = SpeakerSlots::default();
        for m in 0..=AUDIO_SLOTS as u64 {
            s.on_packet(t, m, LOUD);
        }
        let extra = AUDIO_SLOTS;
        assert_eq!(
            s.slot_for(9, 1),
            Some(1),
            "a listener hears place 1 on slot 1"
        );
        assert_eq!(s.slot_for(9, extra), None, "and not the extra place");
        assert_eq!(
            s.slot_for(1, extra),
            Some(1),
            "holder 1 hears it instead of itself"
        );
        assert_eq!(s.slot_for(3, extra), None, "its own holder does not");
        // Place 2 falls quiet: the extra place's holder moves there, and listeners hear it.
        let later = t + HOLD + Duration::from_millis(100);
        s.on_packet(later, 0, LOUD);
        s.on_packet(later, 1, LOUD);
        assert_eq!(
            s.on_packet(later, 3, LOUD),
            Some(Placement {
                slot: 2,
                replaced: Some(2)
            })
        );
        assert_eq!(s.slot_of(3), Some(2));
        assert_eq!(s.slot_of(2), None);
    }
}
