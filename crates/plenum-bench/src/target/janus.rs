//! Janus 1.1's VideoRoom through its HTTP API (see `janus/PROTOCOL.md`): each participant has a
//! session with a long poll, a publisher handle if it publishes, and one multistream subscriber
//! handle for every other publisher's feed. The same str0m peers as against Plenum.

use crate::metrics::Metrics;
use crate::rtc_peer::{self, PeerConfig, Ready, Signal};
use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use str0m::config::CryptoProvider;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

static TRANSACTION: AtomicU64 = AtomicU64::new(1);

fn transaction() -> String {
    format!("tx{}", TRANSACTION.fetch_add(1, Ordering::Relaxed))
}

/// Janus's HTTP API at `base` (for example `http://127.0.1.1:8088/janus`).
#[derive(Clone)]
pub struct Janus {
    base: String,
    http: reqwest::Client,
}

/// The feeds published in one room, shared by its participants.
pub type Feeds = watch::Sender<BTreeSet<u64>>;

struct Session {
    janus: Janus,
    id: u64,
    routes: Arc<Mutex<HashMap<u64, mpsc::UnboundedSender<Value>>>>,
    stop: CancellationToken,
}

struct Handle {
    session: Arc<Session>,
    id: u64,
    events: mpsc::UnboundedReceiver<Value>,
    unmatched: VecDeque<Value>,
}

impl Janus {
    /// A client of the API at `base`.
    pub fn new(base: &str) -> Janus {
        Janus {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::Client::new(),
        }
    }

    async fn post(&self, path: &str, mut body: Value) -> Result<Value> {
        body["transaction"] = json!(transaction());
        let url = format!("{}{path}", self.base);
        let reply: Value = self
            .http
            .post(&url)
            .json(&body)
            .send()
            .await?
            .json()
            .await?;
        if reply["janus"] == "error" {
            bail!("janus refused {}: {}", body["janus"], reply["error"]);
        }
        Ok(reply)
    }

    async fn session(&self) -> Result<Arc<Session>> {
        let reply = self.post("", json!({"janus": "create"})).await?;
        let id = reply["data"]["id"].as_u64().context("session id")?;
        let session = Arc::new(Session {
            janus: self.clone(),
            id,
            routes: Default::default(),
            stop: CancellationToken::new(),
        });
        tokio::spawn(long_poll(session.clone()));
        Ok(session)
    }

    /// Creates a room for up to `publishers` publishers and returns its id.
    pub async fn create_room(&self, room: u64, publishers: usize) -> Result<u64> {
        let session = self.session().await?;
        let mut admin = session.attach().await?;
        let data = admin
            .request(
                json!({"request": "create", "room": room, "publishers": publishers.max(1), "bitrate": 8_000_000,
                       "bitrate_cap": false, "fir_freq": 0, "audiocodec": "opus", "videocodec": "vp8",
                       "audiolevel_ext": true, "audiolevel_event": false, "transport_wide_cc_ext": true,
                       "notify_joining": false, "permanent": false}),
                None,
            )
            .await?;
        session.close().await;
        data["plugindata"]["data"]["room"]
            .as_u64()
            .context("room id")
    }

    /// Joins `room` as `name` and runs until `stop`.
    #[allow(clippy::too_many_arguments)]
    pub async fn participant(
        self,
        room: u64,
        name: String,
        feeds: Feeds,
        peer: PeerConfig,
        crypto: Arc<CryptoProvider>,
        metrics: Arc<Metrics>,
        ready: Ready,
        stop: CancellationToken,
    ) -> Result<()> {
        let session = self.session().await?;
        let result = self
            .run_participant(
                &session, room, name, feeds, peer, crypto, metrics, ready, stop,
            )
            .await;
        session.close().await;
        result
    }

    #[allow(clippy::too_many_arguments)]
    async fn run_participant(
        &self,
        session: &Arc<Session>,
        room: u64,
        name: String,
        feeds: Feeds,
        peer: PeerConfig,
        crypto: Arc<CryptoProvider>,
        metrics: Arc<Metrics>,
        ready: Ready,
        stop: CancellationToken,
    ) -> Result<()> {
        let mut tasks = tokio::task::JoinSet::new();
        let mut own_feed = None;
        let mut ready = Some(ready);
        let mut publisher = None;
        if peer.publish.is_some() {
            let mut handle = session.attach().await?;
            let joined = handle
                .request(
                    json!({"request": "join", "ptype": "publisher", "room": room, "display": name}),
                    None,
                )
                .await?;
            let feed = joined["plugindata"]["data"]["id"]
                .as_u64()
                .context("feed id")?;
            let (in_tx, in_rx) = mpsc::channel(4);
            let (out_tx, mut out_rx) = mpsc::channel(4);
            let (up_tx, up_rx) = oneshot::channel();
            let config = PeerConfig {
                probe: false,
                offer_first: true,
                ..peer.clone()
            };
            tasks.spawn(rtc_peer::run(
                config,
                crypto.clone(),
                metrics.clone(),
                in_rx,
                out_tx,
                up_tx,
                stop.clone(),
            ));
            let Some(Signal::Offer(sdp)) = out_rx.recv().await else {
                bail!("publisher made no offer")
            };
            let event = handle
                .request(
                    json!({"request": "publish", "audiocodec": "opus", "videocodec": "vp8", "display": name}),
                    Some(json!({"type": "offer", "sdp": sdp, "trickle": false})),
                )
                .await?;
            let answer = event["jsep"]["sdp"]
                .as_str()
                .context("publish answer")?
                .to_owned();
            in_tx.send(Signal::Answer(answer)).await?;
            tokio::time::timeout(std::time::Duration::from_secs(15), up_rx)
                .await
                .context("publisher media")??;
            // Subscribers may ask for the feed only once Janus itself reports the connection up.
            handle.wait_for("webrtcup").await?;
            own_feed = Some(feed);
            feeds.send_modify(|f| {
                f.insert(feed);
            });
            // The peer runs while its signaling side lives.
            publisher = Some((handle, in_tx, out_rx));
        }
        // Subscribe to everyone else's feeds as they appear.
        let mut watched = feeds.subscribe();
        let mut subscribed: BTreeSet<u64> = BTreeSet::new();
        let mut handle: Option<Handle> = None;
        let (in_tx, in_rx) = mpsc::channel(4);
        let (out_tx, mut out_rx) = mpsc::channel::<Signal>(4);
        let mut in_rx = Some(in_rx);
        loop {
            let wanted: BTreeSet<u64> = watched
                .borrow_and_update()
                .iter()
                .copied()
                .filter(|f| Some(*f) != own_feed)
                .collect();
            let new: Vec<u64> = wanted.difference(&subscribed).copied().collect();
            if !new.is_empty() {
                let streams: Vec<Value> = new.iter().map(|f| json!({"feed": f})).collect();
                let event = match handle.as_mut() {
                    None => {
                        let mut h = session.attach().await?;
                        let e = h.request(json!({"request": "join", "ptype": "subscriber", "room": room, "streams": streams}), None).await?;
                        handle = Some(h);
                        let (up_tx, up_rx) = oneshot::channel();
                        let config = PeerConfig {
                            publish: None,
                            offer_first: false,
                            ..peer.clone()
                        };
                        let rx = in_rx.take().expect("the subscriber peer starts once");
                        tasks.spawn(rtc_peer::run(
                            config,
                            crypto.clone(),
                            metrics.clone(),
                            rx,
                            out_tx.clone(),
                            up_tx,
                            stop.clone(),
                        ));
                        let r = ready.take();
                        tokio::spawn(async move {
                            if up_rx.await.is_ok()
                                && let Some(r) = r
                            {
                                let _ = r.send(());
                            }
                        });
                        e
                    }
                    Some(h) => {
                        h.request(json!({"request": "subscribe", "streams": streams}), None)
                            .await?
                    }
                };
                let offer = event["jsep"]["sdp"]
                    .as_str()
                    .ok_or_else(|| anyhow!("no subscriber offer in {event}"))?
                    .to_owned();
                in_tx.send(Signal::Offer(offer)).await?;
                let Some(Signal::Answer(answer)) = out_rx.recv().await else {
                    bail!("subscriber gave no answer")
                };
                handle
                    .as_mut()
                    .expect("attached above")
                    .request(
                        json!({"request": "start"}),
                        Some(json!({"type": "answer", "sdp": answer, "trickle": false})),
                    )
                    .await?;
                subscribed.extend(new);
            } else if wanted.is_empty() && handle.is_none() && own_feed.is_some() {
                // The only publisher so far: media is up.
                if let Some(r) = ready.take() {
                    let _ = r.send(());
                }
            }
            tokio::select! {
                () = stop.cancelled() => break,
                changed = watched.changed() => if changed.is_err() { break },
                done = tasks.join_next(), if !tasks.is_empty() => {
                    if let Some(Ok(Err(e))) = done {
                        return Err(e);
                    }
                }
            }
        }
        while let Some(done) = tasks.join_next().await {
            done??;
        }
        drop(publisher);
        Ok(())
    }
}

impl Session {
    async fn attach(self: &Arc<Self>) -> Result<Handle> {
        let reply = self
            .janus
            .post(
                &format!("/{}", self.id),
                json!({"janus": "attach", "plugin": "janus.plugin.videoroom"}),
            )
            .await?;
        let id = reply["data"]["id"].as_u64().context("handle id")?;
        let (tx, rx) = mpsc::unbounded_channel();
        self.routes
            .lock()
            .expect("routes lock is never poisoned")
            .insert(id, tx);
        Ok(Handle {
            session: self.clone(),
            id,
            events: rx,
            unmatched: VecDeque::new(),
        })
    }

    async fn close(&self) {
        self.stop.cancel();
        let _ = self
            .janus
            .post(&format!("/{}", self.id), json!({"janus": "destroy"}))
            .await;
    }
}

/// Routes the session's events to its handles until the session closes.
async fn long_poll(session: Arc<Session>) {
    let url = format!("{}/{}?maxev=10", session.janus.base, session.id);
    loop {
        let reply = tokio::select! {
            () = session.stop.cancelled() => return,
            r = session.janus.http.get(&url).send() => r,
        };
        let Ok(events) = async { reply?.json::<Value>().await }.await else {
            return;
        };
        let events = match events {
            Value::Array(v) => v,
            one => vec![one],
        };
        for event in events {
            if event["janus"] == "error" {
                return;
            }
            let Some(sender) = event["sender"].as_u64() else {
                continue;
            };
            if let Some(route) = session
                .routes
                .lock()
                .expect("routes lock is never poisoned")
                .get(&sender)
            {
                let _ = route.send(event);
            }
        }
    }
}

impl Handle {
    /// Sends a plugin message; returns the synchronous answer or the event of its transaction.
    async fn request(&mut self, body: Value, jsep: Option<Value>) -> Result<Value> {
        let tx = transaction();
        let mut message = json!({"janus": "message", "body": body, "transaction": tx});
        if let Some(j) = jsep {
            message["jsep"] = j;
        }
        let url = format!(
            "{}/{}/{}",
            self.session.janus.base, self.session.id, self.id
        );
        let reply: Value = self
            .session
            .janus
            .http
            .post(&url)
            .json(&message)
            .send()
            .await?
            .json()
            .await?;
        match reply["janus"].as_str() {
            Some("success") => return Ok(reply),
            Some("ack") => {}
            _ => bail!("janus refused {}: {reply}", message["body"]),
        }
        if let Some(i) = self
            .unmatched
            .iter()
            .position(|e| e["transaction"] == tx.as_str())
        {
            return check(self.unmatched.remove(i).expect("position found it"));
        }
        let wait = async {
            while let Some(event) = self.events.recv().await {
                if event["transaction"] == tx.as_str() {
                    return check(event);
                }
                self.unmatched.push_back(event);
                if self.unmatched.len() > 64 {
                    self.unmatched.pop_front();
                }
            }
            Err(anyhow!("session ended"))
        };
        tokio::time::timeout(std::time::Duration::from_secs(15), wait)
            .await
            .context("janus event")?
    }
}

impl Handle {
    /// Waits for a core event such as `webrtcup` on this handle.
    async fn wait_for(&mut self, kind: &str) -> Result<()> {
        if let Some(i) = self.unmatched.iter().position(|e| e["janus"] == kind) {
            self.unmatched.remove(i);
            return Ok(());
        }
        let wait = async {
            while let Some(event) = self.events.recv().await {
                if event["janus"] == kind {
                    return Ok(());
                }
                self.unmatched.push_back(event);
            }
            Err(anyhow!("session ended"))
        };
        tokio::time::timeout(std::time::Duration::from_secs(15), wait)
            .await
            .context("janus event")?
    }
}

fn check(event: Value) -> Result<Value> {
    let data = &event["plugindata"]["data"];
    if data.get("error_code").is_some() {
        bail!("videoroom error: {}", data["error"]);
    }
    Ok(event)
}
