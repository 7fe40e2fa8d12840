// "New private message": pick one or several people (with a search by name) and start the
// conversation with them, or, for members of groups and chairs, write to a group. A modal
// dialog; it calls back with the conversation's key and sends nothing itself.
import { useState } from 'react';
import { Button, CheckboxGroup, Dialog, Heading, Input, Label, Modal, ModalOverlay, SearchField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { groupKey, MAX_RECIPIENTS, peopleKey, type ConversationKey } from '../../client/chat';
import { searchParticipants, sortParticipants } from '../../client/participantSort';
import type { Participant, ParticipantId } from '../../protocol/generated';
import { CheckboxItem } from '../components/Choice';
import { ErrorLine } from '../components/ErrorLine';
import '../components/dialogs.css';

export interface NewConversationDialogProps {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  selfId: ParticipantId | null;
  /** Everyone inside, self included. */
  participants: readonly Participant[];
  /** The groups to offer (see groupsToOffer). */
  groups: readonly string[];
  onStart(key: ConversationKey): void;
}

function NewConversationForm({ selfId, participants, groups, onStart }: Omit<NewConversationDialogProps, 'isOpen' | 'onOpenChange'>) {
  const { t, i18n } = useTranslation();
  const [chosen, setChosen] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const others = sortParticipants(
    participants.filter((p) => p.id !== selfId),
    'name_asc',
    { hands: [], speaking: {}, now: 0, locale: i18n.language },
  );
  const shown = searchParticipants(others, query, i18n.language);
  // People who left are no longer offered.
  const chosenInside = chosen.filter((id) => others.some((p) => p.id === id));

  const start = () => {
    if (chosenInside.length === 0) {
      setError(t('chat.choosePeople'));
      return;
    }
    if (chosenInside.length > MAX_RECIPIENTS) {
      setError(t('chat.tooManyPeople', { max: MAX_RECIPIENTS }));
      return;
    }
    onStart(peopleKey(chosenInside, selfId));
  };

  return (
    <form
      className="form chat-new-form"
      onSubmit={(event) => {
        event.preventDefault();
        start();
      }}
    >
      <Heading slot="title" className="dialog-title">
        {t('chat.newTitle')}
      </Heading>
      {others.length === 0 ? (
        <p>{t('chat.nobodyElse')}</p>
      ) : (
        <>
          {others.length > 6 && (
            <SearchField className="field" value={query} onChange={setQuery} aria-label={t('chat.search')}>
              <Input className="input" placeholder={t('chat.search')} />
            </SearchField>
          )}
          <CheckboxGroup
            className="group"
            value={chosenInside}
            onChange={(value) => {
              setChosen(value);
              setError(null);
            }}
          >
            <Label className="group-label">{t('chat.people')}</Label>
            <div className="chat-people">
              {shown.length === 0 ? (
                <p className="chat-empty">{t('chat.noMatch')}</p>
              ) : (
                shown.map((p) => (
                  <CheckboxItem key={p.id} value={p.id}>
                    {p.display_name}
                  </CheckboxItem>
                ))
              )}
            </div>
          </CheckboxGroup>
          <ErrorLine text={error} />
        </>
      )}
      {groups.length > 0 && (
        <section className="chat-new-groups" aria-label={t('chat.groups')}>
          <h3 className="group-label">{t('chat.groups')}</h3>
          <div className="chat-group-buttons">
            {groups.map((group) => (
              <Button key={group} className="btn btn-compact" onPress={() => onStart(groupKey(group))}>
                {t('chat.writeToGroup', { group })}
              </Button>
            ))}
          </div>
        </section>
      )}
      <div className="dialog-actions">
        <Button className="btn" slot="close">
          {t('common.cancel')}
        </Button>
        {others.length > 0 && (
          <Button className="btn btn-primary" type="submit">
            {t('chat.start')}
          </Button>
        )}
      </div>
    </form>
  );
}

export function NewConversationDialog({ isOpen, onOpenChange, ...form }: NewConversationDialogProps) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable>
      <Modal className="modal">
        <Dialog className="dialog">
          <NewConversationForm {...form} />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
