// The fields of a meeting (wizard step "Settings", and the edit page): title, subtitle,
// details, password, "No fixed time" or date/start/end/time zone, recurrence (none, daily,
// weekly with weekdays, monthly, yearly; interval; end never/until/after N), who waits in the
// waiting room (off, guests, everyone) and whether microphones start muted. The time zone is a
// combo box of cities with their offset ("London (UTC+1)"), filtered as one types; Enter takes
// the best match. Controlled: the caller owns the MeetingForm and the error texts per field.
import { useEffect, useId, useMemo, useState } from 'react';
import {
  Button,
  CheckboxGroup,
  ComboBox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  RadioGroup,
  Text,
  TextField,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { WEEKDAYS, timeZones } from '../../client/calendar';
import { filterTimeZones, timeZoneOptions, type TimeZoneOption } from '../../client/timeZones';
import { DETAILS_MAX, SUBTITLE_MAX, TITLE_MAX, defaultWeekdays, type FormField, type MeetingForm, type RepeatChoice } from '../../client/meetingForm';
import type { WaitingRoom, Weekday } from '../../protocol/generated';
import { ChipCheckbox, CheckboxItem, RadioItem, SwitchField } from '../components/Choice';
import { Field } from '../components/Field';

export type FieldErrorTexts = Partial<Record<FormField, string>>;

export interface MeetingSettingsFormProps {
  form: MeetingForm;
  onChange(form: MeetingForm): void;
  errors: FieldErrorTexts;
  mode: 'create' | 'edit';
  /** Editing a meeting that has a password now. */
  hasPassword?: boolean;
}

function ErrorText({ text }: { text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <Text slot="errorMessage" className="error" role="alert">
      {text}
    </Text>
  );
}

function TimeZoneField({ value, onChange, error }: { value: string; onChange(zone: string): void; error: string | undefined }) {
  const { t } = useTranslation();
  const options = useMemo(() => timeZoneOptions(timeZones([value]), new Date()), [value]);
  const selected = options.find((o) => o.id === value);
  const [inputValue, setInputValue] = useState(selected?.label ?? value);
  const [typing, setTyping] = useState(false);
  useEffect(() => {
    if (!typing) setInputValue(selected?.label ?? value);
  }, [selected, value, typing]);
  const shown = typing ? filterTimeZones(options, inputValue) : options;
  const choose = (id: string) => {
    setTyping(false);
    onChange(id);
    setInputValue(options.find((o) => o.id === id)?.label ?? id);
  };
  return (
    <ComboBox
      className="field combobox"
      items={shown}
      selectedKey={value}
      inputValue={inputValue}
      onInputChange={(text) => {
        setTyping(text !== (selected?.label ?? value));
        setInputValue(text);
      }}
      onSelectionChange={(key) => {
        if (key !== null) choose(String(key));
      }}
      onBlur={() => setTyping(false)}
      isInvalid={error !== undefined}
      validationBehavior="aria"
      menuTrigger="input"
    >
      <Label>{t('wizard.timeZone')}</Label>
      <div className="combobox-control">
        <Input
          className="input"
          onKeyDown={(event) => {
            // Enter without an option chosen by the arrow keys takes the best match.
            const first = shown[0];
            if (event.key !== 'Enter' || !typing || first === undefined) return;
            if (event.currentTarget.getAttribute('aria-activedescendant')) return;
            event.preventDefault();
            choose(first.id);
          }}
        />
        <Button className="combobox-button" aria-label={t('wizard.showTimeZones')}>
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      <ErrorText text={error} />
      <Popover className="select-popover combobox-popover">
        <ListBox className="listbox">
          {(item: TimeZoneOption) => (
            <ListBoxItem className="listbox-item" id={item.id} textValue={item.label}>
              <span>{item.label}</span>
              {item.region !== '' && <span className="listbox-item-hint"> · {item.region}</span>}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}

export function MeetingSettingsForm({ form, onChange, errors, mode, hasPassword = false }: MeetingSettingsFormProps) {
  const { t } = useTranslation();
  const set = <K extends keyof MeetingForm>(key: K, value: MeetingForm[K]) => onChange({ ...form, [key]: value });
  const whenId = useId();
  const aboutId = useId();
  const optionsId = useId();
  const muteHintId = useId();
  const simpleHintId = useId();
  const intervalCount = Number(form.interval) || 1;

  const setRepeat = (repeat: RepeatChoice) => {
    onChange({ ...form, repeat, weekdays: repeat === 'weekly' ? defaultWeekdays(form) : form.weekdays });
  };

  return (
    <div className="form">
      <section className="form-section" aria-labelledby={aboutId}>
        <h3 id={aboutId} className="form-section-title">
          {t('wizard.about')}
        </h3>
        <Field label={t('wizard.title')} name="title" value={form.title} onChange={(v) => set('title', v)} error={errors.title} maxLength={TITLE_MAX} isRequired />
        <Field
          label={t('wizard.subtitle')}
          name="subtitle"
          value={form.subtitle}
          onChange={(v) => set('subtitle', v)}
          error={errors.subtitle}
          maxLength={SUBTITLE_MAX}
        />
        <Field
          label={t('wizard.details')}
          name="details"
          value={form.details}
          onChange={(v) => set('details', v)}
          error={errors.details}
          description={t('wizard.detailsHint')}
          maxLength={DETAILS_MAX}
          multiline
          rows={4}
        />
        <Field
          label={t('wizard.password')}
          name="password"
          value={form.password}
          onChange={(v) => onChange({ ...form, password: v, removePassword: v !== '' ? false : form.removePassword })}
          error={errors.password}
          autoComplete="off"
          description={mode === 'edit' && hasPassword ? t('wizard.passwordKeepHint') : t('wizard.passwordHint')}
          isDisabled={form.removePassword}
        />
        {mode === 'edit' && hasPassword && (
          <CheckboxItem isSelected={form.removePassword} onChange={(v) => onChange({ ...form, removePassword: v, password: v ? '' : form.password })}>
            {t('wizard.removePassword')}
          </CheckboxItem>
        )}
      </section>

      <section className="form-section" aria-labelledby={whenId}>
        <h3 id={whenId} className="form-section-title">
          {t('wizard.when')}
        </h3>
        <RadioGroup className="group" value={form.timed ? 'timed' : 'open'} onChange={(v) => set('timed', v === 'timed')} aria-label={t('wizard.when')}>
          <div className="options">
            <RadioItem value="timed">{t('wizard.timed')}</RadioItem>
            <RadioItem value="open">{t('wizard.noFixedTime')}</RadioItem>
          </div>
        </RadioGroup>

        {form.timed && (
          <>
            <div className="form-row form-row-time">
              <Field label={t('wizard.date')} name="date" type="date" value={form.date} onChange={(v) => set('date', v)} error={errors.date} isRequired />
              <Field label={t('wizard.start')} name="startTime" type="time" value={form.startTime} onChange={(v) => set('startTime', v)} error={errors.startTime} isRequired />
              <Field label={t('wizard.end')} name="endTime" type="time" value={form.endTime} onChange={(v) => set('endTime', v)} error={errors.endTime} isRequired />
            </div>
            <TimeZoneField value={form.timeZone} onChange={(v) => set('timeZone', v)} error={errors.timeZone} />

            <RadioGroup className="group" value={form.repeat} onChange={(v) => setRepeat(v as RepeatChoice)} orientation="horizontal">
              <Label className="group-label">{t('wizard.repeat')}</Label>
              <div className="segmented">
                {(['none', 'daily', 'weekly', 'monthly', 'yearly'] as const).map((choice) => (
                  <RadioItem key={choice} value={choice} plain>
                    {t(`wizard.repeatChoice.${choice}`)}
                  </RadioItem>
                ))}
              </div>
            </RadioGroup>

            {form.repeat !== 'none' && (
              <div className="recurrence">
                <TextField
                  className="field interval"
                  name="interval"
                  type="number"
                  inputMode="numeric"
                  value={form.interval}
                  onChange={(v) => set('interval', v)}
                  isInvalid={errors.interval !== undefined}
                  validationBehavior="aria"
                >
                  <Label>{t('wizard.every')}</Label>
                  <div className="interval-control">
                    <Input className="input" min={1} max={99} />
                    <Text slot="description" className="interval-unit">
                      {t(`wizard.unit.${form.repeat}`, { count: intervalCount })}
                    </Text>
                  </div>
                  <ErrorText text={errors.interval} />
                </TextField>

                {form.repeat === 'weekly' && (
                  <CheckboxGroup
                    className="group"
                    value={form.weekdays}
                    onChange={(v) => set('weekdays', WEEKDAYS.filter((d) => v.includes(d)))}
                    isInvalid={errors.weekdays !== undefined}
                    validationBehavior="aria"
                  >
                    <Label className="group-label">{t('wizard.onDays')}</Label>
                    <div className="segmented weekdays">
                      {WEEKDAYS.map((d: Weekday) => (
                        <ChipCheckbox key={d} value={d} label={t(`weekday.long.${d}`)}>
                          {t(`weekday.short.${d}`)}
                        </ChipCheckbox>
                      ))}
                    </div>
                    <ErrorText text={errors.weekdays} />
                  </CheckboxGroup>
                )}

                <RadioGroup className="group" value={form.endKind} onChange={(v) => set('endKind', v as MeetingForm['endKind'])}>
                  <Label className="group-label">{t('wizard.ends')}</Label>
                  <div className="options options-column">
                    <RadioItem value="never">{t('wizard.endNever')}</RadioItem>
                    <RadioItem value="until">{t('wizard.endUntil')}</RadioItem>
                    <RadioItem value="count">{t('wizard.endCount')}</RadioItem>
                  </div>
                </RadioGroup>
                {form.endKind === 'until' && (
                  <Field
                    className="field-narrow"
                    label={t('wizard.untilDate')}
                    name="untilDate"
                    type="date"
                    value={form.untilDate}
                    onChange={(v) => set('untilDate', v)}
                    error={errors.untilDate}
                    min={form.date}
                    isRequired
                  />
                )}
                {form.endKind === 'count' && (
                  <Field
                    className="field-narrow"
                    label={t('wizard.count')}
                    name="count"
                    type="number"
                    inputMode="numeric"
                    value={form.count}
                    onChange={(v) => set('count', v)}
                    error={errors.count}
                    min="1"
                    max="1000"
                    isRequired
                  />
                )}
              </div>
            )}
          </>
        )}
      </section>

      <section className="form-section" aria-labelledby={optionsId}>
        <h3 id={optionsId} className="form-section-title">
          {t('wizard.options')}
        </h3>
        <RadioGroup
          className="group"
          value={form.waitingRoom}
          onChange={(v) => set('waitingRoom', v as WaitingRoom)}
        >
          <Label className="group-label">{t('wizard.waitingRoom')}</Label>
          <div className="options">
            {(['off', 'guests', 'everyone'] as const).map((choice) => (
              <RadioItem key={choice} value={choice}>
                {t(`wizard.waitingRoomChoice.${choice}`)}
              </RadioItem>
            ))}
          </div>
          <Text slot="description" className="description">
            {t('wizard.waitingRoomHint')}
          </Text>
        </RadioGroup>
        <div className="group">
          <SwitchField isSelected={form.muteOnEntry} onChange={(v) => set('muteOnEntry', v)} describedBy={muteHintId}>
            {t('wizard.muteOnEntry')}
          </SwitchField>
          <p className="description" id={muteHintId}>
            {t('wizard.muteOnEntryHint')}
          </p>
        </div>
        <div className="group">
          <SwitchField isSelected={form.simpleMode} onChange={(v) => set('simpleMode', v)} describedBy={simpleHintId}>
            {t('wizard.simpleMode')}
          </SwitchField>
          <p className="description" id={simpleHintId}>
            {t('wizard.simpleModeHint')}
          </p>
        </div>
      </section>
    </div>
  );
}
