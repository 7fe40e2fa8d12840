//! Scale-out against the real PostgreSQL and Redis: controllers and conference nodes run as
//! separate `plenum` processes on loopback, and are killed with SIGKILL mid-meeting.
//!
//! Without PostgreSQL or Redis these tests say loudly that they were skipped; in CI their
//! absence fails them.
#![allow(clippy::unwrap_used, reason = "test harness")]

mod common;

use common::{Ws, next_named, send, welcome};
use plenum_cluster::Cluster;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";
const DEFAULT_REDIS: &str = "redis://127.0.0.1:6379";
const NODE_TOKEN: &str = "node-credential-for-tests-only";

/// The shared services and everything started on them.
struct Services {
    pg_admin: String,
    schema: String,
    database_url: String,
    redis_url: String,
    prefix: String,
    dir: tempfile::TempDir,
    http: reqwest::Client,
}

/// One `plenum` process; killed when dropped.
struct Process {
    child: Child,
    url: String,
}

impl Process {
    /// SIGKILL: no shutdown, no withdrawal from the registry.
    fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Services {
    /// PostgreSQL (a fresh schema) and Redis (a fresh key prefix), or `None` when either is
    /// unreachable outside CI.
    async fn open() -> Option<Services> {
        let pg_admin = std::env::var("PLENUM_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_PG.into());
        let redis_url = std::env::var("PLENUM_TEST_REDIS").unwrap_or_else(|_| DEFAULT_REDIS.into());
        let prefix = format!(
            "plenum-cluster-test-{}",
            plenum_server::secret::random_id(12)
        );
        let admin = plenum_store::Store::connect(&pg_admin).await;
        let redis = Cluster::connect_redis(&redis_url, &prefix).await;
        let admin = match (admin, redis) {
            (Ok(admin), Ok(_)) => admin,
            (admin, redis) => {
                let why = format!(
                    "PostgreSQL {}, Redis {}",
                    admin.err().map_or("reachable".into(), |e| e.to_string()),
                    redis.err().map_or("reachable".into(), |e| e.to_string())
                );
                if std::env::var_os("CI").is_some() {
                    panic!("PostgreSQL and Redis are required in CI: {why}");
                }
                eprintln!(
                    "\n!!! SKIPPED: scale-out tests ({why}).\n!!! Set PLENUM_TEST_POSTGRES and PLENUM_TEST_REDIS to run them.\n"
                );
                return None;
            }
        };
        let schema = format!("cluster_{}", plenum_server::secret::random_id(12));
        admin
            .execute_raw(&format!("CREATE SCHEMA {schema}"))
            .await
            .unwrap();
        admin.close().await;
        let sep = if pg_admin.contains('?') { '&' } else { '?' };
        let database_url = format!("{pg_admin}{sep}options=-c%20search_path%3D{schema}");
        let dir = tempfile::tempdir().unwrap();
        let hash = plenum_server::controller::secret_hash::hash_secret(NODE_TOKEN);
        std::fs::write(
            dir.path().join("controller.toml"),
            format!(
                "allow_anonymous_rooms = true\n\n[limits]\n# Clients that poll for a moved room's new node.\ntickets_per_address_per_minute = 2000\n\n[[node_credentials]]\nname = \"test\"\ntoken_sha256 = \"{hash}\"\n"
            ),
        )
        .unwrap();
        Some(Services {
            pg_admin,
            schema,
            database_url,
            redis_url,
            prefix,
            dir,
            http: reqwest::Client::new(),
        })
    }

    fn data_dir(&self, name: &str) -> PathBuf {
        let dir = self.dir.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Starts `plenum <role> …` and waits for its "running at" line.
    fn spawn(&self, args: &[&str], env: &[(&str, &str)]) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plenum"))
            .args(args)
            .env("PLENUM_REDIS_PREFIX", &self.prefix)
            .env(
                "PLENUM_LOG",
                std::env::var("PLENUM_TEST_CHILD_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("Plenum is running at ")
            .unwrap_or_else(|| panic!("{args:?} did not start: {line:?}"))
            .to_owned();
        Process { child, url }
    }

    /// A controller; the second and later ones share the first one's signing key, as
    /// controllers behind one load balancer must.
    fn controller(&self, name: &str) -> Process {
        self.controller_at(name, "127.0.0.1:0")
    }

    /// A controller listening on `listen` (a restarted one on its old address).
    fn controller_at(&self, name: &str, listen: &str) -> Process {
        let dir = self.data_dir(name);
        let first_key = self.dir.path().join("c1").join("controller-ed25519.pk8");
        let key = dir.join("controller-ed25519.pk8");
        if name != "c1" && !key.exists() {
            std::fs::copy(&first_key, key).unwrap();
        }
        self.spawn(
            &[
                "controller",
                "--config",
                self.dir.path().join("controller.toml").to_str().unwrap(),
                "--listen",
                listen,
                "--data-dir",
                dir.to_str().unwrap(),
                "--database-url",
                &self.database_url,
                "--redis-url",
                &self.redis_url,
            ],
            &[],
        )
    }

    /// A conference node that reaches the controllers at `controller`.
    fn node(&self, name: &str, controller: &Process) -> Process {
        self.node_with(name, controller, &[])
    }

    fn node_with(&self, name: &str, controller: &Process, env: &[(&str, &str)]) -> Process {
        let dir = self.data_dir(name);
        self.spawn(
            &[
                "node",
                "--listen",
                "127.0.0.1:0",
                "--media-port",
                "0",
                "--media-shards",
                "1",
                "--data-dir",
                dir.to_str().unwrap(),
                "--controller-url",
                &controller.url,
                "--redis-url",
                &self.redis_url,
            ],
            &[
                &[("PLENUM_NODE_TOKEN", NODE_TOKEN), ("PLENUM_NODE_ID", name)],
                env,
            ]
            .concat(),
        )
    }

    async fn cluster(&self) -> Cluster {
        Cluster::connect_redis(&self.redis_url, &self.prefix)
            .await
            .unwrap()
    }

    /// Waits (bounded) until `n` nodes are announced.
    async fn wait_for_nodes(&self, n: usize) {
        let cluster = self.cluster().await;
        let deadline = Instant::now() + Duration::from_secs(10);
        while cluster.nodes().await.unwrap().len() != n {
            assert!(
                Instant::now() < deadline,
                "{n} nodes never announced themselves"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn post(&self, at: &Process, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}{path}", at.url))
            .header("x-plenum-csrf", "1")
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn create_room(&self, at: &Process) -> String {
        let (status, body) = self.post(at, "/api/v1/rooms", json!({})).await;
        assert_eq!(status, 201, "{body}");
        body["id"].as_str().unwrap().to_owned()
    }

    /// A ticket for `room` from the controller `at`: (ticket, absolute ws_url).
    async fn ticket(&self, at: &Process, room: &str, name: &str) -> (String, String) {
        let (status, body) = self
            .post(
                at,
                &format!("/api/v1/rooms/{room}/tickets"),
                json!({"display_name": name}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        (
            body["ticket"].as_str().unwrap().to_owned(),
            body["ws_url"].as_str().unwrap().to_owned(),
        )
    }

    async fn finish(self) {
        let admin = plenum_store::Store::connect(&self.pg_admin).await.unwrap();
        admin
            .execute_raw(&format!("DROP SCHEMA {} CASCADE", self.schema))
            .await
            .unwrap();
        admin.close().await;
    }
}

/// Joins with `ticket` at `ws_url` (http → ws); returns the socket after `joined` and the
/// snapshots, and the joined payload.
async fn join(ws_url: &str, ticket: &str) -> (Ws, Value) {
    let url = ws_url.replacen("http://", "ws://", 1);
    let mut ws = tokio_tungstenite::connect_async(url).await.unwrap().0;
    send(
        &mut ws,
        json!({"namespace": "control", "payload": {"action": "join", "ticket": ticket}}),
    )
    .await;
    let joined = welcome(&mut ws).await;
    (ws, joined)
}

/// `from` writes to everyone; `to` reads it.
async fn chat_reaches(from: &mut Ws, to: &mut Ws, text: &str) {
    send(
        from,
        json!({"namespace": "chat", "payload": {"action": "send", "to": {"kind": "everyone"}, "text": text}}),
    )
    .await;
    // Earlier messages (a sender sees its own too) may come first.
    while next_named(to, "message").await["payload"]["message"]["text"] != text {}
}

/// A ticket for `room` from `at` is refused with 503 `unavailable`; returns the message.
async fn ticket_unavailable(s: &Services, at: &Process, room: &str) -> String {
    let (status, body) = s
        .post(
            at,
            &format!("/api/v1/rooms/{room}/tickets"),
            json!({"display_name": "Cleo"}),
        )
        .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (503, &json!("unavailable")),
        "{body}"
    );
    body["error"]["message"].as_str().unwrap().to_owned()
}

/// `ada`'s meeting goes on: someone joins with a `ticket` issued before and their message
/// reaches her. Returns the newcomer's socket.
async fn meeting_goes_on(ada: &mut Ws, ws_url: &str, ticket: &str, text: &str) -> Ws {
    keep_alive(ada).await;
    let (mut bob, _) = join(ws_url, ticket).await;
    chat_reaches(&mut bob, ada, text).await;
    bob
}

/// What a browser does every 2 s: a node closes a connection that stays silent for 5 s.
async fn keep_alive(ws: &mut Ws) {
    send(
        ws,
        json!({"namespace": "control", "payload": {"action": "ping"}}),
    )
    .await;
    next_named(ws, "pong").await;
}

fn origin(url: &str) -> &str {
    url.split("/node/").next().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_controller_disturbs_no_meeting_and_joins_go_through_the_other() {
    let Some(s) = Services::open().await else {
        return;
    };
    let mut c1 = s.controller("c1");
    let c2 = s.controller("c2");
    let _n1 = s.node("n1", &c2);
    let _n2 = s.node("n2", &c2);
    s.wait_for_nodes(2).await;

    let room = s.create_room(&c1).await;
    let (t1, url1) = s.ticket(&c1, &room, "Ada").await;
    let (t2, url2) = s.ticket(&c2, &room, "Bob").await;
    assert_eq!(
        url1, url2,
        "both controllers send the room's people to one node"
    );
    assert!(url1.starts_with("http://127.0.0.1:"), "{url1}");
    let (mut ada, _) = join(&url1, &t1).await;
    let (mut bob, joined) = join(&url2, &t2).await;
    assert_eq!(
        joined["participants"].as_array().unwrap().len(),
        2,
        "{joined}"
    );

    c1.kill9();
    chat_reaches(&mut ada, &mut bob, "still here").await;
    let (t3, url3) = s.ticket(&c2, &room, "Cleo").await;
    assert_eq!(url3, url1);
    let (mut cleo, _) = join(&url3, &t3).await;
    chat_reaches(&mut cleo, &mut ada, "hello from the new one").await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_any_controller_meetings_go_on_and_earlier_tickets_admit() {
    let Some(s) = Services::open().await else {
        return;
    };
    let mut c1 = s.controller("c1");
    let _n1 = s.node("n1", &c1);
    s.wait_for_nodes(1).await;
    let room = s.create_room(&c1).await;
    let (t1, url) = s.ticket(&c1, &room, "Ada").await;
    let (t2, _) = s.ticket(&c1, &room, "Bob").await;
    let (mut ada, _) = join(&url, &t1).await;

    c1.kill9();
    // The node checks tickets with the keys it fetched: no controller needed.
    let (mut bob, joined) = join(&url, &t2).await;
    assert_eq!(
        joined["participants"].as_array().unwrap().len(),
        2,
        "{joined}"
    );
    chat_reaches(&mut bob, &mut ada, "no controller, no problem").await;
    // A used ticket stays used.
    let mut again = tokio_tungstenite::connect_async(url.replacen("http://", "ws://", 1))
        .await
        .unwrap()
        .0;
    send(
        &mut again,
        json!({"namespace": "control", "payload": {"action": "join", "ticket": t2}}),
    )
    .await;
    assert_eq!(
        common::close_code(&mut again).await,
        plenum_protocol::close_code::CloseCode::TicketReused.code()
    );

    // The meeting ends while no controller answers: its report waits in the node's spool and
    // is stored once a controller is back.
    for ws in [&mut ada, &mut bob] {
        send(
            ws,
            json!({"namespace": "control", "payload": {"action": "leave"}}),
        )
        .await;
    }
    let store = plenum_store::Store::connect(&s.database_url).await.unwrap();
    let stored = async || store.usage(0, i64::MAX).await.unwrap().len();
    assert_eq!(stored().await, 0);
    let listen = c1.url.trim_start_matches("http://").to_owned();
    let _back = s.controller_at("c1", &listen);
    let back = Instant::now();
    while stored().await == 0 {
        assert!(
            back.elapsed() < Duration::from_secs(30),
            "the spooled report never arrived"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eprintln!(
        "the spooled report was stored {:?} after the controller came back",
        back.elapsed()
    );
    store.close().await;
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_node_s_rooms_go_to_another_node() {
    let Some(s) = Services::open().await else {
        return;
    };
    let c1 = s.controller("c1");
    let n1 = s.node("n1", &c1);
    let n2 = s.node("n2", &c1);
    s.wait_for_nodes(2).await;
    // Eight rooms with someone in each; the busier node dies.
    let mut rooms = Vec::new();
    let mut people = Vec::new();
    for _ in 0..8 {
        let room = s.create_room(&c1).await;
        let (ticket, url) = s.ticket(&c1, &room, "Ada").await;
        people.push(join(&url, &ticket).await.0);
        rooms.push((room, url));
    }
    let on_n1 = rooms
        .iter()
        .filter(|(_, url)| origin(url) == n1.url)
        .count();
    let (mut dead, alive) = if on_n1 * 2 >= rooms.len() {
        (n1, n2)
    } else {
        (n2, n1)
    };
    let doomed: Vec<String> = rooms
        .iter()
        .filter(|(_, url)| origin(url) == dead.url)
        .map(|(room, _)| room.clone())
        .collect();

    dead.kill9();
    let killed = Instant::now();
    // Each room's client asks for a new ticket until its room has a new node (the dead node's
    // lease runs out first), then joins there.
    let moves = doomed.iter().map(|room| {
        let (s, alive, c1) = (&s, &alive, &c1);
        async move {
            loop {
                let (ticket, url) = s.ticket(c1, room, "Ada").await;
                if origin(&url) == alive.url {
                    let took = killed.elapsed();
                    let (_ws, joined) = join(&url, &ticket).await;
                    assert_eq!(
                        joined["participants"].as_array().unwrap().len(),
                        1,
                        "{joined}"
                    );
                    return took;
                }
                assert!(
                    killed.elapsed() < Duration::from_secs(20),
                    "{room} never moved"
                );
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
    });
    let mut took = futures_util::future::join_all(moves).await;
    took.sort();
    let p95 = took[(took.len() * 95).div_ceil(100) - 1];
    eprintln!("{} rooms moved after {took:?} (p95 {p95:?})", took.len());
    assert!(p95 <= Duration::from_secs(10), "p95 {p95:?}");
    drop(people);
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_node_a_ticket_is_refused_with_a_clear_503() {
    let Some(s) = Services::open().await else {
        return;
    };
    let c1 = s.controller("c1");
    let room = s.create_room(&c1).await;
    let message = ticket_unavailable(&s, &c1, &room).await;
    assert!(
        message.contains("no conference node available"),
        "{message}"
    );
    s.finish().await;
}

/// A loopback TCP relay to PostgreSQL that the test can cut (every connection dropped, new ones
/// refused) and mend: "PostgreSQL is away" without stopping the machine's PostgreSQL.
struct Gate {
    addr: std::net::SocketAddr,
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
    relays: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl Gate {
    async fn to(target: String) -> Gate {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let open = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let relays = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (is_open, all) = (open.clone(), relays.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !is_open.load(Ordering::SeqCst) {
                    continue; // dropped: the client sees the connection close at once
                }
                let target = target.clone();
                let relay = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                all.lock().unwrap().push(relay.abort_handle());
            }
        });
        Gate {
            addr,
            open,
            relays,
            accept,
        }
    }

    fn cut(&self) {
        self.open.store(false, std::sync::atomic::Ordering::SeqCst);
        for relay in self.relays.lock().unwrap().drain(..) {
            relay.abort();
        }
    }

    fn mend(&self) {
        self.open.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Drop for Gate {
    fn drop(&mut self) {
        self.cut();
        self.accept.abort();
    }
}

/// Asks for tickets (bounded by `within`) until one is granted; returns how long it took.
async fn until_ticket(s: &Services, at: &Process, room: &str, within: Duration) -> Duration {
    let start = Instant::now();
    loop {
        let (status, body) = s
            .post(
                at,
                &format!("/api/v1/rooms/{room}/tickets"),
                json!({"display_name": "Late"}),
            )
            .await;
        if status == 200 {
            return start.elapsed();
        }
        assert_eq!(status, 503, "{body}");
        assert!(
            start.elapsed() < within,
            "no ticket within {within:?}: {body}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn while_postgres_is_away_meetings_go_on_and_logins_and_tickets_answer_503() {
    let Some(mut s) = Services::open().await else {
        return;
    };
    let mut url = reqwest::Url::parse(&s.database_url).unwrap();
    let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let gate = Gate::to(target).await;
    url.set_port(Some(gate.addr.port())).unwrap();
    url.set_host(Some("127.0.0.1")).unwrap();
    s.database_url = url.to_string();
    let c1 = s.controller("c1");
    let _n1 = s.node("n1", &c1);
    s.wait_for_nodes(1).await;
    let room = s.create_room(&c1).await;
    let (t1, ws_url) = s.ticket(&c1, &room, "Ada").await;
    let (t2, _) = s.ticket(&c1, &room, "Bob").await;
    let (mut ada, _) = join(&ws_url, &t1).await;

    gate.cut();
    let (status, body) = s
        .post(
            &c1,
            "/api/v1/auth/login",
            json!({"email": "ada@example.org", "password": "a long password"}),
        )
        .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (503, &json!("unavailable")),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("database"),
        "{body}"
    );
    let message = ticket_unavailable(&s, &c1, &room).await;
    assert!(message.contains("database"), "{message}");
    // The meeting does not notice: signaling, and a ticket issued before, work.
    meeting_goes_on(&mut ada, &ws_url, &t2, "the database is away").await;

    gate.mend();
    let took = until_ticket(&s, &c1, &room, Duration::from_secs(30)).await;
    eprintln!("tickets again {took:?} after PostgreSQL came back");
    s.finish().await;
}

/// A Redis server of the test's own, on a free loopback port, that can be killed and
/// restarted (empty, as after a crash without persistence).
struct OwnRedis {
    port: u16,
    child: Child,
}

impl OwnRedis {
    fn start(port: u16) -> Option<OwnRedis> {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .spawn();
        let child = match child {
            Ok(child) => child,
            Err(e) if std::env::var_os("CI").is_some() => {
                panic!("redis-server is required in CI: {e}")
            }
            Err(e) => {
                eprintln!("\n!!! SKIPPED: the Redis restart test (redis-server: {e}).\n");
                return None;
            }
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(OwnRedis { port, child })
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_redis_restart_joins_work_again_without_restarting_anything() {
    let Some(mut s) = Services::open().await else {
        return;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let Some(mut redis) = OwnRedis::start(port) else {
        return;
    };
    s.redis_url = redis.url();
    let c1 = s.controller("c1");
    let _n1 = s.node("n1", &c1);
    s.wait_for_nodes(1).await;
    let room = s.create_room(&c1).await;
    let (t1, ws_url) = s.ticket(&c1, &room, "Ada").await;
    let (t2, _) = s.ticket(&c1, &room, "Bob").await;
    let (mut ada, _) = join(&ws_url, &t1).await;

    redis.child.kill().unwrap();
    redis.child.wait().unwrap();
    ticket_unavailable(&s, &c1, &room).await;
    // Running meetings go on, and earlier tickets still admit (the node's own memory
    // keeps them single-use meanwhile).
    meeting_goes_on(&mut ada, &ws_url, &t2, "Redis is away").await;

    let _restarted = OwnRedis::start(port).expect("redis-server started before");
    let took = until_ticket(&s, &c1, &room, Duration::from_secs(30)).await;
    eprintln!("tickets again {took:?} after Redis came back");
    // The node held its running room: the new ticket leads to the same node.
    let (ticket, again) = s.ticket(&c1, &room, "Cleo").await;
    assert_eq!(again, ws_url);
    let (_cleo, joined) = join(&again, &ticket).await;
    assert_eq!(
        joined["participants"].as_array().unwrap().len(),
        3,
        "{joined}"
    );
    s.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draining_node_takes_no_new_rooms_and_stops_when_its_rooms_ended() {
    let Some(s) = Services::open().await else {
        return;
    };
    let c1 = s.controller("c1");
    let mut n1 = s.node_with("n1", &c1, &[("PLENUM_DRAIN_SECONDS", "60")]);
    s.wait_for_nodes(1).await;
    let room = s.create_room(&c1).await;
    let (t1, url) = s.ticket(&c1, &room, "Ada").await;
    let (mut ada, _) = join(&url, &t1).await;
    let n2 = s.node("n2", &c1);
    s.wait_for_nodes(2).await;

    let term = Command::new("kill")
        .args(["-TERM", &n1.child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    // Within one announcement the new rooms go to n2; the running room stays on n1.
    let cluster = s.cluster().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !cluster
        .nodes()
        .await
        .unwrap()
        .iter()
        .any(|n| n.id == "n1" && n.draining)
    {
        assert!(
            Instant::now() < deadline,
            "n1 never announced that it drains"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let fresh = s.create_room(&c1).await;
    let (_, fresh_url) = s.ticket(&c1, &fresh, "Bob").await;
    assert_eq!(origin(&fresh_url), n2.url);
    let (t2, same) = s.ticket(&c1, &room, "Cleo").await;
    assert_eq!(same, url, "a running room finishes where it is");
    let (mut cleo, _) = join(&same, &t2).await;
    chat_reaches(&mut cleo, &mut ada, "we finish here").await;

    // The meeting ends; the node stops by itself, long before its 60 s.
    for ws in [&mut ada, &mut cleo] {
        send(
            ws,
            json!({"namespace": "control", "payload": {"action": "leave"}}),
        )
        .await;
    }
    let ended = Instant::now();
    let status = loop {
        if let Some(status) = n1.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            ended.elapsed() < Duration::from_secs(30),
            "n1 did not stop after its rooms ended"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "{status:?}");
    s.finish().await;
}
