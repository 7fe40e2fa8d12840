// The form that opens breakout rooms (chairs): for signed-in chairs the set-ups prepared with the
// meeting (PreparedBreakoutList.tsx, "Use" fills the form), the settings (BreakoutSettingsFields:
// how to assign people, rooms by number or by participants per room, moderators included or not,
// late joiners assigned, the duration), for Manual a room per person, the room names, a preview
// of who goes where ("Shuffle again" for a new random order) and "Open breakout rooms". It
// computes the plan with client/breakoutPlan.ts from the people present and hands it over; it
// keeps no room state.
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  assignable,
  DEFAULT_SETTINGS,
  draftOf,
  inOrder,
  MAX_ROOM_SIZE,
  MAX_ROOMS,
  minutesOf,
  numberIn,
  planOf,
  roomName,
  roomPlan,
  roomsByGroup,
  roomsByHand,
  roomsForSize,
  shuffled,
  splitEvenly,
  type BreakoutDraft,
} from '../../client/breakoutPlan';
import type { BreakoutPlan, BreakoutSettings, Participant, ParticipantId, RoomId } from '../../protocol/generated';
import { BreakoutSettingsFields } from '../breakout/BreakoutSettingsFields';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { PreparedBreakoutList } from './PreparedBreakoutList';
import { RoomSelect } from './RoomSelect';

export interface BreakoutFormProps {
  /** Everyone inside, self included. */
  participants: readonly Participant[];
  selfId: ParticipantId | null;
  roomId: RoomId | null;
  /** The set-ups prepared with the room's meeting can be fetched (a chair who is signed in). */
  showPrepared: boolean;
  /** The room belongs to a meeting (where set-ups are prepared). */
  meetingRoom: boolean;
  onOpen(plan: BreakoutPlan): void;
}

type Problem = 'roomCount' | 'roomSize' | 'tooManyRooms' | 'noGroups' | 'tooManyGroups' | 'minutes' | 'names';

/** The rooms of the form: how many, who goes where, and for By groups the group of each. */
interface Arrangement {
  rooms: ParticipantId[][];
  groups: string[] | null;
}

export function BreakoutForm({ participants, selfId, roomId, showPrepared, meetingRoom, onOpen }: BreakoutFormProps) {
  const { t, i18n } = useTranslation();
  const roomsId = useId();
  const previewId = useId();
  const assignId = useId();
  const [draft, setDraft] = useState<BreakoutDraft>(() => draftOf(DEFAULT_SETTINGS));
  const [order, setOrder] = useState<readonly ParticipantId[]>(() => shuffled(participants.map((p) => p.id)));
  const [manual, setManual] = useState<Readonly<Record<ParticipantId, number | null>>>({});
  const [problem, setProblem] = useState<Problem | null>(null);

  const people = assignable(participants, draft.includeModerators);

  /** The rooms for these settings (with the choices by hand, for Manual), or why there are none. */
  const arrange = (d: BreakoutDraft): Arrangement | Problem => {
    const among = assignable(participants, d.includeModerators);
    if (d.assignment === 'groups') {
      const byGroup = roomsByGroup(among, i18n.language);
      if (byGroup.groups.length === 0) return 'noGroups';
      if (byGroup.groups.length > MAX_ROOMS) return 'tooManyGroups';
      return { rooms: byGroup.rooms, groups: byGroup.groups };
    }
    let count: number;
    if (d.splitBy === 'rooms') {
      const rooms = numberIn(d.rooms, 1, MAX_ROOMS);
      if (rooms === null) return 'roomCount';
      count = rooms;
    } else {
      const size = numberIn(d.size, 1, MAX_ROOM_SIZE);
      if (size === null) return 'roomSize';
      count = roomsForSize(among.length, size);
      if (count > MAX_ROOMS) return 'tooManyRooms';
    }
    if (d.assignment === 'manual') return { rooms: roomsByHand(among, manual, count), groups: null };
    return { rooms: splitEvenly(inOrder(among, order).map((p) => p.id), count), groups: null };
  };

  const arrangement = arrange(draft);
  const ready = typeof arrangement === 'object' ? arrangement : null;
  const defaultName = (index: number) => ready?.groups?.[index] ?? t('breakout.defaultName', { number: index + 1 });
  const nameAt = (index: number) => draft.names[index] ?? defaultName(index);
  const nameOf = (id: ParticipantId) => {
    const p = participants.find((q) => q.id === id);
    if (p === undefined) return '';
    return p.id === selfId ? `${p.display_name} ${t('meeting.you')}` : p.display_name;
  };
  const placed = new Set(ready?.rooms.flat() ?? []);
  const staying = participants.filter((p) => !placed.has(p.id));

  /** Manual starts from the rooms of an arrangement, to adjust by hand. */
  const startManual = (from: Arrangement | Problem) => {
    if (typeof from !== 'object') return;
    const start: Record<ParticipantId, number | null> = {};
    from.rooms.forEach((members, index) => members.forEach((id) => (start[id] = index)));
    setManual(start);
  };

  /** Any change of the form takes back an earlier complaint. */
  const change = (next: BreakoutDraft) => {
    // Manual starts from what the preview showed.
    if (next.assignment === 'manual' && draft.assignment !== 'manual') startManual(arrangement);
    setDraft(next);
    setProblem(null);
  };

  /** A prepared set-up fills the form; Manual starts from a shuffle of the people present. */
  const use = (settings: BreakoutSettings) => {
    const next = draftOf(settings);
    if (next.assignment === 'manual') startManual(arrange({ ...next, assignment: 'random' }));
    setDraft(next);
    setProblem(null);
  };

  const open = () => {
    if (ready === null) {
      setProblem(arrangement as Problem);
      return;
    }
    const minutes = minutesOf(draft);
    if (minutes === 'invalid') {
      setProblem('minutes');
      return;
    }
    const roomNames = ready.rooms.map((_, index) => roomName(nameAt(index)));
    if (!roomNames.every((name): name is string => name !== null)) {
      setProblem('names');
      return;
    }
    const rooms = ready.rooms.map((members, index) => roomPlan(roomNames[index] ?? '', members, ready.groups?.[index]));
    onOpen(planOf(rooms, minutes, draft));
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
      {showPrepared && roomId !== null && <PreparedBreakoutList roomId={roomId} meetingRoom={meetingRoom} onUse={use} />}

      <section className="moderation-section" aria-labelledby={roomsId}>
        <h3 id={roomsId} className="moderation-heading">
          {t('breakout.newRooms')}
        </h3>
        <BreakoutSettingsFields draft={draft} onChange={change} countError={countProblem} minutesError={problem === 'minutes' ? problemText.minutes : null} />
      </section>

      {draft.assignment === 'manual' && ready !== null && (
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
          {draft.assignment === 'random' && (
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
                    setDraft((current) => ({ ...current, names: { ...current.names, [index]: value } }));
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
