// The form of a poll, the same in the meeting ("Start poll") and on the meeting's page ("Save
// poll"): the question; the answers (Yes, No, Abstain in the user's language for a new poll),
// each removable while more than two remain, and "Add answer" up to twelve; the switches
// Multiple choice, Anonymous, Show results live, Allow changing the answer and Exclude guests,
// each with a sentence saying what it means; the duration (no time limit, 1, 2, 5 or 10 minutes,
// or other minutes). It checks the draft against the node's rules (client/polls.ts) when it is
// submitted and from then on as it changes, shows each problem at its field, and a failure of
// the caller beside the button. It hands a clean definition to `onSubmit` and sends nothing
// itself; the caller resets it by giving it a new `key`.
import { useEffect, useId, useRef, useState } from 'react';
import { Button, Input, Label, RadioGroup, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { checkPoll, draftOf, DURATION_CHOICES, MAX_ANSWERS, MIN_ANSWERS, type PollDraft, type PollProblems } from '../../client/polls';
import type { PollDefinition } from '../../protocol/generated';
import { RadioItem, SwitchField } from '../components/Choice';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import './PollForm.css';

export interface PollFormProps {
  /** The poll to edit; a new poll (Yes, No, Abstain) when absent. */
  initial?: PollDefinition | undefined;
  submitLabel: string;
  /** Called with a definition that passed the checks. */
  onSubmit(definition: PollDefinition): void;
  /** Why the caller could not use the last definition, in words (beside the button). */
  error?: string | null | undefined;
  /** A request is running: the buttons wait. */
  busy?: boolean | undefined;
  /** Offers "Cancel" when given. */
  onCancel?: (() => void) | undefined;
}

interface Answer {
  /** Stable while answers are added and removed (the React key). */
  key: number;
  text: string;
}

type Switches = Pick<PollDraft, 'multiple' | 'anonymous' | 'liveResults' | 'changeable' | 'guestsExcluded'>;

const SWITCHES = [
  ['multiple', 'polls.form.multiple', 'polls.form.multipleHint'],
  ['anonymous', 'polls.form.anonymous', 'polls.form.anonymousHint'],
  ['liveResults', 'polls.form.liveResults', 'polls.form.liveResultsHint'],
  ['changeable', 'polls.form.changeable', 'polls.form.changeableHint'],
  ['guestsExcluded', 'polls.form.guestsExcluded', 'polls.form.guestsExcludedHint'],
] as const;

const NONE = 'none';
const OTHER = 'other';

export function PollForm({ initial, submitLabel, onSubmit, error = null, busy = false, onCancel }: PollFormProps) {
  const { t } = useTranslation();
  const idBase = useId();
  const answersLabelId = useId();
  const answersHintId = useId();
  const [start] = useState<PollDraft>(() =>
    initial !== undefined
      ? draftOf(initial)
      : {
          topic: '',
          answers: [t('polls.form.yes'), t('polls.form.no'), t('polls.form.abstain')],
          multiple: false,
          anonymous: false,
          liveResults: false,
          changeable: false,
          guestsExcluded: false,
          duration: 'none',
          otherMinutes: '',
        },
  );
  const [topic, setTopic] = useState(start.topic);
  const [answers, setAnswers] = useState<Answer[]>(() => start.answers.map((text, key) => ({ key, text })));
  const nextKey = useRef(start.answers.length);
  const [switches, setSwitches] = useState<Switches>(() => ({
    multiple: start.multiple,
    anonymous: start.anonymous,
    liveResults: start.liveResults,
    changeable: start.changeable,
    guestsExcluded: start.guestsExcluded,
  }));
  const [duration, setDuration] = useState(start.duration);
  const [otherMinutes, setOtherMinutes] = useState(start.otherMinutes);
  const [checked, setChecked] = useState(false);
  const inputs = useRef(new Map<number, HTMLInputElement>());
  const [focus, setFocus] = useState<{ key: number } | null>(null);

  useEffect(() => {
    if (focus !== null) inputs.current.get(focus.key)?.focus();
  }, [focus]);

  const draft: PollDraft = { topic, answers: answers.map((a) => a.text), ...switches, duration, otherMinutes };
  const result = checkPoll(draft);
  // Problems show once the form was submitted, and follow the changes from then on.
  const problems: PollProblems = checked && 'problems' in result ? result.problems : {};

  const submit = () => {
    setChecked(true);
    if ('definition' in result) onSubmit(result.definition);
  };

  const add = () => {
    const key = nextKey.current;
    nextKey.current += 1;
    setAnswers((list) => [...list, { key, text: '' }]);
    setFocus({ key });
  };

  const remove = (index: number) => {
    const next = answers.filter((_, i) => i !== index);
    setAnswers(next);
    const neighbour = next[Math.min(index, next.length - 1)];
    if (neighbour !== undefined) setFocus({ key: neighbour.key });
  };

  const topicProblem = problems.topic === 'empty' ? t('polls.form.problem.topicEmpty') : problems.topic === 'too_long' ? t('polls.form.problem.topicTooLong') : null;
  const answerProblem = (index: number): string | null => {
    switch (problems.answers?.[index]) {
      case 'empty':
        return t('polls.form.problem.answerEmpty');
      case 'too_long':
        return t('polls.form.problem.answerTooLong');
      case 'duplicate':
        return t('polls.form.problem.answerDuplicate');
      case undefined:
        return null;
    }
  };
  const countProblem = problems.count === 'too_few' ? t('polls.form.problem.tooFew') : problems.count === 'too_many' ? t('polls.form.problem.tooMany') : null;

  return (
    <div className="poll-form">
      <Field label={t('polls.form.question')} value={topic} onChange={setTopic} multiline rows={2} className="poll-form-question" error={topicProblem} />

      <div className="group" role="group" aria-labelledby={answersLabelId} aria-describedby={answersHintId}>
        <span id={answersLabelId} className="group-label">
          {t('polls.form.answers')}
        </span>
        <p id={answersHintId} className="description">
          {t('polls.form.answersHint')}
        </p>
        <ol className="poll-form-answers">
          {answers.map((answer, i) => {
            const problem = answerProblem(i);
            return (
              <li key={answer.key} className="poll-form-answer">
                <span className="poll-form-number" aria-hidden="true">
                  {i + 1}.
                </span>
                <TextField
                  className="field poll-form-answer-field"
                  value={answer.text}
                  onChange={(text) => setAnswers((list) => list.map((a) => (a.key === answer.key ? { ...a, text } : a)))}
                  isInvalid={problem !== null}
                  validationBehavior="aria"
                >
                  <Label className="visually-hidden">{t('polls.form.answer', { n: i + 1 })}</Label>
                  <Input
                    className="input"
                    ref={(element) => {
                      if (element === null) inputs.current.delete(answer.key);
                      else inputs.current.set(answer.key, element);
                    }}
                  />
                  {problem !== null && (
                    <Text slot="errorMessage" className="error" role="alert">
                      {problem}
                    </Text>
                  )}
                </TextField>
                {answers.length > MIN_ANSWERS && (
                  <Button className="poll-form-remove" aria-label={t('polls.form.remove', { n: i + 1 })} onPress={() => remove(i)}>
                    <Icon name="close" size={18} />
                  </Button>
                )}
              </li>
            );
          })}
        </ol>
        <ErrorLine text={countProblem} />
        {answers.length < MAX_ANSWERS && (
          <Button className="btn poll-form-add" onPress={add}>
            <Icon name="plus" size={18} />
            <span>{t('polls.form.add')}</span>
          </Button>
        )}
      </div>

      <div className="poll-form-switches">
        {SWITCHES.map(([name, label, hint]) => (
          <div key={name} className="poll-form-switch">
            <SwitchField
              isSelected={switches[name]}
              onChange={(on) => setSwitches((current) => ({ ...current, [name]: on }))}
              describedBy={`${idBase}-${name}`}
            >
              {t(label)}
            </SwitchField>
            <p id={`${idBase}-${name}`} className="description">
              {t(hint)}
            </p>
          </div>
        ))}
      </div>

      <RadioGroup
        className="group"
        value={typeof duration === 'number' ? String(duration) : duration}
        onChange={(value) => setDuration(value === NONE || value === OTHER ? value : Number(value))}
      >
        <Label className="group-label">{t('polls.form.duration')}</Label>
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
          onChange={setOtherMinutes}
          inputMode="numeric"
          className="poll-form-minutes"
          error={problems.duration !== undefined ? t('polls.form.problem.duration') : null}
        />
      )}

      <ErrorLine text={error} />
      <div className="form-actions">
        {onCancel !== undefined && (
          <Button className="btn" onPress={onCancel} isDisabled={busy}>
            {t('common.cancel')}
          </Button>
        )}
        <Button className="btn btn-primary" onPress={submit} isDisabled={busy}>
          <Icon name="poll" size={20} />
          <span>{submitLabel}</span>
        </Button>
      </div>
    </div>
  );
}
