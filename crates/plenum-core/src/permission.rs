//! The one permission table: which role may do what, under which policy. Each namespace names
//! the [`Permission`] every command needs (`Module::permission`); the room checks it here
//! before the namespace sees the command. Checks that depend on the target (the owner cannot
//! be demoted, …) are made by the namespace with the same roles.

use plenum_protocol::control::Role;
use plenum_protocol::moderation::RoomPolicy;

/// What a command needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Heartbeat and leaving: also allowed in the waiting room.
    Presence,
    /// One's own media, media negotiation, lowering one's own hand: everyone inside.
    Participate,
    /// Raising one's hand: everyone inside but recorders, while the policy allows hands
    /// (moderators always).
    RaiseHand,
    /// Switching one's microphone on while microphones are restricted; spared by "mute all".
    SpeakFreely,
    /// Sharing one's screen: owners, moderators and podium guests always, everyone inside
    /// while the policy allows screen sharing.
    ShareScreen,
    /// Everything in the `moderation` namespace, and acting on other people's hands and turns.
    Moderate,
}

/// Whether `role` grants `permission` (before the policy is considered).
pub fn granted(role: Role, permission: Permission) -> bool {
    use Permission as P;
    use Role as R;
    match permission {
        P::Presence | P::Participate => true,
        P::RaiseHand => role != R::Recorder,
        P::SpeakFreely => matches!(role, R::Owner | R::Moderator | R::Podium | R::Interpreter),
        P::ShareScreen => matches!(role, R::Owner | R::Moderator | R::Podium),
        P::Moderate => matches!(role, R::Owner | R::Moderator),
    }
}

/// Whether someone holding `roles` has `permission` under `policy`.
pub fn allows(roles: &[Role], permission: Permission, policy: &RoomPolicy) -> bool {
    let any = |p| roles.iter().any(|r| granted(*r, p));
    match permission {
        Permission::RaiseHand => {
            any(Permission::RaiseHand) && (policy.hands || any(Permission::Moderate))
        }
        Permission::ShareScreen => {
            any(Permission::ShareScreen)
                || (policy.screen_sharing && !roles.contains(&Role::Recorder))
        }
        p => any(p),
    }
}
