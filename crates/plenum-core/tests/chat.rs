//! The `chat` namespace: messages to everyone with history for late joiners, private and group
//! messages that reach only their audience, text checks, the rate limit, the moderators'
//! switch and "clear", and the transcript in the meeting report, all on the fake clock.

mod harness;

use harness::{TestRoom, WALL0, pid};
use plenum_core::{BURST, Input, MAX_MESSAGE_CHARS, Output, REFILL};
use plenum_protocol::api::Record;
use plenum_protocol::chat::{ChatAudience, ChatCommand, ChatEvent, ChatMessage};
use plenum_protocol::control::{ControlCommand, Role};
use plenum_protocol::{ErrorCode, ServerEvent};
use std::time::Duration;

const MOD: &[Role] = &[Role::Moderator, Role::Participant];

fn say(t: &mut TestRoom, conn: plenum_core::ConnId, to: ChatAudience, text: &str) {
    t.chat(
        conn,
        ChatCommand::Send {
            to,
            text: text.into(),
        },
    );
}

fn to_everyone(t: &mut TestRoom, conn: plenum_core::ConnId, text: &str) {
    say(t, conn, ChatAudience::Everyone, text);
}

fn people(names: &[&str]) -> ChatAudience {
    ChatAudience::People {
        participants: names.iter().map(|n| pid(n)).collect(),
    }
}

/// The texts of the messages in `events` (new ones and the state's history), in order.
fn texts(events: &[ChatEvent]) -> Vec<String> {
    events
        .iter()
        .flat_map(|e| match e {
            ChatEvent::Message { message } => vec![message.text.clone()],
            ChatEvent::State { messages, .. } => messages.iter().map(|m| m.text.clone()).collect(),
            _ => vec![],
        })
        .collect()
}

#[test]
fn messages_to_everyone_carry_the_sender_and_time_and_late_joiners_get_the_history() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    let b = t.join("b");
    t.take();
    t.advance(Duration::from_secs(3));
    to_everyone(&mut t, a, "  Good morning\n  ");
    let to_b = t.chat_events_to(b);
    let [ChatEvent::Message { message }] = &to_b[..] else {
        panic!("one message to b: {to_b:?}")
    };
    assert_eq!(
        message,
        &ChatMessage {
            id: 1,
            from: pid("a"),
            from_name: "A".into(),
            to: ChatAudience::Everyone,
            text: "Good morning".into(),
            sent_at: WALL0 + 3_000,
            breakout_room: None,
        }
    );
    to_everyone(&mut t, b, "Hello");
    t.take();
    let c = t.join("c");
    let state = t.chat_events_to(c);
    assert!(matches!(
        &state[..],
        [ChatEvent::State { enabled: true, .. }]
    ));
    assert_eq!(texts(&state), ["Good morning", "Hello"]);
}

/// Who (by connection) received chat messages since the last take, with their texts.
fn deliveries(t: &mut TestRoom) -> Vec<(plenum_core::ConnId, String)> {
    let mut out: Vec<_> = t
        .events()
        .into_iter()
        .flat_map(|(to, e)| match e {
            ServerEvent::Chat(ChatEvent::Message { message }) => {
                to.into_iter().map(|c| (c, message.text.clone())).collect()
            }
            _ => vec![],
        })
        .collect();
    out.sort();
    out
}

#[test]
fn private_and_group_messages_reach_only_their_audience_also_after_reconnecting() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    let b = t.join("b");
    let c = t.join("c");
    let mut ticket = t.ticket("d", &[Role::Participant]);
    ticket.groups = vec!["Group A".into()];
    let d = t.join_with(ticket);
    let m = t.join_as("m", MOD);
    t.take();

    // Private: the sender and the recipients (the sender named among them counts once).
    say(&mut t, a, people(&["b", "a", "b"]), "just for you");
    assert_eq!(
        deliveries(&mut t),
        [(a, "just for you".into()), (b, "just for you".into())]
    );
    // A group: its members and the sender; only members and moderators may write to it.
    say(
        &mut t,
        m,
        ChatAudience::Group {
            group: "Group A".into(),
        },
        "group work",
    );
    assert_eq!(
        deliveries(&mut t),
        [(d, "group work".into()), (m, "group work".into())]
    );
    say(
        &mut t,
        c,
        ChatAudience::Group {
            group: "Group A".into(),
        },
        "let me in",
    );
    assert_eq!(t.errors_to(c), [ErrorCode::Forbidden]);
    // Unknown or absent people and empty audiences are refused.
    say(&mut t, a, people(&["nobody"]), "hello?");
    assert_eq!(t.errors_to(a), [ErrorCode::NotFound]);
    say(&mut t, a, people(&["a"]), "me, myself");
    assert_eq!(t.errors_to(a), [ErrorCode::InvalidCommand]);

    // After reconnecting, b sees the private conversation; c sees none of it.
    t.lose(b);
    let b2 = t.new_conn();
    t.input(Input::Resume {
        conn: b2,
        token: "token-b".into(),
        next_token: "token-b2".into(),
        command_id: Some(7),
    });
    assert_eq!(texts(&t.chat_events_to(b2)), ["just for you"]);
    t.control(c, ControlCommand::Leave);
    let c2 = t.join("c");
    assert!(texts(&t.chat_events_to(c2)).is_empty());
    let mut ticket = t.ticket("d2", &[Role::Participant]);
    ticket.groups = vec!["Group A".into()];
    let d2 = t.join_with(ticket);
    assert_eq!(texts(&t.chat_events_to(d2)), ["group work"]);
}

#[test]
fn texts_are_checked_and_each_person_is_rate_limited() {
    let mut t = TestRoom::new();
    let a = t.join("a");
    let b = t.join("b");
    t.take();
    for bad in ["", "   \n\t ", &"x".repeat(MAX_MESSAGE_CHARS + 1)] {
        to_everyone(&mut t, a, bad);
        assert_eq!(t.errors_to(a), [ErrorCode::InvalidCommand], "{bad:?}");
    }
    // Control characters go, line breaks stay; markup stays text (clients never render it).
    to_everyone(&mut t, a, "<b>bold</b>\u{7}\nnext line");
    assert_eq!(texts(&t.chat_events_to(b)), ["<b>bold</b>\nnext line"]);
    to_everyone(&mut t, a, &"x".repeat(MAX_MESSAGE_CHARS));
    t.take();

    // A burst, then one message per REFILL; b is not affected by a's limit.
    for _ in 2..BURST {
        to_everyone(&mut t, a, "more");
    }
    assert!(t.errors_to(a).is_empty());
    to_everyone(&mut t, a, "one too many");
    assert_eq!(t.errors_to(a), [ErrorCode::RateLimited]);
    to_everyone(&mut t, b, "me too");
    assert!(t.errors_to(b).is_empty());
    t.advance(REFILL);
    to_everyone(&mut t, a, "again");
    assert!(t.errors_to(a).is_empty());
    to_everyone(&mut t, a, "and again");
    assert_eq!(t.errors_to(a), [ErrorCode::RateLimited]);
    t.advance(REFILL * BURST * 3);
    for _ in 0..BURST {
        to_everyone(&mut t, a, "full again");
    }
    assert!(t.errors_to(a).is_empty());
}

#[test]
fn moderators_switch_the_chat_off_and_clear_it() {
    let mut t = TestRoom::new();
    let m = t.join_as("m", MOD);
    let a = t.join("a");
    to_everyone(&mut t, a, "before");
    t.take();
    t.chat(a, ChatCommand::SetEnabled { enabled: false });
    t.chat(a, ChatCommand::Clear);
    assert_eq!(t.errors_to(a), [ErrorCode::Forbidden, ErrorCode::Forbidden]);

    t.chat(m, ChatCommand::SetEnabled { enabled: false });
    assert_eq!(
        t.chat_events_to(a),
        [ChatEvent::EnabledChanged {
            enabled: false,
            by: pid("m")
        }]
    );
    to_everyone(&mut t, a, "still there?");
    assert_eq!(t.errors_to(a), [ErrorCode::Forbidden]);
    say(&mut t, a, people(&["m"]), "psst");
    assert_eq!(t.errors_to(a), [ErrorCode::Forbidden]);
    to_everyone(&mut t, m, "only moderators now");
    assert_eq!(texts(&t.chat_events_to(a)), ["only moderators now"]);
    let late = t.join("late");
    assert!(matches!(
        &t.chat_events_to(late)[..],
        [ChatEvent::State { enabled: false, messages }] if messages.len() == 2
    ));

    t.chat(m, ChatCommand::Clear);
    assert_eq!(t.chat_events_to(a), [ChatEvent::Cleared { by: pid("m") }]);
    let later = t.join("later");
    assert!(texts(&t.chat_events_to(later)).is_empty());
}

#[test]
fn the_report_keeps_the_messages_to_everyone_only() {
    let mut t = TestRoom::new();
    let a = t.join_as("a", &[Role::Owner, Role::Participant]);
    let b = t.join("b");
    to_everyone(&mut t, a, "for the minutes");
    say(&mut t, b, people(&["a"]), "private");
    t.take();
    t.control(b, ControlCommand::Leave);
    t.control(a, ControlCommand::Leave);
    let chats: Vec<Vec<String>> = t
        .take()
        .into_iter()
        .filter_map(|o| match o {
            Output::Persist {
                record: Record::MeetingReport(r),
                ..
            } => Some(r.chat.into_iter().map(|m| m.text).collect()),
            _ => None,
        })
        .collect();
    assert_eq!(chats, [vec!["for the minutes".to_owned()]]);
}

#[test]
fn while_breakout_rooms_are_open_everyone_means_everyone_in_ones_own_room() {
    use plenum_protocol::breakout::{BreakoutCommand, BreakoutPlan, BreakoutRoomPlan};
    let mut t = TestRoom::new();
    let m = t.join_as("m", &[Role::Moderator, Role::Participant]);
    let a = t.join("a");
    let b = t.join("b");
    let c = t.join("c");
    let room = |name: &str, people: &[&str]| BreakoutRoomPlan {
        name: name.into(),
        members: people.iter().map(|p| pid(p)).collect(),
        group: None,
    };
    t.breakout(
        m,
        BreakoutCommand::Start {
            plan: BreakoutPlan {
                rooms: vec![room("Group 1", &["a", "b"]), room("Group 2", &["c"])],
                seconds: None,
                assign_late_joiners: false,
                include_moderators: false,
            },
        },
    );
    t.take();
    to_everyone(&mut t, a, "In group 1");
    let events = t.events();
    let got = |conn| {
        events
            .iter()
            .filter(|(to, e)| {
                to.contains(&conn) && matches!(e, ServerEvent::Chat(ChatEvent::Message { .. }))
            })
            .count()
    };
    assert_eq!(
        (got(a), got(b), got(c), got(m)),
        (1, 1, 0, 0),
        "only group 1"
    );
    let kept = events.iter().find_map(|(_, e)| match e {
        ServerEvent::Chat(ChatEvent::Message { message }) => Some(message.breakout_room),
        _ => None,
    });
    assert_eq!(kept, Some(Some(1)), "the message names its room");
    // The moderator in the main room reaches the main room only.
    to_everyone(&mut t, m, "Main room here");
    let events = t.events();
    let got = |conn| {
        events
            .iter()
            .filter(|(to, e)| {
                to.contains(&conn) && matches!(e, ServerEvent::Chat(ChatEvent::Message { .. }))
            })
            .count()
    };
    assert_eq!((got(a), got(c), got(m)), (0, 0, 1));
    // Someone coming back to group 1 sees group 1's history, not the main room's.
    let again = t.join("b");
    let state = t.chat_events_to(again);
    let [ChatEvent::State { messages, .. }] = &state[..] else {
        panic!("one state: {state:?}")
    };
    let texts: Vec<&str> = messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["In group 1"]);
    t.breakout(m, BreakoutCommand::End);
    to_everyone(&mut t, a, "Back together");
    assert_eq!(
        t.chat_events_to(c).len(),
        1,
        "everyone again after the rooms close"
    );
}
