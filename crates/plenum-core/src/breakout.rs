//! The `breakout` namespace: breakout rooms as parts of the same meeting. Moderators open them
//! with a plan (rooms, who goes where, duration, rules for late joiners), move people (and
//! themselves, to visit), broadcast to every room, extend or shorten the time, and end them;
//! a minute before the end (halfway through shorter sessions) everyone is warned, and at the
//! end everyone returns to the main room by itself.
//!
//! Also here: [`checked_setup`], the one validation of a breakout set-up prepared with a
//! meeting (the controller uses it).
//!
//! Where someone is lives here and, through `RoomChange::BreakoutRoom`, on the member (so that
//! the chat keeps messages to everyone within a room) and in the media engine
//! (`MediaRequest::SetBreakoutRoom`), which forwards media only within each room: moving is a
//! remap without renegotiation. Not here: choosing who goes where when the rooms open (the
//! moderator's client sends the assignment, random, by hand or by groups).

use crate::change::RoomChange;
use crate::member::Member;
use crate::module::{Ctx, Module, Refusal};
use crate::permission::Permission;
use crate::roster::{Audience, Roster};
use plenum_protocol::breakout::{
    BreakoutCommand, BreakoutEvent, BreakoutPlace, BreakoutPlan, BreakoutRoom, BreakoutSession,
    BreakoutSettings, BreakoutSetup,
};
use plenum_protocol::{ParticipantId, ServerEvent};
use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

/// How many rooms a plan may open.
pub const BREAKOUT_ROOMS: RangeInclusive<usize> = 1..=50;
/// Shortest and longest duration, in seconds.
pub const BREAKOUT_SECONDS: RangeInclusive<u32> = 30..=86_400;
/// Longest room name, in characters.
pub const MAX_ROOM_NAME_CHARS: usize = 60;
/// Longest broadcast, in characters.
pub const MAX_BROADCAST_CHARS: usize = 500;
/// How long before the end everyone is warned (halfway through shorter sessions).
pub const WARNING_BEFORE_END: Duration = Duration::from_secs(60);
/// Shortening never ends the rooms sooner than this from now.
pub const SHORTEST_REMAINING: Duration = Duration::from_secs(10);
/// Largest "people per room" of a set-up.
pub const MAX_ROOM_SIZE: u32 = 999;
/// Longest set-up duration, in minutes.
pub const MAX_SETUP_MINUTES: u32 = 1440;

/// Why a breakout set-up was refused: the field and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidSetup {
    /// `name`, `rooms`, `size`, `names` or `minutes`.
    pub field: &'static str,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// The set-up as kept (texts trimmed), or why it cannot be used. The same limits as opening
/// rooms: at most 50 rooms, names of at most 60 characters.
pub fn checked_setup(raw: BreakoutSetup) -> Result<BreakoutSetup, InvalidSetup> {
    let invalid = |field, message: String| InvalidSetup { field, message };
    let clean = |s: &str| -> String {
        let kept: String = s.chars().filter(|c| !c.is_control()).collect();
        kept.trim().to_owned()
    };
    let name = clean(&raw.name);
    if name.is_empty() || name.chars().count() > MAX_ROOM_NAME_CHARS {
        return Err(invalid(
            "name",
            format!("a set-up's name has 1 to {MAX_ROOM_NAME_CHARS} characters"),
        ));
    }
    let s = raw.settings;
    if !BREAKOUT_ROOMS.contains(&(s.rooms as usize)) {
        return Err(invalid(
            "rooms",
            format!("1 to {} rooms", BREAKOUT_ROOMS.end()),
        ));
    }
    if !(1..=MAX_ROOM_SIZE).contains(&s.size) {
        return Err(invalid(
            "size",
            format!("1 to {MAX_ROOM_SIZE} people per room"),
        ));
    }
    let names: Vec<String> = s.names.iter().map(|n| clean(n)).collect();
    if names.len() > *BREAKOUT_ROOMS.end()
        || names
            .iter()
            .any(|n| n.chars().count() > MAX_ROOM_NAME_CHARS)
    {
        return Err(invalid(
            "names",
            format!(
                "at most {} room names of at most {MAX_ROOM_NAME_CHARS} characters",
                BREAKOUT_ROOMS.end()
            ),
        ));
    }
    if s.minutes
        .is_some_and(|m| !(1..=MAX_SETUP_MINUTES).contains(&m))
    {
        return Err(invalid(
            "minutes",
            format!("1 to {MAX_SETUP_MINUTES} minutes, or none"),
        ));
    }
    Ok(BreakoutSetup {
        name,
        settings: BreakoutSettings { names, ..s },
    })
}

/// The namespace's deadlines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Alarm {
    /// Warn everyone that the rooms close soon.
    Warning,
    /// The rooms close.
    End,
}

/// Open breakout rooms.
#[derive(Debug)]
struct Session {
    rooms: Vec<BreakoutRoom>,
    /// Each room's group, for late joiners.
    groups: Vec<Option<String>>,
    /// Where people are (also people who left, so that they return to their room).
    places: BTreeMap<ParticipantId, u32>,
    started_at: u64,
    /// Monotonic and wall-clock end, if any.
    end: Option<(Instant, u64)>,
    assign_late_joiners: bool,
    include_moderators: bool,
    by: ParticipantId,
}

impl Session {
    fn wire(&self, roster: &Roster) -> BreakoutSession {
        BreakoutSession {
            rooms: self.rooms.clone(),
            places: self
                .places
                .iter()
                .filter(|(p, _)| roster.inside(p).is_some())
                .map(|(p, r)| BreakoutPlace {
                    participant: p.clone(),
                    room: *r,
                })
                .collect(),
            started_at: self.started_at,
            ends_at: self.end.map(|(_, wall)| wall),
            assign_late_joiners: self.assign_late_joiners,
            include_moderators: self.include_moderators,
            by: self.by.clone(),
        }
    }

    /// The room for someone who comes later: their group's, else the one with fewest people
    /// inside (the first of those).
    fn room_for(&self, roster: &Roster, member: &Member) -> u32 {
        let by_group = self.groups.iter().position(|g| {
            g.as_ref()
                .is_some_and(|g| member.public.groups.iter().any(|m| m == g))
        });
        let index = by_group.unwrap_or_else(|| {
            let mut counts = vec![0usize; self.rooms.len()];
            for (p, r) in &self.places {
                if roster.inside(p).is_some() {
                    counts[(*r - 1) as usize] += 1;
                }
            }
            counts
                .iter()
                .enumerate()
                .min_by_key(|(i, c)| (**c, *i))
                .map_or(0, |(i, _)| i)
        });
        self.rooms[index].id
    }
}

/// The `breakout` namespace's state.
#[derive(Debug, Default)]
pub(crate) struct Breakout {
    session: Option<Session>,
}

type BreakoutCtx<'a, 'b> = &'a mut Ctx<'b, Alarm>;

/// A text as kept: without control characters, trimmed, 1 to `max` characters.
fn text(raw: &str, what: &str, max: usize) -> Result<String, Refusal> {
    let kept: String = raw
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    let kept = kept.trim();
    if kept.is_empty() || kept.chars().count() > max {
        return Err(Refusal::invalid(format!(
            "{what} has 1 to {max} characters"
        )));
    }
    Ok(kept.to_owned())
}

/// Places `who` in `room` (the room applies it: the member's place and the media engine).
fn place(ctx: BreakoutCtx<'_, '_>, who: &ParticipantId, room: Option<u32>) {
    ctx.change(RoomChange::BreakoutRoom {
        who: who.clone(),
        room,
    });
}

impl Breakout {
    fn start(
        &mut self,
        ctx: BreakoutCtx<'_, '_>,
        by: ParticipantId,
        plan: BreakoutPlan,
    ) -> Result<(), Refusal> {
        if self.session.is_some() {
            return Err(Refusal::invalid(
                "breakout rooms are open already; end them first",
            ));
        }
        if !BREAKOUT_ROOMS.contains(&plan.rooms.len()) {
            return Err(Refusal::invalid(format!(
                "open {} to {} breakout rooms",
                BREAKOUT_ROOMS.start(),
                BREAKOUT_ROOMS.end()
            )));
        }
        if let Some(s) = plan.seconds
            && !BREAKOUT_SECONDS.contains(&s)
        {
            return Err(Refusal::invalid(format!(
                "breakout rooms last {} seconds to {} hours",
                BREAKOUT_SECONDS.start(),
                BREAKOUT_SECONDS.end() / 3600
            )));
        }
        let mut rooms = Vec::with_capacity(plan.rooms.len());
        let mut groups = Vec::with_capacity(plan.rooms.len());
        let mut places = BTreeMap::new();
        for (i, room) in plan.rooms.iter().enumerate() {
            let id = u32::try_from(i + 1).unwrap_or(u32::MAX);
            rooms.push(BreakoutRoom {
                id,
                name: text(&room.name, "a room's name", MAX_ROOM_NAME_CHARS)?,
            });
            groups.push(room.group.clone());
            for p in &room.members {
                if ctx.roster.inside(p).is_none() {
                    return Err(Refusal::not_found("participant"));
                }
                if places.insert(p.clone(), id).is_some() {
                    return Err(Refusal::invalid(format!("{p} is assigned to two rooms")));
                }
            }
        }
        let end = plan.seconds.map(|s| {
            let d = Duration::from_secs(u64::from(s));
            (ctx.now.mono + d, ctx.now.after(d).wall_ms)
        });
        let session = Session {
            rooms,
            groups,
            places,
            started_at: ctx.now.wall_ms,
            end,
            assign_late_joiners: plan.assign_late_joiners,
            include_moderators: plan.include_moderators,
            by,
        };
        for (p, r) in &session.places {
            place(ctx, p, Some(*r));
        }
        ctx.send(
            Audience::Everyone,
            BreakoutEvent::Started {
                session: session.wire(ctx.roster),
            },
        );
        self.session = Some(session);
        self.schedule(ctx);
        Ok(())
    }

    /// Sets the warning and the end for the session's end.
    fn schedule(&self, ctx: BreakoutCtx<'_, '_>) {
        ctx.cancel_timer(Alarm::Warning);
        ctx.cancel_timer(Alarm::End);
        let Some((at, _)) = self.session.as_ref().and_then(|s| s.end) else {
            return;
        };
        let left = at.saturating_duration_since(ctx.now.mono);
        let warn = WARNING_BEFORE_END.min(left / 2);
        ctx.set_timer(Alarm::Warning, at - warn);
        ctx.set_timer(Alarm::End, at);
    }

    fn extend(&mut self, ctx: BreakoutCtx<'_, '_>, seconds: i32) -> Result<(), Refusal> {
        let session = self
            .session
            .as_mut()
            .ok_or_else(|| Refusal::invalid("no breakout rooms are open"))?;
        let now = ctx.now.mono;
        let base = match session.end {
            Some((at, _)) => at,
            None if seconds > 0 => now,
            None => return Err(Refusal::invalid("these breakout rooms have no end to move")),
        };
        let delta = Duration::from_secs(u64::from(seconds.unsigned_abs()));
        let at = if seconds >= 0 {
            base + delta
        } else {
            base.checked_sub(delta).unwrap_or(now)
        };
        let at = at.max(now + SHORTEST_REMAINING);
        let longest = now + Duration::from_secs(u64::from(*BREAKOUT_SECONDS.end()));
        let at = at.min(longest);
        let wall = ctx.now.wall_of(at);
        session.end = Some((at, wall));
        ctx.send(
            Audience::Everyone,
            BreakoutEvent::EndChanged { ends_at: wall },
        );
        self.schedule(ctx);
        Ok(())
    }

    fn move_to(
        &mut self,
        ctx: BreakoutCtx<'_, '_>,
        who: ParticipantId,
        room: Option<u32>,
    ) -> Result<(), Refusal> {
        let session = self
            .session
            .as_mut()
            .ok_or_else(|| Refusal::invalid("no breakout rooms are open"))?;
        if ctx.roster.inside(&who).is_none() {
            return Err(Refusal::not_found("participant"));
        }
        if let Some(r) = room
            && !session.rooms.iter().any(|b| b.id == r)
        {
            return Err(Refusal::not_found("breakout room"));
        }
        let was = match room {
            Some(r) => session.places.insert(who.clone(), r),
            None => session.places.remove(&who),
        };
        if was == room {
            return Ok(());
        }
        place(ctx, &who, room);
        ctx.send(
            Audience::Everyone,
            BreakoutEvent::Moved {
                participant: who,
                room,
            },
        );
        Ok(())
    }

    fn end(&mut self, ctx: BreakoutCtx<'_, '_>, by: Option<ParticipantId>) {
        let Some(session) = self.session.take() else {
            return;
        };
        ctx.cancel_timer(Alarm::Warning);
        ctx.cancel_timer(Alarm::End);
        for p in session.places.keys() {
            place(ctx, p, None);
        }
        ctx.send(Audience::Everyone, BreakoutEvent::Ended { by });
    }
}

impl Module for Breakout {
    type Command = BreakoutCommand;
    type Timer = Alarm;

    fn permission(_command: &BreakoutCommand) -> Permission {
        Permission::Moderate
    }

    fn on_command(
        &mut self,
        ctx: BreakoutCtx<'_, '_>,
        caller: &Member,
        command: BreakoutCommand,
    ) -> Result<(), Refusal> {
        let me = caller.public.id.clone();
        match command {
            BreakoutCommand::Start { plan } => self.start(ctx, me, plan),
            BreakoutCommand::Extend { seconds } => self.extend(ctx, seconds),
            BreakoutCommand::Broadcast { text: raw } => {
                if self.session.is_none() {
                    return Err(Refusal::invalid("no breakout rooms are open"));
                }
                let text = text(&raw, "a message", MAX_BROADCAST_CHARS)?;
                ctx.send(
                    Audience::Everyone,
                    BreakoutEvent::Broadcast {
                        from: me,
                        from_name: caller.public.display_name.clone(),
                        text,
                    },
                );
                Ok(())
            }
            BreakoutCommand::Move { participant, room } => self.move_to(ctx, participant, room),
            BreakoutCommand::End => {
                if self.session.is_none() {
                    return Err(Refusal::invalid("no breakout rooms are open"));
                }
                self.end(ctx, Some(me));
                Ok(())
            }
        }
    }

    fn on_entered(&mut self, ctx: BreakoutCtx<'_, '_>, who: &ParticipantId) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        if let Some(room) = session.places.get(who).copied() {
            // Back after leaving: to the same room (the media engine forgot them).
            place(ctx, who, Some(room));
            return;
        }
        let Some(member) = ctx.roster.inside(who) else {
            return;
        };
        if !session.assign_late_joiners || (member.is_chair() && !session.include_moderators) {
            return;
        }
        let room = session.room_for(ctx.roster, member);
        session.places.insert(who.clone(), room);
        place(ctx, who, Some(room));
        ctx.send(
            Audience::Everyone,
            BreakoutEvent::Moved {
                participant: who.clone(),
                room: Some(room),
            },
        );
    }

    fn on_timeout(&mut self, ctx: BreakoutCtx<'_, '_>, alarm: Alarm) {
        match alarm {
            Alarm::Warning => {
                if let Some((_, ends_at)) = self.session.as_ref().and_then(|s| s.end) {
                    ctx.send(Audience::Everyone, BreakoutEvent::Warning { ends_at });
                }
            }
            Alarm::End => self.end(ctx, None),
        }
    }

    fn snapshot(&self, roster: &Roster, _viewer: &Member) -> Vec<ServerEvent> {
        vec![
            BreakoutEvent::State {
                session: self.session.as_ref().map(|s| s.wire(roster)),
            }
            .into(),
        ]
    }
}
