// What the meeting does when a vote starts that we may vote in (started by someone else, while
// we are here): it opens the Votes panel when no other side panel is open, or else leaves the
// panel alone and asks for a notice (the toolbar's count shows it too); either way the polite
// live region says "New vote: …" once. Votes of a snapshot (coming in, resuming) are no news.
// It returns the announcement; MeetingView renders the region and owns the panels.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayVote, type VotesState } from '../../client/votes';
import type { ParticipantId } from '../../protocol/generated';
import type { SidePanel } from './Toolbar';

export interface VoteAttentionActions {
  openVotes(): void;
  notice(by: ParticipantId): void;
}

export function useVoteAttention(votes: VotesState, selfId: ParticipantId | null, openPanel: SidePanel | null, actions: VoteAttentionActions): string {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const latest = useRef({ votes, selfId, openPanel, actions, t });
  latest.current = { votes, selfId, openPanel, actions, t };
  const handled = useRef<number | null>(votes.lastStarted);

  const id = votes.lastStarted;
  useEffect(() => {
    if (id === null || id === handled.current) return;
    handled.current = id;
    const now = latest.current;
    const vote = now.votes.votes.find((v) => v.id === id);
    if (vote === undefined || vote.by === now.selfId || !mayVote(now.votes, vote, now.selfId)) return;
    if (now.openPanel === null) now.actions.openVotes();
    else if (now.openPanel !== 'votes') now.actions.notice(vote.by);
    const words = now.t('votes.announce.started', { topic: vote.definition.topic });
    // An invisible alternating suffix makes a repeated sentence a change the region reads.
    setText(id % 2 === 0 ? words : `${words}\u200b`);
  }, [id]);

  return text;
}
