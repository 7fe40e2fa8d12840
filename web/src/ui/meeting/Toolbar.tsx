// The meeting toolbar: Mute/Unmute, Turn camera off/Turn camera on, Share screen/Stop sharing,
// Raise hand/Lower hand with a second button for a point of order, the Participants toggle (the
// count is a badge beside the button, so its visible text is its name), the Chat toggle (with
// the number of messages that arrived while it was closed), the Polls toggle (for chairs, and
// for everyone once the meeting has a poll; with the number of new polls to answer), the Votes
// toggle (likewise, with the number of new votes to cast a ballot in), for chairs
// the Timer and Breakout rooms toggles and the Moderation toggle (with the number of people
// waiting), and Leave (the danger action). Plain buttons whose names say what they will do;
// toggles of side panels carry aria-expanded and aria-controls. In simple mode only microphone,
// camera, hand and Leave remain, large, and Polls and Votes once the meeting has one (people in
// simple mode answer and vote too).
import { useId } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';

export type SidePanel = 'participants' | 'chat' | 'polls' | 'votes' | 'timer' | 'moderation' | 'breakout';

export interface ToolbarProps {
  microphoneOn: boolean;
  cameraOn: boolean;
  /** We share our screen now. */
  screenSharing: boolean;
  /** The browser can share a screen (the button is absent otherwise, e.g. on phones). */
  canShareScreen: boolean;
  /** The policy lets us share (otherwise the button explains why it does nothing). */
  mayShareScreen: boolean;
  participantCount: number;
  /** Our hand is up (as a normal hand or a point of order). */
  handRaised: boolean;
  /** Raising a hand is possible now (allowed by the policy, or we are a chair). */
  mayRaiseHand: boolean;
  /** Show the Timer and Moderation toggles (chairs only; they are not rendered otherwise). */
  chair: boolean;
  waitingCount: number;
  /** Chat messages that arrived while the chat panel was closed. */
  unreadChat?: number;
  /** Show the Polls toggle (chairs, and everyone once the meeting has a poll). */
  polls?: boolean;
  /** Running polls to answer that started while the Polls panel was closed. */
  unseenPolls?: number;
  /** Show the Votes toggle (chairs, and everyone once the meeting has a vote). */
  votes?: boolean;
  /** Running votes to cast a ballot in that started while the Votes panel was closed. */
  unseenVotes?: number;
  openPanel: SidePanel | null;
  panelIds: Readonly<Record<SidePanel, string>>;
  /** Big controls, only microphone, camera, hand and Leave. */
  simple?: boolean;
  onToggleMicrophone(): void;
  onToggleCamera(): void;
  onToggleScreen(): void;
  onRaiseHand(pointOfOrder: boolean): void;
  onLowerHand(): void;
  onTogglePanel(panel: SidePanel): void;
  onLeave(): void;
}

export function Toolbar(props: ToolbarProps) {
  const { t } = useTranslation();
  const countId = useId();
  const waitingId = useId();
  const unreadId = useId();
  const unseenPollsId = useId();
  const unseenVotesId = useId();
  const shareHintId = useId();
  const { microphoneOn, cameraOn, participantCount, openPanel, handRaised, simple = false } = props;
  const participantsOpen = openPanel === 'participants';
  const moderationOpen = openPanel === 'moderation';
  const chatOpen = openPanel === 'chat';
  const timerOpen = openPanel === 'timer';
  const pollsOpen = openPanel === 'polls';
  const votesOpen = openPanel === 'votes';
  const breakoutOpen = openPanel === 'breakout';
  const unreadChat = props.unreadChat ?? 0;
  const unseenPolls = props.unseenPolls ?? 0;
  const unseenVotes = props.unseenVotes ?? 0;
  return (
    <section className={`toolbar ${simple ? 'toolbar-simple' : ''}`} aria-label={t('meeting.controls')}>
      <div className="toolbar-group">
        <Button className={`tool ${microphoneOn ? '' : 'tool-off'}`} onPress={props.onToggleMicrophone}>
          <Icon name={microphoneOn ? 'mic' : 'micOff'} size={simple ? 32 : 24} />
          <span className="tool-label">{microphoneOn ? t('meeting.mute') : t('meeting.unmute')}</span>
        </Button>
        <Button className={`tool ${cameraOn ? '' : 'tool-off'}`} onPress={props.onToggleCamera}>
          <Icon name={cameraOn ? 'camera' : 'cameraOff'} size={simple ? 32 : 24} />
          <span className="tool-label">{cameraOn ? t('meeting.cameraOff') : t('meeting.cameraOn')}</span>
        </Button>
        {!simple && props.canShareScreen && (
          <span className="tool-with-badge">
            <Button
              className={`tool ${props.screenSharing ? 'tool-active' : ''} ${props.mayShareScreen || props.screenSharing ? '' : 'tool-restricted'}`}
              onPress={props.onToggleScreen}
              {...(props.mayShareScreen || props.screenSharing ? {} : { 'aria-describedby': shareHintId })}
            >
              <Icon name={props.screenSharing ? 'screenOff' : 'screen'} />
              <span className="tool-label">{props.screenSharing ? t('meeting.stopSharing') : t('meeting.shareScreen')}</span>
            </Button>
            {!props.mayShareScreen && !props.screenSharing && (
              <span id={shareHintId} className="visually-hidden">
                {t('meeting.shareRestrictedHint')}
              </span>
            )}
          </span>
        )}
        {handRaised ? (
          <Button className="tool tool-active" onPress={props.onLowerHand}>
            <Icon name="hand" size={simple ? 32 : 24} />
            <span className="tool-label">{t('meeting.lowerHand')}</span>
          </Button>
        ) : (
          props.mayRaiseHand && (
            <span className="tool-pair">
              <Button className="tool" onPress={() => props.onRaiseHand(false)}>
                <Icon name="hand" size={simple ? 32 : 24} />
                <span className="tool-label">{t('meeting.raiseHand')}</span>
              </Button>
              {!simple && (
                <Button className="tool tool-narrow" aria-label={t('meeting.pointOfOrder')} onPress={() => props.onRaiseHand(true)}>
                  <Icon name="pointOfOrder" />
                  <span className="tool-label tool-label-optional" aria-hidden="true">
                    {t('meeting.pointOfOrder')}
                  </span>
                </Button>
              )}
            </span>
          )
        )}
        {!simple && (
          <span className="tool-with-badge">
            <Button
              className={`tool ${participantsOpen ? 'tool-active' : ''}`}
              aria-label={t('meeting.participants')}
              aria-describedby={countId}
              aria-expanded={participantsOpen}
              aria-controls={props.panelIds.participants}
              onPress={() => props.onTogglePanel('participants')}
            >
              <Icon name="people" />
              <span className="tool-label tool-label-optional" aria-hidden="true">
                {t('meeting.participants')}
              </span>
              <span id={countId} className="visually-hidden">
                {t('meeting.participantCount', { count: participantCount })}
              </span>
            </Button>
            <span className="tool-badge" aria-hidden="true">
              {participantCount}
            </span>
          </span>
        )}
        {!simple && (
          <span className="tool-with-badge">
            <Button
              className={`tool ${chatOpen ? 'tool-active' : ''}`}
              aria-label={t('chat.title')}
              aria-expanded={chatOpen}
              aria-controls={props.panelIds.chat}
              {...(unreadChat > 0 ? { 'aria-describedby': unreadId } : {})}
              onPress={() => props.onTogglePanel('chat')}
            >
              <Icon name="chat" />
              <span className="tool-label tool-label-optional" aria-hidden="true">
                {t('chat.title')}
              </span>
              {unreadChat > 0 && (
                <span id={unreadId} className="visually-hidden">
                  {t('chat.unread', { count: unreadChat })}
                </span>
              )}
            </Button>
            {unreadChat > 0 && (
              <span className="tool-badge tool-badge-attention" aria-hidden="true">
                {unreadChat > 99 ? '99+' : unreadChat}
              </span>
            )}
          </span>
        )}
        {(props.polls ?? false) && (
          <span className="tool-with-badge">
            <Button
              className={`tool ${pollsOpen ? 'tool-active' : ''}`}
              aria-label={t('polls.title')}
              aria-expanded={pollsOpen}
              aria-controls={props.panelIds.polls}
              {...(unseenPolls > 0 ? { 'aria-describedby': unseenPollsId } : {})}
              onPress={() => props.onTogglePanel('polls')}
            >
              <Icon name="poll" size={simple ? 32 : 24} />
              <span className={`tool-label ${simple ? '' : 'tool-label-optional'}`} aria-hidden="true">
                {t('polls.title')}
              </span>
              {unseenPolls > 0 && (
                <span id={unseenPollsId} className="visually-hidden">
                  {t('polls.unseen', { count: unseenPolls })}
                </span>
              )}
            </Button>
            {unseenPolls > 0 && (
              <span className="tool-badge tool-badge-attention" aria-hidden="true">
                {unseenPolls}
              </span>
            )}
          </span>
        )}
        {(props.votes ?? false) && (
          <span className="tool-with-badge">
            <Button
              className={`tool ${votesOpen ? 'tool-active' : ''}`}
              aria-label={t('votes.title')}
              aria-expanded={votesOpen}
              aria-controls={props.panelIds.votes}
              {...(unseenVotes > 0 ? { 'aria-describedby': unseenVotesId } : {})}
              onPress={() => props.onTogglePanel('votes')}
            >
              <Icon name="vote" size={simple ? 32 : 24} />
              <span className={`tool-label ${simple ? '' : 'tool-label-optional'}`} aria-hidden="true">
                {t('votes.title')}
              </span>
              {unseenVotes > 0 && (
                <span id={unseenVotesId} className="visually-hidden">
                  {t('votes.unseen', { count: unseenVotes })}
                </span>
              )}
            </Button>
            {unseenVotes > 0 && (
              <span className="tool-badge tool-badge-attention" aria-hidden="true">
                {unseenVotes}
              </span>
            )}
          </span>
        )}
        {!simple && props.chair && (
          <Button
            className={`tool ${timerOpen ? 'tool-active' : ''}`}
            aria-label={t('timer.title')}
            aria-expanded={timerOpen}
            aria-controls={props.panelIds.timer}
            onPress={() => props.onTogglePanel('timer')}
          >
            <Icon name="timer" />
            <span className="tool-label tool-label-optional" aria-hidden="true">
              {t('timer.title')}
            </span>
          </Button>
        )}
        {!simple && props.chair && (
          <Button
            className={`tool ${breakoutOpen ? 'tool-active' : ''}`}
            aria-label={t('breakout.title')}
            aria-expanded={breakoutOpen}
            aria-controls={props.panelIds.breakout}
            onPress={() => props.onTogglePanel('breakout')}
          >
            <Icon name="rooms" />
            {/* Short where the language allows ("Rooms"), so the toolbar keeps to one line. */}
            <span className="tool-label tool-label-optional" aria-hidden="true">
              {t('breakout.toolbarLabel')}
            </span>
          </Button>
        )}
        {!simple && props.chair && (
          <span className="tool-with-badge">
            <Button
              className={`tool ${moderationOpen ? 'tool-active' : ''}`}
              aria-label={t('moderation.title')}
              aria-expanded={moderationOpen}
              aria-controls={props.panelIds.moderation}
              {...(props.waitingCount > 0 ? { 'aria-describedby': waitingId } : {})}
              onPress={() => props.onTogglePanel('moderation')}
            >
              <Icon name="shield" />
              <span className="tool-label tool-label-optional" aria-hidden="true">
                {t('moderation.title')}
              </span>
              {props.waitingCount > 0 && (
                <span id={waitingId} className="visually-hidden">
                  {t('events.waiting', { count: props.waitingCount })}
                </span>
              )}
            </Button>
            {props.waitingCount > 0 && (
              <span className="tool-badge tool-badge-attention" aria-hidden="true">
                {props.waitingCount}
              </span>
            )}
          </span>
        )}
      </div>
      <Button className="tool tool-leave" onPress={props.onLeave}>
        <Icon name="leave" size={simple ? 32 : 24} />
        <span className="tool-label">{t('meeting.leave')}</span>
      </Button>
    </section>
  );
}
