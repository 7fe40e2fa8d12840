//! A peer as the SFU keeps it: what the room decided (forwarding, subscriptions) and the
//! current WebRTC session, which a client may replace with a new offer at any time.

use crate::command::{Kind, PeerKey, RoomKey};
use crate::session::Session;
use crate::speaking::SpeakingDetector;
use std::collections::{BTreeSet, HashSet};

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
    /// Publishers whose video this peer receives.
    pub(crate) subscribed_video: HashSet<PeerKey>,
    /// Kinds this peer has ever published; survives session restarts so that subscribers'
    /// transceivers stay in place while the publisher reconnects.
    pub(crate) published_kinds: BTreeSet<Kind>,
    pub(crate) speaking: SpeakingDetector,
    pub(crate) session: Option<Session>,
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
            subscribed_video: HashSet::new(),
            published_kinds: BTreeSet::new(),
            speaking: SpeakingDetector::default(),
            session: None,
        }
    }
}
