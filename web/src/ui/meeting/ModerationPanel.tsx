// The moderation panel (chairs only): who gets in (waiting room on/off and for whom, lock, the
// waiting list), how people speak (microphones muted on entry, raising hands, plenary mode with
// restricted microphones, the time limit per turn, who may share their screen), and actions for
// everyone (Mute all, Lower
// all hands, end the current turn, End meeting with its confirmation). It sends moderation and
// floor commands through the callbacks and keeps no room state of its own.
import { useId, useState } from 'react';
import { Button, Label, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { FloorCommand, ModerationCommand, PolicyChange, RoomPolicy, WaitingRoom } from '../../protocol/generated';
import { RadioItem, SwitchField } from '../components/Choice';
import { Icon } from '../components/Icon';
import { formatDuration } from '../format';
import { EndMeetingDialog } from './EndMeetingDialog';
import { SidePanel } from './SidePanel';
import './moderation.css';

/** Time limits offered per turn, in seconds (null: none). */
export const TURN_LIMITS: readonly (number | null)[] = [null, 60, 120, 180, 300];

export interface ModerationPanelProps {
  id: string;
  policy: RoomPolicy;
  preferredWaitingRoom: Exclude<WaitingRoom, 'off'>;
  turnLimitSeconds: number | null;
  turnActive: boolean;
  waitingCount: number;
  moderate(command: ModerationCommand): void;
  floor(command: FloorCommand): void;
  onShowWaitingList(): void;
  onClose(): void;
}

function limitKey(seconds: number | null): string {
  return seconds === null ? 'none' : String(seconds);
}

export function ModerationPanel(props: ModerationPanelProps) {
  const { t } = useTranslation();
  const { policy, moderate, floor } = props;
  const [confirmEnd, setConfirmEnd] = useState(false);
  const entryId = useId();
  const speakingId = useId();
  const everyoneId = useId();
  const lockHintId = useId();
  const plenaryHintId = useId();
  const screenHintId = useId();
  const change = (patch: PolicyChange) => moderate({ action: 'update_policy', change: patch });
  const waitingOn = policy.waiting_room !== 'off';
  const limits = TURN_LIMITS.includes(props.turnLimitSeconds) ? TURN_LIMITS : [...TURN_LIMITS, props.turnLimitSeconds];

  const limitLabel = (seconds: number | null) => {
    if (seconds === null) return t('moderation.noLimit');
    if (seconds % 60 === 0) return t('moderation.minutes', { count: seconds / 60 });
    return formatDuration(seconds * 1000);
  };

  return (
    <SidePanel id={props.id} title={t('moderation.title')} closeLabel={t('moderation.close')} onClose={props.onClose}>
      <div className="panel-body moderation">
        <section className="moderation-section" aria-labelledby={entryId}>
          <h3 id={entryId} className="moderation-heading">
            {t('moderation.entry')}
          </h3>
          <SwitchField isSelected={waitingOn} onChange={(on) => change({ waiting_room: on ? props.preferredWaitingRoom : 'off' })}>
            {t('moderation.waitingRoom')}
          </SwitchField>
          {waitingOn && (
            <RadioGroup
              className="group moderation-indent"
              value={policy.waiting_room}
              onChange={(value) => change({ waiting_room: value as WaitingRoom })}
              aria-label={t('moderation.whoWaits')}
            >
              <div className="options options-column">
                <RadioItem value="guests">{t('moderation.waitingGuests')}</RadioItem>
                <RadioItem value="everyone">{t('moderation.waitingEveryone')}</RadioItem>
              </div>
            </RadioGroup>
          )}
          {props.waitingCount > 0 && (
            <Button className="btn btn-small moderation-indent" onPress={props.onShowWaitingList}>
              {t('moderation.showWaitingList', { count: props.waitingCount })}
            </Button>
          )}
          <SwitchField isSelected={policy.locked} onChange={(on) => change({ locked: on })} describedBy={lockHintId}>
            {t('moderation.lock')}
          </SwitchField>
          <p className="description moderation-indent" id={lockHintId}>
            {t('moderation.lockHint')}
          </p>
          <SwitchField isSelected={policy.mute_on_entry} onChange={(on) => change({ mute_on_entry: on })}>
            {t('moderation.muteOnEntry')}
          </SwitchField>
        </section>

        <section className="moderation-section" aria-labelledby={speakingId}>
          <h3 id={speakingId} className="moderation-heading">
            {t('moderation.speaking')}
          </h3>
          <SwitchField isSelected={policy.hands} onChange={(on) => change({ hands: on })}>
            {t('moderation.hands')}
          </SwitchField>
          <SwitchField
            isSelected={policy.microphones_restricted}
            onChange={(on) => change({ microphones_restricted: on })}
            describedBy={plenaryHintId}
          >
            {t('moderation.plenary')}
          </SwitchField>
          <p className="description moderation-indent" id={plenaryHintId}>
            {t('moderation.plenaryHint')}
          </p>
          <SwitchField isSelected={policy.screen_sharing} onChange={(on) => change({ screen_sharing: on })} describedBy={screenHintId}>
            {t('moderation.screenSharing')}
          </SwitchField>
          <p className="description moderation-indent" id={screenHintId}>
            {t('moderation.screenSharingHint')}
          </p>
          <RadioGroup
            className="group"
            value={limitKey(props.turnLimitSeconds)}
            onChange={(value) => floor({ action: 'set_turn_limit', seconds: value === 'none' ? null : Number(value) })}
          >
            <Label className="group-label">{t('moderation.turnLimit')}</Label>
            <div className="segmented segmented-wrap">
              {limits.map((seconds) => (
                <RadioItem key={limitKey(seconds)} value={limitKey(seconds)} plain>
                  {limitLabel(seconds)}
                </RadioItem>
              ))}
            </div>
          </RadioGroup>
          {props.turnActive && (
            <Button className="btn btn-small" onPress={() => floor({ action: 'end_turn' })}>
              {t('moderation.endTurn')}
            </Button>
          )}
        </section>

        <section className="moderation-section" aria-labelledby={everyoneId}>
          <h3 id={everyoneId} className="moderation-heading">
            {t('moderation.forEveryone')}
          </h3>
          <div className="moderation-actions">
            <Button className="btn" onPress={() => moderate({ action: 'mute_all', except: [] })}>
              <Icon name="micOff" size={20} />
              <span>{t('moderation.muteAll')}</span>
            </Button>
            <Button className="btn" onPress={() => floor({ action: 'lower_all' })}>
              <Icon name="hand" size={20} />
              <span>{t('moderation.lowerAllHands')}</span>
            </Button>
            <Button className="btn btn-danger-outline" onPress={() => setConfirmEnd(true)}>
              {t('moderation.endMeeting')}
            </Button>
          </div>
        </section>
      </div>
      <EndMeetingDialog
        isOpen={confirmEnd}
        onOpenChange={setConfirmEnd}
        onEnd={(debrief) => {
          moderate({ action: 'end', debrief });
          setConfirmEnd(false);
        }}
      />
    </SidePanel>
  );
}
