// The "Groups…" dialog of a participant's actions: one text field with the groups separated by
// commas, checked against the limits (at most 8 groups of up to 40 characters) before "Save"
// calls back with the groups. A modal dialog; it sends nothing itself.
import { useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { groupsText, MAX_GROUP_LENGTH, MAX_GROUPS, parseGroups } from '../../client/groups';
import { Field } from '../components/Field';
import '../components/dialogs.css';

export interface GroupsDialogProps {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  name: string;
  groups: readonly string[];
  onSave(groups: string[]): void;
}

function GroupsForm({ name, groups, onSave }: Pick<GroupsDialogProps, 'name' | 'groups' | 'onSave'>) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => groupsText(groups));
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    const result = parseGroups(text);
    if (!result.ok) {
      setError(result.error === 'too_many' ? t('groups.tooMany', { max: MAX_GROUPS }) : t('groups.tooLong', { max: MAX_GROUP_LENGTH }));
      return;
    }
    onSave(result.groups);
  };
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <Heading slot="title" className="dialog-title">
        {t('groups.title', { name })}
      </Heading>
      <Field
        label={t('groups.label')}
        value={text}
        onChange={(v) => {
          setText(v);
          setError(null);
        }}
        description={t('groups.hint', { max: MAX_GROUPS })}
        error={error}
        autoFocus
      />
      <div className="dialog-actions">
        <Button className="btn" slot="close">
          {t('common.cancel')}
        </Button>
        <Button className="btn btn-primary" type="submit">
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

export function GroupsDialog({ isOpen, onOpenChange, name, groups, onSave }: GroupsDialogProps) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable>
      <Modal className="modal">
        <Dialog className="dialog">
          <GroupsForm name={name} groups={groups} onSave={onSave} />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
