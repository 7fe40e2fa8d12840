// People picked for invitation before they are sent: registered users and external e-mail
// addresses, each as participant or moderator, turned into one `NewInvitations` request per
// role (the API takes one role per batch). Plain data; no requests, no DOM.
import type { Invitation, MeetingRole, NewInvitations, UserSummary } from '../protocol/generated';

export type PendingInvitee =
  | { kind: 'user'; user: UserSummary; moderator: boolean }
  | { kind: 'email'; email: string; moderator: boolean };

export function inviteeKey(invitee: PendingInvitee): string {
  return invitee.kind === 'user' ? `user:${invitee.user.id}` : `email:${invitee.email.toLowerCase()}`;
}

/** One request per role, participants first; none for an empty list. */
export function invitationBatches(invitees: readonly PendingInvitee[]): NewInvitations[] {
  const batches: NewInvitations[] = [];
  for (const role of ['participant', 'moderator'] as const satisfies readonly MeetingRole[]) {
    const chosen = invitees.filter((i) => i.moderator === (role === 'moderator'));
    if (chosen.length === 0) continue;
    batches.push({
      users: chosen.flatMap((i) => (i.kind === 'user' ? [i.user.id] : [])),
      emails: chosen.flatMap((i) => (i.kind === 'email' ? [i.email] : [])),
      role,
    });
  }
  return batches;
}

/** Who an invitation is for, as shown: the user's name or the address. */
export function invitationName(invitation: Invitation): string {
  return invitation.invitee.kind === 'user' ? invitation.invitee.user.display_name : invitation.invitee.email;
}
