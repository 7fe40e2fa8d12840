// The participant list panel: a search by name, a choice of order (groups, name A–Z and Z–A,
// last joined, hand-raise order; for chairs also last active and least/most speaking time) and
// everyone as a ParticipantRow. Chairs also see the raised hands with their speaking time and a
// fair order (FairOrder.tsx), each person's speaking time, and an actions menu per person;
// everyone can send a person a private message (in the chairs' menu, or a button of its own).
// While breakout rooms are open, chairs see everyone grouped by room (the main room first).
// Sorting and searching are client/participantSort.ts; commands go through the callbacks.
import { useMemo, useState } from 'react';
import { Button, Input, Label, ListBox, ListBoxItem, Popover, SearchField, Select, SelectValue, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  CHAIR_SORTS,
  handPositions,
  PARTICIPANT_SORTS,
  searchParticipants,
  sortParticipants,
  spokenMs,
  type ParticipantSort,
  type SpeakingTimes,
} from '../../client/participantSort';
import type { FloorCommand, Hand, ModerationCommand, Participant, RoomPolicy } from '../../protocol/generated';
import { useNow } from '../hooks';
import { FairOrder } from './FairOrder';
import { ParticipantRow } from './ParticipantRow';
import { SidePanel } from './SidePanel';
import './breakout.css';

export interface ParticipantsPanelProps {
  id: string;
  participants: readonly Participant[];
  selfId: string | null;
  isMuted(participant: Participant): boolean;
  hands: readonly Hand[];
  /** Chairs get speaking times, the hands overview and the actions. */
  chair: boolean;
  speaking: SpeakingTimes;
  names: Readonly<Record<string, string>>;
  policy: RoomPolicy | null;
  allowedMicrophones: readonly string[];
  /** Node clock minus ours. */
  clockOffset: number;
  moderate(command: ModerationCommand): void;
  floor(command: FloorCommand): void;
  /** Opens the chat with this person (absent when the chat cannot be used). */
  onMessage?: ((participantId: string) => void) | undefined;
  /** While breakout rooms are open (chairs): everyone by room, in this order. */
  rooms?: readonly { name: string; members: readonly string[] }[] | undefined;
  onClose(): void;
}

export function ParticipantsPanel(props: ParticipantsPanelProps) {
  const { t, i18n } = useTranslation();
  const { participants, selfId, isMuted, hands, chair, speaking } = props;
  const [sort, setSort] = useState<ParticipantSort>('groups');
  const [query, setQuery] = useState('');
  const someoneSpeaks = chair && Object.values(speaking).some((s) => s.speaking_since !== undefined);
  const now = useNow(1000, someoneSpeaks) + props.clockOffset;
  const sorts = chair ? PARTICIPANT_SORTS : PARTICIPANT_SORTS.filter((s) => !CHAIR_SORTS.includes(s));
  const effectiveSort = sorts.includes(sort) ? sort : 'groups';
  const positions = useMemo(() => handPositions(hands), [hands]);
  const shown = sortParticipants(searchParticipants(participants, query, i18n.language), effectiveSort, {
    hands,
    speaking,
    now,
    locale: i18n.language,
  });
  const actions = chair
    ? {
        restricted: props.policy?.microphones_restricted ?? false,
        moderate: props.moderate,
        floor: props.floor,
      }
    : null;
  const row = (p: Participant) => {
    const position = positions.get(p.id);
    const hand = position === undefined ? undefined : hands[position - 1];
    return (
      <ParticipantRow
        key={p.id}
        participant={p}
        isSelf={p.id === selfId}
        muted={isMuted(p)}
        hand={hand === undefined || position === undefined ? undefined : { hand, position }}
        spokenMs={chair ? spokenMs(speaking[p.id], now) : null}
        actions={actions === null ? null : { ...actions, allowed: props.allowedMicrophones.includes(p.id) }}
        onMessage={props.onMessage}
      />
    );
  };

  return (
    <SidePanel id={props.id} title={t('meeting.participants')} count={participants.length} closeLabel={t('meeting.closePanel')} onClose={props.onClose}>
      <div className="panel-tools">
        <SearchField className="field panel-search" value={query} onChange={setQuery}>
          <Label className="visually-hidden">{t('participants.search')}</Label>
          <Input className="input" placeholder={t('participants.search')} />
        </SearchField>
        <Select className="select panel-sort" value={effectiveSort} onChange={(key: Key | null) => key !== null && setSort(key as ParticipantSort)}>
          <Label className="label">{t('participants.sortBy')}</Label>
          <Button className="select-trigger">
            <SelectValue className="select-value" />
            <span aria-hidden="true">▾</span>
          </Button>
          <Popover className="select-popover">
            <ListBox className="listbox">
              {sorts.map((s) => (
                <ListBoxItem key={s} id={s} className="listbox-item" textValue={t(`participants.sort.${s}`)}>
                  {t(`participants.sort.${s}`)}
                </ListBoxItem>
              ))}
            </ListBox>
          </Popover>
        </Select>
      </div>
      <div className="panel-scroll">
        {chair && hands.length > 0 && (
          <FairOrder
            hands={hands}
            speaking={speaking}
            names={props.names}
            now={now}
            onGiveFloor={(participant) => props.floor({ action: 'give_floor', participant })}
          />
        )}
        {shown.length === 0 ? (
          <p className="panel-empty">{t('participants.noMatch')}</p>
        ) : props.rooms === undefined ? (
          <ul className="panel-list" aria-label={t('participants.list')}>
            {shown.map(row)}
          </ul>
        ) : (
          props.rooms.map((room, index) => {
            const inside = shown.filter((p) => room.members.includes(p.id));
            if (inside.length === 0 && query !== '') return null;
            return (
              <div key={index} className="panel-room">
                <h3 className="panel-room-heading">
                  {room.name} <span className="panel-count">({inside.length})</span>
                </h3>
                <ul className="panel-list" aria-label={room.name}>
                  {inside.map(row)}
                </ul>
              </div>
            );
          })
        )}
      </div>
    </SidePanel>
  );
}
