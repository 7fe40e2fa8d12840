// Choosing whom to invite (wizard step "Participants", and "Invite more" on a meeting): the
// address book (`GET /users?q=`, favourites first, with a star to mark favourite contacts),
// external e-mail addresses, and the list of chosen people, each as participant or moderator.
// Controlled: the caller owns the list and sends the invitations.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button, Input, Label, SearchField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { inviteeKey, type PendingInvitee } from '../../client/invitations';
import { isEmail, splitEmails } from '../../client/validation';
import type { UserSummary } from '../../protocol/generated';
import { CheckboxItem } from '../components/Choice';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { describeError } from '../errors';
import { useServices } from '../services';

export interface ParticipantPickerProps {
  value: PendingInvitee[];
  onChange(value: PendingInvitee[]): void;
  /** Users already invited (or the owner): shown as such, not addable. */
  excludeUserIds?: readonly string[];
}

type Results = { status: 'loading' } | { status: 'failed'; error: unknown } | { status: 'ready'; users: UserSummary[] };

export function ParticipantPicker({ value, onChange, excludeUserIds = [] }: ParticipantPickerProps) {
  const { t } = useTranslation();
  const { api } = useServices();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results>({ status: 'loading' });
  const [emails, setEmails] = useState('');
  const [emailError, setEmailError] = useState<string | null>(null);
  const resultsId = useId();
  const chosenId = useId();

  useEffect(() => {
    let current = true;
    setResults((r) => (r.status === 'ready' ? r : { status: 'loading' }));
    api.searchUsers(query.trim(), { limit: 20 }).then(
      (page) => {
        if (current) setResults({ status: 'ready', users: page.items });
      },
      (error: unknown) => {
        if (current) setResults({ status: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [api, query]);

  const chosenUsers = new Set(value.flatMap((i) => (i.kind === 'user' ? [i.user.id] : [])));
  const add = (invitee: PendingInvitee) => {
    if (value.some((i) => inviteeKey(i) === inviteeKey(invitee))) return;
    onChange([...value, invitee]);
  };

  const addEmails = (event?: FormEvent) => {
    event?.preventDefault();
    const list = splitEmails(emails);
    if (list.length === 0) {
      setEmailError(t('invite.emailRequired'));
      return;
    }
    const wrong = list.filter((e) => !isEmail(e));
    if (wrong.length > 0) {
      setEmailError(t('invite.emailInvalid', { list: wrong.join(', ') }));
      return;
    }
    const known = new Set(value.map(inviteeKey));
    const added = list.map((email): PendingInvitee => ({ kind: 'email', email, moderator: false })).filter((i) => {
      const key = inviteeKey(i);
      if (known.has(key)) return false;
      known.add(key);
      return true;
    });
    onChange([...value, ...added]);
    setEmails('');
    setEmailError(null);
  };

  const setFavourite = async (user: UserSummary) => {
    try {
      await api.setUserFavourite(user.id, !user.favourite);
      setResults((r) =>
        r.status === 'ready' ? { status: 'ready', users: r.users.map((u) => (u.id === user.id ? { ...u, favourite: !user.favourite } : u)) } : r,
      );
    } catch {
      // The star simply stays as it was.
    }
  };

  const nameOf = (i: PendingInvitee) => (i.kind === 'user' ? i.user.display_name : i.email);

  return (
    <div className="picker">
      <div className="picker-search">
        <SearchField className="field" value={query} onChange={setQuery} aria-describedby={resultsId}>
          <Label>{t('invite.search')}</Label>
          <div className="search-control">
            <Input className="input" placeholder={t('invite.searchPlaceholder')} />
            {query !== '' && (
              <Button className="search-clear" aria-label={t('invite.clearSearch')}>
                <Icon name="close" size={18} />
              </Button>
            )}
          </div>
        </SearchField>
        <div id={resultsId} className="picker-results" aria-live="polite">
          {results.status === 'loading' && <p className="loading">{t('common.loading')}</p>}
          {results.status === 'failed' && <ErrorLine text={describeError(t, results.error)} />}
          {results.status === 'ready' && results.users.length === 0 && <p className="empty">{t('invite.noResults')}</p>}
        </div>
        {results.status === 'ready' && results.users.length > 0 && (
          <ul className="items people" aria-label={t('invite.results')}>
            {results.users.map((user) => {
              const already = excludeUserIds.includes(user.id);
              const chosen = chosenUsers.has(user.id);
              return (
                <li key={user.id} className="item person">
                  <Button
                    className={`icon-btn star ${user.favourite ? 'star-on' : ''}`}
                    aria-label={user.favourite ? t('invite.unfavourite', { name: user.display_name }) : t('invite.favourite', { name: user.display_name })}
                    onPress={() => void setFavourite(user)}
                  >
                    <Icon name={user.favourite ? 'starFilled' : 'star'} size={20} />
                  </Button>
                  <div className="item-main">
                    <span className="person-name">{user.display_name}</span>
                    <span className="person-email" title={user.email}>
                      {user.email}
                    </span>
                  </div>
                  {already ? (
                    <span className="badge">{t('invite.alreadyInvited')}</span>
                  ) : chosen ? (
                    // Chosen: a plain mark, not a dead button whose name and text would differ.
                    <span className="badge">{t('invite.added')}</span>
                  ) : (
                    <Button
                      className="btn btn-small"
                      aria-label={t('invite.add', { name: user.display_name })}
                      onPress={() => add({ kind: 'user', user, moderator: false })}
                    >
                      {t('invite.addShort')}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>

      <form className="picker-emails" onSubmit={addEmails} noValidate>
        <Field
          label={t('invite.external')}
          type="email"
          value={emails}
          onChange={setEmails}
          error={emailError}
          description={t('invite.externalHint')}
          autoComplete="off"
        />
        <Button type="submit" className="btn">
          {t('invite.addEmail')}
        </Button>
      </form>

      <section className="picker-chosen" aria-labelledby={chosenId}>
        <h3 id={chosenId} className="picker-chosen-title">
          {t('invite.chosen', { count: value.length })}
        </h3>
        {value.length === 0 ? (
          <p className="empty">{t('invite.noneChosen')}</p>
        ) : (
          <ul className="items people people-chosen">
            {value.map((invitee) => {
              const name = nameOf(invitee);
              return (
                <li key={inviteeKey(invitee)} className="item person">
                  <div className="item-main">
                    <span className="person-name">{name}</span>
                    {invitee.kind === 'user' ? (
                      <span className="person-email">{invitee.user.email}</span>
                    ) : (
                      <span className="person-email">{t('invite.externalGuest')}</span>
                    )}
                  </div>
                  <CheckboxItem
                    isSelected={invitee.moderator}
                    aria-label={t('invite.asModerator', { name })}
                    onChange={(moderator) => onChange(value.map((i) => (inviteeKey(i) === inviteeKey(invitee) ? { ...i, moderator } : i)))}
                  >
                    {t('meetingRole.moderator')}
                  </CheckboxItem>
                  <Button
                    className="icon-btn"
                    aria-label={t('invite.remove', { name })}
                    onPress={() => onChange(value.filter((i) => inviteeKey(i) !== inviteeKey(invitee)))}
                  >
                    <Icon name="close" size={20} />
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
