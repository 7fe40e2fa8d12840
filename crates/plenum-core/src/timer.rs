//! The `timer` namespace: one countdown or stopwatch for everyone, with a title and an optional
//! ready check, and the coffee break, which ends by itself. A countdown that reaches zero stays
//! shown (as "time is up") until a moderator stops it or starts another.
//!
//! Only the deadlines live here (as module timers on the room's clock); clients count down
//! themselves from `started_at`/`ends_at`. Not here: switching cameras and microphones off for
//! the break, which clients do when the break starts.

use crate::member::Member;
use crate::module::{Ctx, Module, Refusal};
use crate::permission::Permission;
use crate::roster::{Audience, Roster};
use plenum_protocol::control::LeaveReason;
use plenum_protocol::timer::{CoffeeBreak, RunningTimer, TimerCommand, TimerEvent};
use plenum_protocol::{ParticipantId, ServerEvent};
use std::ops::RangeInclusive;
use std::time::Duration;

/// Shortest and longest countdown, in seconds.
pub const COUNTDOWN_SECONDS: RangeInclusive<u32> = 5..=86_400;
/// Shortest and longest coffee break, in minutes.
pub const BREAK_MINUTES: RangeInclusive<u32> = 1..=120;
/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 100;

/// The namespace's deadlines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Alarm {
    /// The countdown reaches zero.
    Countdown,
    /// The coffee break is over.
    BreakOver,
}

/// The `timer` namespace's state.
#[derive(Debug, Default)]
pub(crate) struct Timer {
    timer: Option<RunningTimer>,
    coffee_break: Option<CoffeeBreak>,
}

type TimerCtx<'a, 'b> = &'a mut Ctx<'b, Alarm>;

/// The title as kept: without control characters, trimmed, at most [`MAX_TITLE_CHARS`].
fn title(raw: &str) -> Result<String, Refusal> {
    let kept: String = raw.chars().filter(|c| !c.is_control()).collect();
    let kept = kept.trim();
    if kept.chars().count() > MAX_TITLE_CHARS {
        return Err(Refusal::invalid(format!(
            "a title has at most {MAX_TITLE_CHARS} characters"
        )));
    }
    Ok(kept.to_owned())
}

impl Timer {
    fn start(
        &mut self,
        ctx: TimerCtx<'_, '_>,
        by: ParticipantId,
        raw_title: &str,
        length: Option<u32>,
        ready_check: bool,
    ) -> Result<(), Refusal> {
        let title = title(raw_title)?;
        if let Some(s) = length
            && !COUNTDOWN_SECONDS.contains(&s)
        {
            return Err(Refusal::invalid(format!(
                "a countdown lasts {} to {} seconds",
                COUNTDOWN_SECONDS.start(),
                COUNTDOWN_SECONDS.end()
            )));
        }
        ctx.cancel_timer(Alarm::Countdown);
        let ends_at = length.map(|s| {
            let d = Duration::from_secs(u64::from(s));
            ctx.set_timer(Alarm::Countdown, ctx.now.mono + d);
            ctx.now.after(d).wall_ms
        });
        let timer = RunningTimer {
            title,
            started_at: ctx.now.wall_ms,
            ends_at,
            ready_check,
            ready: Vec::new(),
            by,
        };
        self.timer = Some(timer.clone());
        ctx.send(Audience::Everyone, TimerEvent::Started { timer });
        Ok(())
    }

    fn ready_changed(&self, ctx: TimerCtx<'_, '_>) {
        if let Some(t) = &self.timer {
            ctx.send(
                Audience::Everyone,
                TimerEvent::ReadyChanged {
                    ready: t.ready.clone(),
                },
            );
        }
    }
}

impl Module for Timer {
    type Command = TimerCommand;
    type Timer = Alarm;

    fn permission(command: &TimerCommand) -> Permission {
        match command {
            TimerCommand::SetReady { .. } => Permission::Participate,
            TimerCommand::Start { .. }
            | TimerCommand::Stop
            | TimerCommand::StartBreak { .. }
            | TimerCommand::EndBreak => Permission::Moderate,
        }
    }

    fn on_command(
        &mut self,
        ctx: TimerCtx<'_, '_>,
        caller: &Member,
        command: TimerCommand,
    ) -> Result<(), Refusal> {
        let me = caller.public.id.clone();
        match command {
            TimerCommand::Start {
                title,
                seconds,
                ready_check,
            } => self.start(ctx, me, &title, seconds, ready_check)?,
            TimerCommand::Stop => {
                if self.timer.take().is_some() {
                    ctx.cancel_timer(Alarm::Countdown);
                    ctx.send(Audience::Everyone, TimerEvent::Stopped { by: me });
                }
            }
            TimerCommand::SetReady { ready } => {
                let timer = self
                    .timer
                    .as_mut()
                    .filter(|t| t.ready_check)
                    .ok_or_else(|| Refusal::invalid("no ready check is running"))?;
                let listed = timer.ready.contains(&me);
                if ready && !listed {
                    timer.ready.push(me);
                } else if !ready && listed {
                    timer.ready.retain(|p| p != &me);
                } else {
                    return Ok(());
                }
                self.ready_changed(ctx);
            }
            TimerCommand::StartBreak { minutes } => {
                if !BREAK_MINUTES.contains(&minutes) {
                    return Err(Refusal::invalid(format!(
                        "a break lasts {} to {} minutes",
                        BREAK_MINUTES.start(),
                        BREAK_MINUTES.end()
                    )));
                }
                let d = Duration::from_secs(u64::from(minutes) * 60);
                ctx.set_timer(Alarm::BreakOver, ctx.now.mono + d);
                let coffee_break = CoffeeBreak {
                    started_at: ctx.now.wall_ms,
                    ends_at: ctx.now.after(d).wall_ms,
                    by: me,
                };
                self.coffee_break = Some(coffee_break.clone());
                ctx.send(
                    Audience::Everyone,
                    TimerEvent::BreakStarted { coffee_break },
                );
            }
            TimerCommand::EndBreak => {
                if self.coffee_break.take().is_some() {
                    ctx.cancel_timer(Alarm::BreakOver);
                    ctx.send(Audience::Everyone, TimerEvent::BreakEnded { by: Some(me) });
                }
            }
        }
        Ok(())
    }

    fn on_left(&mut self, ctx: TimerCtx<'_, '_>, who: &ParticipantId, _reason: LeaveReason) {
        let Some(timer) = self.timer.as_mut() else {
            return;
        };
        let before = timer.ready.len();
        timer.ready.retain(|p| p != who);
        if timer.ready.len() != before {
            self.ready_changed(ctx);
        }
    }

    fn on_timeout(&mut self, ctx: TimerCtx<'_, '_>, alarm: Alarm) {
        match alarm {
            Alarm::Countdown => {
                if self.timer.as_ref().is_some_and(|t| t.ends_at.is_some()) {
                    ctx.send(Audience::Everyone, TimerEvent::Expired);
                }
            }
            Alarm::BreakOver => {
                if self.coffee_break.take().is_some() {
                    ctx.send(Audience::Everyone, TimerEvent::BreakEnded { by: None });
                }
            }
        }
    }

    fn snapshot(&self, _roster: &Roster, _viewer: &Member) -> Vec<ServerEvent> {
        vec![
            TimerEvent::State {
                timer: self.timer.clone(),
                coffee_break: self.coffee_break.clone(),
            }
            .into(),
        ]
    }
}
