// A meeting's prepared votes on its page (PreparedSection.tsx: owner and invited moderators; the
// owner adds, edits and deletes): each with its motion, options and settings (its kind among
// them). The form is the one of the meeting (VoteForm, without "Chosen people": nobody is present
// yet), saved with `POST`/`PUT /meetings/{id}/votes`; the server's refusals are said in the
// user's words (the field it names, or that the meeting has 50 already). In the meeting,
// moderators start these with one click.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { MAX_PREPARED_VOTES } from '../../client/votes';
import type { Meeting, PreparedVote, VoteDefinition } from '../../protocol/generated';
import { describeError } from '../errors';
import { useServices } from '../services';
import { VoteForm } from '../votes/VoteForm';
import { VoteSettings } from '../votes/VoteSettings';
import { PreparedSection } from './PreparedSection';

/** Why a prepared vote was not saved, in words. */
function saveError(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiRequestError)) return describeError(t, error);
  if (error.code === 'conflict' || error.status === 409) return t('votes.meeting.full');
  if (error.code === 'invalid_request' || error.status === 422) {
    switch (error.field) {
      case 'topic':
        return t('votes.meeting.topicRefused');
      case 'options':
        return t('votes.meeting.optionsRefused');
      case 'voters':
        return t('votes.meeting.votersRefused');
      case 'seconds':
        return t('votes.meeting.secondsRefused');
      default:
        return t('votes.meeting.refused');
    }
  }
  return describeError(t, error);
}

export function VotesSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { api } = useServices();
  return (
    <PreparedSection<PreparedVote, VoteDefinition, string>
      meeting={meeting}
      texts={{
        title: t('votes.title'),
        lead: t('votes.meeting.lead'),
        leadModerator: t('votes.meeting.leadModerator'),
        none: t('votes.meeting.none'),
        add: t('votes.meeting.add'),
        edit: t('votes.meeting.edit'),
        delete: t('votes.meeting.delete'),
        full: t('votes.meeting.full'),
        deleteBody: t('votes.meeting.deleteBody'),
        editNamed: (topic) => t('votes.meeting.editNamed', { topic }),
        deleteNamed: (topic) => t('votes.meeting.deleteNamed', { topic }),
        deleteTitle: (topic) => t('votes.meeting.deleteTitle', { topic }),
      }}
      max={MAX_PREPARED_VOTES}
      list={(id) => api.listPreparedVotes(id)}
      add={(id, definition) => api.addPreparedVote(id, definition)}
      update={(id, item, definition) => api.updatePreparedVote(id, item, definition)}
      remove={(id, item) => api.removePreparedVote(id, item)}
      valueOf={(vote) => vote.definition}
      nameOf={(vote) => vote.definition.topic}
      details={(vote) => (
        <>
          <span className="item-meta">{vote.definition.options.join(' · ')}</span>
          <VoteSettings definition={vote.definition} showKind />
        </>
      )}
      refusalOf={(error) => saveError(t, error)}
      form={({ initial, onSubmit, refusal, busy, onCancel }) => (
        <VoteForm initial={initial} submitLabel={t('votes.meeting.save')} onSubmit={onSubmit} error={refusal} busy={busy} onCancel={onCancel} />
      )}
      className="prepared-votes"
    />
  );
}
