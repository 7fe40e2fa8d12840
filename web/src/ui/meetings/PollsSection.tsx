// A meeting's prepared polls on its page (PreparedSection.tsx: owner and invited moderators; the
// owner adds, edits and deletes): each with its question, answers and settings. The form is the
// one of the meeting (PollForm), saved with `POST`/`PUT /meetings/{id}/polls`; the server's
// refusals are said in the user's words (the field it names, or that the meeting has 50
// already). In the meeting, moderators start these with one click.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { MAX_POLLS } from '../../client/polls';
import type { Meeting, PollDefinition, PreparedPoll } from '../../protocol/generated';
import { describeError } from '../errors';
import { PollForm } from '../polls/PollForm';
import { PollSettings } from '../polls/PollSettings';
import { useServices } from '../services';
import { PreparedSection } from './PreparedSection';

/** Why a prepared poll was not saved, in words. */
function saveError(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiRequestError)) return describeError(t, error);
  if (error.code === 'conflict' || error.status === 409) return t('polls.meeting.full');
  if (error.code === 'invalid_request' || error.status === 422) {
    switch (error.field) {
      case 'topic':
        return t('polls.meeting.topicRefused');
      case 'answers':
        return t('polls.meeting.answersRefused');
      case 'seconds':
        return t('polls.meeting.secondsRefused');
      default:
        return t('polls.meeting.refused');
    }
  }
  return describeError(t, error);
}

export function PollsSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { api } = useServices();
  return (
    <PreparedSection<PreparedPoll, PollDefinition, string>
      meeting={meeting}
      texts={{
        title: t('polls.title'),
        lead: t('polls.meeting.lead'),
        leadModerator: t('polls.meeting.leadModerator'),
        none: t('polls.meeting.none'),
        add: t('polls.meeting.add'),
        edit: t('polls.meeting.edit'),
        delete: t('polls.meeting.delete'),
        full: t('polls.meeting.full'),
        deleteBody: t('polls.meeting.deleteBody'),
        editNamed: (topic) => t('polls.meeting.editNamed', { topic }),
        deleteNamed: (topic) => t('polls.meeting.deleteNamed', { topic }),
        deleteTitle: (topic) => t('polls.meeting.deleteTitle', { topic }),
      }}
      max={MAX_POLLS}
      list={(id) => api.listPreparedPolls(id)}
      add={(id, definition) => api.addPreparedPoll(id, definition)}
      update={(id, item, definition) => api.updatePreparedPoll(id, item, definition)}
      remove={(id, item) => api.removePreparedPoll(id, item)}
      valueOf={(poll) => poll.definition}
      nameOf={(poll) => poll.definition.topic}
      details={(poll) => (
        <>
          <span className="item-meta">{poll.definition.answers.join(' · ')}</span>
          <PollSettings definition={poll.definition} />
        </>
      )}
      refusalOf={(error) => saveError(t, error)}
      form={({ initial, onSubmit, refusal, busy, onCancel }) => (
        <PollForm initial={initial} submitLabel={t('polls.meeting.save')} onSubmit={onSubmit} error={refusal} busy={busy} onCancel={onCancel} />
      )}
      className="prepared-polls"
    />
  );
}
