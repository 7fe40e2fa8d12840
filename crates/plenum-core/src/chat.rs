//! The `chat` namespace: the room's chat (kept for late joiners and for the meeting report),
//! private messages to one or several people, messages to a group, and the moderators' switch
//! and "clear".
//!
//! Texts are checked here (length, empty, control characters) and each person may send a
//! burst of [`BURST`] messages, then one every [`REFILL`]; the sender's identity is the
//! connection's, never something the message says. Private and group messages reach only their
//! audience and are never stored beyond the room. While breakout rooms are open, a message to
//! everyone reaches everyone in the sender's own room (and is kept with that room's number). Not here: rendering (clients show plain
//! text) and storage (the room persists [`Chat::transcript`] with the report).

use crate::member::Member;
use crate::module::{Ctx, Module, Refusal};
use crate::now::Now;
use crate::permission::Permission;
use crate::roster::{Audience, Roster};
use plenum_protocol::chat::{ChatAudience, ChatCommand, ChatEvent, ChatMessage};
use plenum_protocol::{ErrorCode, ParticipantId, ServerEvent};
use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::time::{Duration, Instant};

/// Longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// Most recipients of one private message.
pub const MAX_RECIPIENTS: usize = 50;
/// Messages a person may send at once.
pub const BURST: u32 = 5;
/// After the burst, one more message per this interval.
pub const REFILL: Duration = Duration::from_secs(2);
/// Messages to everyone kept (for the report); late joiners get the last [`HISTORY`].
const TRANSCRIPT: usize = 2_000;
/// Messages to everyone a late joiner receives.
const HISTORY: usize = 200;
/// Private and group messages kept, so that people who reconnect see their conversations.
const PRIVATE: usize = 2_000;

/// One person's sending allowance: a token bucket.
#[derive(Debug)]
struct Allowance {
    tokens: u32,
    since: Instant,
}

impl Allowance {
    /// Takes one token at `now`; `false` when none is left.
    fn take(&mut self, now: Instant) -> bool {
        let refill = REFILL.as_millis().max(1);
        let earned = now.saturating_duration_since(self.since).as_millis() / refill;
        if earned > 0 {
            let earned = u32::try_from(earned).unwrap_or(u32::MAX);
            self.tokens = self.tokens.saturating_add(earned).min(BURST);
            self.since = if self.tokens == BURST {
                now
            } else {
                self.since + REFILL * earned
            };
        }
        if self.tokens == 0 {
            return false;
        }
        self.tokens -= 1;
        true
    }
}

/// The `chat` namespace's state.
#[derive(Debug)]
pub(crate) struct Chat {
    enabled: bool,
    next_id: u64,
    /// Messages to everyone, oldest first.
    room: VecDeque<ChatMessage>,
    /// Private and group messages, oldest first.
    private: VecDeque<ChatMessage>,
    allowances: BTreeMap<ParticipantId, Allowance>,
}

impl Default for Chat {
    fn default() -> Self {
        Chat {
            enabled: true,
            next_id: 1,
            room: VecDeque::new(),
            private: VecDeque::new(),
            allowances: BTreeMap::new(),
        }
    }
}

type ChatCtx<'a, 'b> = &'a mut Ctx<'b, Infallible>;

/// The text as it is kept: control characters other than line breaks and tabs removed,
/// surrounding white space trimmed; refused when empty or too long.
fn clean(text: &str) -> Result<String, Refusal> {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let kept = kept.trim();
    if kept.is_empty() {
        return Err(Refusal::invalid("the message is empty"));
    }
    if kept.chars().count() > MAX_MESSAGE_CHARS {
        return Err(Refusal::invalid(format!(
            "a message has at most {MAX_MESSAGE_CHARS} characters"
        )));
    }
    Ok(kept.to_owned())
}

/// Whether `viewer` may read `message`.
fn readable(message: &ChatMessage, viewer: &Member) -> bool {
    let me = &viewer.public.id;
    match &message.to {
        ChatAudience::Everyone => true,
        ChatAudience::People { participants } => &message.from == me || participants.contains(me),
        ChatAudience::Group { group } => {
            &message.from == me || viewer.public.groups.iter().any(|g| g == group)
        }
    }
}

impl Chat {
    /// The messages to everyone, for the meeting report (the latest [`TRANSCRIPT`]).
    pub(crate) fn transcript(&self) -> Vec<ChatMessage> {
        self.room.iter().cloned().collect()
    }

    /// The checked audience and who receives the message.
    fn route(
        roster: &Roster,
        caller: &Member,
        to: ChatAudience,
    ) -> Result<(ChatAudience, Audience), Refusal> {
        let me = &caller.public.id;
        match to {
            // While breakout rooms are open, "everyone" is everyone in one's own room.
            ChatAudience::Everyone => Ok((
                ChatAudience::Everyone,
                Audience::BreakoutRoom(caller.breakout),
            )),
            ChatAudience::People { participants } => {
                let mut people: Vec<ParticipantId> =
                    participants.into_iter().filter(|p| p != me).collect();
                people.sort();
                people.dedup();
                if people.is_empty() {
                    return Err(Refusal::invalid("choose at least one other person"));
                }
                if people.len() > MAX_RECIPIENTS {
                    return Err(Refusal::invalid(format!(
                        "a private message goes to at most {MAX_RECIPIENTS} people"
                    )));
                }
                if people.iter().any(|p| roster.inside(p).is_none()) {
                    return Err(Refusal::not_found("participant"));
                }
                let mut audience = people.clone();
                audience.push(me.clone());
                Ok((
                    ChatAudience::People {
                        participants: people,
                    },
                    Audience::People(audience),
                ))
            }
            ChatAudience::Group { group } => {
                if !caller.is_chair() && !caller.public.groups.contains(&group) {
                    return Err(Refusal::forbidden(
                        "only its members and moderators write to a group",
                    ));
                }
                let mut audience: Vec<ParticipantId> = roster
                    .everyone_inside()
                    .filter(|m| m.public.groups.contains(&group))
                    .map(|m| m.public.id.clone())
                    .collect();
                if audience.is_empty() {
                    return Err(Refusal::not_found("group"));
                }
                if !audience.contains(me) {
                    audience.push(me.clone());
                }
                Ok((ChatAudience::Group { group }, Audience::People(audience)))
            }
        }
    }

    fn keep(&mut self, message: ChatMessage) {
        let (list, max) = if message.to == ChatAudience::Everyone {
            (&mut self.room, TRANSCRIPT)
        } else {
            (&mut self.private, PRIVATE)
        };
        list.push_back(message);
        while list.len() > max {
            list.pop_front();
        }
    }

    fn send(
        &mut self,
        ctx: ChatCtx<'_, '_>,
        caller: &Member,
        to: ChatAudience,
        text: &str,
    ) -> Result<(), Refusal> {
        if !self.enabled && !caller.is_chair() {
            return Err(Refusal::forbidden("the chat is switched off"));
        }
        let text = clean(text)?;
        let (to, audience) = Self::route(ctx.roster, caller, to)?;
        let message_to_everyone = to == ChatAudience::Everyone;
        let now: Now = ctx.now;
        let allowance = self
            .allowances
            .entry(caller.public.id.clone())
            .or_insert(Allowance {
                tokens: BURST,
                since: now.mono,
            });
        if !allowance.take(now.mono) {
            return Err(Refusal {
                code: ErrorCode::RateLimited,
                message: "too many messages; please wait a moment".into(),
            });
        }
        let message = ChatMessage {
            id: self.next_id,
            from: caller.public.id.clone(),
            from_name: caller.public.display_name.clone(),
            to,
            text,
            sent_at: now.wall_ms,
            breakout_room: if message_to_everyone {
                caller.breakout
            } else {
                None
            },
        };
        self.next_id += 1;
        self.keep(message.clone());
        ctx.send(
            audience,
            ChatEvent::Message {
                message: message.clone(),
            },
        );
        Ok(())
    }
}

impl Module for Chat {
    type Command = ChatCommand;
    type Timer = Infallible;

    fn permission(command: &ChatCommand) -> Permission {
        match command {
            ChatCommand::Send { .. } => Permission::Participate,
            ChatCommand::SetEnabled { .. } | ChatCommand::Clear => Permission::Moderate,
        }
    }

    fn on_command(
        &mut self,
        ctx: ChatCtx<'_, '_>,
        caller: &Member,
        command: ChatCommand,
    ) -> Result<(), Refusal> {
        let by = caller.public.id.clone();
        match command {
            ChatCommand::Send { to, text } => self.send(ctx, caller, to, &text)?,
            ChatCommand::SetEnabled { enabled } => {
                if self.enabled != enabled {
                    self.enabled = enabled;
                    ctx.send(
                        Audience::Everyone,
                        ChatEvent::EnabledChanged { enabled, by },
                    );
                }
            }
            ChatCommand::Clear => {
                self.room.clear();
                ctx.send(Audience::Everyone, ChatEvent::Cleared { by });
            }
        }
        Ok(())
    }

    fn snapshot(&self, _roster: &Roster, viewer: &Member) -> Vec<ServerEvent> {
        // Messages to everyone of the viewer's own room (the main room's, or their breakout
        // room's), the latest HISTORY of them.
        let own: Vec<&ChatMessage> = self
            .room
            .iter()
            .filter(|m| m.breakout_room == viewer.breakout)
            .collect();
        let skip = own.len().saturating_sub(HISTORY);
        let mut messages: Vec<ChatMessage> = own
            .into_iter()
            .skip(skip)
            .chain(self.private.iter().filter(|m| readable(m, viewer)))
            .cloned()
            .collect();
        messages.sort_by_key(|m| m.id);
        vec![
            ChatEvent::State {
                enabled: self.enabled,
                messages,
            }
            .into(),
        ]
    }
}
