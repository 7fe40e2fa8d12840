// The "Past votes" section of a meeting's page (owner and moderators): the stored protocols of
// the votes held in its room (`GET /votes?room=`), newest first, each with its motion, kind and
// when it was held, the result in one line ("Yes 3 · No 0 · Abstain 0") or, for a cancelled
// vote, "Cancelled" with the reason (read from its protocol), how many voted, and the protocol's
// downloads (JSON and PDF, from the server). Hidden when the server does not let the caller see
// them. Reads only.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, voteProtocolPdfUrl, voteProtocolUrl } from '../../client/api';
import { tallyLine } from '../../client/votes';
import type { RoomId, VoteSummary } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { LoadError, Loading } from '../components/Loading';
import { useLoad } from '../data';
import { formatDateTime } from '../format';
import { useServices } from '../services';

/** "Cancelled: <reason>", the reason read from the vote's protocol (just "Cancelled" until then). */
function CancelledLine({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const { state } = useLoad(() => api.getVoteProtocol(id), [api, id]);
  const reason =
    state.status === 'ready'
      ? state.data.entries.flatMap((entry) => (entry.event.type === 'cancelled' ? [entry.event.reason] : []))[0]
      : undefined;
  return <span className="past-vote-result">{reason === undefined ? t('votes.past.cancelled') : t('votes.past.cancelledReason', { reason })}</span>;
}

function PastVote({ vote }: { vote: VoteSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="item item-compact past-vote" aria-label={vote.topic}>
      <div className="item-main">
        <span className="item-title">{vote.topic}</span>
        {vote.state === 'cancelled' || vote.counts === undefined ? (
          <CancelledLine id={vote.id} />
        ) : (
          <span className="past-vote-result">{tallyLine(vote.options, vote.counts)}</span>
        )}
        <span className="item-meta">
          <span className="dotted">
            <span>{vote.kind === 'secret' ? t('votes.card.secret') : t('votes.card.named')}</span>
            <span>{t('votes.past.participation', { voted: vote.voted, eligible: vote.eligible })}</span>
            <span>{t('votes.past.heldAt', { date: formatDateTime(vote.started_at, i18n.language) })}</span>
          </span>
        </span>
      </div>
      <div className="item-actions past-vote-downloads">
        <a className="btn btn-small" href={voteProtocolUrl(vote.id)} download={`plenum-vote-${vote.id}.json`}>
          <Icon name="download" size={18} />
          <span>{t('votes.past.downloadJson')}</span>
        </a>
        <a className="btn btn-small" href={voteProtocolPdfUrl(vote.id)} download={`plenum-vote-${vote.id}.pdf`}>
          <Icon name="download" size={18} />
          <span>{t('votes.past.downloadPdf')}</span>
        </a>
      </div>
    </li>
  );
}

export function PastVotesSection({ roomId }: { roomId: RoomId }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const headingId = useId();
  const { state, reload } = useLoad(() => api.listVotes(roomId), [api, roomId]);

  if (state.status === 'failed' && state.error instanceof ApiRequestError && (state.error.status === 403 || state.error.status === 404)) {
    return null;
  }

  const newestFirst = (list: VoteSummary[]) => [...list].sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at));

  return (
    <section className="surface" aria-labelledby={headingId}>
      <div className="surface-head">
        <h2 className="surface-title" id={headingId}>
          {t('votes.past.title')}
        </h2>
      </div>
      <p className="surface-lead">{t('votes.past.lead')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.length === 0 ? (
          <p className="empty">{t('votes.past.none')}</p>
        ) : (
          <ul className="items">
            {newestFirst(state.data).map((vote) => (
              <PastVote key={vote.id} vote={vote} />
            ))}
          </ul>
        ))}
    </section>
  );
}
