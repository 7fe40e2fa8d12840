// What a meeting's page prepares for the meeting (prepared polls, breakout set-ups), as one
// section for the owner and invited moderators: the items, each with its name and a few words
// about it; for the owner "Add …", "Edit" (the item's form in place of its row) and "Delete"
// (confirmed), and a note when the meeting has the most it keeps. It saves through the caller's
// REST functions, keeps the list in step with the server's answers, and hands the caller's form
// the refusal of the last save in the caller's own terms. Hidden for people the server does not
// show the items to (403).
import { useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { ApiRequestError } from '../../client/api';
import type { Meeting } from '../../protocol/generated';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { LoadError, Loading } from '../components/Loading';
import { useLoad } from '../data';
import { Section } from './Section';

/** The section's words, in the user's language. */
export interface PreparedTexts {
  title: string;
  /** What the section is for, said to the owner. */
  lead: string;
  /** The same, said to an invited moderator (who only sees the items). */
  leadModerator: string;
  none: string;
  add: string;
  edit: string;
  delete: string;
  /** The meeting has the most it keeps. */
  full: string;
  deleteBody: string;
  editNamed(name: string): string;
  deleteNamed(name: string): string;
  deleteTitle(name: string): string;
}

/** What the section gives the item's form. */
export interface PreparedFormProps<V, F> {
  /** The item to edit; a new one when absent. */
  initial: V | undefined;
  onSubmit(value: V): void;
  /** Why the last save failed, as `refusalOf` said. */
  refusal: F | null;
  busy: boolean;
  onCancel(): void;
}

export interface PreparedSectionProps<T extends { id: string }, V, F> {
  meeting: Meeting;
  texts: PreparedTexts;
  /** The most items a meeting keeps. */
  max: number;
  list(meetingId: string): Promise<T[]>;
  add(meetingId: string, value: V): Promise<T>;
  update(meetingId: string, id: string, value: V): Promise<T>;
  remove(meetingId: string, id: string): Promise<void>;
  valueOf(item: T): V;
  nameOf(item: T): string;
  /** What the row shows under the name. */
  details(item: T): ReactNode;
  /** Why a save failed, for the form. */
  refusalOf(error: unknown): F;
  form(props: PreparedFormProps<V, F>): ReactNode;
  /** Class of the list, for the item's own styles. */
  className: string;
}

/** What is being edited: a new item, or the item with this id. */
type Editing = { kind: 'new' } | { kind: 'item'; id: string } | null;

export function PreparedSection<T extends { id: string }, V, F>(props: PreparedSectionProps<T, V, F>) {
  const { meeting, texts } = props;
  const { state, reload, update } = useLoad(() => props.list(meeting.id), [meeting.id]);
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<F | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const owner = meeting.my_role === 'owner';

  if (state.status === 'failed' && state.error instanceof ApiRequestError && state.error.status === 403) return null;

  const edit = (next: Editing) => {
    setRefusal(null);
    setEditing(next);
  };

  const save = async (value: V) => {
    if (editing === null) return;
    setBusy(true);
    setRefusal(null);
    try {
      if (editing.kind === 'new') {
        const created = await props.add(meeting.id, value);
        update((list) => [...list, created]);
      } else {
        const { id } = editing;
        const saved = await props.update(meeting.id, id, value);
        update((list) => list.map((item) => (item.id === id ? saved : item)));
      }
      setEditing(null);
    } catch (e) {
      setRefusal(props.refusalOf(e));
    } finally {
      setBusy(false);
    }
  };

  const form = (initial: V | undefined) => props.form({ initial, onSubmit: (value) => void save(value), refusal, busy, onCancel: () => edit(null) });

  const full = state.status === 'ready' && state.data.length >= props.max;

  return (
    <Section
      title={texts.title}
      actions={
        owner &&
        editing === null && (
          <Button className="btn btn-small" onPress={() => edit({ kind: 'new' })} isDisabled={state.status !== 'ready' || full}>
            <Icon name="plus" size={18} />
            <span>{texts.add}</span>
          </Button>
        )
      }
    >
      <p className="surface-lead">{owner ? texts.lead : texts.leadModerator}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.length === 0 ? (
          editing === null && <p className="empty">{texts.none}</p>
        ) : (
          <ul className={`items prepared-items ${props.className}`}>
            {state.data.map((item) =>
              editing?.kind === 'item' && editing.id === item.id ? (
                <li key={item.id} className="item prepared-item-editing">
                  {form(props.valueOf(item))}
                </li>
              ) : (
                <li key={item.id} className="item item-compact prepared-item">
                  <div className="item-main">
                    <span className="item-title">{props.nameOf(item)}</span>
                    {props.details(item)}
                  </div>
                  {owner && (
                    <div className="item-actions">
                      <Button className="btn btn-small" aria-label={texts.editNamed(props.nameOf(item))} onPress={() => edit({ kind: 'item', id: item.id })} isDisabled={editing !== null}>
                        {texts.edit}
                      </Button>
                      <Button
                        className="btn btn-small btn-danger-outline"
                        aria-label={texts.deleteNamed(props.nameOf(item))}
                        onPress={() => setDeleting(item)}
                        isDisabled={editing !== null}
                      >
                        {texts.delete}
                      </Button>
                    </div>
                  )}
                </li>
              ),
            )}
          </ul>
        ))}
      {full && owner && <p className="description">{texts.full}</p>}
      {editing?.kind === 'new' && (
        <div className="prepared-item-new">
          <h3 className="facts-heading">{texts.add}</h3>
          {form(undefined)}
        </div>
      )}
      <ConfirmDialog
        isOpen={deleting !== null}
        onOpenChange={(open) => {
          if (!open) setDeleting(null);
        }}
        title={texts.deleteTitle(deleting === null ? '' : props.nameOf(deleting))}
        body={texts.deleteBody}
        confirmLabel={texts.delete}
        onConfirm={async () => {
          if (deleting === null) return;
          const { id } = deleting;
          await props.remove(meeting.id, id);
          update((list) => list.filter((item) => item.id !== id));
        }}
      />
    </Section>
  );
}
