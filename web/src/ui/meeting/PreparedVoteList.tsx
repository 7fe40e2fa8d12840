// The meeting's prepared votes in the Votes panel (chairs who are signed in): fetched from the
// room (`GET /rooms/{room}/votes`), each with its motion, options and kind and a one-click
// "Start" named "Start vote “<motion>”", or "Started" once a vote of this meeting was started from
// it. Nothing at all while loading, when there are none (an ad-hoc room) or when they cannot be
// fetched. It starts through its callback and shows the refusal it is given.
import { useTranslation } from 'react-i18next';
import { startedFrom } from '../../client/votes';
import type { PreparedVote, RoomId, Vote } from '../../protocol/generated';
import { PreparedList } from './PreparedList';

export interface PreparedVoteListProps {
  roomId: RoomId;
  /** The meeting's votes, to tell which prepared ones were started. */
  votes: readonly Vote[];
  /** Why the last start from here was refused, in words. */
  error: string | null;
  onStart(prepared: PreparedVote): void;
}

export function PreparedVoteList({ roomId, votes, error, onStart }: PreparedVoteListProps) {
  const { t } = useTranslation();
  return (
    <PreparedList<PreparedVote>
      roomId={roomId}
      fetch={(api, room) => api.listRoomVotes(room)}
      heading={t('votes.prepared.heading')}
      title={(prepared) => prepared.definition.topic}
      summary={({ definition }) => `${definition.kind === 'secret' ? t('votes.card.secret') : t('votes.card.named')} · ${definition.options.join(' · ')}`}
      started={(prepared) => startedFrom(votes, prepared) !== undefined}
      startLabel={(prepared) => t('votes.prepared.start', { topic: prepared.definition.topic })}
      startText={t('votes.prepared.startShort')}
      startedText={t('votes.prepared.started')}
      error={error}
      onStart={onStart}
    />
  );
}
