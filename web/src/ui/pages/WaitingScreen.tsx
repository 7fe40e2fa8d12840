// What someone in the waiting room sees: a calm page with the meeting's title (when known) and
// "Waiting for a moderator to let you in", and "Leave". No participants, no media. It leaves
// through its callback; admission is noticed by RoomPage.
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { CenteredMessage } from './CenteredMessage';

export function WaitingScreen({ title, onLeave }: { title: string | undefined; onLeave(): void }) {
  const { t } = useTranslation();
  const heading = title !== undefined && title !== '' ? title : t('waiting.title');
  return (
    <CenteredMessage title={heading} body={t('waiting.body')}>
      <p className="waiting-hint" role="status">
        <span className="waiting-dots" aria-hidden="true">
          <span />
          <span />
          <span />
        </span>
        {t('waiting.hint')}
      </p>
      <Button className="btn" onPress={onLeave}>
        {t('meeting.leave')}
      </Button>
    </CenteredMessage>
  );
}
