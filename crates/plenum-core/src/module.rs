//! The shape of a namespace inside the room: the [`Module`] trait, the context a module's hooks
//! get ([`Ctx`]), the effects they leave ([`Effect`]), and the module table generated from the
//! protocol's namespace list (`plenum_protocol::for_each_namespace!`).
//!
//! A module owns its namespace's state. Its hooks read the roster, never change it: changes to
//! people (their media, roles, place) are [`RoomChange`]s that the room applies afterwards, so
//! that every module sees the consequences through its own hooks (`on_left`, …). The room
//! routes with one exhaustive `match` generated below; there is no registry.

use crate::change::RoomChange;
use crate::input::MediaNotice;
use crate::member::Member;
use crate::now::Now;
use crate::output::MediaRequest;
use crate::permission::Permission;
use crate::roster::{Audience, Roster};
use plenum_protocol::api::Record;
use plenum_protocol::control::LeaveReason;
use plenum_protocol::{ClientCommand, ErrorCode, ParticipantId, RoomId, ServerEvent};
use std::fmt::Debug;
use std::time::Instant;

/// Something a hook wants done, in order.
#[derive(Debug)]
pub(crate) enum Effect {
    /// Send an event (with the id of the command it answers, if any).
    Send {
        to: Audience,
        id: Option<u32>,
        event: ServerEvent,
    },
    /// Change people or the policy.
    Change(RoomChange),
    /// Ask the media engine.
    Media(MediaRequest),
    /// Store a record through the runtime (see [`crate::Output::Persist`]).
    Persist { key: String, record: Record },
    /// Record durably that `voter` voted (see [`crate::Output::ClaimBallot`]).
    ClaimBallot {
        vote: String,
        voter: String,
        claim: u64,
    },
}

/// Why a command was refused: sent to its sender as an `error` event.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) code: ErrorCode,
    pub(crate) message: String,
}

impl Refusal {
    pub(crate) fn forbidden(message: impl Into<String>) -> Refusal {
        Refusal {
            code: ErrorCode::Forbidden,
            message: message.into(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Refusal {
        Refusal {
            code: ErrorCode::InvalidCommand,
            message: message.into(),
        }
    }

    pub(crate) fn not_found(what: &str) -> Refusal {
        Refusal {
            code: ErrorCode::NotFound,
            message: format!("no such {what} in this meeting"),
        }
    }
}

/// What a hook sees and where it leaves its effects.
pub(crate) struct Ctx<'a, T> {
    /// The time.
    pub(crate) now: Now,
    /// Everyone the room knows (read-only).
    pub(crate) roster: &'a Roster,
    /// The room and when its current conference began (wall clock, ms).
    pub(crate) conference: (&'a RoomId, u64),
    /// The id of the command being handled, echoed by [`Ctx::reply`].
    id: Option<u32>,
    effects: &'a mut Vec<Effect>,
    timers: Vec<(T, Option<Instant>)>,
}

impl<T> Ctx<'_, T> {
    /// The id of the command being handled, if any.
    pub(crate) fn id(&self) -> Option<u32> {
        self.id
    }

    /// Sends `event` to `to`.
    pub(crate) fn send(&mut self, to: Audience, event: impl Into<ServerEvent>) {
        self.effects.push(Effect::Send {
            to,
            id: None,
            event: event.into(),
        });
    }

    /// Sends `event` to one participant as the answer to command `id`.
    pub(crate) fn send_answer(
        &mut self,
        to: ParticipantId,
        id: Option<u32>,
        event: impl Into<ServerEvent>,
    ) {
        self.effects.push(Effect::Send {
            to: Audience::Participant(to),
            id,
            event: event.into(),
        });
    }

    /// Answers the command being handled (to its sender, with its id).
    pub(crate) fn reply(&mut self, caller: &Member, event: impl Into<ServerEvent>) {
        let id = self.id;
        self.send_answer(caller.public.id.clone(), id, event);
    }

    /// Asks the room to change people or the policy once the hook returns.
    pub(crate) fn change(&mut self, change: RoomChange) {
        self.effects.push(Effect::Change(change));
    }

    /// Asks the media engine.
    pub(crate) fn media(&mut self, request: MediaRequest) {
        self.effects.push(Effect::Media(request));
    }

    /// Stores `record` under `key` through the runtime.
    pub(crate) fn persist(&mut self, key: String, record: Record) {
        self.effects.push(Effect::Persist { key, record });
    }

    /// Asks the runtime to record durably that `voter` (a subject) voted in `vote`.
    pub(crate) fn claim_ballot(&mut self, vote: String, voter: String, claim: u64) {
        self.effects
            .push(Effect::ClaimBallot { vote, voter, claim });
    }

    /// Sets (or moves) one of this module's timers.
    pub(crate) fn set_timer(&mut self, timer: T, at: Instant) {
        self.timers.push((timer, Some(at)));
    }

    /// Cancels one of this module's timers.
    pub(crate) fn cancel_timer(&mut self, timer: T) {
        self.timers.push((timer, None));
    }
}

/// One signaling namespace inside the room. Hooks have default no-op bodies.
pub(crate) trait Module: Debug + Default {
    /// The namespace's commands.
    type Command;
    /// The namespace's timers (`std::convert::Infallible` when it has none).
    type Timer: Clone + Debug + Ord;

    /// What `command` needs from the permission table.
    fn permission(command: &Self::Command) -> Permission;

    /// A command from `caller`, who holds the permission [`Module::permission`] names.
    fn on_command(
        &mut self,
        ctx: &mut Ctx<'_, Self::Timer>,
        caller: &Member,
        command: Self::Command,
    ) -> Result<(), Refusal>;

    /// `who` entered the meeting (joined, admitted, or came back after leaving).
    fn on_entered(&mut self, _ctx: &mut Ctx<'_, Self::Timer>, _who: &ParticipantId) {}

    /// `who` left the meeting (or was sent to the waiting room).
    fn on_left(
        &mut self,
        _ctx: &mut Ctx<'_, Self::Timer>,
        _who: &ParticipantId,
        _reason: LeaveReason,
    ) {
    }

    /// `who` started or stopped speaking with an open microphone, at `at`.
    fn on_speaking(
        &mut self,
        _ctx: &mut Ctx<'_, Self::Timer>,
        _who: &ParticipantId,
        _speaking: bool,
        _at: Instant,
    ) {
    }

    /// One of this module's timers fired.
    fn on_timeout(&mut self, _ctx: &mut Ctx<'_, Self::Timer>, _timer: Self::Timer) {}

    /// What `viewer` needs to know after entering or resuming (or after becoming a
    /// moderator).
    fn snapshot(&self, _roster: &Roster, _viewer: &Member) -> Vec<ServerEvent> {
        Vec::new()
    }
}

/// Where hooks of every module run: the room's time, roster and effect queue, and the timer
/// changes they ask for.
pub(crate) struct Scope<'a> {
    pub(crate) now: Now,
    pub(crate) roster: &'a Roster,
    pub(crate) conference: (&'a RoomId, u64),
    pub(crate) effects: &'a mut Vec<Effect>,
    pub(crate) timers: &'a mut Vec<(ModuleTimer, Option<Instant>)>,
}

/// Runs `$call` with a fresh context named `$ctx`, then collects the timers it set, wrapped
/// into [`ModuleTimer`] by `$wrap`.
macro_rules! with_ctx {
    ($scope:expr, $id:expr, $wrap:path, |$ctx:ident| $call:expr) => {{
        let mut $ctx = Ctx {
            now: $scope.now,
            roster: $scope.roster,
            conference: $scope.conference,
            id: $id,
            effects: &mut *$scope.effects,
            timers: Vec::new(),
        };
        let result = $call;
        let timers = $ctx.timers;
        $scope
            .timers
            .extend(timers.into_iter().map(|(t, at)| ($wrap(t), at)));
        result
    }};
}

macro_rules! module_table {
    ($($ns:ident : $variant:ident($command:ident, $event:ident)),* $(,)?) => {
        /// Every namespace's state.
        #[derive(Debug, Default)]
        pub(crate) struct Modules {
            $(pub(crate) $ns: crate::$ns::$variant,)*
        }

        /// A timer of some namespace.
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
        pub(crate) enum ModuleTimer {
            $($variant(<crate::$ns::$variant as Module>::Timer),)*
        }

        impl Modules {
            /// What a command needs.
            pub(crate) fn permission(command: &ClientCommand) -> Permission {
                match command {
                    $(ClientCommand::$variant(c) => <crate::$ns::$variant as Module>::permission(c),)*
                }
            }

            /// Routes a command to its namespace.
            pub(crate) fn on_command(
                &mut self,
                scope: &mut Scope<'_>,
                caller: &Member,
                id: Option<u32>,
                command: ClientCommand,
            ) -> Result<(), Refusal> {
                match command {
                    $(ClientCommand::$variant(c) => with_ctx!(
                        scope, id, ModuleTimer::$variant,
                        |ctx| self.$ns.on_command(&mut ctx, caller, c)
                    ),)*
                }
            }

            pub(crate) fn on_entered(&mut self, scope: &mut Scope<'_>, who: &ParticipantId) {
                $(with_ctx!(scope, None, ModuleTimer::$variant,
                    |ctx| self.$ns.on_entered(&mut ctx, who));)*
            }

            pub(crate) fn on_left(
                &mut self,
                scope: &mut Scope<'_>,
                who: &ParticipantId,
                reason: LeaveReason,
            ) {
                $(with_ctx!(scope, None, ModuleTimer::$variant,
                    |ctx| self.$ns.on_left(&mut ctx, who, reason));)*
            }

            pub(crate) fn on_speaking(
                &mut self,
                scope: &mut Scope<'_>,
                who: &ParticipantId,
                speaking: bool,
                at: Instant,
            ) {
                $(with_ctx!(scope, None, ModuleTimer::$variant,
                    |ctx| self.$ns.on_speaking(&mut ctx, who, speaking, at));)*
            }

            pub(crate) fn on_timeout(&mut self, scope: &mut Scope<'_>, timer: ModuleTimer) {
                match timer {
                    $(ModuleTimer::$variant(t) => with_ctx!(
                        scope, None, ModuleTimer::$variant,
                        |ctx| self.$ns.on_timeout(&mut ctx, t)
                    ),)*
                }
            }

            /// The media engine's news about negotiation goes to the `media` namespace.
            pub(crate) fn on_media_notice(&mut self, scope: &mut Scope<'_>, notice: MediaNotice) {
                with_ctx!(scope, None, ModuleTimer::Media,
                    |ctx| self.media.on_notice(&mut ctx, notice))
            }

            /// The runtime's answer to a [`crate::Output::ClaimBallot`] goes to the `votes`
            /// namespace.
            pub(crate) fn on_ballot_claimed(
                &mut self,
                scope: &mut Scope<'_>,
                claim: u64,
                outcome: crate::input::ClaimOutcome,
            ) {
                with_ctx!(scope, None, ModuleTimer::Votes,
                    |ctx| self.votes.on_claimed(&mut ctx, claim, outcome))
            }

            /// A persisted record was stored for good (the `votes` namespace tells people
            /// when a protocol is).
            pub(crate) fn on_persisted(&mut self, scope: &mut Scope<'_>, key: &str) {
                with_ctx!(scope, None, ModuleTimer::Votes,
                    |ctx| self.votes.on_persisted(&mut ctx, key))
            }

            /// The conference ends (the last person left): running votes are cancelled.
            pub(crate) fn on_conference_end(&mut self, scope: &mut Scope<'_>) {
                with_ctx!(scope, None, ModuleTimer::Votes,
                    |ctx| self.votes.on_conference_end(&mut ctx))
            }

            /// Every namespace's snapshot for `viewer`.
            pub(crate) fn snapshot(&self, roster: &Roster, viewer: &Member) -> Vec<ServerEvent> {
                let mut events = Vec::new();
                $(events.extend(self.$ns.snapshot(roster, viewer));)*
                events
            }
        }
    };
}

plenum_protocol::for_each_namespace!(module_table);
