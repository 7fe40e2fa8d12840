// Prepared breakout set-ups, a small section at the end of the breakout form: the set-ups kept in
// this browser for this meeting room, each with "Use <name>" and "Delete <name>", and "Save
// set-up" under a name for the form's current settings (a set-up of the same name is replaced).
// It says plainly that they stay in this browser. Storage is client/breakoutSetups.ts.
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { BreakoutSettings } from '../../client/breakoutPlan';
import { loadSetups, MAX_SETUP_NAME_CHARS, saveSetups, withoutSetup, withSetup, type BreakoutSetup } from '../../client/breakoutSetups';
import type { RoomId } from '../../protocol/generated';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { useServices } from '../services';

export interface BreakoutSetupsProps {
  roomId: RoomId | null;
  /** The form's settings now, or null when they are not complete (the form says why). */
  current(): BreakoutSettings | null;
  onUse(settings: BreakoutSettings): void;
}

export function BreakoutSetups({ roomId, current, onUse }: BreakoutSetupsProps) {
  const { t } = useTranslation();
  const { storage } = useServices();
  const headingId = useId();
  const hintId = useId();
  const [setups, setSetups] = useState<BreakoutSetup[]>(() => (roomId === null ? [] : loadSetups(storage, roomId)));
  const [name, setName] = useState('');
  const [nameProblem, setNameProblem] = useState(false);
  const [status, setStatus] = useState('');

  const keep = (next: BreakoutSetup[]) => {
    setSetups(next);
    if (roomId !== null) saveSetups(storage, roomId, next);
  };

  const save = () => {
    const trimmed = name.trim();
    if (trimmed === '') {
      setNameProblem(true);
      return;
    }
    const settings = current();
    if (settings === null) return;
    keep(withSetup(setups, { name: trimmed, settings }));
    setName('');
    setNameProblem(false);
    setStatus(t('breakout.setupSaved', { name: trimmed }));
  };

  return (
    <section className="moderation-section" aria-labelledby={headingId} aria-describedby={hintId}>
      <h3 id={headingId} className="moderation-heading">
        {t('breakout.setups')}
      </h3>
      <p id={hintId} className="description breakout-setups-hint">
        {t('breakout.setupsHint')}
      </p>
      {setups.length > 0 && (
        <ul className="breakout-setups">
          {setups.map((setup) => (
            <li key={setup.name}>
              <Button
                className="btn btn-compact breakout-setup-use"
                onPress={() => {
                  onUse(setup.settings);
                  setStatus(t('breakout.setupUsed', { name: setup.name }));
                }}
              >
                {t('breakout.useSetup', { name: setup.name })}
              </Button>
              <Button className="icon-button" aria-label={t('breakout.deleteSetup', { name: setup.name })} onPress={() => keep(withoutSetup(setups, setup.name))}>
                <Icon name="close" size={18} />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Field
        label={t('breakout.setupName')}
        value={name}
        onChange={(value) => {
          setName(value);
          setNameProblem(false);
        }}
        maxLength={MAX_SETUP_NAME_CHARS}
        error={nameProblem ? t('breakout.setupNameProblem') : null}
      />
      <Button className="btn btn-small" onPress={save}>
        {t('breakout.saveSetup')}
      </Button>
      <p className="breakout-status" role="status">
        {status}
      </p>
    </section>
  );
}
