// How long a poll or a vote runs, as its form asks: no time limit, 1, 2, 5 or 10 minutes, or
// other minutes (a field that appears for "Other", with its problem). Controlled; the caller
// checks the minutes (client/polls.ts).
import { Label, RadioGroup, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { DURATION_CHOICES, type PollDraft } from '../../client/polls';
import { RadioItem } from '../components/Choice';
import { Field } from '../components/Field';
import './FormParts.css';

const NONE = 'none';
const OTHER = 'other';

export interface DurationFieldProps {
  duration: PollDraft['duration'];
  onDurationChange(duration: PollDraft['duration']): void;
  otherMinutes: string;
  onOtherMinutesChange(minutes: string): void;
  /** The other minutes are not whole minutes from 1 to 1440. */
  invalid: boolean;
  /** Says what no time limit means, when given. */
  description?: string | undefined;
}

export function DurationField({ duration, onDurationChange, otherMinutes, onOtherMinutesChange, invalid, description }: DurationFieldProps) {
  const { t } = useTranslation();
  return (
    <>
      <RadioGroup
        className="group"
        value={typeof duration === 'number' ? String(duration) : duration}
        onChange={(value) => onDurationChange(value === NONE || value === OTHER ? value : Number(value))}
      >
        <Label className="group-label">{t('polls.form.duration')}</Label>
        {description !== undefined && (
          <Text slot="description" className="description">
            {description}
          </Text>
        )}
        <div className="segmented">
          <RadioItem value={NONE} plain>
            {t('polls.form.noLimit')}
          </RadioItem>
          {DURATION_CHOICES.map((m) => (
            <RadioItem key={m} value={String(m)} plain>
              {t('polls.form.minutesShort', { minutes: m })}
            </RadioItem>
          ))}
          <RadioItem value={OTHER} plain>
            {t('polls.form.other')}
          </RadioItem>
        </div>
      </RadioGroup>
      {duration === OTHER && (
        <Field
          label={t('polls.form.otherMinutes')}
          value={otherMinutes}
          onChange={onOtherMinutesChange}
          inputMode="numeric"
          className="duration-minutes"
          error={invalid ? t('polls.form.problem.duration') : null}
        />
      )}
    </>
  );
}
