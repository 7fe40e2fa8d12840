//! The signaling envelope and the decoder for untrusted client messages.
//!
//! Client → node: `{"namespace": "...", "id": 7, "payload": {"action": "...", ...}}`.
//! Node → client: `{"namespace": "...", "id": 7, "ts": 1700000000000, "payload": {"event": ...}}`
//! where `id` echoes the command that caused the event (replies and errors only) and `ts` is the
//! node's wall clock in milliseconds since the Unix epoch.

use crate::error_code::ErrorCode;
use crate::typescript::Declarations;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! envelope {
    ($($ns:ident : $variant:ident($command:ident, $event:ident)),* $(,)?) => {
        /// A command in its namespace.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
        #[serde(tag = "namespace", content = "payload", rename_all = "snake_case")]
        pub enum ClientCommand {
            $(
                #[doc = concat!("See [`crate::", stringify!($ns), "`].")]
                $variant(crate::$ns::$command),
            )*
        }

        /// An event in its namespace.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
        #[serde(tag = "namespace", content = "payload", rename_all = "snake_case")]
        pub enum ServerEvent {
            $(
                #[doc = concat!("See [`crate::", stringify!($ns), "`].")]
                $variant(crate::$ns::$event),
            )*
            /// A command failed.
            Error(ErrorEvent),
        }

        /// The wire names of the namespaces that carry commands and events (`error` carries
        /// events only and is not listed).
        pub const NAMESPACES: &[&str] = &[$(stringify!($ns)),*];

        $(
            impl From<crate::$ns::$event> for ServerEvent {
                fn from(event: crate::$ns::$event) -> Self {
                    ServerEvent::$variant(event)
                }
            }
        )*

        impl ClientCommand {
            /// The command's namespace.
            pub fn namespace(&self) -> &'static str {
                match self {
                    $(ClientCommand::$variant(_) => stringify!($ns),)*
                }
            }
        }

        /// Decodes a payload of `namespace`; `None` for an unknown namespace.
        fn decode_payload(
            namespace: &str,
            payload: serde_json::Value,
        ) -> Option<Result<ClientCommand, serde_json::Error>> {
            Some(match namespace {
                $(stringify!($ns) => serde_json::from_value(payload).map(ClientCommand::$variant),)*
                _ => return None,
            })
        }

        /// Declares every namespace's types for the TypeScript generator.
        pub(crate) fn declare_namespaces(d: &mut Declarations) {
            $(crate::$ns::declare(d);)*
        }
    };
}

crate::for_each_namespace!(envelope);

/// The payload of the `error` namespace (one event, `error`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ErrorEvent {
    /// A command failed.
    Error {
        /// Stable code.
        code: ErrorCode,
        /// Human-readable detail.
        message: String,
    },
}

impl ErrorEvent {
    /// An error event.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorEvent::Error {
            code,
            message: message.into(),
        }
    }

    /// Its code.
    pub fn code(&self) -> ErrorCode {
        match self {
            ErrorEvent::Error { code, .. } => *code,
        }
    }
}

/// A message from client to node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClientEnvelope {
    /// Chosen by the client; echoed in replies and errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub id: Option<u32>,
    /// The command.
    #[serde(flatten)]
    pub command: ClientCommand,
}

/// A message from node to client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServerEnvelope {
    /// The `id` of the command this answers, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub id: Option<u32>,
    /// Node wall clock, milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub ts: u64,
    /// The event.
    #[serde(flatten)]
    pub event: ServerEvent,
}

impl ServerEnvelope {
    /// An `error` event answering command `id`.
    pub fn error(id: Option<u32>, ts: u64, code: ErrorCode, message: impl Into<String>) -> Self {
        ServerEnvelope {
            id,
            ts,
            event: ServerEvent::Error(ErrorEvent::new(code, message)),
        }
    }

    /// Serialises to JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .expect("wire types serialise infallibly: no maps with non-string keys")
    }
}

/// Why a client message could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeError {
    /// The command id, when it could be read.
    pub id: Option<u32>,
    /// Stable code.
    pub code: ErrorCode,
    /// Detail for humans.
    pub message: String,
}

#[derive(Deserialize)]
struct RawEnvelope {
    namespace: String,
    #[serde(default)]
    id: Option<u32>,
    payload: serde_json::Value,
}

impl ClientEnvelope {
    /// Decodes an untrusted text frame, telling apart bad JSON, a bad envelope, an unknown
    /// namespace and a bad command.
    pub fn decode(text: &str) -> Result<ClientEnvelope, EnvelopeError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| EnvelopeError {
            id: None,
            code: ErrorCode::InvalidJson,
            message: e.to_string(),
        })?;
        let raw: RawEnvelope = serde_json::from_value(value).map_err(|e| EnvelopeError {
            id: None,
            code: ErrorCode::InvalidEnvelope,
            message: e.to_string(),
        })?;
        let id = raw.id;
        let invalid = |e: serde_json::Error| EnvelopeError {
            id,
            code: ErrorCode::InvalidCommand,
            message: e.to_string(),
        };
        let Some(command) = decode_payload(&raw.namespace, raw.payload) else {
            let mut shown: String = raw.namespace.chars().take(32).collect();
            if shown.len() < raw.namespace.len() {
                shown.push('…');
            }
            return Err(EnvelopeError {
                id,
                code: ErrorCode::UnknownNamespace,
                message: format!("unknown namespace {shown:?}"),
            });
        };
        let command = command.map_err(invalid)?;
        Ok(ClientEnvelope { id, command })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::{ConnectionState, ControlCommand, ControlEvent, Participant, Role};
    use crate::ids::ParticipantId;
    use proptest::prelude::*;

    #[test]
    fn client_envelope_round_trips_in_documented_shape() {
        let text = r#"{"id":3,"namespace":"control","payload":{"action":"update_media","audio":false,"video":true,"screen":false}}"#;
        let env = ClientEnvelope::decode(text).unwrap();
        assert_eq!(env.id, Some(3));
        assert_eq!(
            env.command,
            ClientCommand::Control(ControlCommand::UpdateMedia {
                audio: false,
                video: true,
                screen: false,
            })
        );
        assert_eq!(serde_json::to_string(&env).unwrap(), text);
    }

    #[test]
    fn server_envelope_snapshot() {
        let env = ServerEnvelope {
            id: None,
            ts: 5,
            event: ServerEvent::Control(ControlEvent::ParticipantUpdated {
                participant: Participant {
                    id: ParticipantId::parse("p1").unwrap(),
                    display_name: "Ada".into(),
                    roles: vec![Role::Moderator, Role::Participant],
                    groups: vec!["Class 4b".into()],
                    audio: true,
                    video: false,
                    screen: false,
                    speaking: true,
                    connection: ConnectionState::Connected,
                    joined_at: 7,
                },
            }),
        };
        assert_eq!(
            env.to_json(),
            r#"{"ts":5,"namespace":"control","payload":{"event":"participant_updated","participant":{"id":"p1","display_name":"Ada","roles":["moderator","participant"],"groups":["Class 4b"],"audio":true,"video":false,"screen":false,"speaking":true,"connection":"connected","joined_at":7}}}"#
        );
        let err = ServerEnvelope::error(Some(9), 1, ErrorCode::RateLimited, "slow down");
        assert_eq!(
            err.to_json(),
            r#"{"id":9,"ts":1,"namespace":"error","payload":{"event":"error","code":"rate_limited","message":"slow down"}}"#
        );
        let back: ServerEnvelope = serde_json::from_str(&err.to_json()).unwrap();
        assert_eq!(back, err);
    }

    #[test]
    fn every_namespace_decodes_under_its_listed_name() {
        let samples = [
            r#"{"action":"ping"}"#,
            r#"{"action":"subscribe","video":[]}"#,
            r#"{"action":"admit_all"}"#,
            r#"{"action":"lower_all"}"#,
            r#"{"action":"clear"}"#,
            r#"{"action":"stop"}"#,
            r#"{"action":"close","poll_id":1}"#,
            r#"{"action":"end"}"#,
            r#"{"action":"close","vote_id":1}"#,
        ];
        assert_eq!(
            NAMESPACES,
            [
                "control",
                "media",
                "moderation",
                "floor",
                "chat",
                "timer",
                "polls",
                "breakout",
                "votes"
            ]
        );
        assert_eq!(samples.len(), NAMESPACES.len(), "one sample per namespace");
        for (ns, payload) in NAMESPACES.iter().zip(samples) {
            let text = format!(r#"{{"namespace":"{ns}","payload":{payload}}}"#);
            let env = ClientEnvelope::decode(&text).unwrap();
            assert_eq!(env.command.namespace(), *ns);
            let back = serde_json::to_value(&env).unwrap();
            assert_eq!(back["namespace"], *ns);
        }
    }

    #[test]
    fn decode_classifies_errors() {
        let code = |t: &str| ClientEnvelope::decode(t).unwrap_err().code;
        assert_eq!(code("{"), ErrorCode::InvalidJson);
        assert_eq!(code("[]"), ErrorCode::InvalidEnvelope);
        assert_eq!(
            code(r#"{"namespace":"control"}"#),
            ErrorCode::InvalidEnvelope
        );
        assert_eq!(
            code(r#"{"namespace":"x","payload":{}}"#),
            ErrorCode::UnknownNamespace
        );
        let e =
            ClientEnvelope::decode(r#"{"namespace":"media","id":4,"payload":{"action":"nope"}}"#)
                .unwrap_err();
        assert_eq!((e.code, e.id), (ErrorCode::InvalidCommand, Some(4)));
        assert_eq!(
            code(
                r#"{"namespace":"control","payload":{"action":"update_media","audio":true,"video":true,"extra":1}}"#
            ),
            ErrorCode::InvalidCommand
        );
    }

    #[test]
    fn unknown_namespace_message_is_bounded() {
        let long = "n".repeat(10_000);
        let e = ClientEnvelope::decode(&format!(r#"{{"namespace":"{long}","payload":{{}}}}"#))
            .unwrap_err();
        assert!(e.message.len() < 100);
    }

    proptest! {
        #[test]
        fn decode_never_panics_on_arbitrary_text(s in ".{0,256}") {
            let _ = ClientEnvelope::decode(&s);
        }

        #[test]
        fn decode_never_panics_on_json_shaped_text(
            ns in "(control|media|moderation|floor|chat|timer|polls|breakout|votes|[a-z]{0,8})",
            action in "(join|resume|ping|leave|update_media|offer|answer|subscribe|mute|admit|update_policy|raise_hand|give_floor|set_groups|send|clear|start|stop|set_ready|start_break|vote|close|extend|broadcast|move|end|cast|cancel|report_problem|[a-z_]{0,8})",
            field in "[a-z_]{0,8}",
            value in prop_oneof![Just("1".to_string()), Just("true".to_string()), Just("\"x\"".to_string()), Just("[]".to_string()), Just("null".to_string())],
        ) {
            let text = format!(r#"{{"namespace":"{ns}","payload":{{"action":"{action}","{field}":{value}}}}}"#);
            let _ = ClientEnvelope::decode(&text);
        }
    }
}
