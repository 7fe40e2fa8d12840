// The settings of breakout rooms, the same in the meeting's breakout form and in a set-up on the
// meeting's page: how to assign people (Random, Manual, By groups), rooms by number or by
// participants per room with the number, Include moderators and Assign late joiners (each with a
// sentence saying what it means), and the duration (Unlimited, 5, 10, 15, 30 minutes or other
// minutes). Controlled: it shows a draft (client/breakoutPlan.ts) and hands back the changed one,
// with the errors it is given at their fields; it checks nothing itself.
import { useId } from 'react';
import { Label, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { DURATION_CHOICES, type BreakoutDraft } from '../../client/breakoutPlan';
import { RadioItem, SwitchField } from '../components/Choice';
import { Field } from '../components/Field';
import './BreakoutSettingsFields.css';

export interface BreakoutSettingsFieldsProps {
  draft: BreakoutDraft;
  onChange(draft: BreakoutDraft): void;
  /** What is wrong with the number of rooms or of people per room (whichever is shown), in words. */
  countError: string | null;
  /** What is wrong with the other minutes, in words. */
  minutesError: string | null;
}

const UNLIMITED = 'unlimited';
const OTHER = 'other';

export function BreakoutSettingsFields({ draft, onChange, countError, minutesError }: BreakoutSettingsFieldsProps) {
  const { t } = useTranslation();
  const moderatorsHintId = useId();
  const lateJoinersHintId = useId();
  const change = (patch: Partial<BreakoutDraft>) => onChange({ ...draft, ...patch });
  return (
    <div className="breakout-settings">
      <RadioGroup className="group" value={draft.assignment} onChange={(value) => change({ assignment: value === 'manual' || value === 'groups' ? value : 'random' })}>
        <Label className="group-label">{t('breakout.assignment')}</Label>
        <div className="segmented">
          <RadioItem value="random" plain>
            {t('breakout.random')}
          </RadioItem>
          <RadioItem value="manual" plain>
            {t('breakout.manual')}
          </RadioItem>
          <RadioItem value="groups" plain>
            {t('breakout.byGroups')}
          </RadioItem>
        </div>
      </RadioGroup>
      {draft.assignment !== 'groups' && (
        <>
          <RadioGroup className="group" value={draft.splitBy} onChange={(value) => change({ splitBy: value === 'size' ? 'size' : 'rooms' })}>
            <Label className="group-label">{t('breakout.splitBy')}</Label>
            <div className="segmented">
              <RadioItem value="rooms" plain>
                {t('breakout.byNumber')}
              </RadioItem>
              <RadioItem value="size" plain>
                {t('breakout.bySize')}
              </RadioItem>
            </div>
          </RadioGroup>
          {draft.splitBy === 'rooms' ? (
            <Field label={t('breakout.roomCount')} value={draft.rooms} onChange={(rooms) => change({ rooms })} inputMode="numeric" className="breakout-number" error={countError} />
          ) : (
            <Field label={t('breakout.roomSize')} value={draft.size} onChange={(size) => change({ size })} inputMode="numeric" className="breakout-number" error={countError} />
          )}
        </>
      )}
      <div className="breakout-switch">
        <SwitchField isSelected={draft.includeModerators} onChange={(includeModerators) => change({ includeModerators })} describedBy={moderatorsHintId}>
          {t('breakout.includeModerators')}
        </SwitchField>
        <p id={moderatorsHintId} className="description">
          {t('breakout.includeModeratorsHint')}
        </p>
      </div>
      <div className="breakout-switch">
        <SwitchField isSelected={draft.assignLateJoiners} onChange={(assignLateJoiners) => change({ assignLateJoiners })} describedBy={lateJoinersHintId}>
          {t('breakout.assignLateJoiners')}
        </SwitchField>
        <p id={lateJoinersHintId} className="description">
          {t('breakout.assignLateJoinersHint')}
        </p>
      </div>
      <RadioGroup
        className="group"
        value={typeof draft.duration === 'number' ? String(draft.duration) : draft.duration}
        onChange={(value) => change({ duration: value === UNLIMITED || value === OTHER ? value : Number(value) })}
      >
        <Label className="group-label">{t('breakout.duration')}</Label>
        <div className="segmented">
          <RadioItem value={UNLIMITED} plain>
            {t('breakout.unlimited')}
          </RadioItem>
          {DURATION_CHOICES.map((m) => (
            <RadioItem key={m} value={String(m)} plain>
              {t('timer.minutesShort', { minutes: m })}
            </RadioItem>
          ))}
          <RadioItem value={OTHER} plain>
            {t('breakout.other')}
          </RadioItem>
        </div>
      </RadioGroup>
      {draft.duration === OTHER && (
        <Field
          label={t('breakout.otherMinutes')}
          value={draft.otherMinutes}
          onChange={(otherMinutes) => change({ otherMinutes })}
          inputMode="numeric"
          className="breakout-number"
          error={minutesError}
        />
      )}
    </div>
  );
}
