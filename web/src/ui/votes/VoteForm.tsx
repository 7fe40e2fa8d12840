// The form of a binding vote, the same in the meeting ("Start vote") and on the meeting's page
// ("Save vote"): the motion; the options (ChoiceList: Yes, No, Abstain in the user's language for
// a new vote); the kind (Named vote or Secret vote, with a sentence saying what it means); "Show
// the tally while the vote runs"; who may vote (everyone with an account, people with certain
// roles, people in certain groups, or, in the meeting only, chosen people from those present who
// can vote); the duration (DurationField). It checks the draft against the node's rules
// (client/votes.ts) when it is submitted and from then on as it changes, shows each problem at
// its field, and a failure of the caller beside the button. It hands a clean definition to
// `onSubmit` and sends nothing itself; the caller resets it by giving it a new `key`.
import { useId, useState } from 'react';
import { Button, CheckboxGroup, Label, RadioGroup, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { checkVote, newVoteDraft, VOTER_ROLES, voteDraftOf, type VoteDraft, type VoteDraftProblems, type VotersChoice } from '../../client/votes';
import type { Participant, Role, VoteDefinition, VoteKind } from '../../protocol/generated';
import { CheckboxItem, RadioItem } from '../components/Choice';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { ChoiceList, choicesOf, type Choice } from '../polls/ChoiceList';
import { DurationField } from '../polls/DurationField';
import '../polls/PollForm.css';
import './VoteForm.css';

export interface VoteFormProps {
  /** The vote to edit; a new vote (Yes, No, Abstain; named; everyone with an account) when absent. */
  initial?: VoteDefinition | undefined;
  submitLabel: string;
  /** Called with a definition that passed the checks. */
  onSubmit(definition: VoteDefinition): void;
  /** Why the caller could not use the last definition, in words (beside the button). */
  error?: string | null | undefined;
  /** A request is running: the buttons wait. */
  busy?: boolean | undefined;
  /** Offers "Cancel" when given. */
  onCancel?: (() => void) | undefined;
  /** The people present who can vote, for "Chosen people" (offered in the meeting only). */
  people?: readonly Pick<Participant, 'id' | 'display_name'>[] | undefined;
}

export function VoteForm({ initial, submitLabel, onSubmit, error = null, busy = false, onCancel, people }: VoteFormProps) {
  const { t } = useTranslation();
  const liveHintId = useId();
  const [start] = useState<VoteDraft>(() =>
    initial !== undefined ? voteDraftOf(initial) : newVoteDraft([t('votes.form.yes'), t('votes.form.no'), t('votes.form.abstain')]),
  );
  const [topic, setTopic] = useState(start.topic);
  const [options, setOptions] = useState<Choice[]>(() => choicesOf(start.options));
  const [kind, setKind] = useState<VoteKind>(start.kind);
  const [liveResults, setLiveResults] = useState(start.liveResults);
  // Chosen people cannot be offered outside the meeting: a prepared vote asks for another rule.
  const [voters, setVoters] = useState<VotersChoice>(start.voters === 'participants' && people === undefined ? 'everyone' : start.voters);
  const [roles, setRoles] = useState<readonly Role[]>(start.roles);
  const [groups, setGroups] = useState(start.groups);
  const [chosen, setChosen] = useState<readonly string[]>(start.participants);
  const [duration, setDuration] = useState(start.duration);
  const [otherMinutes, setOtherMinutes] = useState(start.otherMinutes);
  const [checked, setChecked] = useState(false);

  const present = new Set((people ?? []).map((p) => p.id));
  const draft: VoteDraft = {
    topic,
    options: options.map((o) => o.text),
    kind,
    liveResults,
    voters,
    roles,
    groups,
    // Only people still here can be chosen.
    participants: chosen.filter((id) => present.has(id)),
    duration,
    otherMinutes,
  };
  const result = checkVote(draft);
  // Problems show once the form was submitted, and follow the changes from then on.
  const problems: VoteDraftProblems = checked && 'problems' in result ? result.problems : {};

  const submit = () => {
    setChecked(true);
    if ('definition' in result) onSubmit(result.definition);
  };

  const topicProblem = problems.topic === 'empty' ? t('votes.form.problem.topicEmpty') : problems.topic === 'too_long' ? t('votes.form.problem.topicTooLong') : null;
  const optionProblem = (index: number): string | null => {
    switch (problems.options?.[index]) {
      case 'empty':
        return t('votes.form.problem.optionEmpty');
      case 'too_long':
        return t('votes.form.problem.optionTooLong');
      case 'duplicate':
        return t('votes.form.problem.optionDuplicate');
      case undefined:
        return null;
    }
  };
  const countProblem = problems.count === 'too_few' ? t('votes.form.problem.tooFew') : problems.count === 'too_many' ? t('votes.form.problem.tooMany') : null;
  const votersProblem = problems.voters === undefined ? null : voters === 'roles' ? t('votes.form.problem.roles') : voters === 'groups' ? t('votes.form.problem.groups') : t('votes.form.problem.people');

  return (
    <div className="poll-form vote-form">
      <Field
        label={t('votes.form.topic')}
        value={topic}
        onChange={setTopic}
        multiline
        rows={2}
        className="poll-form-question"
        description={t('votes.form.topicHint')}
        error={topicProblem}
      />

      <ChoiceList
        choices={options}
        onChange={setOptions}
        texts={{
          label: t('votes.form.options'),
          hint: t('votes.form.optionsHint'),
          item: (n) => t('votes.form.option', { n }),
          remove: (n) => t('votes.form.remove', { n }),
          add: t('votes.form.add'),
        }}
        problemOf={optionProblem}
        countProblem={countProblem}
      />

      <RadioGroup className="group" value={kind} onChange={(value) => setKind(value === 'secret' ? 'secret' : 'named')}>
        <Label className="group-label">{t('votes.form.kind')}</Label>
        <div className="options options-column">
          <RadioItem value="named">{t('votes.form.named')}</RadioItem>
          <RadioItem value="secret">{t('votes.form.secret')}</RadioItem>
        </div>
        <Text slot="description" className="description">
          {kind === 'secret' ? t('votes.form.secretHint') : t('votes.form.namedHint')}
        </Text>
      </RadioGroup>

      <div className="vote-form-check">
        <CheckboxItem isSelected={liveResults} onChange={setLiveResults} describedBy={liveHintId}>
          {t('votes.form.liveResults')}
        </CheckboxItem>
        <p id={liveHintId} className="description">
          {t('votes.form.liveResultsHint')}
        </p>
      </div>

      <div className="vote-form-voters">
        <RadioGroup className="group" value={voters} onChange={(value) => setVoters(value as VotersChoice)}>
          <Label className="group-label">{t('votes.form.voters')}</Label>
          <Text slot="description" className="description">
            {t('votes.form.votersHint')}
          </Text>
          <div className="options options-column">
            <RadioItem value="everyone">{t('votes.form.everyone')}</RadioItem>
            <RadioItem value="roles">{t('votes.form.byRole')}</RadioItem>
            <RadioItem value="groups">{t('votes.form.byGroup')}</RadioItem>
            {people !== undefined && <RadioItem value="participants">{t('votes.form.chosen')}</RadioItem>}
          </div>
        </RadioGroup>
        {voters === 'roles' && (
          <CheckboxGroup className="group vote-form-detail" value={[...roles]} onChange={(value) => setRoles(VOTER_ROLES.filter((r) => value.includes(r)))}>
            <Label className="group-label">{t('votes.form.roles')}</Label>
            <div className="options">
              {VOTER_ROLES.map((role) => (
                <CheckboxItem key={role} value={role}>
                  {t(`role.${role}`)}
                </CheckboxItem>
              ))}
            </div>
          </CheckboxGroup>
        )}
        {voters === 'groups' && (
          <Field label={t('votes.form.groups')} value={groups} onChange={setGroups} description={t('votes.form.groupsHint')} className="vote-form-detail" />
        )}
        {voters === 'participants' && people !== undefined && (
          <CheckboxGroup className="group vote-form-detail" value={[...draft.participants]} onChange={setChosen}>
            <Label className="group-label">{t('votes.form.people')}</Label>
            {people.length === 0 ? (
              <p className="description">{t('votes.form.noPeople')}</p>
            ) : (
              <div className="options options-column vote-form-people">
                {people.map((p) => (
                  <CheckboxItem key={p.id} value={p.id}>
                    {p.display_name}
                  </CheckboxItem>
                ))}
              </div>
            )}
          </CheckboxGroup>
        )}
        <ErrorLine text={votersProblem} />
      </div>

      <DurationField
        duration={duration}
        onDurationChange={setDuration}
        otherMinutes={otherMinutes}
        onOtherMinutesChange={setOtherMinutes}
        invalid={problems.duration !== undefined}
        description={t('votes.form.durationHint')}
      />

      <ErrorLine text={error} />
      <div className="form-actions">
        {onCancel !== undefined && (
          <Button className="btn" onPress={onCancel} isDisabled={busy}>
            {t('common.cancel')}
          </Button>
        )}
        <Button className="btn btn-primary" onPress={submit} isDisabled={busy}>
          <Icon name="vote" size={20} />
          <span>{submitLabel}</span>
        </Button>
      </div>
    </div>
  );
}
