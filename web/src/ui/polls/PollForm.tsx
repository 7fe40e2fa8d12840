// The form of a poll, the same in the meeting ("Start poll") and on the meeting's page ("Save
// poll"): the question; the answers (ChoiceList: Yes, No, Abstain in the user's language for a
// new poll, each removable while more than two remain, and "Add answer" up to twelve); the
// switches Multiple choice, Anonymous, Show results live, Allow changing the answer and Exclude
// guests, each with a sentence saying what it means; the duration (DurationField: no time limit,
// 1, 2, 5 or 10 minutes, or other minutes). It checks the draft against the node's rules
// (client/polls.ts) when it is submitted and from then on as it changes, shows each problem at
// its field, and a failure of the caller beside the button. It hands a clean definition to
// `onSubmit` and sends nothing itself; the caller resets it by giving it a new `key`.
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { checkPoll, draftOf, type PollDraft, type PollProblems } from '../../client/polls';
import type { PollDefinition } from '../../protocol/generated';
import { SwitchField } from '../components/Choice';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { ChoiceList, choicesOf, type Choice } from './ChoiceList';
import { DurationField } from './DurationField';
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

type Switches = Pick<PollDraft, 'multiple' | 'anonymous' | 'liveResults' | 'changeable' | 'guestsExcluded'>;

const SWITCHES = [
  ['multiple', 'polls.form.multiple', 'polls.form.multipleHint'],
  ['anonymous', 'polls.form.anonymous', 'polls.form.anonymousHint'],
  ['liveResults', 'polls.form.liveResults', 'polls.form.liveResultsHint'],
  ['changeable', 'polls.form.changeable', 'polls.form.changeableHint'],
  ['guestsExcluded', 'polls.form.guestsExcluded', 'polls.form.guestsExcludedHint'],
] as const;

export function PollForm({ initial, submitLabel, onSubmit, error = null, busy = false, onCancel }: PollFormProps) {
  const { t } = useTranslation();
  const idBase = useId();
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
  const [answers, setAnswers] = useState<Choice[]>(() => choicesOf(start.answers));
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

  const draft: PollDraft = { topic, answers: answers.map((a) => a.text), ...switches, duration, otherMinutes };
  const result = checkPoll(draft);
  // Problems show once the form was submitted, and follow the changes from then on.
  const problems: PollProblems = checked && 'problems' in result ? result.problems : {};

  const submit = () => {
    setChecked(true);
    if ('definition' in result) onSubmit(result.definition);
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

      <ChoiceList
        choices={answers}
        onChange={setAnswers}
        texts={{
          label: t('polls.form.answers'),
          hint: t('polls.form.answersHint'),
          item: (n) => t('polls.form.answer', { n }),
          remove: (n) => t('polls.form.remove', { n }),
          add: t('polls.form.add'),
        }}
        problemOf={answerProblem}
        countProblem={countProblem}
      />

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

      <DurationField
        duration={duration}
        onDurationChange={setDuration}
        otherMinutes={otherMinutes}
        onOtherMinutesChange={setOtherMinutes}
        invalid={problems.duration !== undefined}
      />

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
