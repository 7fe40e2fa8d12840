// Sign-in (/login): e-mail and password, then — when the server answers `totp_required` — a
// "Two-factor code" field (a recovery code works too) and the same request again; "Sign in with
// <provider>" as a plain link when OpenID Connect is configured; "Forgot password?". On success
// the session learns the user and we go to `return_to` (or home).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from 'react-aria-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, oidcLoginUrl } from '../../client/api';
import { isEmail } from '../../client/validation';
import type { AuthConfig, LoginRequest } from '../../protocol/generated';
import { AppLink } from '../components/AppLink';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { describeError } from '../errors';
import { navigate } from '../router';
import { useServices } from '../services';
import { AuthLayout } from './AuthLayout';

const SSO_ERRORS = ['account_exists', 'linked_elsewhere', 'disabled', 'failed'] as const;

/** The message for a single sign-on that came back with `?sso_error=…`, if any. */
function ssoErrorText(t: TFunction): string | null {
  if (typeof window === 'undefined') return null;
  const code = new URLSearchParams(window.location.search).get('sso_error');
  const known = SSO_ERRORS.find((c) => c === code);
  return known === undefined ? null : t(`auth.ssoError.${known}`);
}

export function LoginPage({ config, returnTo }: { config: AuthConfig; returnTo: string | null }) {
  const { t } = useTranslation();
  const { api, session } = useServices();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(() => ssoErrorText(t));
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string; code?: string }>({});
  const form = useRef<HTMLFormElement>(null);
  // Which field to focus once the next render is on screen (with a counter to repeat a request).
  const [focusRequest, setFocusRequest] = useState<{ name: string; n: number } | null>(null);
  useEffect(() => {
    if (focusRequest !== null) form.current?.querySelector<HTMLInputElement>(`input[name="${focusRequest.name}"]`)?.focus();
  }, [focusRequest]);

  const focusField = (name: string) => setFocusRequest((r) => ({ name, n: (r?.n ?? 0) + 1 }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const errors: typeof fieldErrors = {};
    if (email.trim() === '') errors.email = t('auth.emailRequired');
    else if (!isEmail(email)) errors.email = t('auth.emailInvalid');
    if (password === '') errors.password = t('auth.passwordRequired');
    if (askCode && code.trim() === '') errors.code = t('auth.codeRequired');
    setFieldErrors(errors);
    setError(null);
    const first = Object.keys(errors)[0];
    if (first !== undefined) {
      focusField(first);
      return;
    }
    const request: LoginRequest = { email: email.trim(), password };
    if (askCode) request.totp_code = code.replace(/\s+/g, '');
    setBusy(true);
    try {
      const me = await api.login(request);
      session.setMe(me);
      navigate(returnTo ?? '/', { replace: true });
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiRequestError && e.code === 'totp_required') {
        if (!askCode) {
          setAskCode(true);
          focusField('code');
        } else {
          setFieldErrors({ code: t('auth.codeWrong') });
          focusField('code');
        }
      } else if (e instanceof ApiRequestError && e.code === 'unauthorized') {
        if (askCode && e.field === 'totp_code') {
          setFieldErrors({ code: t('auth.codeWrong') });
          focusField('code');
        } else {
          setError(t('auth.wrongCredentials'));
        }
      } else if (e instanceof ApiRequestError && e.code === 'forbidden') {
        setError(t('auth.accountDisabled'));
      } else {
        setError(describeError(t, e));
      }
    }
  };

  const oidc = config.oidc;
  return (
    <AuthLayout title={t('auth.signInTitle')}>
      {config.local_login && (
        <form ref={form} className="auth-form" onSubmit={(e) => void submit(e)} noValidate>
          <Field
            label={t('auth.email')}
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            error={fieldErrors.email}
            isRequired
          />
          <Field
            label={t('auth.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={fieldErrors.password}
            isRequired
          />
          {askCode && (
            <>
              <p className="note" role="status">
                {t('auth.codeAsked')}
              </p>
              <Field
                label={t('auth.code')}
                name="code"
                autoComplete="one-time-code"
                value={code}
                onChange={setCode}
                error={fieldErrors.code}
                description={t('auth.codeHint')}
                isRequired
              />
            </>
          )}
          <ErrorLine text={error} />
          <Button type="submit" className="btn btn-primary btn-large" isDisabled={busy}>
            {busy ? t('auth.signingIn') : t('auth.signIn')}
          </Button>
        </form>
      )}
      {oidc !== undefined && (
        <>
          {config.local_login && <p className="auth-divider">{t('auth.or')}</p>}
          <a className={`btn auth-oidc ${config.local_login ? '' : 'btn-primary btn-large'}`} href={oidcLoginUrl(returnTo ?? '/')}>
            {t('auth.signInWith', { provider: oidc.display_name })}
          </a>
        </>
      )}
      {!config.local_login && oidc === undefined && (
        <p className="note" role="status">
          {t('auth.noMethod')}
        </p>
      )}
      <div className="auth-links">
        {config.local_login && <AppLink href="/reset-password">{t('auth.forgotPassword')}</AppLink>}
        <AppLink href="/">{t('common.backToStart')}</AppLink>
      </div>
    </AuthLayout>
  );
}
