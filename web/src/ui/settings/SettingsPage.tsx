// Settings (/settings), one section each: Profile (display name; e-mail read-only), Language
// (Automatic/Deutsch/English, saved with PATCH /me and applied at once), Password and Two-factor
// authentication (local accounts only: enrol with the server's QR code, confirm, recovery codes
// shown once; turn off with a code), and API tokens (list, create with scopes and expiry — the
// secret shown once — and revoke).
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Button, CheckboxGroup, Label, RadioGroup, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, oidcLoginUrl } from '../../client/api';
import { DISPLAY_NAME_MAX } from '../../client/validation';
import type { ApiTokenInfo, CreatedToken, Me, RecoveryCodes, TokenScope, TotpEnrollment } from '../../protocol/generated';
import { CheckboxItem, RadioItem } from '../components/Choice';
import { CopyButton } from '../components/CopyButton';
import { ErrorLine } from '../components/ErrorLine';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { LoadError, Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { NewPasswordFields, checkNewPassword, type NewPasswordErrors } from '../components/NewPassword';
import { useLoad } from '../data';
import { downloadText } from '../download';
import { describeError } from '../errors';
import { formatDateTime } from '../format';
import { languageFor } from '../i18n';
import { useServices } from '../services';
import './SettingsPage.css';

function Section({ title, lead, children }: { title: string; lead?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="surface settings-section" aria-labelledby={id}>
      <div className="settings-section-head">
        <h2 className="surface-title" id={id}>
          {title}
        </h2>
        {lead !== undefined && <p className="surface-lead">{lead}</p>}
      </div>
      {children}
    </section>
  );
}

function Saved({ text }: { text: string | null }) {
  return (
    <span className="copy-status" role="status">
      {text ?? ''}
    </span>
  );
}

export function SettingsPage({ me, ssoName = null }: { me: Me; ssoName?: string | null }) {
  const { t } = useTranslation();
  const local = me.auth_source === 'local';
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <div className="settings">
        <ProfileSection me={me} />
        <LanguageSection me={me} />
        {local && <PasswordSection />}
        {local && <TwoFactorSection me={me} />}
        {local && ssoName !== null && (
          <Section title={t('auth.linkSso', { provider: ssoName })} lead={t('auth.linkSsoHint', { provider: ssoName })}>
            <a className="btn" href={oidcLoginUrl('/settings')}>
              {t('auth.linkSso', { provider: ssoName })}
            </a>
          </Section>
        )}
        <TokensSection admin={me.role === 'admin'} />
      </div>
    </>
  );
}

function ProfileSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { api, session } = useServices();
  const [name, setName] = useState(me.display_name);
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    setError(null);
    if (name.trim() === '') {
      setNameError(t('auth.nameRequired'));
      return;
    }
    setNameError(null);
    setBusy(true);
    try {
      session.setMe(await api.updateMe({ display_name: name.trim() }));
      setSaved(t('common.saved'));
    } catch (e) {
      if (e instanceof ApiRequestError && e.field === 'display_name') setNameError(e.message);
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('settings.profile')}>
      <form className="form" onSubmit={(e) => void save(e)} noValidate>
        <Field
          className="field-medium"
          label={t('auth.displayName')}
          value={name}
          onChange={setName}
          maxLength={DISPLAY_NAME_MAX}
          error={nameError}
          description={t('settings.displayNameHint')}
          autoComplete="name"
          isRequired
        />
        <dl className="facts facts-inline">
          <div>
            <dt>{t('auth.email')}</dt>
            <dd>{me.email}</dd>
          </div>
          <div>
            <dt>{t('settings.account')}</dt>
            <dd>{me.auth_source === 'local' ? t('settings.sourceLocal') : t('settings.sourceOidc')}</dd>
          </div>
        </dl>
        <ErrorLine text={error} />
        <div className="form-actions">
          <Button type="submit" className="btn btn-primary" isDisabled={busy}>
            {t('common.save')}
          </Button>
          <Saved text={saved} />
        </div>
      </form>
    </Section>
  );
}

function LanguageSection({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const { api, session } = useServices();
  const [value, setValue] = useState(me.language ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const choose = async (next: string) => {
    const before = value;
    setValue(next);
    setError(null);
    setSaved(null);
    try {
      const updated = await api.updateMe({ language: next });
      await i18n.changeLanguage(languageFor(next));
      session.setMe(updated);
      setSaved(i18n.t('common.saved'));
    } catch (e) {
      setValue(before);
      setError(describeError(t, e));
    }
  };

  return (
    <Section title={t('settings.language')}>
      <RadioGroup className="group" value={value} onChange={(v) => void choose(v)} aria-label={t('settings.language')}>
        <div className="options options-column">
          <RadioItem value="">{t('settings.languageAuto')}</RadioItem>
          <RadioItem value="de">
            <span lang="de">Deutsch</span>
          </RadioItem>
          <RadioItem value="en">
            <span lang="en">English</span>
          </RadioItem>
        </div>
        <Text slot="description" className="description">
          {t('settings.languageHint')}
        </Text>
      </RadioGroup>
      <Saved text={saved} />
      <ErrorLine text={error} />
    </Section>
  );
}

function PasswordSection() {
  const { t } = useTranslation();
  const { api } = useServices();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<NewPasswordErrors & { current?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    setError(null);
    const found: typeof errors = checkNewPassword(t, next, repeat);
    if (current === '') found.current = t('auth.passwordRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.changePassword({ current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setSaved(t('settings.passwordChanged'));
    } catch (e) {
      if (e instanceof ApiRequestError && (e.field === 'current_password' || (e.code === 'unauthorized' && e.field === undefined))) {
        setErrors({ current: t('settings.currentPasswordWrong') });
      } else if (e instanceof ApiRequestError && e.field === 'new_password') setErrors({ password: e.message });
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('settings.password')}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-row">
          <Field label={t('settings.currentPassword')} type="password" autoComplete="current-password" value={current} onChange={setCurrent} error={errors.current} isRequired />
          <NewPasswordFields label={t('auth.newPassword')} password={next} onPassword={setNext} repeat={repeat} onRepeat={setRepeat} errors={errors} />
        </div>
        <ErrorLine text={error} />
        <div className="form-actions">
          <Button type="submit" className="btn btn-primary" isDisabled={busy}>
            {t('settings.changePassword')}
          </Button>
          <Saved text={saved} />
        </div>
      </form>
    </Section>
  );
}

/** The server's QR code (an SVG document) as an image: never inserted as markup. */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

function TwoFactorSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { api, session } = useServices();
  const [enrolment, setEnrolment] = useState<TotpEnrollment | null>(null);
  const [codes, setCodes] = useState<RecoveryCodes | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    run(async () => {
      try {
        setEnrolment(await api.startTotp());
        setCode('');
        setCodeError(null);
      } catch (e) {
        setError(describeError(t, e));
      }
    });

  const wrongCode = (e: unknown) =>
    e instanceof ApiRequestError && (e.field === 'code' || e.code === 'unauthorized' || e.code === 'totp_required' || e.code === 'invalid_request');

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') {
      setCodeError(t('auth.codeRequired'));
      return;
    }
    void run(async () => {
      try {
        setCodes(await api.confirmTotp({ code: code.replace(/\s+/g, '') }));
        setEnrolment(null);
        setCode('');
        setCodeError(null);
        session.setMe({ ...me, totp_enabled: true });
      } catch (e) {
        if (wrongCode(e)) setCodeError(t('auth.codeWrong'));
        else setError(describeError(t, e));
      }
    });
  };

  const disable = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') {
      setCodeError(t('auth.codeRequired'));
      return;
    }
    void run(async () => {
      try {
        await api.disableTotp({ code: code.replace(/\s+/g, '') });
        setCode('');
        setCodeError(null);
        session.setMe({ ...me, totp_enabled: false });
        setNotice(t('settings.totpTurnedOff'));
      } catch (e) {
        if (wrongCode(e)) setCodeError(t('auth.codeWrong'));
        else setError(describeError(t, e));
      }
    });
  };

  let body: ReactNode;
  if (codes !== null) {
    const text = codes.codes.join('\n');
    body = (
      <div className="created-secret">
        <p className="created-secret-title" role="status">
          {t('settings.totpOn')}
        </p>
        <p>{t('settings.recoveryLead')}</p>
        <ul className="recovery-codes" aria-label={t('settings.recoveryCodes')}>
          {codes.codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <div className="form-actions">
          <CopyButton text={text} label={t('settings.copyCodes')} />
          <Button className="btn" onPress={() => downloadText('plenum-recovery-codes.txt', `${text}\n`)}>
            <Icon name="download" size={20} />
            <span>{t('settings.downloadCodes')}</span>
          </Button>
          <Button className="btn btn-primary" onPress={() => setCodes(null)}>
            {t('common.done')}
          </Button>
        </div>
      </div>
    );
  } else if (enrolment !== null) {
    body = (
      <form className="totp-enrol" onSubmit={confirm} noValidate>
        <ol className="totp-steps">
          <li>
            <p>{t('settings.totpScan')}</p>
            <img className="qr" src={svgDataUrl(enrolment.qr_svg)} alt={t('settings.qrAlt')} width={200} height={200} />
          </li>
          <li>
            <p>{t('settings.totpManual')}</p>
            <code className="secret">{enrolment.secret}</code>
          </li>
          <li>
            <p>{t('settings.totpEnterCode')}</p>
            <div className="inline-form">
              <Field
                className="field-narrow"
                label={t('settings.totpCode')}
                value={code}
                onChange={setCode}
                error={codeError}
                autoComplete="one-time-code"
                inputMode="numeric"
                isRequired
              />
              <Button type="submit" className="btn btn-primary" isDisabled={busy}>
                {t('settings.totpConfirm')}
              </Button>
              <Button className="btn" onPress={() => setEnrolment(null)} isDisabled={busy}>
                {t('common.cancel')}
              </Button>
            </div>
          </li>
        </ol>
      </form>
    );
  } else if (me.totp_enabled) {
    body = (
      <form className="form" onSubmit={disable} noValidate>
        <p className="status-line">
          <span className="badge badge-ok">{t('settings.on')}</span> {t('settings.totpIsOn')}
        </p>
        <div className="inline-form">
          <Field
            className="field-narrow"
            label={t('settings.totpDisableCode')}
            value={code}
            onChange={setCode}
            error={codeError}
            description={t('settings.totpDisableHint')}
            autoComplete="one-time-code"
            isRequired
          />
          <Button type="submit" className="btn" isDisabled={busy}>
            {t('settings.totpDisable')}
          </Button>
        </div>
      </form>
    );
  } else {
    body = (
      <div className="form">
        <p className="status-line">
          <span className="badge">{t('settings.off')}</span> {t('settings.totpIsOff')}
        </p>
        <div className="form-actions">
          <Button className="btn btn-primary" onPress={() => void start()} isDisabled={busy}>
            {t('settings.totpSetUp')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <Section title={t('settings.totp')} lead={t('settings.totpLead')}>
      {notice !== null && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      {body}
      <ErrorLine text={error} />
    </Section>
  );
}

const EXPIRY_CHOICES = ['30', '90', '365', '730'] as const;

function TokensSection({ admin }: { admin: boolean }) {
  const { t, i18n } = useTranslation();
  const { api } = useServices();
  const { state, reload, update } = useLoad(() => api.listTokens(), [api]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [expiry, setExpiry] = useState<(typeof EXPIRY_CHOICES)[number]>('90');
  const [errors, setErrors] = useState<{ name?: string; scopes?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const found: typeof errors = {};
    if (name.trim() === '') found.name = t('tokens.nameRequired');
    if (scopes.length === 0) found.scopes = t('tokens.scopesRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const token = await api.createToken({
        name: name.trim(),
        scopes,
        expires_in_days: Number(expiry),
      });
      setCreated(token);
      update((list) => [...list, token.info]);
      setName('');
    } catch (e) {
      if (e instanceof ApiRequestError && e.field === 'name') setErrors({ name: e.message });
      else if (e instanceof ApiRequestError && e.field === 'scopes') setErrors({ scopes: e.message });
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiTokenInfo) => {
    setError(null);
    try {
      await api.revokeToken(token.id);
      update((list) => list.filter((x) => x.id !== token.id));
      if (created?.info.id === token.id) setCreated(null);
    } catch (e) {
      setError(describeError(t, e));
    }
  };

  return (
    <Section title={t('tokens.title')} lead={t('tokens.lead')}>
      {created !== null && (
        <div className="created-secret">
          <p className="created-secret-title" role="status">
            {t('tokens.created', { name: created.info.name })}
          </p>
          <code className="secret" aria-label={t('tokens.secret')}>
            {created.token}
          </code>
          <p className="description">{t('tokens.onlyOnce')}</p>
          <div className="form-actions">
            <CopyButton text={created.token} label={t('tokens.copy')} className="btn btn-primary" />
            <Button className="btn" onPress={() => setCreated(null)}>
              {t('common.done')}
            </Button>
          </div>
        </div>
      )}
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <LoadError error={state.error} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.length === 0 ? (
          <p className="empty">{t('tokens.none')}</p>
        ) : (
          <ul className="items">
            {state.data.map((token) => (
              <li key={token.id} className="item item-compact" aria-label={token.name}>
                <div className="item-main">
                  <span className="person-name">{token.name}</span>
                  <span className="item-meta">
                    {token.scopes.map((s) => (
                      <span key={s} className="badge">
                        {t(`tokens.scope.${s}`)}
                      </span>
                    ))}
                    <span className="dotted">
                      <span>{t('tokens.createdAt', { date: formatDateTime(token.created_at, i18n.language) })}</span>
                      <span>
                        {token.last_used_at === undefined
                          ? t('tokens.neverUsed')
                          : t('tokens.lastUsed', { date: formatDateTime(token.last_used_at, i18n.language) })}
                      </span>
                      <span>
                        {token.expires_at === undefined
                          ? t('tokens.noExpiry')
                          : t('tokens.expiresAt', { date: formatDateTime(token.expires_at, i18n.language) })}
                      </span>
                    </span>
                  </span>
                </div>
                <Button className="btn btn-small" onPress={() => void revoke(token)}>
                  {t('common.revoke')}
                </Button>
              </li>
            ))}
          </ul>
        ))}
      <form className="form token-form" onSubmit={(e) => void create(e)} noValidate>
        <h3 className="facts-heading">{t('tokens.new')}</h3>
        <Field className="field-medium" label={t('tokens.name')} value={name} onChange={setName} error={errors.name} description={t('tokens.nameHint')} maxLength={100} isRequired />
        <CheckboxGroup
          className="group"
          value={scopes}
          onChange={(v) => setScopes((['read', 'write', 'admin'] as const).filter((s) => v.includes(s)))}
          isInvalid={errors.scopes !== undefined}
          validationBehavior="aria"
        >
          <Label className="group-label">{t('tokens.scopes')}</Label>
          <div className="options">
            <CheckboxItem value="read">{t('tokens.scope.read')}</CheckboxItem>
            <CheckboxItem value="write">{t('tokens.scope.write')}</CheckboxItem>
            {admin && <CheckboxItem value="admin">{t('tokens.scope.admin')}</CheckboxItem>}
          </div>
          <Text slot="description" className="description">
            {t('tokens.scopesHint')}
          </Text>
          {errors.scopes !== undefined && (
            <Text slot="errorMessage" className="error" role="alert">
              {errors.scopes}
            </Text>
          )}
        </CheckboxGroup>
        <RadioGroup className="group" value={expiry} onChange={(v) => setExpiry(v as (typeof EXPIRY_CHOICES)[number])} orientation="horizontal">
          <Label className="group-label">{t('tokens.expiry')}</Label>
          <div className="segmented">
            {EXPIRY_CHOICES.map((choice) => (
              <RadioItem key={choice} value={choice} plain>
                {t(`tokens.expiryChoice.${choice}`)}
              </RadioItem>
            ))}
          </div>
        </RadioGroup>
        <ErrorLine text={error} />
        <div className="form-actions">
          <Button type="submit" className="btn btn-primary" isDisabled={busy}>
            {t('tokens.create')}
          </Button>
        </div>
      </form>
    </Section>
  );
}
