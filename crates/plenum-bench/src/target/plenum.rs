//! Plenum through its real API: a room per scenario room, a ticket per participant, the node's
//! WebSocket for signaling, and the SFU for media.

use crate::metrics::Metrics;
use crate::rtc_peer::{self, PeerConfig, Ready, Signal};
use anyhow::{Context, Result, bail};
use futures_util::{SinkExt, StreamExt};
use plenum_protocol::api::{RoomCreated, TicketGranted, TicketRequest};
use plenum_protocol::control::{ControlCommand, ControlEvent};
use plenum_protocol::media::{MAX_VIDEO_SLOTS, MediaCommand, MediaEvent};
use plenum_protocol::{ClientCommand, ClientEnvelope, ParticipantId, ServerEnvelope, ServerEvent};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use str0m::config::CryptoProvider;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;

/// A Plenum server at `base` (for example `http://127.0.0.1:8080`).
#[derive(Clone)]
pub struct Plenum {
    base: String,
    http: reqwest::Client,
}

impl Plenum {
    /// A client for the server at `base`.
    pub fn new(base: &str) -> Plenum {
        Plenum {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::Client::new(),
        }
    }

    /// Creates a room.
    pub async fn create_room(&self) -> Result<String> {
        let created: RoomCreated = self
            .http
            .post(format!("{}/api/v1/rooms", self.base))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(created.id.to_string())
    }

    /// Joins `room` as `name` and runs until `stop`.
    #[allow(clippy::too_many_arguments)]
    pub async fn participant(
        self,
        room: String,
        name: String,
        peer: PeerConfig,
        crypto: Arc<CryptoProvider>,
        metrics: Arc<Metrics>,
        ready: Ready,
        stop: CancellationToken,
    ) -> Result<()> {
        let ticket: TicketGranted = self
            .http
            .post(format!("{}/api/v1/rooms/{room}/tickets", self.base))
            .json(&TicketRequest {
                display_name: name,
                password: None,
                guest_token: None,
                owner_key: None,
                guest_key: None,
            })
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let ws_url = format!("{}{}", self.base.replacen("http", "ws", 1), ticket.ws_url);
        let (mut ws, _) = tokio_tungstenite::connect_async(ws_url)
            .await
            .context("websocket")?;
        let send = |command: ClientCommand| {
            let text = serde_json::to_string(&ClientEnvelope { id: None, command })
                .expect("wire types serialise");
            Message::Text(text.into())
        };
        ws.send(send(ClientCommand::Control(ControlCommand::Join {
            ticket: ticket.ticket,
            audio: false,
            video: false,
        })))
        .await?;
        let publishing = peer.publish.is_some();
        let has_video = peer.publish.as_ref().is_some_and(|p| p.video.is_some());
        let shows_large = peer.adaptation.is_some();
        let (in_tx, in_rx) = mpsc::channel(8);
        let (out_tx, mut out_rx) = mpsc::channel(8);
        let me = ticket.participant_id.clone();
        // Like a gallery page: the video of those whose camera is on.
        let mut cameras: BTreeSet<ParticipantId> = BTreeSet::new();
        let peer_stop = stop.child_token();
        let rtc = tokio::spawn(rtc_peer::run(
            peer,
            crypto,
            metrics.clone(),
            in_rx,
            out_tx,
            ready,
            peer_stop.clone(),
        ));
        let mut ping = tokio::time::interval(Duration::from_secs(2));
        let mut last_sdp = 0;
        let result: Result<()> = async {
            loop {
                tokio::select! {
                    () = stop.cancelled() => {
                        let _ = ws.send(send(ClientCommand::Control(ControlCommand::Leave))).await;
                        return Ok(());
                    }
                    _ = ping.tick() => ws.send(send(ClientCommand::Control(ControlCommand::Ping))).await?,
                    out = out_rx.recv() => match out {
                        Some(Signal::Offer(sdp)) => ws.send(send(ClientCommand::Media(MediaCommand::Offer { sdp, video_slots: Some(MAX_VIDEO_SLOTS) }))).await?,
                        Some(Signal::Answer(sdp)) => ws.send(send(ClientCommand::Media(MediaCommand::Answer { sdp }))).await?,
                        Some(Signal::Layers(_)) => {} // only ever sent to a peer
                        None => bail!("media peer ended"),
                    },
                    msg = ws.next() => {
                        let Some(Ok(Message::Text(text))) = msg else { bail!("signaling ended: {msg:?}") };
                        let env: ServerEnvelope = serde_json::from_str(&text)?;
                        // Heartbeat answers are not the cost of a join.
                        if !matches!(env.event, ServerEvent::Control(ControlEvent::Pong)) {
                            metrics.signaling(text.len());
                        }
                        let mut changed = false;
                        match env.event {
                            ServerEvent::Control(ControlEvent::Joined { participants, .. }) => {
                                cameras = participants.into_iter().filter(|p| p.video && p.id != me).map(|p| p.id).collect();
                                changed = true;
                                ws.send(send(ClientCommand::Control(ControlCommand::UpdateMedia { audio: publishing, video: has_video, screen: false }))).await?;
                            }
                            ServerEvent::Control(ControlEvent::ParticipantUpdated { participant }) if participant.id != me => {
                                changed = if participant.video {
                                    cameras.insert(participant.id)
                                } else {
                                    cameras.remove(&participant.id)
                                };
                            }
                            ServerEvent::Control(ControlEvent::ParticipantLeft { participant_id, .. }) => {
                                changed = cameras.remove(&participant_id);
                            }
                            ServerEvent::Media(MediaEvent::Answer { sdp }) => {
                                last_sdp = sdp.len();
                                in_tx.send(Signal::Answer(sdp)).await?;
                            }
                            ServerEvent::Media(MediaEvent::Offer { sdp, .. }) => {
                                metrics.offer();
                                last_sdp = sdp.len();
                                in_tx.send(Signal::Offer(sdp)).await?;
                            }
                            ServerEvent::Media(MediaEvent::Layers { active, .. }) => {
                                in_tx.send(Signal::Layers(active)).await?;
                            }
                            ServerEvent::Error(e) => bail!("plenum refused a command: {e:?}"),
                            _ => {}
                        }
                        if changed {
                            let video: Vec<ParticipantId> = cameras.iter().cloned().collect();
                            let large = shows_large.then(|| video.clone());
                            ws.send(send(ClientCommand::Media(MediaCommand::Subscribe { video, large }))).await?;
                        }
                    }
                }
            }
        }
        .await;
        metrics.final_sdp(last_sdp);
        peer_stop.cancel();
        let peer_result = rtc.await?;
        result.and(peer_result)
    }
}
