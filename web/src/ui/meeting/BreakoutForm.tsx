// The form that opens breakout rooms (chairs): how to assign people (Random, Manual with a room per
// person, By groups), rooms by number or by participants per room, moderators included or not, late
// joiners assigned, the duration (Unlimited, 5, 10, 15, 30 minutes or other), the room names, a
// preview of who goes where ("Shuffle again" for a new random order), "Open breakout rooms", and
// the set-ups prepared in this browser. It computes the plan with client/breakoutPlan.ts and hands
// it over; it keeps no room state.
import { useId, useState } from 'react';
import { Button, Label, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  assignable,
  DEFAULT_SETTINGS,
  DURATION_CHOICES,
  inOrder,
  MAX_BREAKOUT_MINUTES,
  MAX_ROOM_SIZE,
  MAX_ROOMS,
  numberIn,
  planOf,
  roomName,
  roomPlan,
  roomsByGroup,
  roomsByHand,
  roomsForSize,
  shuffled,
  splitEvenly,
  type Assignment,
  type BreakoutSettings,
  type SplitBy,
} from '../../client/breakoutPlan';
import type { BreakoutPlan, Participant, ParticipantId, RoomId } from '../../protocol/generated';
import { RadioItem, SwitchField } from '../components/Choice';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { BreakoutSetups } from './BreakoutSetups';
import { RoomSelect } from './RoomSelect';

export interface BreakoutFormProps {
  /** Everyone inside, self included. */
  participants: readonly Participant[];
  selfId: ParticipantId | null;
  /** The meeting room (its prepared set-ups are kept per room). */
  roomId: RoomId | null;
  onOpen(plan: BreakoutPlan): void;
}

const UNLIMITED = 'unlimited';
const OTHER = 'other';

type Problem = 'roomCount' | 'roomSize' | 'tooManyRooms' | 'noGroups' | 'tooManyGroups' | 'minutes' | 'names';

/** The rooms of the form: how many, who goes where, and for By groups the group of each. */
interface Arrangement {
  rooms: ParticipantId[][];
  groups: string[] | null;
}

export function BreakoutForm({ participants, selfId, roomId, onOpen }: BreakoutFormProps) {
  const { t, i18n } = useTranslation();
  const roomsId = useId();
  const previewId = useId();
  const assignId = useId();
  const [assignment, setAssignment] = useState<Assignment>(DEFAULT_SETTINGS.assignment);
  const [splitBy, setSplitBy] = useState<SplitBy>(DEFAULT_SETTINGS.splitBy);
  const [roomsText, setRoomsText] = useState(String(DEFAULT_SETTINGS.rooms));
  const [sizeText, setSizeText] = useState(String(DEFAULT_SETTINGS.size));
  const [names, setNames] = useState<Readonly<Record<number, string>>>(DEFAULT_SETTINGS.names);
  const [includeModerators, setIncludeModerators] = useState(DEFAULT_SETTINGS.includeModerators);
  const [assignLateJoiners, setAssignLateJoiners] = useState(DEFAULT_SETTINGS.assignLateJoiners);
  const [duration, setDuration] = useState(UNLIMITED);
  const [otherMinutes, setOtherMinutes] = useState('');
  const [order, setOrder] = useState<readonly ParticipantId[]>(() => shuffled(participants.map((p) => p.id)));
  const [manual, setManual] = useState<Readonly<Record<ParticipantId, number | null>>>({});
  const [problem, setProblem] = useState<Problem | null>(null);

  const people = assignable(participants, includeModerators);

  const arrange = (): Arrangement | Problem => {
    if (assignment === 'groups') {
      const byGroup = roomsByGroup(people, i18n.language);
      if (byGroup.groups.length === 0) return 'noGroups';
      if (byGroup.groups.length > MAX_ROOMS) return 'tooManyGroups';
      return { rooms: byGroup.rooms, groups: byGroup.groups };
    }
    let count: number;
    if (splitBy === 'rooms') {
      const rooms = numberIn(roomsText, 1, MAX_ROOMS);
      if (rooms === null) return 'roomCount';
      count = rooms;
    } else {
      const size = numberIn(sizeText, 1, MAX_ROOM_SIZE);
      if (size === null) return 'roomSize';
      count = roomsForSize(people.length, size);
      if (count > MAX_ROOMS) return 'tooManyRooms';
    }
    if (assignment === 'manual') return { rooms: roomsByHand(people, manual, count), groups: null };
    return { rooms: splitEvenly(inOrder(people, order).map((p) => p.id), count), groups: null };
  };

  const arrangement = arrange();
  const ready = typeof arrangement === 'object' ? arrangement : null;
  const defaultName = (index: number) => ready?.groups?.[index] ?? t('breakout.defaultName', { number: index + 1 });
  const nameAt = (index: number) => names[index] ?? defaultName(index);
  const nameOf = (id: ParticipantId) => {
    const p = participants.find((q) => q.id === id);
    if (p === undefined) return '';
    return p.id === selfId ? `${p.display_name} ${t('meeting.you')}` : p.display_name;
  };
  const placed = new Set(ready?.rooms.flat() ?? []);
  const staying = participants.filter((p) => !placed.has(p.id));

  /** Any change of the form takes back an earlier complaint. */
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setProblem(null);
    };

  const chooseAssignment = (next: Assignment) => {
    // Manual starts from what the preview showed, to adjust by hand.
    if (next === 'manual' && ready !== null) {
      const start: Record<ParticipantId, number | null> = {};
      ready.rooms.forEach((members, index) => members.forEach((id) => (start[id] = index)));
      setManual(start);
    }
    setAssignment(next);
    setProblem(null);
  };

  const minutes = (): number | null | 'problem' => {
    if (duration === UNLIMITED) return null;
    if (duration !== OTHER) return Number(duration);
    return numberIn(otherMinutes, 1, MAX_BREAKOUT_MINUTES) ?? 'problem';
  };

  const open = () => {
    if (ready === null) {
      setProblem(arrangement as Problem);
      return;
    }
    const length = minutes();
    if (length === 'problem') {
      setProblem('minutes');
      return;
    }
    const roomNames = ready.rooms.map((_, index) => roomName(nameAt(index)));
    if (!roomNames.every((name): name is string => name !== null)) {
      setProblem('names');
      return;
    }
    const rooms = ready.rooms.map((members, index) => roomPlan(roomNames[index] ?? '', members, ready.groups?.[index]));
    onOpen(planOf(rooms, { minutes: length, assignLateJoiners, includeModerators }));
  };

  const settings = (): BreakoutSettings | null => {
    const length = minutes();
    if (length === 'problem') {
      setProblem('minutes');
      return null;
    }
    return {
      assignment,
      splitBy,
      rooms: numberIn(roomsText, 1, MAX_ROOMS) ?? DEFAULT_SETTINGS.rooms,
      size: numberIn(sizeText, 1, MAX_ROOM_SIZE) ?? DEFAULT_SETTINGS.size,
      names,
      includeModerators,
      assignLateJoiners,
      minutes: length,
    };
  };

  const use = (s: BreakoutSettings) => {
    setAssignment(s.assignment);
    setSplitBy(s.splitBy);
    setRoomsText(String(s.rooms));
    setSizeText(String(s.size));
    setNames(s.names);
    setIncludeModerators(s.includeModerators);
    setAssignLateJoiners(s.assignLateJoiners);
    const quick = s.minutes !== null && DURATION_CHOICES.includes(s.minutes);
    setDuration(s.minutes === null ? UNLIMITED : quick ? String(s.minutes) : OTHER);
    setOtherMinutes(s.minutes === null || quick ? '' : String(s.minutes));
    setProblem(null);
  };

  const problemText: Record<Problem, string> = {
    roomCount: t('breakout.roomCountProblem'),
    roomSize: t('breakout.roomSizeProblem'),
    tooManyRooms: t('breakout.tooManyRooms'),
    noGroups: t('breakout.noGroups'),
    tooManyGroups: t('breakout.tooManyGroups'),
    minutes: t('breakout.minutesProblem'),
    names: t('breakout.nameProblem'),
  };
  const countProblem = problem === 'roomCount' || problem === 'roomSize' || problem === 'tooManyRooms' ? problemText[problem] : null;
  const groupProblem = arrangement === 'noGroups' || arrangement === 'tooManyGroups' ? arrangement : null;
  const choices = ready === null ? [] : [{ value: null, name: t('breakout.mainRoom') }, ...ready.rooms.map((_, index) => ({ value: index, name: nameAt(index) }))];

  return (
    <>
      <section className="moderation-section" aria-labelledby={roomsId}>
        <h3 id={roomsId} className="moderation-heading">
          {t('breakout.newRooms')}
        </h3>
        <RadioGroup className="group" value={assignment} onChange={(value) => chooseAssignment(value as Assignment)}>
          <Label className="group-label">{t('breakout.assignment')}</Label>
          <div className="segmented">
            <RadioItem value="random" plain>
              {t('breakout.random')}
            </RadioItem>
            <RadioItem value="manual" plain>
              {t('breakout.manual')}
            </RadioItem>
            <RadioItem value="groups" plain>
              {t('breakout.byGroups')}
            </RadioItem>
          </div>
        </RadioGroup>
        {assignment !== 'groups' && (
          <>
            <RadioGroup className="group" value={splitBy} onChange={changed((value: string) => setSplitBy(value === 'size' ? 'size' : 'rooms'))}>
              <Label className="group-label">{t('breakout.splitBy')}</Label>
              <div className="segmented">
                <RadioItem value="rooms" plain>
                  {t('breakout.byNumber')}
                </RadioItem>
                <RadioItem value="size" plain>
                  {t('breakout.bySize')}
                </RadioItem>
              </div>
            </RadioGroup>
            {splitBy === 'rooms' ? (
              <Field label={t('breakout.roomCount')} value={roomsText} onChange={changed(setRoomsText)} inputMode="numeric" className="breakout-number" error={countProblem} />
            ) : (
              <Field label={t('breakout.roomSize')} value={sizeText} onChange={changed(setSizeText)} inputMode="numeric" className="breakout-number" error={countProblem} />
            )}
          </>
        )}
        <SwitchField isSelected={includeModerators} onChange={changed(setIncludeModerators)}>
          {t('breakout.includeModerators')}
        </SwitchField>
        <p className="description">{t('breakout.includeModeratorsHint')}</p>
        <SwitchField isSelected={assignLateJoiners} onChange={changed(setAssignLateJoiners)}>
          {t('breakout.assignLateJoiners')}
        </SwitchField>
        <p className="description">{t('breakout.assignLateJoinersHint')}</p>
        <RadioGroup className="group" value={duration} onChange={changed(setDuration)}>
          <Label className="group-label">{t('breakout.duration')}</Label>
          <div className="segmented">
            <RadioItem value={UNLIMITED} plain>
              {t('breakout.unlimited')}
            </RadioItem>
            {DURATION_CHOICES.map((m) => (
              <RadioItem key={m} value={String(m)} plain>
                {t('timer.minutesShort', { minutes: m })}
              </RadioItem>
            ))}
            <RadioItem value={OTHER} plain>
              {t('breakout.other')}
            </RadioItem>
          </div>
        </RadioGroup>
        {duration === OTHER && (
          <Field
            label={t('breakout.otherMinutes')}
            value={otherMinutes}
            onChange={changed(setOtherMinutes)}
            inputMode="numeric"
            className="breakout-number"
            error={problem === 'minutes' ? problemText.minutes : null}
          />
        )}
      </section>

      {assignment === 'manual' && ready !== null && (
        <section className="moderation-section" aria-labelledby={assignId}>
          <h3 id={assignId} className="moderation-heading">
            {t('breakout.assignPeople')}
          </h3>
          <ul className="breakout-assign">
            {people.map((p) => {
              const choice = manual[p.id];
              return (
                <li key={p.id}>
                  <span className="breakout-person" aria-hidden="true">
                    {nameOf(p.id)}
                  </span>
                  <RoomSelect
                    label={t('breakout.roomFor', { name: p.display_name })}
                    choices={choices}
                    value={choice !== undefined && choice !== null && choice < ready.rooms.length ? choice : null}
                    onChange={(value) => {
                      setManual((current) => ({ ...current, [p.id]: value }));
                      setProblem(null);
                    }}
                  />
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <section className="moderation-section" aria-labelledby={previewId}>
        <div className="breakout-heading-row">
          <h3 id={previewId} className="moderation-heading">
            {t('breakout.preview')}
          </h3>
          {assignment === 'random' && (
            <Button className="btn btn-compact" onPress={() => setOrder(shuffled(participants.map((p) => p.id)))}>
              {t('breakout.shuffle')}
            </Button>
          )}
        </div>
        {groupProblem !== null && <p className="description">{problemText[groupProblem]}</p>}
        {ready !== null && (
          <ol className="breakout-preview">
            {ready.rooms.map((members, index) => (
              <li key={index} className="breakout-preview-room">
                <Field
                  label={t('breakout.nameOf', { number: index + 1 })}
                  value={nameAt(index)}
                  onChange={(value) => {
                    setNames((current) => ({ ...current, [index]: value }));
                    setProblem(null);
                  }}
                  className="breakout-name"
                  error={problem === 'names' && roomName(nameAt(index)) === null ? problemText.names : null}
                />
                <People ids={members} nameOf={nameOf} />
              </li>
            ))}
          </ol>
        )}
        {ready !== null && staying.length > 0 && (
          <div className="breakout-staying">
            <h4 className="breakout-subheading">{t('breakout.staysInMain')}</h4>
            <People ids={staying.map((p) => p.id)} nameOf={nameOf} />
          </div>
        )}
        <Button className="btn btn-primary breakout-open" onPress={open}>
          <Icon name="rooms" size={20} />
          <span>{t('breakout.open')}</span>
        </Button>
        <ErrorLine text={problem !== null && problem === groupProblem ? problemText[problem] : null} />
      </section>

      <BreakoutSetups roomId={roomId} current={settings} onUse={use} />
    </>
  );
}

/** The people of a room in the preview, by name (easier to scan than the shuffled order). */
function People({ ids, nameOf }: { ids: readonly ParticipantId[]; nameOf(id: ParticipantId): string }) {
  const { t, i18n } = useTranslation();
  const collator = new Intl.Collator(i18n.language, { sensitivity: 'base', numeric: true });
  const people = ids.map((id) => ({ id, name: nameOf(id) })).sort((a, b) => collator.compare(a.name, b.name));
  return (
    <ul className="breakout-people" aria-label={t('breakout.people', { count: ids.length })}>
      {people.length === 0 ? <li className="breakout-nobody">{t('breakout.nobodyYet')}</li> : people.map((p) => <li key={p.id}>{p.name}</li>)}
    </ul>
  );
}
