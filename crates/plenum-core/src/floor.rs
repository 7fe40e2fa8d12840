//! The `floor` namespace: the queue of raised hands (points of order first, then in order of
//! raising), the current turn with its optional time limit, and everyone's speaking time.
//!
//! A hand survives a lost connection (it is hidden while its owner is away and back in its
//! place when they return); it is lowered when its owner leaves on purpose, is removed or is
//! sent to the waiting room. Speaking time counts utterances of an open microphone measured by
//! the SFU; utterances shorter than [`MIN_UTTERANCE`] (a cough, a bump) earn nothing.

use crate::change::RoomChange;
use crate::member::Member;
use crate::module::{Ctx, Module, Refusal};
use crate::now::{Now, duration_ms};
use crate::permission::Permission;
use crate::report::Tally;
use crate::roster::{Audience, Roster};
use plenum_protocol::control::LeaveReason;
use plenum_protocol::floor::{FloorCommand, FloorEvent, Hand, SpeakingTime, Turn};
use plenum_protocol::moderation::ModerationEvent;
use plenum_protocol::{ParticipantId, ServerEvent};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Shortest utterance that counts as speaking time.
pub const MIN_UTTERANCE: Duration = Duration::from_millis(600);
/// Shortest and longest limit per turn, in seconds.
pub const TURN_LIMITS: std::ops::RangeInclusive<u32> = 10..=3600;

/// The floor's timers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum FloorTimer {
    /// The current turn's time is up.
    TurnLimit,
}

#[derive(Debug)]
struct TurnState {
    turn: Turn,
    /// Whether the time-up reminder is still to come.
    timed: bool,
}

/// One person's speaking figures.
#[derive(Debug, Default)]
struct Speech {
    total_ms: u64,
    /// The current utterance: when it began (monotonic and wall clock).
    since: Option<(Instant, u64)>,
    last_spoke: Option<u64>,
    hands_raised: u32,
}

impl Speech {
    fn wire(&self, participant: &ParticipantId) -> SpeakingTime {
        SpeakingTime {
            participant: participant.clone(),
            total_ms: self.total_ms,
            speaking_since: self.since.map(|(_, wall)| wall),
            last_spoke: self.last_spoke,
        }
    }
}

/// The `floor` namespace's state.
#[derive(Debug, Default)]
pub(crate) struct Floor {
    /// Raised hands in order of raising, also of people away for now.
    hands: Vec<Hand>,
    turn: Option<TurnState>,
    turn_limit: Option<u32>,
    speech: BTreeMap<ParticipantId, Speech>,
}

type FloorCtx<'a, 'b> = &'a mut Ctx<'b, FloorTimer>;

impl Floor {
    /// The queue as shown: hands of people inside, points of order first, then by raising.
    fn queue(&self, roster: &Roster) -> Vec<Hand> {
        let mut hands: Vec<Hand> = self
            .hands
            .iter()
            .filter(|h| roster.inside(&h.participant).is_some())
            .cloned()
            .collect();
        hands.sort_by_key(|h| !h.point_of_order);
        hands
    }

    fn broadcast_queue(&self, ctx: FloorCtx<'_, '_>) {
        let hands = self.queue(ctx.roster);
        ctx.send(Audience::Everyone, FloorEvent::Hands { hands });
    }

    fn lower(&mut self, who: &ParticipantId) -> bool {
        let before = self.hands.len();
        self.hands.retain(|h| &h.participant != who);
        self.hands.len() != before
    }

    fn set_turn(&mut self, ctx: FloorCtx<'_, '_>, turn: Option<Turn>) {
        ctx.cancel_timer(FloorTimer::TurnLimit);
        self.turn = turn.clone().map(|turn| TurnState {
            timed: turn.ends_at.is_some(),
            turn,
        });
        if let Some(limit) = self.turn.as_ref().and(self.turn_limit) {
            ctx.set_timer(
                FloorTimer::TurnLimit,
                ctx.now.mono + Duration::from_secs(u64::from(limit)),
            );
        }
        ctx.send(Audience::Everyone, FloorEvent::TurnChanged { turn });
    }

    /// Speaking milliseconds (the current utterance counted up to `now`) and hands raised.
    pub(crate) fn tallies(&self, now: Now) -> BTreeMap<ParticipantId, Tally> {
        self.speech
            .iter()
            .map(|(id, s)| {
                let current = s
                    .since
                    .map(|(at, _)| now.mono.saturating_duration_since(at))
                    .filter(|d| *d >= MIN_UTTERANCE)
                    .map_or(0, duration_ms);
                let tally = Tally {
                    speaking_ms: s.total_ms + current,
                    hands_raised: s.hands_raised,
                };
                (id.clone(), tally)
            })
            .collect()
    }
}

impl Module for Floor {
    type Command = FloorCommand;
    type Timer = FloorTimer;

    fn permission(command: &FloorCommand) -> Permission {
        match command {
            FloorCommand::RaiseHand { .. } => Permission::RaiseHand,
            FloorCommand::LowerHand | FloorCommand::EndTurn => Permission::Participate,
            FloorCommand::LowerHandOf { .. }
            | FloorCommand::LowerAll
            | FloorCommand::GiveFloor { .. }
            | FloorCommand::SetTurnLimit { .. } => Permission::Moderate,
        }
    }

    fn on_command(
        &mut self,
        ctx: FloorCtx<'_, '_>,
        caller: &Member,
        command: FloorCommand,
    ) -> Result<(), Refusal> {
        let me = caller.public.id.clone();
        match command {
            FloorCommand::RaiseHand { point_of_order } => {
                match self.hands.iter_mut().find(|h| h.participant == me) {
                    Some(hand) if point_of_order && !hand.point_of_order => {
                        hand.point_of_order = true;
                    }
                    Some(_) => return Ok(()),
                    None => {
                        self.hands.push(Hand {
                            participant: me.clone(),
                            point_of_order,
                            raised_at: ctx.now.wall_ms,
                        });
                        self.speech.entry(me).or_default().hands_raised += 1;
                    }
                }
                self.broadcast_queue(ctx);
            }
            FloorCommand::LowerHand => {
                if self.lower(&me) {
                    self.broadcast_queue(ctx);
                }
            }
            FloorCommand::LowerHandOf { participant } => {
                if self.lower(&participant) {
                    self.broadcast_queue(ctx);
                }
            }
            FloorCommand::LowerAll => {
                if !self.hands.is_empty() {
                    self.hands.clear();
                    self.broadcast_queue(ctx);
                }
            }
            FloorCommand::GiveFloor { participant } => {
                let person = ctx
                    .roster
                    .inside(&participant)
                    .ok_or_else(|| Refusal::not_found("participant"))?;
                let policy = &ctx.roster.policy;
                let needs_permission = !person.may_unmute(policy);
                let muted = !person.public.audio;
                if self.lower(&participant) {
                    self.broadcast_queue(ctx);
                }
                if needs_permission {
                    ctx.change(RoomChange::MicrophoneAllowed {
                        who: participant.clone(),
                        allowed: true,
                    });
                }
                if muted {
                    ctx.send(
                        Audience::Participant(participant.clone()),
                        ModerationEvent::UnmuteRequested { by: me },
                    );
                }
                let started_at = ctx.now.wall_ms;
                let ends_at = self.turn_limit.map(|s| started_at + u64::from(s) * 1000);
                self.set_turn(
                    ctx,
                    Some(Turn {
                        participant,
                        started_at,
                        ends_at,
                    }),
                );
            }
            FloorCommand::EndTurn => {
                let speaker = self.turn.as_ref().map(|t| &t.turn.participant);
                if speaker != Some(&me) && !caller.may(Permission::Moderate, &ctx.roster.policy) {
                    return Err(Refusal::forbidden(
                        "only the speaker or a moderator can end the turn",
                    ));
                }
                if self.turn.is_some() {
                    self.set_turn(ctx, None);
                }
            }
            FloorCommand::SetTurnLimit { seconds } => {
                if seconds.is_some_and(|s| !TURN_LIMITS.contains(&s)) {
                    return Err(Refusal::invalid(format!(
                        "a turn lasts {} to {} seconds",
                        TURN_LIMITS.start(),
                        TURN_LIMITS.end()
                    )));
                }
                if self.turn_limit != seconds {
                    self.turn_limit = seconds;
                    ctx.send(Audience::Everyone, FloorEvent::TurnLimitChanged { seconds });
                }
            }
        }
        Ok(())
    }

    fn on_entered(&mut self, ctx: FloorCtx<'_, '_>, who: &ParticipantId) {
        if self.hands.iter().any(|h| &h.participant == who) {
            self.broadcast_queue(ctx);
        }
    }

    fn on_left(&mut self, ctx: FloorCtx<'_, '_>, who: &ParticipantId, reason: LeaveReason) {
        let had_hand = self.hands.iter().any(|h| &h.participant == who);
        if reason != LeaveReason::ConnectionLost {
            self.lower(who);
        }
        if had_hand {
            self.broadcast_queue(ctx);
        }
        if self
            .turn
            .as_ref()
            .is_some_and(|t| &t.turn.participant == who)
        {
            self.set_turn(ctx, None);
        }
    }

    fn on_speaking(
        &mut self,
        ctx: FloorCtx<'_, '_>,
        who: &ParticipantId,
        speaking: bool,
        at: Instant,
    ) {
        let speech = self.speech.entry(who.clone()).or_default();
        if speaking {
            speech.since = Some((at, ctx.now.wall_of(at)));
        } else if let Some((began, _)) = speech.since.take() {
            let length = at.saturating_duration_since(began);
            if length >= MIN_UTTERANCE {
                speech.total_ms += duration_ms(length);
            }
            speech.last_spoke = Some(ctx.now.wall_of(at));
        }
        let time = speech.wire(who);
        ctx.send(Audience::Moderators, FloorEvent::Speaking { time });
    }

    fn on_timeout(&mut self, ctx: FloorCtx<'_, '_>, timer: FloorTimer) {
        match timer {
            FloorTimer::TurnLimit => {
                if let Some(state) = self.turn.as_mut().filter(|t| t.timed) {
                    state.timed = false;
                    let participant = state.turn.participant.clone();
                    ctx.send(Audience::Everyone, FloorEvent::TimeUp { participant });
                }
            }
        }
    }

    fn snapshot(&self, roster: &Roster, viewer: &Member) -> Vec<ServerEvent> {
        let speaking = if viewer.is_chair() {
            self.speech.iter().map(|(id, s)| s.wire(id)).collect()
        } else {
            Vec::new()
        };
        vec![
            FloorEvent::State {
                hands: self.queue(roster),
                turn: self.turn.as_ref().map(|t| t.turn.clone()),
                turn_limit_seconds: self.turn_limit,
                speaking,
            }
            .into(),
        ]
    }
}
