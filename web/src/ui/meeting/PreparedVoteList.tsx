// The meeting's prepared votes in the Votes panel (chairs who are signed in): fetched from the
// room (`GET /rooms/{room}/votes`), each with its motion, options and kind and a one-click
// "Start" named "Start vote “<motion>”", or "Started" once a vote of this meeting was started from
// it. Nothing at all while loading, when there are none (an ad-hoc room) or when they cannot be
// fetched. It starts through its callback and shows the refusal it is given.
import { useId } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { startedFrom } from '../../client/votes';
import type { PreparedVote, RoomId, Vote } from '../../protocol/generated';
import { ErrorLine } from '../components/ErrorLine';
import { Icon } from '../components/Icon';
import { useLoad } from '../data';
import { useServices } from '../services';
import './PreparedRow.css';

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
  const { api } = useServices();
  const headingId = useId();
  const { state } = useLoad(() => api.listRoomVotes(roomId), [api, roomId]);
  if (state.status !== 'ready' || state.data.length === 0) return null;
  return (
    <section className="polls-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="polls-heading">
        {t('votes.prepared.heading')}
      </h3>
      <ul className="prepared-rows">
        {state.data.map((prepared) => (
          <li key={prepared.id} className="prepared-row">
            <div className="prepared-row-text">
              <span className="prepared-row-title">{prepared.definition.topic}</span>
              <span className="prepared-row-detail">
                {prepared.definition.kind === 'secret' ? t('votes.card.secret') : t('votes.card.named')} · {prepared.definition.options.join(' · ')}
              </span>
            </div>
            {startedFrom(votes, prepared) !== undefined ? (
              <span className="polls-prepared-started">
                <Icon name="check" size={16} />
                {t('votes.prepared.started')}
              </span>
            ) : (
              <Button
                className="btn btn-primary prepared-row-action"
                aria-label={t('votes.prepared.start', { topic: prepared.definition.topic })}
                onPress={() => onStart(prepared)}
              >
                {t('votes.prepared.startShort')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <ErrorLine text={error} />
    </section>
  );
}
