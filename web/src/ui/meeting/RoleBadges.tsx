// A participant's role badges (Owner, Moderator, Guest, Podium, Interpreter) and groups, as
// small calm labels next to the name. Display only.
import { useTranslation } from 'react-i18next';
import { badgeRoles } from '../../client/roles';
import type { Participant } from '../../protocol/generated';
import './moderation.css';

export function RoleBadges({ participant }: { participant: Pick<Participant, 'roles' | 'groups'> }) {
  const { t } = useTranslation();
  const roles = badgeRoles(participant);
  if (roles.length === 0 && participant.groups.length === 0) return null;
  return (
    <span className="role-badges">
      {roles.map((role) => (
        <span key={role} className={`role-badge role-badge-${role}`}>
          {t(`role.${role}`)}
        </span>
      ))}
      {participant.groups.map((group) => (
        <span key={`group-${group}`} className="group-chip">
          {group}
        </span>
      ))}
    </span>
  );
}
