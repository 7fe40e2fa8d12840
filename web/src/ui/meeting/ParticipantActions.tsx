// A chair's actions for one participant, in a menu behind "Actions for <name>": send a private
// message, give the floor,
// lower their hand, mute or ask to unmute, allow or revoke the microphone in plenary mode, stop
// the camera, stop the screen share, make or remove moderator, podium on/off, groups, send to the waiting room, remove
// from the meeting and ban (both confirmed first). Only offered what the node would allow for
// that person (the owner cannot be demoted or removed). It sends through the callbacks.
import { useState } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover, Separator, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { hasRole, isChair } from '../../client/roles';
import type { FloorCommand, ModerationCommand, Participant } from '../../protocol/generated';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { GroupsDialog } from './GroupsDialog';
import './moderation.css';

export interface ParticipantActionsProps {
  participant: Participant;
  handRaised: boolean;
  /** Microphones are restricted (plenary mode). */
  restricted: boolean;
  /** Allowed to speak under restriction (by a moderator). */
  allowed: boolean;
  moderate(command: ModerationCommand): void;
  floor(command: FloorCommand): void;
  /** Opens a private chat with this person (absent when the chat cannot be used). */
  onMessage?: () => void;
}

type ActionId =
  | 'message'
  | 'give_floor'
  | 'lower_hand'
  | 'mute'
  | 'ask_to_unmute'
  | 'allow_microphone'
  | 'revoke_microphone'
  | 'stop_video'
  | 'stop_screen_share'
  | 'promote'
  | 'demote'
  | 'podium_on'
  | 'podium_off'
  | 'groups'
  | 'send_to_waiting_room'
  | 'remove'
  | 'ban';

interface ActionItem {
  id: ActionId;
  label: string;
  danger?: boolean;
}

export function ParticipantActions({ participant, handRaised, restricted, allowed, moderate, floor, onMessage }: ParticipantActionsProps) {
  const { t } = useTranslation();
  const [confirm, setConfirm] = useState<'remove' | 'ban' | null>(null);
  const [groupsOpen, setGroupsOpen] = useState(false);
  const id = participant.id;
  const name = participant.display_name;
  const owner = hasRole(participant, 'owner');
  const mayAlwaysSpeak = isChair(participant) || hasRole(participant, 'podium') || hasRole(participant, 'interpreter');

  const talking: ActionItem[] = onMessage !== undefined ? [{ id: 'message', label: t('chat.sendPrivate') }] : [];
  const speaking: ActionItem[] = [{ id: 'give_floor', label: t('actions.giveFloor') }];
  if (handRaised) speaking.push({ id: 'lower_hand', label: t('actions.lowerHand') });
  speaking.push(participant.audio ? { id: 'mute', label: t('actions.mute') } : { id: 'ask_to_unmute', label: t('actions.askToUnmute') });
  if (restricted && !mayAlwaysSpeak) {
    speaking.push(allowed ? { id: 'revoke_microphone', label: t('actions.revokeMicrophone') } : { id: 'allow_microphone', label: t('actions.allowMicrophone') });
  }
  if (participant.video) speaking.push({ id: 'stop_video', label: t('actions.stopVideo') });
  if (participant.screen) speaking.push({ id: 'stop_screen_share', label: t('actions.stopScreenShare') });

  const roles: ActionItem[] = [];
  if (!owner) {
    roles.push(hasRole(participant, 'moderator') ? { id: 'demote', label: t('actions.demote') } : { id: 'promote', label: t('actions.promote') });
  }
  roles.push(hasRole(participant, 'podium') ? { id: 'podium_off', label: t('actions.podiumOff') } : { id: 'podium_on', label: t('actions.podiumOn') });
  roles.push({ id: 'groups', label: t('actions.groups') });

  const leaving: ActionItem[] = owner
    ? []
    : [
        { id: 'send_to_waiting_room', label: t('actions.sendToWaitingRoom') },
        { id: 'remove', label: t('actions.remove'), danger: true },
        { id: 'ban', label: t('actions.ban'), danger: true },
      ];

  const run = (key: Key) => {
    switch (key as ActionId) {
      case 'message':
        return onMessage?.();
      case 'give_floor':
        return floor({ action: 'give_floor', participant: id });
      case 'lower_hand':
        return floor({ action: 'lower_hand_of', participant: id });
      case 'mute':
        return moderate({ action: 'mute', participant: id });
      case 'ask_to_unmute':
        return moderate({ action: 'ask_to_unmute', participant: id });
      case 'allow_microphone':
        return moderate({ action: 'allow_microphone', participant: id, allowed: true });
      case 'revoke_microphone':
        return moderate({ action: 'allow_microphone', participant: id, allowed: false });
      case 'stop_video':
        return moderate({ action: 'stop_video', participant: id });
      case 'stop_screen_share':
        return moderate({ action: 'stop_screen_share', participant: id });
      case 'promote':
        return moderate({ action: 'promote', participant: id });
      case 'demote':
        return moderate({ action: 'demote', participant: id });
      case 'podium_on':
        return moderate({ action: 'set_podium', participant: id, podium: true });
      case 'podium_off':
        return moderate({ action: 'set_podium', participant: id, podium: false });
      case 'groups':
        return setGroupsOpen(true);
      case 'send_to_waiting_room':
        return moderate({ action: 'send_to_waiting_room', participant: id });
      case 'remove':
        return setConfirm('remove');
      case 'ban':
        return setConfirm('ban');
    }
  };

  const section = (items: ActionItem[]) =>
    items.map((item) => (
      <MenuItem key={item.id} id={item.id} className={`menu-item ${item.danger === true ? 'menu-item-danger' : ''}`} textValue={item.label}>
        {item.label}
      </MenuItem>
    ));

  return (
    <>
      <MenuTrigger>
        <Button className="icon-button" aria-label={t('actions.for', { name })}>
          <Icon name="more" size={20} />
        </Button>
        <Popover className="menu-popover" placement="bottom end">
          <Menu className="menu" onAction={run}>
            {section(talking)}
            {talking.length > 0 && <Separator className="menu-separator" />}
            {section(speaking)}
            <Separator className="menu-separator" />
            {section(roles)}
            {leaving.length > 0 && <Separator className="menu-separator" />}
            {section(leaving)}
          </Menu>
        </Popover>
      </MenuTrigger>
      <ConfirmDialog
        isOpen={confirm !== null}
        onOpenChange={(open) => {
          if (!open) setConfirm(null);
        }}
        title={confirm === 'ban' ? t('actions.banTitle', { name }) : t('actions.removeTitle', { name })}
        body={confirm === 'ban' ? t('actions.banBody') : t('actions.removeBody')}
        confirmLabel={confirm === 'ban' ? t('actions.ban') : t('actions.remove')}
        onConfirm={() => {
          moderate(confirm === 'ban' ? { action: 'ban', participant: id } : { action: 'remove', participant: id });
          return Promise.resolve();
        }}
      />
      <GroupsDialog
        isOpen={groupsOpen}
        onOpenChange={setGroupsOpen}
        name={name}
        groups={participant.groups}
        onSave={(groups) => {
          moderate({ action: 'set_groups', participant: id, groups });
          setGroupsOpen(false);
        }}
      />
    </>
  );
}
