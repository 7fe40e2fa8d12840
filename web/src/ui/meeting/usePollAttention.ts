// What the meeting does when a poll starts that we may answer (started by someone else, while
// we are here): it opens the Polls panel when no other side panel is open, or else leaves the
// panel alone and asks for a notice (the toolbar's count shows it too); either way the polite
// live region says "New poll: …" once. Polls of a snapshot (coming in, resuming) are no news.
// It returns the announcement; MeetingView renders the region and owns the panels.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { answerBar, isRunning, type PollsState } from '../../client/polls';
import type { Participant, ParticipantId } from '../../protocol/generated';
import type { SidePanel } from './Toolbar';

export interface PollAttentionActions {
  openPolls(): void;
  notice(by: ParticipantId): void;
}

export function usePollAttention(polls: PollsState, self: Participant | undefined, openPanel: SidePanel | null, actions: PollAttentionActions): string {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const latest = useRef({ polls, self, openPanel, actions, t });
  latest.current = { polls, self, openPanel, actions, t };
  const handled = useRef<number | null>(polls.lastStarted);

  const id = polls.lastStarted;
  useEffect(() => {
    if (id === null || id === handled.current) return;
    handled.current = id;
    const now = latest.current;
    const poll = now.polls.polls.find((p) => p.id === id);
    if (poll === undefined || !isRunning(poll) || poll.by === now.self?.id) return;
    if (answerBar(now.self, poll.definition) !== null || now.polls.mine[id] !== undefined) return;
    if (now.openPanel === null) now.actions.openPolls();
    else if (now.openPanel !== 'polls') now.actions.notice(poll.by);
    const words = now.t('polls.announce.started', { topic: poll.definition.topic });
    // An invisible alternating suffix makes a repeated sentence a change the region reads.
    setText(id % 2 === 0 ? words : `${words}\u200b`);
  }, [id]);

  return text;
}
