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
    view: View,
}

/// What a participant shows, like a gallery page of the web client.
#[derive(Clone, Copy, Debug)]
pub struct View {
    /// Camera video slots asked for: the first this many cameras (in the order they were
    /// switched on) are subscribed.
    pub tiles: u8,
    /// How many of those are shown large (the speaker view).
    pub large: usize,
}

impl Default for View {
    fn default() -> View {
        View {
            tiles: MAX_VIDEO_SLOTS,
            large: 0,
        }
    }
}

impl Plenum {
    /// A client for the server at `base`.
    pub fn new(base: &str) -> Plenum {
        Plenum {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::Client::new(),
            view: View::default(),
        }
    }

    /// The same server, its participants showing `view`.
    pub fn showing(self, view: View) -> Plenum {
        Plenum { view, ..self }
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
        let microphone = peer.publish.as_ref().is_some_and(|p| p.audio.is_some());
        let has_video = peer.publish.as_ref().is_some_and(|p| p.video.is_some());
        // The adapting subscriber of a bad-network run shows everyone large.
        let shows_large = peer.adaptation.is_some();
        let view = self.view;
        let (in_tx, in_rx) = mpsc::channel(8);
        let (out_tx, mut out_rx) = mpsc::channel(8);
        let me = ticket.participant_id.clone();
        // Like a gallery page: the video of those whose camera is on, in the order they
        // switched it on; the first `view.tiles` of them are on the page.
        let mut cameras: Vec<ParticipantId> = Vec::new();
        let mut shown: Vec<ParticipantId> = Vec::new();
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
                        Some(Signal::Offer(sdp)) => ws.send(send(ClientCommand::Media(MediaCommand::Offer { sdp, video_slots: Some(view.tiles) }))).await?,
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
                        match env.event {
                            ServerEvent::Control(ControlEvent::Joined { participants, .. }) => {
                                cameras = participants.into_iter().filter(|p| p.video && p.id != me).map(|p| p.id).collect();
                                ws.send(send(ClientCommand::Control(ControlCommand::UpdateMedia { audio: microphone, video: has_video, screen: false }))).await?;
                            }
                            ServerEvent::Control(ControlEvent::ParticipantUpdated { participant }) if participant.id != me => {
                                let known = cameras.contains(&participant.id);
                                if participant.video && !known {
                                    cameras.push(participant.id);
                                } else if !participant.video && known {
                                    cameras.retain(|c| *c != participant.id);
                                }
                            }
                            ServerEvent::Control(ControlEvent::ParticipantLeft { participant_id, .. }) => {
                                cameras.retain(|c| *c != participant_id);
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
                        let page: Vec<ParticipantId> = cameras.iter().take(usize::from(view.tiles)).cloned().collect();
                        if page != shown {
                            shown = page;
                            let large: Vec<ParticipantId> = if shows_large {
                                shown.clone()
                            } else {
                                shown.iter().take(view.large).cloned().collect()
                            };
                            let large = (!large.is_empty()).then_some(large);
                            ws.send(send(ClientCommand::Media(MediaCommand::Subscribe { video: shown.clone(), large }))).await?;
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
