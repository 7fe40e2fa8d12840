// The meeting's prepared polls in the Polls panel (chairs who are signed in): fetched from the
// room (`GET /rooms/{room}/polls`), each with its question and answers and a one-click "Start"
// named "Start poll “<question>”", or "Started" once a poll of this meeting was started from it.
// Nothing at all while loading, when there are none (an ad-hoc room) or when they cannot be
// fetched. It starts through its callback and shows the refusal it is given.
import { useTranslation } from 'react-i18next';
import { startedFrom } from '../../client/polls';
import type { Poll, PreparedPoll, RoomId } from '../../protocol/generated';
import { PreparedList } from './PreparedList';

export interface PreparedPollListProps {
  roomId: RoomId;
  /** The meeting's polls, to tell which prepared ones were started. */
  polls: readonly Poll[];
  /** Why the last start from here was refused, in words. */
  error: string | null;
  onStart(prepared: PreparedPoll): void;
}

export function PreparedPollList({ roomId, polls, error, onStart }: PreparedPollListProps) {
  const { t } = useTranslation();
  return (
    <PreparedList<PreparedPoll>
      roomId={roomId}
      fetch={(api, room) => api.listRoomPolls(room)}
      heading={t('polls.prepared.heading')}
      title={(prepared) => prepared.definition.topic}
      summary={(prepared) => prepared.definition.answers.join(' · ')}
      started={(prepared) => startedFrom(polls, prepared) !== undefined}
      startLabel={(prepared) => t('polls.prepared.start', { topic: prepared.definition.topic })}
      startText={t('polls.prepared.startShort')}
      startedText={t('polls.prepared.started')}
      error={error}
      onStart={onStart}
    />
  );
}
