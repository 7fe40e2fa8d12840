// What is shown after a stay ended: "You left the meeting", "You were disconnected", … with
// "Rejoin" and "Back to start". Chooses the words from the end reason; does not reconnect.
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { EndReason } from '../../client/signaling';
import { AppLink } from '../components/AppLink';
import type { Resources } from '../i18n/en';
import { CenteredMessage } from './CenteredMessage';

type EndedKey = Exclude<keyof Resources['ended'], 'rejoin'>;

function textsFor(reason: EndReason | null): { title: EndedKey; body: EndedKey } {
  switch (reason) {
    case 'left':
    case null:
      return { title: 'leftTitle', body: 'leftBody' };
    case 'resume_rejected':
    case 'connection_lost':
    case 'closed':
      return { title: 'disconnectedTitle', body: 'disconnectedBody' };
    case 'replaced':
      return { title: 'replacedTitle', body: 'replacedBody' };
    case 'removed':
      return { title: 'removedTitle', body: 'removedBody' };
    case 'ticket_rejected':
    case 'wrong_room':
    case 'policy_violation':
      return { title: 'failedTitle', body: 'failedBody' };
  }
}

export function EndedScreen({ reason, onRejoin }: { reason: EndReason | null; onRejoin(): void }) {
  const { t } = useTranslation();
  const keys = textsFor(reason);
  return (
    <CenteredMessage title={t(`ended.${keys.title}`)} body={t(`ended.${keys.body}`)}>
      <Button className="btn btn-primary" onPress={onRejoin}>
        {t('ended.rejoin')}
      </Button>
      <AppLink href="/" className="btn">
        {t('common.backToStart')}
      </AppLink>
    </CenteredMessage>
  );
}
