// User administration (/admin/users, admins only): a table of all accounts (name, e-mail, role,
// two-factor, sign-in source, disabled) paged with "Load more", an "Add user" dialog, and per
// user: change role, "Disable"/"Enable", "Delete" (confirmed). One's own account cannot be
// demoted, disabled or deleted here (no locking oneself out).
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Dialog, Heading, Label, ListBox, ListBoxItem, Modal, ModalOverlay, Popover, RadioGroup, Select, SelectValue } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { DISPLAY_NAME_MAX, PASSWORD_MIN, isEmail } from '../../client/validation';
import type { AdminUser, Me, UserRole } from '../../protocol/generated';
import { RadioItem } from '../components/Choice';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { LoadError, Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { isUnauthorized } from '../data';
import { describeError } from '../errors';
import { useServices } from '../services';
import '../components/dialogs.css';
import './AdminUsersPage.css';

type ListState = { status: 'loading' } | { status: 'failed'; error: unknown } | { status: 'ready'; users: AdminUser[]; cursor: string | null };

export function AdminUsersPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { api, session } = useServices();
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<AdminUser | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [more, setMore] = useState(false);

  useEffect(() => {
    let current = true;
    api.listAdminUsers().then(
      (page) => {
        if (current) setState({ status: 'ready', users: page.items, cursor: page.next_cursor ?? null });
      },
      (e: unknown) => {
        if (!current) return;
        if (isUnauthorized(e)) session.expire();
        setState({ status: 'failed', error: e });
      },
    );
    return () => {
      current = false;
    };
  }, [api, session, attempt]);

  const replace = (user: AdminUser) =>
    setState((s) => (s.status === 'ready' ? { ...s, users: s.users.map((u) => (u.id === user.id ? user : u)) } : s));

  const change = async (user: AdminUser, update: { role?: UserRole; disabled?: boolean }) => {
    setBusyId(user.id);
    setError(null);
    try {
      replace(await api.updateUser(user.id, update));
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusyId(null);
    }
  };

  const loadMore = async () => {
    if (state.status !== 'ready' || state.cursor === null) return;
    setMore(true);
    setError(null);
    try {
      const page = await api.listAdminUsers({ cursor: state.cursor });
      setState({ status: 'ready', users: [...state.users, ...page.items], cursor: page.next_cursor ?? null });
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setMore(false);
    }
  };

  return (
    <>
      <PageHeader title={t('admin.title')} lead={t('admin.lead')}>
        <Button className="btn btn-primary" onPress={() => setAdding(true)}>
          <Icon name="plus" size={20} />
          <span>{t('admin.addUser')}</span>
        </Button>
      </PageHeader>
      <section className="surface">
        {state.status === 'loading' && <Loading />}
        {state.status === 'failed' && <LoadError error={state.error} onRetry={() => setAttempt((n) => n + 1)} />}
        {state.status === 'ready' && (
          <>
            <table className="users-table">
              <caption className="visually-hidden">{t('admin.users')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.name')}</th>
                  <th scope="col">{t('auth.email')}</th>
                  <th scope="col">{t('admin.role')}</th>
                  <th scope="col">{t('admin.totp')}</th>
                  <th scope="col">{t('admin.source')}</th>
                  <th scope="col">{t('admin.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.users.map((user) => {
                  const self = user.id === me.id;
                  return (
                    <tr key={user.id} aria-label={user.display_name}>
                      <th scope="row" data-label={t('admin.name')}>
                        {user.display_name}
                        {self && <span className="muted"> {t('admin.you')}</span>}
                      </th>
                      <td data-label={t('auth.email')} className="cell-email">
                        {user.email}
                      </td>
                      <td data-label={t('admin.role')}>
                        <Select
                          className="select role-select"
                          aria-label={t('admin.roleOf', { name: user.display_name })}
                          value={user.role}
                          onChange={(key) => {
                            if (key !== null && key !== user.role) void change(user, { role: key as UserRole });
                          }}
                          isDisabled={self || busyId === user.id}
                        >
                          <Button className="select-trigger">
                            <SelectValue className="select-value" />
                            <span aria-hidden="true">▾</span>
                          </Button>
                          <Popover className="select-popover">
                            <ListBox className="listbox">
                              <ListBoxItem className="listbox-item" id="user">
                                {t('admin.roleUser')}
                              </ListBoxItem>
                              <ListBoxItem className="listbox-item" id="admin">
                                {t('admin.roleAdmin')}
                              </ListBoxItem>
                            </ListBox>
                          </Popover>
                        </Select>
                      </td>
                      <td data-label={t('admin.totp')}>
                        <span className={user.totp_enabled ? 'badge badge-ok' : 'badge'}>{user.totp_enabled ? t('settings.on') : t('settings.off')}</span>
                      </td>
                      <td data-label={t('admin.source')}>{user.auth_source === 'local' ? t('admin.sourceLocal') : t('admin.sourceOidc')}</td>
                      <td data-label={t('admin.status')}>
                        <span className={user.disabled ? 'badge badge-off' : 'badge badge-ok'}>{user.disabled ? t('admin.disabled') : t('admin.active')}</span>
                      </td>
                      <td className="cell-actions">
                        {!self && (
                          <>
                            <Button className="btn btn-small" isDisabled={busyId === user.id} onPress={() => void change(user, { disabled: !user.disabled })}>
                              {user.disabled ? t('admin.enable') : t('admin.disable')}
                            </Button>
                            <Button className="btn btn-small btn-danger-outline" isDisabled={busyId === user.id} onPress={() => setDeleting(user)}>
                              {t('admin.delete')}
                            </Button>
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {state.cursor !== null && (
              <div className="load-more">
                <Button className="btn" onPress={() => void loadMore()} isDisabled={more}>
                  {more ? t('common.loading') : t('common.loadMore')}
                </Button>
              </div>
            )}
          </>
        )}
        <ErrorLine text={error} />
      </section>

      <AddUserDialog
        isOpen={adding}
        onOpenChange={setAdding}
        onCreated={(user) => setState((s) => (s.status === 'ready' ? { ...s, users: [...s.users, user] } : s))}
      />
      <ConfirmDialog
        isOpen={deleting !== null}
        onOpenChange={(open) => {
          if (!open) setDeleting(null);
        }}
        title={t('admin.deleteTitle', { name: deleting?.display_name ?? '' })}
        body={t('admin.deleteBody')}
        confirmLabel={t('admin.delete')}
        onConfirm={async () => {
          if (deleting === null) return;
          const id = deleting.id;
          await api.deleteUser(id);
          setState((s) => (s.status === 'ready' ? { ...s, users: s.users.filter((u) => u.id !== id) } : s));
        }}
      />
    </>
  );
}

type AddField = 'email' | 'display_name' | 'password';

function AddUserDialog({ isOpen, onOpenChange, onCreated }: { isOpen: boolean; onOpenChange(open: boolean): void; onCreated(user: AdminUser): void }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<UserRole>('user');
  const [errors, setErrors] = useState<Partial<Record<AddField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setEmail('');
    setName('');
    setPassword('');
    setRole('user');
    setErrors({});
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const found: Partial<Record<AddField, string>> = {};
    if (!isEmail(email)) found.email = email.trim() === '' ? t('auth.emailRequired') : t('auth.emailInvalid');
    if (name.trim() === '') found.display_name = t('auth.nameRequired');
    if (password.length < PASSWORD_MIN) found.password = t('auth.passwordTooShort', { min: PASSWORD_MIN });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const user = await api.createUser({ email: email.trim(), display_name: name.trim(), password, role });
      onCreated(user);
      reset();
      onOpenChange(false);
    } catch (e) {
      if (e instanceof ApiRequestError && e.code === 'conflict') setErrors({ email: t('admin.emailTaken') });
      else if (e instanceof ApiRequestError && (e.field === 'email' || e.field === 'display_name' || e.field === 'password')) {
        setErrors({ [e.field]: e.message });
      } else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) reset();
        onOpenChange(open);
      }}
      isDismissable={!busy}
    >
      <Modal className="modal modal-wide">
        <Dialog className="dialog">
          <Heading slot="title" className="dialog-title">
            {t('admin.addUser')}
          </Heading>
          <form className="form" onSubmit={(e) => void submit(e)} noValidate>
            <Field label={t('auth.email')} type="email" autoComplete="off" value={email} onChange={setEmail} error={errors.email} isRequired autoFocus />
            <Field label={t('auth.displayName')} value={name} onChange={setName} maxLength={DISPLAY_NAME_MAX} error={errors.display_name} isRequired />
            <Field
              label={t('admin.initialPassword')}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={setPassword}
              error={errors.password}
              description={t('auth.passwordHint', { min: PASSWORD_MIN })}
              isRequired
            />
            <RadioGroup className="group" value={role} onChange={(v) => setRole(v as UserRole)}>
              <Label className="group-label">{t('admin.role')}</Label>
              <div className="options">
                <RadioItem value="user">{t('admin.roleUser')}</RadioItem>
                <RadioItem value="admin">{t('admin.roleAdmin')}</RadioItem>
              </div>
            </RadioGroup>
            <ErrorLine text={error} />
            <div className="dialog-actions">
              <Button className="btn" slot="close" isDisabled={busy}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" className="btn btn-primary" isDisabled={busy}>
                {t('admin.createUser')}
              </Button>
            </div>
          </form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
