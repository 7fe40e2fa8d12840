//! Translation between the room's media requests/notices and the SFU's commands/events.
//! Both sides name rooms and participants by the same strings.

use plenum_core::{MediaNotice, MediaRequest};
use plenum_media::{Kind, PeerKey, RoomKey, SfuCommand, SfuEvent, TrackInfo};
use plenum_protocol::media::{PauseReason, RemoteTrack, TrackKind};
use plenum_protocol::{ParticipantId, RoomId};
use std::sync::Arc;

fn peer(p: &ParticipantId) -> PeerKey {
    PeerKey(Arc::from(p.as_str()))
}

fn participant(p: &PeerKey) -> Option<ParticipantId> {
    ParticipantId::parse(&p.0)
}

/// The SFU command for a room's request.
pub fn to_sfu(room: &RoomKey, request: MediaRequest) -> SfuCommand {
    let room = room.clone();
    match request {
        MediaRequest::Offer {
            participant,
            command_id,
            sdp,
            video_slots,
        } => SfuCommand::Offer {
            room,
            peer: peer(&participant),
            command_id,
            sdp,
            video_slots: usize::from(video_slots),
        },
        MediaRequest::Answer {
            participant,
            command_id,
            sdp,
        } => SfuCommand::Answer {
            room,
            peer: peer(&participant),
            command_id,
            sdp,
        },
        MediaRequest::SubscribeVideo {
            participant,
            publishers,
            large,
        } => SfuCommand::SubscribeVideo {
            room,
            peer: peer(&participant),
            publishers: publishers.iter().map(peer).collect(),
            large: large.iter().map(peer).collect(),
        },
        MediaRequest::SetPublishing {
            participant,
            audio,
            video,
            screen,
        } => SfuCommand::SetPublishing {
            room,
            peer: peer(&participant),
            audio,
            video,
            screen,
        },
        MediaRequest::SetBreakoutRoom {
            participant,
            room: group,
        } => SfuCommand::SetGroup {
            room,
            peer: peer(&participant),
            group,
        },
        MediaRequest::RemovePeer { participant } => SfuCommand::RemovePeer {
            room,
            peer: peer(&participant),
        },
    }
}

/// The SFU's room key for a room.
pub fn room_key(room: &RoomId) -> RoomKey {
    RoomKey(Arc::from(room.as_str()))
}

/// The room's name for a kind of track.
fn track_kind(kind: Kind) -> TrackKind {
    match kind {
        Kind::Audio => TrackKind::Audio,
        Kind::Video => TrackKind::Video,
        Kind::Screen => TrackKind::Screen,
    }
}

/// A slot map in the room's terms (publishers whose names are not valid ids are left out).
fn slot_map(tracks: Vec<TrackInfo>) -> Vec<RemoteTrack> {
    tracks
        .into_iter()
        .filter_map(|t| {
            Some(RemoteTrack {
                participant_id: participant(&t.publisher)?,
                mid: t.mid,
                kind: track_kind(t.kind),
                paused: t.paused.then_some(PauseReason::Bandwidth),
            })
        })
        .collect()
}

/// The room and notice for an SFU event (`None` if the names are not valid ids).
pub fn to_notice(event: SfuEvent) -> Option<(RoomId, MediaNotice)> {
    let room = RoomId::parse(&event.room().0)?;
    let notice = match event {
        SfuEvent::Answer {
            peer,
            command_id,
            sdp,
            ..
        } => MediaNotice::Answer {
            participant: participant(&peer)?,
            command_id,
            sdp,
        },
        SfuEvent::Offer {
            peer, sdp, tracks, ..
        } => MediaNotice::Offer {
            participant: participant(&peer)?,
            sdp,
            tracks: slot_map(tracks),
        },
        SfuEvent::Tracks { peer, tracks, .. } => MediaNotice::Tracks {
            participant: participant(&peer)?,
            tracks: slot_map(tracks),
        },
        SfuEvent::Layers {
            peer, kind, active, ..
        } => MediaNotice::Layers {
            participant: participant(&peer)?,
            kind: track_kind(kind),
            active,
        },
        SfuEvent::Rejected {
            peer,
            command_id,
            reason,
            ..
        } => MediaNotice::Rejected {
            participant: participant(&peer)?,
            command_id,
            reason,
        },
        SfuEvent::Speaking {
            peer, speaking, at, ..
        } => MediaNotice::Speaking {
            participant: participant(&peer)?,
            speaking,
            at,
        },
    };
    Some((room, notice))
}
