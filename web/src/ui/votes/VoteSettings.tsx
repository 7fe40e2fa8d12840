// How a vote is set up, as a row of small chips in words (the poll settings' look): optionally
// its kind, the tally live or after closing, who may vote, and the duration. Shown on a vote in
// the meeting, on a prepared vote and on the meeting's page. Reads the definition only.
import { useTranslation } from 'react-i18next';
import { VOTER_ROLES } from '../../client/votes';
import type { VoteDefinition } from '../../protocol/generated';
import '../polls/PollSettings.css';

export function VoteSettings({ definition, showKind = false }: { definition: VoteDefinition; showKind?: boolean }) {
  const { t } = useTranslation();
  const { voters } = definition;
  // Guests and recorders never vote: a rule naming them says nothing.
  const roles = VOTER_ROLES.filter((r) => voters.roles.includes(r));
  const who = [
    ...(voters.everyone ? [t('votes.settings.everyone')] : []),
    ...(roles.length > 0 ? [t('votes.settings.roles', { roles: roles.map((r) => t(`role.${r}`)).join(', ') })] : []),
    ...(voters.groups.length > 0 ? [t('votes.settings.groups', { groups: voters.groups.join(', ') })] : []),
    ...(voters.participants.length > 0 ? [t('votes.settings.people', { count: voters.participants.length })] : []),
  ];
  const items = [
    ...(showKind ? [definition.kind === 'secret' ? t('votes.card.secret') : t('votes.card.named')] : []),
    definition.live_results ? t('votes.settings.live') : t('votes.settings.afterClose'),
    ...who,
    definition.seconds === undefined
      ? t('polls.settings.noLimit')
      : definition.seconds % 60 === 0
        ? t('polls.settings.minutes', { count: definition.seconds / 60 })
        : t('polls.settings.seconds', { count: definition.seconds }),
  ];
  return (
    <ul className="poll-settings" aria-label={t('votes.settings.label')}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
