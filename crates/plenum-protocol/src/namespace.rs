//! The list of signaling namespaces, written down once.
//!
//! [`for_each_namespace!`] hands the list to a callback macro. This crate uses it to generate
//! the envelope enums ([`crate::ClientCommand`], [`crate::ServerEvent`]), the decoder's arms,
//! [`NAMESPACES`] and the TypeScript declarations; `plenum-core` uses it to generate the room's
//! module table and its exhaustive routing. Adding a namespace means one protocol module (with
//! its command and event enums and a `declare` function for the TypeScript generator), one
//! line here, one module in `plenum-core`, one file in `docs/protocol/` and one slice of the web
//! client.
//!
//! Each entry reads `module: Variant(Command, Event)`: the wire name is the module's name, the
//! envelope variant is `Variant`, and `Command`/`Event` are the payload types in
//! `crate::module`. Not here: the `error` namespace, which has events only and is added by the
//! envelope itself.

/// Calls `$callback! { module: Variant(Command, Event), … }` with every namespace.
#[macro_export]
macro_rules! for_each_namespace {
    ($callback:ident) => {
        $callback! {
            control: Control(ControlCommand, ControlEvent),
            media: Media(MediaCommand, MediaEvent),
            moderation: Moderation(ModerationCommand, ModerationEvent),
            floor: Floor(FloorCommand, FloorEvent),
            chat: Chat(ChatCommand, ChatEvent),
            timer: Timer(TimerCommand, TimerEvent),
            polls: Polls(PollsCommand, PollsEvent),
            breakout: Breakout(BreakoutCommand, BreakoutEvent),
            votes: Votes(VotesCommand, VotesEvent),
        }
    };
}
