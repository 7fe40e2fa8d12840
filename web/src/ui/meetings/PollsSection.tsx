// A meeting's prepared polls on its page (owner and invited moderators): each with its
// question, answers and settings; for the owner "Add poll", "Edit" (the poll form in place of
// the row) and "Delete" (confirmed). The form is the one of the meeting (PollForm), saved with
// `POST`/`PUT /meetings/{id}/polls`; the server's refusals are said in the user's words (the
// field it names, or that the meeting has 50 already). In the meeting, moderators start these
// with one click. Hidden for people the server does not show them to.
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { MAX_POLLS } from '../../client/polls';
import type { Meeting, PollDefinition, PreparedPoll } from '../../protocol/generated';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { LoadError, Loading } from '../components/Loading';
import { useLoad } from '../data';
import { describeError } from '../errors';
import { PollForm } from '../polls/PollForm';
import { PollSettings } from '../polls/PollSettings';
import { useServices } from '../services';
import { Section } from './Section';

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

/** What is being edited: a new poll, or the prepared poll with this id. */
type Editing = { kind: 'new' } | { kind: 'poll'; id: string } | null;

export function PollsSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const { state, reload, update } = useLoad(() => api.listPreparedPolls(meeting.id), [api, meeting.id]);
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<PreparedPoll | null>(null);
  const owner = meeting.my_role === 'owner';

  if (state.status === 'failed' && state.error instanceof ApiRequestError && state.error.status === 403) return null;

  const edit = (next: Editing) => {
    setError(null);
    setEditing(next);
  };

  const save = async (definition: PollDefinition) => {
    if (editing === null) return;
    setBusy(true);
    setError(null);
    try {
      if (editing.kind === 'new') {
        const created = await api.addPreparedPoll(meeting.id, definition);
        update((list) => [...list, created]);
      } else {
        const { id } = editing;
        const saved = await api.updatePreparedPoll(meeting.id, id, definition);
        update((list) => list.map((p) => (p.id === id ? saved : p)));
      }
      setEditing(null);
    } catch (e) {
      setError(saveError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const form = (initial?: PollDefinition) => (
    <PollForm
      initial={initial}
      submitLabel={t('polls.meeting.save')}
      onSubmit={(definition) => void save(definition)}
      error={error}
      busy={busy}
      onCancel={() => edit(null)}
    />
  );

  const full = state.status === 'ready' && state.data.length >= MAX_POLLS;

  return (
    <Section
      title={t('polls.title')}
      actions={
        owner &&
        editing === null && (
          <Button className="btn btn-small" onPress={() => edit({ kind: 'new' })} isDisabled={state.status !== 'ready' || full}>
            <Icon name="plus" size={18} />
            <span>{t('polls.meeting.add')}</span>
          </Button>
        )
      }
    >
      <p className="surface-lead">{owner ? t('polls.meeting.lead') : t('polls.meeting.leadModerator')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.length === 0 ? (
          editing === null && <p className="empty">{t('polls.meeting.none')}</p>
        ) : (
          <ul className="items prepared-polls">
            {state.data.map((poll) =>
              editing?.kind === 'poll' && editing.id === poll.id ? (
                <li key={poll.id} className="item prepared-poll-editing">
                  {form(poll.definition)}
                </li>
              ) : (
                <li key={poll.id} className="item item-compact prepared-poll">
                  <div className="item-main">
                    <span className="item-title">{poll.definition.topic}</span>
                    <span className="item-meta">{poll.definition.answers.join(' · ')}</span>
                    <PollSettings definition={poll.definition} />
                  </div>
                  {owner && (
                    <div className="item-actions">
                      <Button
                        className="btn btn-small"
                        aria-label={t('polls.meeting.editNamed', { topic: poll.definition.topic })}
                        onPress={() => edit({ kind: 'poll', id: poll.id })}
                        isDisabled={editing !== null}
                      >
                        {t('polls.meeting.edit')}
                      </Button>
                      <Button
                        className="btn btn-small btn-danger-outline"
                        aria-label={t('polls.meeting.deleteNamed', { topic: poll.definition.topic })}
                        onPress={() => setDeleting(poll)}
                        isDisabled={editing !== null}
                      >
                        {t('polls.meeting.delete')}
                      </Button>
                    </div>
                  )}
                </li>
              ),
            )}
          </ul>
        ))}
      {full && owner && <p className="description">{t('polls.meeting.full')}</p>}
      {editing?.kind === 'new' && (
        <div className="prepared-poll-new">
          <h3 className="facts-heading">{t('polls.meeting.add')}</h3>
          {form()}
        </div>
      )}
      <ConfirmDialog
        isOpen={deleting !== null}
        onOpenChange={(open) => {
          if (!open) setDeleting(null);
        }}
        title={t('polls.meeting.deleteTitle', { topic: deleting?.definition.topic ?? '' })}
        body={t('polls.meeting.deleteBody')}
        confirmLabel={t('polls.meeting.delete')}
        onConfirm={async () => {
          if (deleting === null) return;
          const { id } = deleting;
          await api.removePreparedPoll(meeting.id, id);
          update((list) => list.filter((p) => p.id !== id));
        }}
      />
    </Section>
  );
}
