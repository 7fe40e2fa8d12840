// What a participant's roles mean for the client: chairs (owners and moderators), guests, the
// badges shown next to a name, and who may switch their microphone on while microphones are
// restricted (plenary mode), and who may share their screen. Pure helpers over the wire types; the node checks every command
// again, so these only decide what the UI offers.
import type { Participant, ParticipantId, Role, RoomPolicy } from '../protocol/generated';

/** Roles shown as badges, in display order (`participant` and `recorder` are not shown). */
export const BADGE_ROLES = ['owner', 'moderator', 'guest', 'podium', 'interpreter'] as const satisfies readonly Role[];

export type BadgeRole = (typeof BADGE_ROLES)[number];

export function hasRole(participant: Pick<Participant, 'roles'>, role: Role): boolean {
  return participant.roles.includes(role);
}

/** Owners and moderators: they see and use the moderation tools. */
export function isChair(participant: Pick<Participant, 'roles'> | undefined | null): boolean {
  return participant != null && (hasRole(participant, 'owner') || hasRole(participant, 'moderator'));
}

export function isGuest(participant: Pick<Participant, 'roles'>): boolean {
  return hasRole(participant, 'guest');
}

/** The badges of a participant, in display order. */
export function badgeRoles(participant: Pick<Participant, 'roles'>): BadgeRole[] {
  return BADGE_ROLES.filter((role) => hasRole(participant, role));
}

/**
 * Whether `participant` may switch their microphone on: always, unless microphones are
 * restricted; then only chairs, podium guests, interpreters and the people allowed to speak.
 */
export function mayUseMicrophone(
  participant: Pick<Participant, 'id' | 'roles'>,
  policy: Pick<RoomPolicy, 'microphones_restricted'> | null,
  allowed: readonly ParticipantId[],
): boolean {
  if (policy === null || !policy.microphones_restricted) return true;
  if (isChair(participant) || hasRole(participant, 'podium') || hasRole(participant, 'interpreter')) return true;
  return allowed.includes(participant.id);
}

/**
 * Whether `participant` may share their screen: everyone while the policy allows it (or before
 * it is known); otherwise only owners, moderators and podium guests.
 */
export function mayShareScreen(participant: Pick<Participant, 'roles'>, policy: Pick<RoomPolicy, 'screen_sharing'> | null): boolean {
  if (policy === null || policy.screen_sharing !== false) return true;
  return isChair(participant) || hasRole(participant, 'podium');
}
