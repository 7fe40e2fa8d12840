// The form of a breakout set-up on the meeting's page ("Save set-up", "Cancel"): its name, the
// settings of the meeting's breakout form (BreakoutSettingsFields) and the room names ahead of
// time (as many as rooms when split by number of rooms, otherwise the names so far and one more;
// empty means "Group n"). It checks the set-up against the server's rules
// (client/breakoutSetups.ts) when it is submitted and from then on as it changes, shows each
// problem and each field the server refused at its field, and any other failure beside the
// buttons. It hands a clean set-up to `onSubmit` and sends nothing itself.
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SETTINGS, draftOf, namedRooms, type BreakoutDraft } from '../../client/breakoutPlan';
import { checkSetup, type SetupField } from '../../client/breakoutSetups';
import type { BreakoutSetup } from '../../protocol/generated';
import { BreakoutSettingsFields } from '../breakout/BreakoutSettingsFields';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';

/** Why the caller could not save the last set-up: a field the server refused, or a sentence. */
export type SetupRefusal = { field: SetupField } | { message: string };

export interface BreakoutSetupFormProps {
  /** The set-up to edit; the form's defaults when absent. */
  initial?: BreakoutSetup | undefined;
  /** Called with a set-up that passed the checks. */
  onSubmit(setup: BreakoutSetup): void;
  refusal: SetupRefusal | null;
  /** A request is running: the buttons wait. */
  busy: boolean;
  onCancel(): void;
}

export function BreakoutSetupForm({ initial, onSubmit, refusal, busy, onCancel }: BreakoutSetupFormProps) {
  const { t } = useTranslation();
  const namesLabelId = useId();
  const namesHintId = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [draft, setDraft] = useState<BreakoutDraft>(() => draftOf(initial?.settings ?? DEFAULT_SETTINGS));
  const [checked, setChecked] = useState(false);

  const result = checkSetup(name, draft);
  // Problems show once the form was submitted, and follow the changes from then on.
  const problems: readonly SetupField[] = checked && 'problems' in result ? result.problems : [];
  const refused = refusal !== null && 'field' in refusal ? refusal.field : null;
  const wrong = (field: SetupField) => problems.includes(field) || refused === field;

  const text: Record<SetupField, string> = {
    name: t('breakout.meeting.nameProblem'),
    rooms: t('breakout.roomCountProblem'),
    size: t('breakout.roomSizeProblem'),
    names: t('breakout.meeting.namesProblem'),
    minutes: t('breakout.minutesProblem'),
  };
  const counted = draft.assignment !== 'groups';
  const countField: SetupField | null = counted ? (draft.splitBy === 'rooms' ? 'rooms' : 'size') : null;
  const shown = (field: SetupField) => field === 'name' || field === 'names' || field === countField || (field === 'minutes' && draft.duration === 'other');
  // A refusal the form has no visible field for (or no field at all) is said beside the buttons.
  const errorLine = refusal === null ? null : 'message' in refusal ? refusal.message : shown(refusal.field) ? null : text[refusal.field];

  const submit = () => {
    setChecked(true);
    if ('setup' in result) onSubmit(result.setup);
  };

  return (
    <div className="breakout-setup-form">
      <Field
        label={t('breakout.meeting.name')}
        value={name}
        onChange={setName}
        description={t('breakout.meeting.nameHint')}
        error={wrong('name') ? text.name : null}
      />
      <BreakoutSettingsFields
        draft={draft}
        onChange={setDraft}
        countError={countField !== null && wrong(countField) ? text[countField] : null}
        minutesError={wrong('minutes') ? text.minutes : null}
      />
      <div className="group breakout-setup-names" role="group" aria-labelledby={namesLabelId} aria-describedby={namesHintId}>
        <span id={namesLabelId} className="group-label">
          {t('breakout.meeting.roomNames')}
        </span>
        <p id={namesHintId} className="description">
          {t('breakout.meeting.roomNamesHint')}
        </p>
        <ol className="breakout-setup-name-list">
          {Array.from({ length: namedRooms(draft) }, (_, index) => (
            <li key={index}>
              <Field
                label={t('breakout.nameOf', { number: index + 1 })}
                value={draft.names[index] ?? ''}
                onChange={(value) => setDraft((current) => ({ ...current, names: { ...current.names, [index]: value } }))}
                placeholder={t('breakout.defaultName', { number: index + 1 })}
              />
            </li>
          ))}
        </ol>
        <ErrorLine text={wrong('names') ? text.names : null} />
      </div>
      <ErrorLine text={errorLine} />
      <div className="form-actions">
        <Button className="btn" onPress={onCancel} isDisabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button className="btn btn-primary" onPress={submit} isDisabled={busy}>
          <Icon name="rooms" size={20} />
          <span>{t('breakout.meeting.save')}</span>
        </Button>
      </div>
    </div>
  );
}
