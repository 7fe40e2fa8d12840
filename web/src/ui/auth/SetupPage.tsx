// First-run setup (/setup), open only while no account exists: the first account (display name,
// e-mail, password twice) becomes the administrator and is signed in right away.
import { useState, type FormEvent } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { DISPLAY_NAME_MAX, PASSWORD_MIN, isEmail } from '../../client/validation';
import { Field } from '../components/Field';
import { describeError } from '../errors';
import { navigate } from '../router';
import { useServices } from '../services';
import { AuthLayout } from './AuthLayout';

type SetupField = 'display_name' | 'email' | 'password' | 'repeat';

export function SetupPage() {
  const { t } = useTranslation();
  const { api, session } = useServices();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<SetupField, string>>>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: Partial<Record<SetupField, string>> = {};
    if (name.trim() === '') next.display_name = t('auth.nameRequired');
    if (!isEmail(email)) next.email = email.trim() === '' ? t('auth.emailRequired') : t('auth.emailInvalid');
    if (password.length < PASSWORD_MIN) next.password = t('auth.passwordTooShort', { min: PASSWORD_MIN });
    else if (repeat !== password) next.repeat = t('auth.passwordsDiffer');
    setErrors(next);
    setError(null);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      const me = await api.setup({ display_name: name.trim(), email: email.trim(), password });
      session.setMe(me);
      navigate('/', { replace: true });
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiRequestError && (e.field === 'display_name' || e.field === 'email' || e.field === 'password')) {
        setErrors({ [e.field]: e.message });
      } else if (e instanceof ApiRequestError && (e.code === 'conflict' || e.code === 'forbidden')) {
        setError(t('auth.setupDone'));
      } else setError(describeError(t, e));
    }
  };

  return (
    <AuthLayout title={t('auth.setupTitle')} lead={t('auth.setupLead')}>
      <form className="auth-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('auth.displayName')} autoComplete="name" value={name} onChange={setName} maxLength={DISPLAY_NAME_MAX} error={errors.display_name} isRequired />
        <Field label={t('auth.email')} type="email" autoComplete="email" value={email} onChange={setEmail} error={errors.email} isRequired />
        <Field
          label={t('auth.password')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={errors.password}
          description={t('auth.passwordHint', { min: PASSWORD_MIN })}
          isRequired
        />
        <Field label={t('auth.repeatPassword')} type="password" autoComplete="new-password" value={repeat} onChange={setRepeat} error={errors.repeat} isRequired />
        {error !== null && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <Button type="submit" className="btn btn-primary btn-large" isDisabled={busy}>
          {busy ? t('auth.creatingAccount') : t('auth.createAccount')}
        </Button>
      </form>
    </AuthLayout>
  );
}
