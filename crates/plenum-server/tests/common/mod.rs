//! A real server on loopback ports chosen by the OS, and helpers to talk to it.
#![allow(dead_code, clippy::unwrap_used, reason = "shared test helpers")]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use futures_util::{SinkExt, StreamExt};
use http_body_util::BodyExt;
use plenum_protocol::api::{RoomCreated, TicketGranted};
use plenum_protocol::{RoomId, ServerEnvelope};
use plenum_server::app::{Running, start};
use plenum_server::config::Config;
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode as WsCode;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use tower::ServiceExt;

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub struct Server {
    pub running: Running,
    pub dir: tempfile::TempDir,
    /// PostgreSQL admin URL and schema to drop at the end.
    pub pg_schema: Option<(String, String)>,
}

pub async fn server() -> Server {
    server_with(|_| {}).await
}

pub async fn server_with(adjust: impl FnOnce(&mut Config)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        media_port: 0,
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    adjust(&mut config);
    let running = start(&config).await.unwrap();
    Server {
        running,
        dir,
        pg_schema: None,
    }
}

impl Server {
    /// A request without session, token or CSRF header.
    pub async fn request(
        &self,
        method: &str,
        uri: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.call(&mut Client::default(), method, uri, body).await
    }

    pub async fn create_room(&self) -> RoomId {
        let (status, body) = self.request("POST", "/api/v1/rooms", None).await;
        assert_eq!(status, StatusCode::CREATED);
        serde_json::from_value::<RoomCreated>(body).unwrap().id
    }

    pub async fn ticket(&self, room: &RoomId, name: &str) -> TicketGranted {
        let (status, body) = self
            .request(
                "POST",
                &format!("/api/v1/rooms/{room}/tickets"),
                Some(serde_json::json!({"display_name": name})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body).unwrap()
    }

    pub async fn ws(&self, path: &str) -> Ws {
        let url = format!("ws://{}{}", self.running.http_addr, path);
        tokio_tungstenite::connect_async(url).await.unwrap().0
    }

    /// Joins `room` as `name`; returns the socket (after `joined` and the namespaces'
    /// snapshots) and the joined payload.
    pub async fn join(&self, room: &RoomId, name: &str) -> (Ws, Value) {
        let t = self.ticket(room, name).await;
        let mut ws = self.ws(&t.ws_url).await;
        send(&mut ws, serde_json::json!({"namespace": "control", "payload": {"action": "join", "ticket": t.ticket}})).await;
        let joined = welcome(&mut ws).await;
        (ws, joined)
    }
}

/// Reads `joined` and the snapshots that follow it (`state` of each of [`SNAPSHOTS`]);
/// returns the joined payload.
/// The namespaces whose `state` follows `joined`, in order.
pub const SNAPSHOTS: [&str; 7] = [
    "moderation",
    "floor",
    "chat",
    "timer",
    "polls",
    "breakout",
    "votes",
];

pub async fn welcome(ws: &mut Ws) -> Value {
    let joined = next_event(ws).await;
    assert_eq!(joined["payload"]["event"], "joined", "{joined}");
    for namespace in SNAPSHOTS {
        let state = next_event(ws).await;
        assert_eq!(
            (&state["namespace"], &state["payload"]["event"]),
            (&Value::from(namespace), &Value::from("state")),
            "{state}"
        );
    }
    joined["payload"].clone()
}

pub async fn send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

pub async fn send_text(ws: &mut Ws, t: &str) {
    ws.send(Message::Text(t.into())).await.unwrap();
}

/// The next event, checked to be a well-formed server envelope.
pub async fn next_event(ws: &mut Ws) -> Value {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => {
                serde_json::from_str::<ServerEnvelope>(&t)
                    .unwrap_or_else(|e| panic!("bad envelope {t}: {e}"));
                return serde_json::from_str(&t).unwrap();
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            other => panic!("expected an event, got {other:?}"),
        }
    }
}

/// The next event with this `event` name, skipping others.
pub async fn next_named(ws: &mut Ws, name: &str) -> Value {
    loop {
        let e = next_event(ws).await;
        if e["payload"]["event"] == name {
            return e;
        }
    }
}

/// Waits for the close frame and returns its code.
pub async fn close_code(ws: &mut Ws) -> u16 {
    loop {
        match ws.next().await {
            Some(Ok(Message::Close(Some(frame)))) => return u16::from(frame.code),
            Some(Ok(Message::Close(None))) => return u16::from(WsCode::Status),
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    }
}

pub fn logs() {
    let _ = tracing_subscriber::fmt().with_env_filter("debug,sqlx=warn,str0m=warn,tokio=warn,tungstenite=warn,tokio_tungstenite=warn,hyper=warn,axum=warn,mio=warn").with_test_writer().try_init();
}

/// Asks for a ticket as `client` with `body` and joins; returns the socket after the first
/// event (`joined` with its snapshots, or `waiting`) and that event's payload.
pub async fn enter(s: &Server, client: &mut Client, room: &str, body: Value) -> (Ws, Value) {
    let (status, t) = s
        .call(
            client,
            "POST",
            &format!("/api/v1/rooms/{room}/tickets"),
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{t}");
    let mut ws = s.ws(t["ws_url"].as_str().unwrap()).await;
    send(
        &mut ws,
        serde_json::json!({"namespace": "control", "payload": {"action": "join", "ticket": t["ticket"]}}),
    )
    .await;
    let first = next_event(&mut ws).await;
    if first["payload"]["event"] == "joined" {
        for _ in SNAPSHOTS {
            next_event(&mut ws).await;
        }
    }
    (ws, first["payload"].clone())
}

/// A server on a fresh PostgreSQL schema, or `None` (loudly) when PostgreSQL is unreachable
/// outside CI. In CI its absence fails the test.
pub async fn server_pg() -> Option<Server> {
    let url = std::env::var("PLENUM_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let admin = match plenum_store::Store::connect(&url).await {
        Ok(a) => a,
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("PostgreSQL at {url} is required in CI: {e}")
        }
        Err(e) => {
            eprintln!("\n!!! SKIPPED: PostgreSQL API tests ({url} unreachable: {e})\n");
            return None;
        }
    };
    let schema = format!("api_{}", plenum_server::secret::random_id(12));
    admin
        .execute_raw(&format!("CREATE SCHEMA {schema}"))
        .await
        .unwrap();
    admin.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    let pg = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    let mut s = server_with(|c| c.database_url = Some(pg)).await;
    s.pg_schema = Some((url, schema));
    Some(s)
}

impl Server {
    /// Stops the server and drops its PostgreSQL schema, if any.
    pub async fn finish(self) {
        self.running.stop().await;
        if let Some((url, schema)) = self.pg_schema {
            let admin = plenum_store::Store::connect(&url).await.unwrap();
            admin
                .execute_raw(&format!("DROP SCHEMA {schema} CASCADE"))
                .await
                .unwrap();
            admin.close().await;
        }
    }
}

/// Runs an async scenario against SQLite and (when available) PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($sqlite:ident, $postgres:ident, $scenario:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            let s = common::server().await;
            $scenario(&s).await;
            s.finish().await;
        }

        #[tokio::test]
        async fn $postgres() {
            if let Some(s) = common::server_pg().await {
                $scenario(&s).await;
                s.finish().await;
            }
        }
    };
}

/// A browser-like client: keeps the session cookie, sends the CSRF header, or a bearer token.
#[derive(Clone, Default)]
pub struct Client {
    pub cookie: Option<String>,
    pub bearer: Option<String>,
    pub csrf: bool,
}

impl Client {
    pub fn browser() -> Client {
        Client {
            cookie: None,
            bearer: None,
            csrf: true,
        }
    }

    pub fn bearer(token: &str) -> Client {
        Client {
            cookie: None,
            bearer: Some(token.into()),
            csrf: false,
        }
    }
}

impl Server {
    /// A request as `client`; remembers a new session cookie.
    pub async fn call(
        &self,
        client: &mut Client,
        method: &str,
        uri: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let body = body.map(|v| ("application/json", v.to_string().into_bytes()));
        let (status, _, bytes) = self.send(client, method, uri, body).await;
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    /// A request with a raw body of `content_type`; the answer's headers and bytes.
    pub async fn send(
        &self,
        client: &mut Client,
        method: &str,
        uri: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(c) = &client.cookie {
            req = req.header("cookie", format!("plenum_session={c}"));
        }
        if let Some(b) = &client.bearer {
            req = req.header("authorization", format!("Bearer {b}"));
        }
        if client.csrf {
            req = req.header("x-plenum-csrf", "1");
        }
        let body = match body {
            Some((content_type, bytes)) => {
                req = req.header("content-type", content_type);
                Body::from(bytes)
            }
            None => Body::empty(),
        };
        let resp = self
            .running
            .router()
            .oneshot(req.body(body).unwrap())
            .await
            .unwrap();
        let status = resp.status();
        for v in resp.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            if let Some(rest) = v.strip_prefix("plenum_session=") {
                let value = rest.split(';').next().unwrap();
                client.cookie = (!value.is_empty()).then(|| value.to_owned());
            }
        }
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        (status, headers, bytes.to_vec())
    }

    /// Creates the first administrator through the setup endpoint and returns their client.
    pub async fn admin(&self) -> Client {
        let mut c = Client::browser();
        let (status, body) = self
            .call(&mut c, "POST", "/api/v1/auth/setup", Some(serde_json::json!({"email": "admin@example.org", "display_name": "Admin", "password": "admin password 1", "setup_code": self.running.setup_code})))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        c
    }

    /// An admin-created local user, signed in.
    pub async fn user(&self, admin: &mut Client, email: &str, name: &str) -> (Client, String) {
        let (status, body) = self
            .call(admin, "POST", "/api/v1/admin/users", Some(serde_json::json!({"email": email, "display_name": name, "password": "user password 1", "role": "user"})))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let mut c = Client::browser();
        let (status, me) = self
            .call(
                &mut c,
                "POST",
                "/api/v1/auth/login",
                Some(serde_json::json!({"email": email, "password": "user password 1"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{me}");
        (c, me["id"].as_str().unwrap().to_owned())
    }
}
