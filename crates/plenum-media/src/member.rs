//! A peer as the SFU keeps it: what the room decided (forwarding, subscriptions) and the
//! current WebRTC session, which a client may replace with a new offer at any time.

use crate::command::{PeerKey, RoomKey};
use crate::session::Session;
use crate::speaking::SpeakingDetector;
use std::time::Instant;

/// The SFU's own number for a member (stable for the member's life, across session restarts).
pub(crate) type MemberId = u64;

/// One participant's media state.
pub(crate) struct Member {
    pub(crate) room: RoomKey,
    pub(crate) key: PeerKey,
    /// The room allows forwarding this peer's audio (microphone on).
    pub(crate) forward_audio: bool,
    /// The room allows forwarding this peer's video (camera on).
    pub(crate) forward_video: bool,
    /// The room allows forwarding this peer's screen share.
    pub(crate) forward_screen: bool,
    /// The forwarding group within the room (`None`: the main group); media flows only within
    /// a group.
    pub(crate) group: Option<u32>,
    /// Publishers whose camera video this peer wants, in the client's order (the first ones
    /// get the video slots).
    pub(crate) subscribed_video: Vec<MemberId>,
    /// Those of them it shows large (they get the largest simulcast layer).
    pub(crate) large_video: Vec<MemberId>,
    pub(crate) speaking: SpeakingDetector,
    pub(crate) session: Option<Session>,
    /// This member's entry in the SFU's timers (see [`Member::next_wake`]).
    pub(crate) wake: Option<Instant>,
}

impl Member {
    pub(crate) fn new(room: RoomKey, key: PeerKey) -> Member {
        Member {
            room,
            key,
            forward_audio: false,
            forward_video: false,
            forward_screen: false,
            group: None,
            subscribed_video: Vec::new(),
            large_video: Vec::new(),
            speaking: SpeakingDetector::default(),
            session: None,
            wake: None,
        }
    }

    /// When this member needs the SFU's `handle_timeout` next: the end of speaking, str0m's
    /// timers, a deferred keyframe request.
    pub(crate) fn next_wake(&self) -> Option<Instant> {
        let session = self.session.as_ref();
        let rtc = session.and_then(|s| s.next_timeout);
        let keyframes = session
            .into_iter()
            .flat_map(|s| s.published.iter().filter_map(|p| p.keyframe.poll_timeout()));
        self.speaking
            .poll_timeout()
            .into_iter()
            .chain(rtc)
            .chain(keyframes)
            .min()
    }
}
