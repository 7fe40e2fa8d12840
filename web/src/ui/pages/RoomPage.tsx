// A meeting link (/r/:roomId, optionally with a guest link's `?g=<token>`) from start to end:
// look the room up (friendly page if it does not exist), the join screen with local media (the
// meeting's title, the name prefilled for signed-in people, the password when the room asks for
// one), the waiting screen while a moderator has to let us in, the meeting view once admitted,
// and the page after leaving, being removed or losing the connection (with "Rejoin" where that
// can work). Every ticket request carries this browser's guest key and, for an ad-hoc room it
// created, the owner key. Owns one LocalMedia for the visit and one Meeting per join; leaves on
// pagehide and when the page is left inside the app.
import { useEffect, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { loadText, PREFERENCE_KEYS } from '../../client/preferences';
import { guestKey, ownerKey } from '../../client/roomKeys';
import { initialRoomState, type RoomState } from '../../client/roomStore';
import type { EndReason } from '../../client/signaling';
import type { Me, RoomSummary } from '../../protocol/generated';
import { roomCatalogue } from '../../media/background/catalogue';
import { NO_BACKGROUND, offeredImages, parseBackground } from '../../media/background/effects';
import { LocalMedia } from '../../media/localMedia';
import { Meeting } from '../../media/meeting';
import { AppLink } from '../components/AppLink';
import { loginPath } from '../router';
import { useOnUnmount, useStore, type ExternalStore } from '../hooks';
import { JoinScreen } from '../lobby/JoinScreen';
import { MeetingView } from '../meeting/MeetingView';
import { useServices } from '../services';
import { CenteredMessage } from './CenteredMessage';
import { EndedScreen } from './EndedScreen';
import { WaitingScreen } from './WaitingScreen';

export const STORAGE_KEYS = {
  displayName: 'plenum.displayName',
  microphoneId: 'plenum.microphoneId',
  cameraId: 'plenum.cameraId',
} as const;

type Lookup = 'checking' | RoomSummary | 'missing' | 'unreachable';

/** Why the node refused us before we got in, in words for the join screen (null: generic). */
function refusalKey(reason: EndReason | null) {
  switch (reason) {
    case 'room_locked':
      return 'ended.roomLockedBody' as const;
    case 'banned':
      return 'ended.bannedBody' as const;
    case 'meeting_ended':
      return 'ended.meetingEndedBody' as const;
    case 'not_admitted':
      return 'ended.notAdmittedBody' as const;
    default:
      return null;
  }
}

const noRoom: ExternalStore<RoomState> = {
  getSnapshot: () => initialRoomState,
  subscribe: () => () => undefined,
};

export interface RoomPageProps {
  roomId: string;
  /** The `g` query parameter of a guest link. */
  guestToken?: string | null;
  /** The signed-in user, if any. */
  me?: Me | null;
}

export function RoomPage({ roomId, guestToken = null, me = null }: RoomPageProps) {
  const { t } = useTranslation();
  const services = useServices();
  const { api, storage } = services;
  const [lookup, setLookup] = useState<Lookup>('checking');
  const [lookupAttempt, setLookupAttempt] = useState(0);
  const [localMedia] = useState(() => {
    const media = new LocalMedia(services.mediaDevices, services.videoEffects);
    const speaker = loadText(storage, PREFERENCE_KEYS.speakerId);
    if (speaker !== null) media.selectSpeaker(speaker);
    if (services.videoEffects !== null) void media.setBackground(parseBackground(loadText(storage, PREFERENCE_KEYS.background)));
    return media;
  });
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [requesting, setRequesting] = useState(false);
  const [joinError, setJoinError] = useState<string | null>(null);
  const [displayName, setDisplayName] = useState(() => me?.display_name ?? storage?.getItem(STORAGE_KEYS.displayName) ?? '');
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  // The server asked for a password although the summary did not say so.
  const [passwordAsked, setPasswordAsked] = useState(false);
  // The guest link was refused (expired or revoked): stop sending it.
  const [guestRefused, setGuestRefused] = useState(false);
  const room = useStore(meeting?.room ?? noRoom);

  useEffect(() => {
    let current = true;
    setLookup('checking');
    api.getRoom(roomId).then(
      (summary) => {
        if (current) setLookup(summary === null ? 'missing' : summary);
      },
      () => {
        if (current) setLookup('unreachable');
      },
    );
    return () => {
      current = false;
    };
  }, [api, roomId, lookupAttempt]);

  const roomTitle = typeof lookup === 'object' ? lookup.title : undefined;
  const pictures = typeof lookup === 'object' ? lookup.backgrounds : null;
  const catalogue = useMemo(() => roomCatalogue(roomId, pictures ?? []), [roomId, pictures]);
  // A picture this meeting does not offer (the person's choice elsewhere) is not sent here.
  useEffect(() => {
    const choice = localMedia.getSnapshot().background;
    if (choice.kind === 'image' && !offeredImages(catalogue).some((image) => image.id === choice.id)) void localMedia.setBackground(NO_BACKGROUND);
  }, [catalogue, localMedia]);
  useEffect(() => {
    document.title = roomTitle !== undefined && roomTitle !== '' ? `${roomTitle} · ${t('app.name')}` : t('app.name');
  }, [roomTitle, t]);

  const inMeeting = meeting !== null && room.selfId !== null;
  const inLobby = typeof lookup === 'object' && !inMeeting;

  // Local media runs while the join screen is shown (and is handed over to the meeting).
  useEffect(() => {
    if (!inLobby) return;
    void localMedia.start({
      microphoneId: storage?.getItem(STORAGE_KEYS.microphoneId) ?? null,
      cameraId: storage?.getItem(STORAGE_KEYS.cameraId) ?? null,
    });
  }, [inLobby, localMedia, storage]);

  // Closing the tab: try to leave cleanly (control/leave, close 1000).
  useEffect(() => {
    if (meeting === null) return undefined;
    const onPageHide = () => {
      meeting.leave();
      localMedia.stop();
    };
    window.addEventListener('pagehide', onPageHide);
    return () => window.removeEventListener('pagehide', onPageHide);
  }, [meeting, localMedia]);

  useOnUnmount(() => {
    meeting?.leave();
    localMedia.dispose();
  });

  const usableGuestToken = guestRefused ? null : guestToken;

  const join = async (name: string, secret: string) => {
    setDisplayName(name);
    setPassword(secret);
    setPasswordError(null);
    storage?.setItem(STORAGE_KEYS.displayName, name);
    const media = localMedia.getSnapshot();
    if (media.microphoneId !== null) storage?.setItem(STORAGE_KEYS.microphoneId, media.microphoneId);
    if (media.cameraId !== null) storage?.setItem(STORAGE_KEYS.cameraId, media.cameraId);
    setJoinError(null);
    setRequesting(true);
    const next = new Meeting({
      roomId,
      api,
      socketFactory: services.socketFactory,
      peerFactory: services.peerFactory,
      localMedia,
      pageUrl: services.pageUrl(),
    });
    setMeeting(next);
    try {
      const owner = ownerKey(storage, roomId);
      await next.join(name, {
        ...(secret !== '' ? { password: secret } : {}),
        ...(usableGuestToken !== null ? { guestToken: usableGuestToken } : {}),
        ...(owner !== null ? { ownerKey: owner } : {}),
        guestKey: guestKey(storage),
      });
    } catch (e) {
      setMeeting(null);
      if (e instanceof ApiRequestError && e.status === 404) setLookup('missing');
      else if (e instanceof ApiRequestError && e.field === 'password') {
        setPasswordAsked(true);
        setPasswordError(secret === '' ? t('lobby.passwordMissing') : t('lobby.passwordWrong'));
      } else if (e instanceof ApiRequestError && e.field === 'guest_token') {
        // With a link: it expired or was revoked. Without one: the room's address is not enough.
        setGuestRefused(true);
        setJoinError(usableGuestToken !== null ? t('lobby.guestLinkInvalid') : t('lobby.invitedOnly'));
      } else if (e instanceof ApiRequestError && e.code !== 'network' && e.code !== 'unexpected') {
        setJoinError(t('lobby.joinFailed', { message: e.message }));
      } else setJoinError(t('lobby.joinFailedGeneric'));
    } finally {
      setRequesting(false);
    }
  };

  if (lookup === 'checking') {
    return (
      <main className="page" aria-busy="true">
        <p className="lead" role="status">
          {t('room.loading')}
        </p>
      </main>
    );
  }
  if (lookup === 'missing') {
    return (
      <CenteredMessage title={t('room.notFoundTitle')} body={t('room.notFoundBody')}>
        <AppLink href="/" className="btn btn-primary">
          {t('common.backToStart')}
        </AppLink>
      </CenteredMessage>
    );
  }
  if (lookup === 'unreachable') {
    return (
      <CenteredMessage title={t('room.unreachableTitle')} body={t('room.unreachableBody')}>
        <Button className="btn btn-primary" onPress={() => setLookupAttempt((n) => n + 1)}>
          {t('common.tryAgain')}
        </Button>
        <AppLink href="/" className="btn">
          {t('common.backToStart')}
        </AppLink>
      </CenteredMessage>
    );
  }

  if (meeting !== null && inMeeting) {
    if (room.status === 'ended') {
      return <EndedScreen reason={room.endReason} onRejoin={() => void join(displayName, password)} />;
    }
    if (room.waiting) return <WaitingScreen title={roomTitle} onLeave={() => meeting.leave()} />;
    return (
      <MeetingView
        meeting={meeting}
        localMedia={localMedia}
        meetingUrl={services.pageUrl()}
        title={roomTitle}
        backgroundsAvailable={services.videoEffects !== null}
        meetingSimpleMode={typeof lookup === 'object' && lookup.simple_mode}
        catalogue={catalogue}
        onLeave={() => meeting.leave()}
      />
    );
  }

  const failedBeforeJoining = meeting !== null && room.status === 'ended';
  const refusal = failedBeforeJoining ? refusalKey(room.endReason) : null;
  const joining = requesting || (meeting !== null && !failedBeforeJoining);
  const summary = lookup;
  // A meeting's room lets in invited people and guest-link holders; tell anyone else at once.
  if (summary.guest_link_required && me === null && guestToken === null) {
    return (
      <CenteredMessage title={t('room.invitedOnlyTitle')} body={t('room.invitedOnlyBody')}>
        <AppLink href={loginPath(`/r/${roomId}`)} className="btn btn-primary">
          {t('room.signIn')}
        </AppLink>
        <AppLink href="/" className="btn">
          {t('common.backToStart')}
        </AppLink>
      </CenteredMessage>
    );
  }
  // Guests need the password as well as their link; signed-in people (invited, or the host) do
  // not, so they only see the field once the server asked for it.
  const askPassword = passwordAsked || (summary.password_required && me === null);
  return (
    <JoinScreen
      localMedia={localMedia}
      initialName={displayName}
      joining={joining}
      error={joinError ?? (refusal !== null ? t(refusal) : failedBeforeJoining ? t('lobby.joinFailedGeneric') : null)}
      title={summary.title}
      password={askPassword ? { required: me === null || passwordAsked, error: passwordError } : null}
      onJoin={(name, secret) => void join(name, secret)}
    />
  );
}
