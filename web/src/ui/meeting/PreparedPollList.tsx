// The meeting's prepared polls in the Polls panel (chairs who are signed in): fetched from the
// room (`GET /rooms/{room}/polls`), each with its question and answers and a one-click "Start"
// named "Start poll “<question>”", or "Started" once a poll of this meeting was started from it.
// Nothing at all while loading, when there are none (an ad-hoc room) or when they cannot be
// fetched. It starts through its callback and shows the refusal it is given.
import { useId } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { startedFrom } from '../../client/polls';
import type { Poll, PreparedPoll, RoomId } from '../../protocol/generated';
import { ErrorLine } from '../components/ErrorLine';
import { Icon } from '../components/Icon';
import { useLoad } from '../data';
import { useServices } from '../services';
import './PreparedRow.css';

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
  const { api } = useServices();
  const headingId = useId();
  const { state } = useLoad(() => api.listRoomPolls(roomId), [api, roomId]);
  if (state.status !== 'ready' || state.data.length === 0) return null;
  return (
    <section className="polls-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="polls-heading">
        {t('polls.prepared.heading')}
      </h3>
      <ul className="prepared-rows">
        {state.data.map((prepared) => (
          <li key={prepared.id} className="prepared-row">
            <div className="prepared-row-text">
              <span className="prepared-row-title">{prepared.definition.topic}</span>
              <span className="prepared-row-detail">{prepared.definition.answers.join(' · ')}</span>
            </div>
            {startedFrom(polls, prepared) !== undefined ? (
              <span className="polls-prepared-started">
                <Icon name="check" size={16} />
                {t('polls.prepared.started')}
              </span>
            ) : (
              <Button
                className="btn btn-primary prepared-row-action"
                aria-label={t('polls.prepared.start', { topic: prepared.definition.topic })}
                onPress={() => onStart(prepared)}
              >
                {t('polls.prepared.startShort')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <ErrorLine text={error} />
    </section>
  );
}
