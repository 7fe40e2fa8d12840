//! One peer's WebRTC session: the str0m [`Rtc`], the tracks it publishes, the tracks the SFU
//! sends to it and their negotiation state.

use crate::command::{Kind, PeerKey, TrackInfo};
use crate::keyframe::KeyframeGate;
use std::sync::Arc;
use std::time::Instant;
use str0m::Rtc;
use str0m::change::{SdpAnswer, SdpPendingOffer};
use str0m::format::PayloadParams;
use str0m::media::{Direction, KeyframeRequestKind, MediaKind, Mid, Pt};
use str0m::rtp::{ExtensionValues, RtpWrite, Ssrc};

/// A track the peer sends to the SFU.
pub(crate) struct Published {
    pub(crate) mid: Mid,
    pub(crate) kind: Kind,
    pub(crate) keyframe: KeyframeGate,
    /// Highest extended sequence number received (to notice loss).
    pub(crate) last_seq: Option<u64>,
    /// Media has arrived on it, so subscribers were given a track for it. Transceivers that
    /// never carry media (no camera, listen-only) cost subscribers nothing.
    pub(crate) announced: bool,
    /// The codec of the last payload type seen (looked up once, not per packet).
    pub(crate) params: Option<PayloadParams>,
}

/// One received packet, as every subscriber's copy is made from it.
pub(crate) struct Relay {
    pub(crate) kind: Kind,
    pub(crate) source: Ssrc,
    /// Extended sequence number.
    pub(crate) seq: u64,
    pub(crate) time: u32,
    /// RTP ticks of one frame (to continue the time when the source changes).
    pub(crate) frame_ticks: u32,
    pub(crate) wallclock: Instant,
    /// The publisher's payload type and its codec.
    pub(crate) pt: Pt,
    pub(crate) params: PayloadParams,
    pub(crate) marker: bool,
    pub(crate) ext: ExtensionValues,
    pub(crate) payload: Arc<[u8]>,
}

/// Where a track the SFU sends to the peer stands in negotiation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OutState {
    /// Needs an m-line in the next offer.
    ToOpen,
    /// Offered, answer pending.
    Negotiating(Mid),
    /// Negotiated; media flows.
    Open(Mid),
    /// The publisher left; stop in the next offer.
    ToStop(Mid),
    /// Stop offered, answer pending.
    Stopping(Mid),
}

/// A track the SFU sends to the peer: one per other publisher and kind.
struct Outgoing {
    publisher: PeerKey,
    kind: Kind,
    state: OutState,
    /// The publisher left while this track was being negotiated.
    removed: bool,
    rewrite: Rewrite,
    /// The SSRC of the str0m stream behind the open track (found by mid once, then by SSRC).
    tx: Option<Ssrc>,
}

/// Maps a publisher's RTP numbering onto one outgoing stream, so that the subscriber sees one
/// continuous stream even when the publisher's session (and SSRC) is replaced, and no loss when
/// the SFU paused the stream on purpose (muted, unsubscribed, another breakout room): after a
/// pause the sequence numbers go on where they stopped, while the RTP time keeps the real gap.
#[derive(Debug, Default)]
pub(crate) struct Rewrite {
    source: Option<Ssrc>,
    /// The SFU stopped forwarding on purpose; the next packet continues the numbering.
    paused: bool,
    seq_offset: i128,
    ts_offset: u32,
    last_seq: Option<u64>,
    last_ts: Option<u32>,
    /// Last payload-type translation (publisher's PT, subscriber's PT).
    pt: Option<(Pt, Pt)>,
}

impl Rewrite {
    /// The SFU stops forwarding to this stream for a while.
    pub(crate) fn pause(&mut self) {
        self.paused = true;
    }

    /// The outgoing extended sequence number and RTP time for an incoming packet.
    pub(crate) fn map(
        &mut self,
        source: Ssrc,
        seq: u64,
        time: u32,
        frame_ticks: u32,
    ) -> (u64, u32) {
        if self.source != Some(source) {
            // A new source continues right after what the subscriber has seen; the very first
            // starts with a rollover counter of 0, which the subscriber assumes.
            let next_seq = self.last_seq.map_or(seq & 0xffff, |l| l + 1);
            self.seq_offset = i128::from(next_seq) - i128::from(seq);
            let next_time = self.last_ts.map_or(time, |l| l.wrapping_add(frame_ticks));
            self.ts_offset = next_time.wrapping_sub(time);
            self.source = Some(source);
        } else if self.paused
            && let Some(last) = self.last_seq
        {
            self.seq_offset = i128::from(last + 1) - i128::from(seq);
        }
        self.paused = false;
        let out_seq = u64::try_from(i128::from(seq) + self.seq_offset).unwrap_or_default();
        let out_time = time.wrapping_add(self.ts_offset);
        self.last_seq = Some(self.last_seq.map_or(out_seq, |l| l.max(out_seq)));
        self.last_ts = Some(out_time);
        (out_seq, out_time)
    }
}

/// One WebRTC session.
pub(crate) struct Session {
    pub(crate) rtc: Rtc,
    pub(crate) published: Vec<Published>,
    /// Which published track each incoming SSRC belongs to.
    sources: Vec<(Ssrc, usize)>,
    outgoing: Vec<Outgoing>,
    pending: Option<SdpPendingOffer>,
    /// When str0m wants `handle_timeout` next.
    pub(crate) next_timeout: Option<Instant>,
}

fn media_kind(k: Kind) -> MediaKind {
    match k {
        Kind::Audio => MediaKind::Audio,
        Kind::Video | Kind::Screen => MediaKind::Video,
    }
}

impl Session {
    pub(crate) fn new(rtc: Rtc) -> Session {
        Session {
            rtc,
            published: Vec::new(),
            sources: Vec::new(),
            outgoing: Vec::new(),
            pending: None,
            next_timeout: None,
        }
    }

    /// The published track an incoming SSRC belongs to (index into `published`).
    pub(crate) fn source(&mut self, ssrc: Ssrc) -> Option<usize> {
        if let Some((_, i)) = self.sources.iter().find(|(s, _)| *s == ssrc) {
            return Some(*i);
        }
        let mut direct = self.rtc.direct_api();
        let mid = direct.stream_rx(&ssrc)?.mid();
        let i = self.published.iter().position(|p| p.mid == mid)?;
        self.sources.push((ssrc, i));
        Some(i)
    }

    pub(crate) fn published_kind(&mut self, kind: Kind) -> Option<&mut Published> {
        self.published.iter_mut().find(|p| p.kind == kind)
    }

    /// What a newly added receiving transceiver carries: audio; the first video is the
    /// camera, a second one the screen (further ones are not used).
    pub(crate) fn kind_of_new(&self, media: MediaKind) -> Option<Kind> {
        match media {
            MediaKind::Audio => {
                (!self.published.iter().any(|p| p.kind == Kind::Audio)).then_some(Kind::Audio)
            }
            MediaKind::Video => [Kind::Video, Kind::Screen]
                .into_iter()
                .find(|k| !self.published.iter().any(|p| p.kind == *k)),
        }
    }

    /// Marks the streams this session receives from `publisher` (of `kind`, or of every kind)
    /// as paused on purpose.
    pub(crate) fn pause(&mut self, publisher: Option<&PeerKey>, kind: Option<Kind>) {
        for o in &mut self.outgoing {
            if publisher.is_none_or(|p| *p == o.publisher) && kind.is_none_or(|k| k == o.kind) {
                o.rewrite.pause();
            }
        }
    }

    /// Writes `packet` from `publisher` on the open track that carries it to this peer,
    /// renumbered and with this peer's payload type. Returns false when no such track is open
    /// or the codec was not negotiated here. One pass over the tracks, a hash lookup for the
    /// stream: this runs once per packet and subscriber.
    pub(crate) fn relay(&mut self, publisher: &PeerKey, packet: &Relay) -> bool {
        let Some(track) = self
            .outgoing
            .iter_mut()
            .find(|o| !o.removed && o.kind == packet.kind && &o.publisher == publisher)
        else {
            return false;
        };
        let OutState::Open(mid) = track.state else {
            return false;
        };
        let pt = match track.rewrite.pt {
            Some((from, to)) if from == packet.pt => to,
            _ => {
                let Some(pt) = self
                    .rtc
                    .codec_config()
                    .match_params(packet.params)
                    .map(|p| p.pt())
                else {
                    return false;
                };
                track.rewrite.pt = Some((packet.pt, pt));
                pt
            }
        };
        let (seq_no, time) =
            track
                .rewrite
                .map(packet.source, packet.seq, packet.time, packet.frame_ticks);
        let mut direct = self.rtc.direct_api();
        let ssrc = match track.tx {
            Some(ssrc) => ssrc,
            None => {
                let Some(stream) = direct.stream_tx_by_mid(mid, None) else {
                    return false;
                };
                let ssrc = stream.ssrc();
                track.tx = Some(ssrc);
                ssrc
            }
        };
        let Some(stream) = direct.stream_tx(&ssrc) else {
            track.tx = None;
            return false;
        };
        let write = RtpWrite::new(
            pt,
            seq_no.into(),
            time,
            packet.wallclock,
            packet.payload.clone(),
        )
        .marker(packet.marker)
        .ext_vals(packet.ext.clone())
        .nackable(packet.kind != Kind::Audio);
        stream.write_rtp(write);
        true
    }

    /// The codec of payload type `pt` on published track `index`.
    pub(crate) fn params_of(&mut self, index: usize, pt: Pt) -> Option<PayloadParams> {
        let published = self.published.get_mut(index)?;
        if let Some(params) = published.params.filter(|p| p.pt() == pt) {
            return Some(params);
        }
        let params = self.rtc.codec_config().find(|p| p.pt() == pt).copied()?;
        published.params = Some(params);
        Some(params)
    }

    /// The mid on which `publisher`'s `kind` flows to this peer, once negotiated.
    pub(crate) fn open_mid(&self, publisher: &PeerKey, kind: Kind) -> Option<Mid> {
        self.outgoing.iter().find_map(|o| match o.state {
            OutState::Open(mid) if !o.removed && o.kind == kind && &o.publisher == publisher => {
                Some(mid)
            }
            _ => None,
        })
    }

    /// Whose track flows on `mid`.
    pub(crate) fn publisher_of(&self, mid: Mid) -> Option<(&PeerKey, Kind)> {
        self.outgoing
            .iter()
            .find(|o| o.state == OutState::Open(mid))
            .map(|o| (&o.publisher, o.kind))
    }

    /// Plans a track from `publisher` unless one exists. Returns `true` if one was added.
    pub(crate) fn add_outgoing(&mut self, publisher: &PeerKey, kind: Kind) -> bool {
        if self
            .outgoing
            .iter()
            .any(|o| !o.removed && o.kind == kind && &o.publisher == publisher)
        {
            return false;
        }
        self.outgoing.push(Outgoing {
            publisher: publisher.clone(),
            kind,
            state: OutState::ToOpen,
            removed: false,
            rewrite: Rewrite::default(),
            tx: None,
        });
        true
    }

    /// Plans to stop every track from `publisher`. Returns `true` if anything changed.
    pub(crate) fn remove_publisher(&mut self, publisher: &PeerKey) -> bool {
        let mut changed = false;
        self.outgoing.retain_mut(|o| {
            if &o.publisher != publisher || o.removed {
                return true;
            }
            changed = true;
            match o.state {
                OutState::ToOpen => false,
                OutState::Open(mid) => {
                    o.state = OutState::ToStop(mid);
                    o.removed = true;
                    true
                }
                OutState::Negotiating(_) | OutState::ToStop(_) | OutState::Stopping(_) => {
                    o.removed = true;
                    true
                }
            }
        });
        changed
    }

    /// Creates the next offer if changes are planned and no offer is outstanding.
    pub(crate) fn negotiate(&mut self) -> Option<(String, Vec<TrackInfo>)> {
        if self.pending.is_some() {
            return None;
        }
        let mut api = self.rtc.sdp_api();
        for o in &mut self.outgoing {
            match o.state {
                OutState::ToOpen => {
                    let stream = Some(o.publisher.to_string());
                    let mid =
                        api.add_media(media_kind(o.kind), Direction::SendOnly, stream, None, None);
                    o.state = OutState::Negotiating(mid);
                }
                OutState::ToStop(mid) => {
                    api.stop_media(mid);
                    o.state = OutState::Stopping(mid);
                }
                _ => {}
            }
        }
        if !api.has_changes() {
            return None;
        }
        let (offer, pending) = api.apply()?;
        self.pending = Some(pending);
        let tracks = self
            .outgoing
            .iter()
            .filter(|o| !o.removed)
            .filter_map(|o| match o.state {
                OutState::Negotiating(mid) | OutState::Open(mid) => Some(TrackInfo {
                    mid: mid.to_string(),
                    publisher: o.publisher.clone(),
                    kind: o.kind,
                }),
                _ => None,
            })
            .collect();
        Some((offer.to_sdp_string(), tracks))
    }

    /// Applies the client's answer; returns the tracks that just opened.
    pub(crate) fn accept_answer(&mut self, sdp: &str) -> Result<Vec<(PeerKey, Kind)>, String> {
        let pending = self.pending.take().ok_or("no offer is pending")?;
        let answer = SdpAnswer::from_sdp_string(sdp).map_err(|e| {
            tracing::debug!(error = %e, "unreadable SDP answer");
            "the SDP answer could not be read".to_owned()
        })?;
        self.rtc
            .sdp_api()
            .accept_answer(pending, answer)
            .map_err(|e| {
                tracing::debug!(error = %e, "SDP answer not accepted");
                "the SDP answer does not match the node's offer".to_owned()
            })?;
        let mut opened = Vec::new();
        self.outgoing.retain_mut(|o| match o.state {
            OutState::Negotiating(mid) if o.removed => {
                o.state = OutState::ToStop(mid);
                true
            }
            OutState::Negotiating(mid) => {
                o.state = OutState::Open(mid);
                opened.push((o.publisher.clone(), o.kind));
                true
            }
            OutState::Stopping(_) => false,
            _ => true,
        });
        Ok(opened)
    }

    /// Sends a keyframe request for the published video now.
    pub(crate) fn send_keyframe_request(&mut self, mid: Mid) {
        let mut direct = self.rtc.direct_api();
        match direct.stream_rx_by_mid(mid, None) {
            Some(stream) => stream.request_keyframe(KeyframeRequestKind::Pli),
            None => tracing::debug!(%mid, "keyframe request before the stream is known"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rewrite;
    use str0m::rtp::Ssrc;

    #[test]
    fn a_pause_leaves_no_hole_but_a_loss_stays_one() {
        let source = Ssrc::from(7);
        let mut r = Rewrite::default();
        let mapped: Vec<u64> = (100..105).map(|s| r.map(source, s, 0, 960).0).collect();
        assert_eq!(mapped, [100, 101, 102, 103, 104]);
        // A real loss (105–108 never arrived): the receiver must see it to ask again.
        assert_eq!(r.map(source, 109, 0, 960).0, 109);
        // The SFU paused the stream while 110–199 went by: no hole.
        r.pause();
        let (seq, time) = r.map(source, 200, 96_000, 960);
        assert_eq!(seq, 110);
        assert_eq!(time, 96_000, "the RTP time keeps the real gap");
        assert_eq!(r.map(source, 201, 96_960, 960).0, 111);
    }
}
