// First-run setup (/setup), open only while no account exists: the first account (display name,
// e-mail, password twice) becomes the administrator and is signed in right away. From another
// machine than the server, the setup code `plenum serve` printed is needed too (taken from the
// printed link's `?code=`, or typed in).
import { useState, type FormEvent } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { DISPLAY_NAME_MAX, isEmail } from '../../client/validation';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { NewPasswordFields, checkNewPassword } from '../components/NewPassword';
import { describeError } from '../errors';
import { navigate } from '../router';
import { useServices } from '../services';
import { AuthLayout } from './AuthLayout';

type SetupField = 'display_name' | 'email' | 'password' | 'repeat' | 'setup_code';

function codeFromLink(): string {
  if (typeof window === 'undefined') return '';
  return new URLSearchParams(window.location.search).get('code') ?? '';
}

export function SetupPage({ codeRequired = false }: { codeRequired?: boolean }) {
  const { t } = useTranslation();
  const { api, session } = useServices();
  const [code, setCode] = useState(codeFromLink);
  const [askCode, setAskCode] = useState(codeRequired);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<SetupField, string>>>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: Partial<Record<SetupField, string>> = checkNewPassword(t, password, repeat);
    if (name.trim() === '') next.display_name = t('auth.nameRequired');
    if (!isEmail(email)) next.email = email.trim() === '' ? t('auth.emailRequired') : t('auth.emailInvalid');
    if (askCode && code.trim() === '') next.setup_code = t('auth.setupCodeRequired');
    setErrors(next);
    setError(null);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      const me = await api.setup({
        display_name: name.trim(),
        email: email.trim(),
        password,
        ...(code.trim() !== '' ? { setup_code: code.trim() } : {}),
      });
      session.setMe(me);
      navigate('/', { replace: true });
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiRequestError && e.field === 'setup_code') {
        setAskCode(true);
        setErrors({ setup_code: code.trim() === '' ? t('auth.setupCodeRequired') : t('auth.setupCodeWrong') });
      } else if (e instanceof ApiRequestError && (e.field === 'display_name' || e.field === 'email' || e.field === 'password')) {
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
        <NewPasswordFields label={t('auth.password')} password={password} onPassword={setPassword} repeat={repeat} onRepeat={setRepeat} errors={errors} />
        {askCode && (
          <Field
            label={t('auth.setupCode')}
            value={code}
            onChange={setCode}
            error={errors.setup_code}
            description={t('auth.setupCodeHint')}
            autoComplete="off"
            isRequired
          />
        )}
        <ErrorLine text={error} />
        <Button type="submit" className="btn btn-primary btn-large" isDisabled={busy}>
          {busy ? t('auth.creatingAccount') : t('auth.createAccount')}
        </Button>
      </form>
    </AuthLayout>
  );
}
