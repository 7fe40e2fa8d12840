// What is shown after a stay ended: "You left the meeting", "You were disconnected", "You were
// removed from the meeting", "The meeting has ended", … with "Back to start", and "Rejoin" only
// where joining again can work (not after a ban, a refused admission or the end of the
// meeting). Chooses the words from the end reason; does not reconnect.
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { EndReason } from '../../client/signaling';
import { AppLink } from '../components/AppLink';
import type { Resources } from '../i18n/en';
import { CenteredMessage } from './CenteredMessage';

type EndedKey = Exclude<keyof Resources['ended'], 'rejoin'>;

interface EndedTexts {
  title: EndedKey;
  body: EndedKey;
  /** Whether joining again can work, and what the button says. */
  rejoin: 'rejoin' | 'tryAgain' | null;
}

export function textsFor(reason: EndReason | null): EndedTexts {
  switch (reason) {
    case 'left':
    case null:
      return { title: 'leftTitle', body: 'leftBody', rejoin: 'rejoin' };
    case 'resume_rejected':
    case 'connection_lost':
    case 'closed':
      return { title: 'disconnectedTitle', body: 'disconnectedBody', rejoin: 'rejoin' };
    case 'replaced':
      return { title: 'replacedTitle', body: 'replacedBody', rejoin: 'rejoin' };
    case 'removed':
      return { title: 'removedTitle', body: 'removedBody', rejoin: 'rejoin' };
    case 'removed_by_moderator':
      return { title: 'removedByModeratorTitle', body: 'removedByModeratorBody', rejoin: 'rejoin' };
    case 'banned':
      return { title: 'bannedTitle', body: 'bannedBody', rejoin: null };
    case 'not_admitted':
      return { title: 'notAdmittedTitle', body: 'notAdmittedBody', rejoin: null };
    case 'meeting_ended':
      return { title: 'meetingEndedTitle', body: 'meetingEndedBody', rejoin: null };
    case 'room_locked':
      return { title: 'roomLockedTitle', body: 'roomLockedBody', rejoin: 'tryAgain' };
    case 'ticket_rejected':
    case 'wrong_room':
    case 'policy_violation':
      return { title: 'failedTitle', body: 'failedBody', rejoin: 'rejoin' };
  }
}

export function EndedScreen({ reason, onRejoin }: { reason: EndReason | null; onRejoin(): void }) {
  const { t } = useTranslation();
  const texts = textsFor(reason);
  return (
    <CenteredMessage title={t(`ended.${texts.title}`)} body={t(`ended.${texts.body}`)}>
      {texts.rejoin !== null && (
        <Button className="btn btn-primary" onPress={onRejoin}>
          {texts.rejoin === 'rejoin' ? t('ended.rejoin') : t('common.tryAgain')}
        </Button>
      )}
      <AppLink href="/" className={texts.rejoin === null ? 'btn btn-primary' : 'btn'}>
        {t('common.backToStart')}
      </AppLink>
    </CenteredMessage>
  );
}
