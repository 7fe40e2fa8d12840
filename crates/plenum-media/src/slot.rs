//! A receive slot: one transceiver on which the SFU sends a subscriber audio, a camera or a
//! shared screen, whose source (a publisher) changes while the transceiver stays. Slots are
//! negotiated once, when the session starts; who is on which slot is told to the client as a
//! map (`media/tracks`), never by a new offer. Not the choice of sources (see `speakers.rs` and
//! the SFU) and not the numbering arithmetic (see `numbering.rs`).

use crate::command::Kind;
use crate::layers::Size;
use crate::member::MemberId;
use crate::numbering::Numbering;
use str0m::media::{Mid, Pt};
use str0m::rtp::Ssrc;

/// One line of the slot map as the client is told it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MapEntry {
    pub(crate) mid: Mid,
    pub(crate) source: MemberId,
    pub(crate) kind: Kind,
    /// Switched off: the subscriber's bandwidth does not allow even the smallest layer.
    pub(crate) paused: bool,
}

/// Where a slot stands in negotiation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SlotState {
    /// Needs an m-line in the next offer.
    ToOpen,
    /// Offered, answer pending.
    Negotiating(Mid),
    /// Negotiated; media flows.
    Open(Mid),
}

/// One receive slot of a subscriber.
#[derive(Debug)]
pub(crate) struct Slot {
    pub(crate) kind: Kind,
    pub(crate) state: SlotState,
    /// Whose media the slot carries now.
    pub(crate) source: Option<MemberId>,
    /// Video only: nothing goes out until a key frame begins (after a change of source or a
    /// pause), so the subscriber's decoder never sees a picture that refers to one it missed.
    pub(crate) waiting: bool,
    /// How large the subscriber shows it (camera slots; the screen slot is always large).
    pub(crate) size: Size,
    /// Video: the rank of the simulcast layer to carry (see `allocation.rs`; `None`: off,
    /// nothing fits into the subscriber's bandwidth).
    pub(crate) target: Option<usize>,
    /// Video: the simulcast layer (incoming SSRC) on air; another one replaces it at its key
    /// frame.
    pub(crate) layer: Option<Ssrc>,
    pub(crate) numbering: Numbering,
    /// Last payload-type translation (publisher's PT, subscriber's PT).
    pub(crate) pt: Option<(Pt, Pt)>,
    /// The SSRC of the str0m stream behind the open slot (found by mid once, then by SSRC).
    pub(crate) tx: Option<Ssrc>,
}

impl Slot {
    pub(crate) fn new(kind: Kind) -> Slot {
        let size = if kind == Kind::Screen {
            Size::Large
        } else {
            Size::Small
        };
        Slot {
            kind,
            state: SlotState::ToOpen,
            source: None,
            waiting: kind != Kind::Audio,
            size,
            target: Some(size.top()),
            layer: None,
            numbering: Numbering::default(),
            pt: None,
            tx: None,
        }
    }

    /// The slot's mid once it is in an offer.
    pub(crate) fn mid(&self) -> Option<Mid> {
        match self.state {
            SlotState::ToOpen => None,
            SlotState::Negotiating(mid) | SlotState::Open(mid) => Some(mid),
        }
    }

    /// The slot's line of the slot map, while it carries someone.
    pub(crate) fn map_entry(&self) -> Option<MapEntry> {
        Some(MapEntry {
            mid: self.mid()?,
            source: self.source?,
            kind: self.kind,
            paused: self.kind != Kind::Audio && self.target.is_none(),
        })
    }

    /// The SFU stops sending on the slot for a while; the numbering goes on without a hole, and
    /// video waits for a key frame when it resumes.
    pub(crate) fn pause(&mut self) {
        self.numbering.pause();
        self.waiting = self.kind != Kind::Audio;
    }

    /// Takes the layer on air off at once (the subscriber's downlink cannot carry it): the
    /// slot shows nothing until a key frame of the layer it switches to.
    pub(crate) fn cut(&mut self) {
        if self.layer.take().is_some() {
            self.pause();
        }
    }

    /// Gives the slot to `source` (or frees it); returns whether anything changed.
    pub(crate) fn set_source(&mut self, source: Option<MemberId>) -> bool {
        if self.source == source {
            return false;
        }
        self.source = source;
        self.layer = None;
        self.pause();
        true
    }
}
