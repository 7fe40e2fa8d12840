// Password reset: without a token (/reset-password) the form that asks for the link by e-mail;
// with `?token=…` (the mailed link) the form that sets a new password.
import { useState, type FormEvent } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { isEmail } from '../../client/validation';
import { AppLink } from '../components/AppLink';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { NewPasswordFields, checkNewPassword, type NewPasswordErrors } from '../components/NewPassword';
import { describeError } from '../errors';
import { useServices } from '../services';
import { AuthLayout } from './AuthLayout';

export function ResetPasswordPage({ token }: { token: string | null }) {
  return token === null ? <RequestForm /> : <NewPasswordForm token={token} />;
}

function RequestForm() {
  const { t } = useTranslation();
  const { api } = useServices();
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!isEmail(email)) {
      setEmailError(email.trim() === '' ? t('auth.emailRequired') : t('auth.emailInvalid'));
      return;
    }
    setEmailError(null);
    setBusy(true);
    try {
      await api.requestPasswordReset({ email: email.trim() });
      setSent(true);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('auth.resetTitle')} lead={sent ? undefined : t('auth.resetLead')}>
      {sent ? (
        <p className="success" role="status">
          {t('auth.resetSent')}
        </p>
      ) : (
        <form className="auth-form" onSubmit={(e) => void submit(e)} noValidate>
          <Field label={t('auth.email')} type="email" autoComplete="email" value={email} onChange={setEmail} error={emailError} isRequired />
          <ErrorLine text={error} />
          <Button type="submit" className="btn btn-primary btn-large" isDisabled={busy}>
            {t('auth.sendLink')}
          </Button>
        </form>
      )}
      <div className="auth-links">
        <AppLink href="/login">{t('auth.backToSignIn')}</AppLink>
      </div>
    </AuthLayout>
  );
}

function NewPasswordForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const next = checkNewPassword(t, password, repeat);
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      await api.confirmPasswordReset({ token, password });
      setDone(true);
    } catch (e) {
      if (e instanceof ApiRequestError && e.field === 'password') setErrors({ password: e.message });
      else if (e instanceof ApiRequestError && (e.field === 'token' || e.code === 'not_found' || e.code === 'forbidden' || e.code === 'unauthorized')) {
        setError(t('auth.resetTokenInvalid'));
      } else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('auth.newPasswordTitle')}>
      {done ? (
        <p className="success" role="status">
          {t('auth.resetDone')}
        </p>
      ) : (
        <form className="auth-form" onSubmit={(e) => void submit(e)} noValidate>
          <NewPasswordFields label={t('auth.newPassword')} password={password} onPassword={setPassword} repeat={repeat} onRepeat={setRepeat} errors={errors} />
          <ErrorLine text={error} />
          <Button type="submit" className="btn btn-primary btn-large" isDisabled={busy}>
            {t('auth.setPassword')}
          </Button>
        </form>
      )}
      <div className="auth-links">
        <AppLink href="/login">{done ? t('auth.signIn') : t('auth.backToSignIn')}</AppLink>
      </div>
    </AuthLayout>
  );
}
