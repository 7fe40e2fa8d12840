// The numbered choices of a poll's or a vote's form (its answers or options): one text field
// each, a remove button while more than two remain, and an add button up to twelve; the focus
// moves to a new choice, and to a neighbour when one is removed. Each choice shows its problem,
// the list its problem with their number. Controlled: the caller keeps the choices (with stable
// keys) and has the words; it checks nothing itself.
import { useEffect, useId, useRef, useState } from 'react';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import { MAX_ANSWERS, MIN_ANSWERS } from '../../client/polls';
import { ErrorLine } from '../components/ErrorLine';
import { Icon } from '../components/Icon';
import './FormParts.css';

export interface Choice {
  /** Stable while choices are added and removed (the React key). */
  key: number;
  text: string;
}

/** Choices for these texts, keyed in order. */
export function choicesOf(texts: readonly string[]): Choice[] {
  return texts.map((text, key) => ({ key, text }));
}

export interface ChoiceListTexts {
  /** The group's name ("Answers"). */
  label: string;
  hint: string;
  /** One field's name ("Answer 2"). */
  item(n: number): string;
  /** Its remove button's name ("Remove answer 2"). */
  remove(n: number): string;
  add: string;
}

export interface ChoiceListProps {
  choices: readonly Choice[];
  onChange(choices: Choice[]): void;
  texts: ChoiceListTexts;
  /** What is wrong with the choice at this index, in words. */
  problemOf(index: number): string | null;
  /** What is wrong with their number, in words. */
  countProblem: string | null;
}

export function ChoiceList({ choices, onChange, texts, problemOf, countProblem }: ChoiceListProps) {
  const labelId = useId();
  const hintId = useId();
  const nextKey = useRef(choices.reduce((max, c) => Math.max(max, c.key + 1), 0));
  const inputs = useRef(new Map<number, HTMLInputElement>());
  const [focus, setFocus] = useState<{ key: number } | null>(null);

  useEffect(() => {
    if (focus !== null) inputs.current.get(focus.key)?.focus();
  }, [focus]);

  const add = () => {
    const key = nextKey.current;
    nextKey.current += 1;
    onChange([...choices, { key, text: '' }]);
    setFocus({ key });
  };

  const remove = (index: number) => {
    const next = choices.filter((_, i) => i !== index);
    onChange(next);
    const neighbour = next[Math.min(index, next.length - 1)];
    if (neighbour !== undefined) setFocus({ key: neighbour.key });
  };

  return (
    <div className="group" role="group" aria-labelledby={labelId} aria-describedby={hintId}>
      <span id={labelId} className="group-label">
        {texts.label}
      </span>
      <p id={hintId} className="description">
        {texts.hint}
      </p>
      <ol className="choice-list">
        {choices.map((choice, i) => {
          const problem = problemOf(i);
          return (
            <li key={choice.key} className="choice-list-item">
              <span className="choice-list-number" aria-hidden="true">
                {i + 1}.
              </span>
              <TextField
                className="field choice-list-field"
                value={choice.text}
                onChange={(text) => onChange(choices.map((c) => (c.key === choice.key ? { ...c, text } : c)))}
                isInvalid={problem !== null}
                validationBehavior="aria"
              >
                <Label className="visually-hidden">{texts.item(i + 1)}</Label>
                <Input
                  className="input"
                  ref={(element) => {
                    if (element === null) inputs.current.delete(choice.key);
                    else inputs.current.set(choice.key, element);
                  }}
                />
                {problem !== null && (
                  <Text slot="errorMessage" className="error" role="alert">
                    {problem}
                  </Text>
                )}
              </TextField>
              {choices.length > MIN_ANSWERS && (
                <Button className="choice-list-remove" aria-label={texts.remove(i + 1)} onPress={() => remove(i)}>
                  <Icon name="close" size={18} />
                </Button>
              )}
            </li>
          );
        })}
      </ol>
      <ErrorLine text={countProblem} />
      {choices.length < MAX_ANSWERS && (
        <Button className="btn choice-list-add" onPress={add}>
          <Icon name="plus" size={18} />
          <span>{texts.add}</span>
        </Button>
      )}
    </div>
  );
}
