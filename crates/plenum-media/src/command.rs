//! What goes into and comes out of the [`crate::Sfu`].

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

/// A room, as the SFU knows it: a set of peers that forward to each other.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoomKey(pub Arc<str>);

/// A participant's media session within a room.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerKey(pub Arc<str>);

impl fmt::Display for RoomKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for PeerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Audio, camera video or a shared screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Audio.
    Audio,
    /// Camera video (the first video transceiver of a client's offer).
    Video,
    /// A shared screen (the second video transceiver); forwarded to everyone.
    Screen,
}

/// A request from a room. Permission checks happened in the room already.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SfuCommand {
    /// Start (or restart) a peer's session with the client's offer.
    Offer {
        /// Room.
        room: RoomKey,
        /// Peer.
        peer: PeerKey,
        /// Echoed in the answer.
        command_id: Option<u32>,
        /// SDP offer.
        sdp: String,
        /// How many camera videos the client shows at once at most: its camera video slots
        /// (at most [`crate::MAX_VIDEO_SLOTS`]).
        video_slots: usize,
    },
    /// The client's answer to the SFU's pending offer.
    Answer {
        /// Room.
        room: RoomKey,
        /// Peer.
        peer: PeerKey,
        /// Echoed on rejection.
        command_id: Option<u32>,
        /// SDP answer.
        sdp: String,
    },
    /// The publishers whose video this peer wants, in its order; the first ones get its video
    /// slots.
    SubscribeVideo {
        /// Room.
        room: RoomKey,
        /// The subscriber.
        peer: PeerKey,
        /// Publishers.
        publishers: Vec<PeerKey>,
        /// Those of them shown large: they get the largest simulcast layer, the others the
        /// smallest.
        large: Vec<PeerKey>,
    },
    /// Whether this peer's audio, camera video and screen are forwarded at all.
    SetPublishing {
        /// Room.
        room: RoomKey,
        /// The publisher.
        peer: PeerKey,
        /// Forward audio.
        audio: bool,
        /// Forward camera video.
        video: bool,
        /// Forward the screen share.
        screen: bool,
    },
    /// Which forwarding group of its room the peer is in (`None`: the room's main group).
    /// Media flows only between peers of the same group; moving a peer changes who receives
    /// whom and needs no renegotiation (every peer keeps its tracks for everyone in the room).
    SetGroup {
        /// Room.
        room: RoomKey,
        /// The peer.
        peer: PeerKey,
        /// The group (a breakout room's number).
        group: Option<u32>,
    },
    /// Drop the peer and everything it published.
    RemovePeer {
        /// Room.
        room: RoomKey,
        /// Peer.
        peer: PeerKey,
    },
}

/// Whose media one of a peer's receive slots carries now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackInfo {
    /// The slot's transceiver mid.
    pub mid: String,
    /// Whose media it carries.
    pub publisher: PeerKey,
    /// Audio or video.
    pub kind: Kind,
    /// A camera slot switched off for the subscriber's bandwidth (it resumes when there is room).
    pub paused: bool,
}

/// News for a room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SfuEvent {
    /// Answer to a peer's offer.
    Answer {
        /// Room.
        room: RoomKey,
        /// Peer.
        peer: PeerKey,
        /// The offer's command id.
        command_id: Option<u32>,
        /// SDP answer.
        sdp: String,
    },
    /// The SFU offers a peer's receive slots (once per session).
    Offer {
        /// Room.
        room: RoomKey,
        /// Peer.
        peer: PeerKey,
        /// SDP offer.
        sdp: String,
        /// The slot map: whose media each slot carries now.
        tracks: Vec<TrackInfo>,
    },
    /// Whose media a peer's receive slots carry changed.
    Tracks {
        /// Room.
        room: RoomKey,
        /// Peer.
        peer: PeerKey,
        /// The whole slot map: every slot that carries someone.
        tracks: Vec<TrackInfo>,
    },
    /// An offer or answer could not be used.
    Rejected {
        /// Room.
        room: RoomKey,
        /// Peer.
        peer: PeerKey,
        /// The command id.
        command_id: Option<u32>,
        /// Why.
        reason: String,
    },
    /// Dynacast: which simulcast layers of a publisher's video anyone receives; the publisher
    /// pauses the others (and resumes them when they are named again).
    Layers {
        /// Room.
        room: RoomKey,
        /// The publisher.
        peer: PeerKey,
        /// The camera or the screen.
        kind: Kind,
        /// The stream ids (`rid`) of the layers to send.
        active: Vec<String>,
    },
    /// A publisher started or stopped speaking.
    Speaking {
        /// Room.
        room: RoomKey,
        /// Publisher.
        peer: PeerKey,
        /// Speaking now.
        speaking: bool,
        /// When the voice began (for `true`) or ended (for `false`).
        at: std::time::Instant,
    },
}

impl SfuEvent {
    /// The room this event is for.
    pub fn room(&self) -> &RoomKey {
        match self {
            SfuEvent::Answer { room, .. }
            | SfuEvent::Offer { room, .. }
            | SfuEvent::Tracks { room, .. }
            | SfuEvent::Rejected { room, .. }
            | SfuEvent::Layers { room, .. }
            | SfuEvent::Speaking { room, .. } => room,
        }
    }
}

/// One thing the runtime must do.
#[derive(Debug)]
pub enum SfuOutput {
    /// Send this datagram from the media socket.
    Transmit {
        /// Where to.
        destination: SocketAddr,
        /// The datagram.
        contents: Vec<u8>,
    },
    /// Deliver this event to its room.
    Event(SfuEvent),
}
