// Planning a meeting (/meetings/new) in two steps — 1 Settings, 2 Participants — then "Create
// meeting": `POST /meetings`, then one `POST …/invitations` per role, then the new meeting's page.
// Also the edit page (/meetings/:id/edit, owner only), which reuses the settings step. Client
// checks mirror the server's; the server's `field` errors are shown next to their field.
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiRequestError } from '../../client/api';
import { browserTimeZone } from '../../client/calendar';
import { invitationBatches, type PendingInvitee } from '../../client/invitations';
import {
  COUNT_MAX,
  DETAILS_MAX,
  INTERVAL_MAX,
  SUBTITLE_MAX,
  TITLE_MAX,
  formFieldOf,
  formFromMeeting,
  newMeetingForm,
  toMeetingInput,
  validateMeetingForm,
  type FormErrorCode,
  type FormErrors,
  type FormField,
  type MeetingForm,
} from '../../client/meetingForm';
import type { Meeting } from '../../protocol/generated';
import { AppLink } from '../components/AppLink';
import { ErrorLine } from '../components/ErrorLine';
import { LoadError, Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useLoad } from '../data';
import { describeError } from '../errors';
import { meetingPath, navigate } from '../router';
import { useServices } from '../services';
import { MeetingSettingsForm, type FieldErrorTexts } from './MeetingSettingsForm';
import { ParticipantPicker } from './ParticipantPicker';
import './meetings.css';

const LIMITS: Partial<Record<FormField, number>> = {
  title: TITLE_MAX,
  subtitle: SUBTITLE_MAX,
  details: DETAILS_MAX,
  interval: INTERVAL_MAX,
  count: COUNT_MAX,
};

export function errorTexts(t: TFunction, errors: FormErrors): FieldErrorTexts {
  const texts: FieldErrorTexts = {};
  for (const [field, code] of Object.entries(errors) as [FormField, FormErrorCode][]) {
    texts[field] = t(`wizard.errors.${code}`, { max: LIMITS[field] ?? 0 });
  }
  return texts;
}

/** Clears the error of every field whose value changed. */
function clearChanged(errors: FieldErrorTexts, before: MeetingForm, after: MeetingForm): FieldErrorTexts {
  const next = { ...errors };
  const map: Partial<Record<keyof MeetingForm, FormField>> = {
    title: 'title',
    subtitle: 'subtitle',
    details: 'details',
    password: 'password',
    date: 'date',
    startTime: 'startTime',
    endTime: 'endTime',
    timeZone: 'timeZone',
    interval: 'interval',
    weekdays: 'weekdays',
    untilDate: 'untilDate',
    count: 'count',
  };
  for (const [key, field] of Object.entries(map) as [keyof MeetingForm, FormField][]) {
    if (before[key] !== after[key]) delete next[field];
  }
  if (before.startTime !== after.startTime) delete next.endTime;
  if (before.date !== after.date) delete next.untilDate;
  return next;
}

/** After a failed check: focus the first field marked invalid inside `root`. */
function useFocusFirstInvalid(root: RefObject<HTMLElement | null>) {
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (request === 0) return;
    const el = root.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    el?.focus();
  }, [request, root]);
  return () => setRequest((n) => n + 1);
}

/** Splits a failed save into an error next to a field, or a general message. */
function serverError(t: TFunction, e: unknown): { field: FormField; text: string } | { general: string } {
  if (e instanceof ApiRequestError && e.code === 'invalid_request') {
    const field = formFieldOf(e.field);
    if (field !== null) return { field, text: e.message };
  }
  return { general: describeError(t, e) };
}

function Steps({ step }: { step: 1 | 2 }) {
  const { t } = useTranslation();
  return (
    <ol className="steps" aria-label={t('wizard.steps')}>
      {([1, 2] as const).map((n) => (
        <li key={n} className={n === step ? 'step step-current' : n < step ? 'step step-done' : 'step'} aria-current={n === step ? 'step' : undefined}>
          <span className="step-number" aria-hidden="true">
            {n}
          </span>
          <span>{n === 1 ? t('wizard.stepSettings') : t('wizard.stepParticipants')}</span>
        </li>
      ))}
    </ol>
  );
}

export function NewMeetingPage() {
  const { t } = useTranslation();
  const { api } = useServices();
  const [step, setStep] = useState<1 | 2>(1);
  const [form, setForm] = useState(() => newMeetingForm(new Date(), browserTimeZone()));
  const [errors, setErrors] = useState<FieldErrorTexts>({});
  const [invitees, setInvitees] = useState<PendingInvitee[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Meeting | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const [stepChanged, setStepChanged] = useState(false);

  // Declared before the invalid-field focus, so that one wins when both run.
  useEffect(() => {
    if (stepChanged) stepHeading.current?.focus();
  }, [step, stepChanged]);
  const focusInvalid = useFocusFirstInvalid(root);

  const goTo = (next: 1 | 2) => {
    setStepChanged(true);
    setStep(next);
  };

  const change = (next: MeetingForm) => {
    setErrors((e) => clearChanged(e, form, next));
    setForm(next);
  };

  const checkSettings = (): boolean => {
    const found = validateMeetingForm(form);
    setErrors(errorTexts(t, found));
    if (Object.keys(found).length > 0) {
      if (step !== 1) goTo(1);
      focusInvalid();
      return false;
    }
    return true;
  };

  const next = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (checkSettings()) goTo(2);
  };

  const sendInvitations = async (meeting: Meeting) => {
    for (const batch of invitationBatches(invitees)) await api.invite(meeting.id, batch);
  };

  const create = async () => {
    setError(null);
    if (!checkSettings()) return;
    setBusy(true);
    let meeting = created;
    try {
      meeting ??= await api.createMeeting(toMeetingInput(form, 'create'));
      setCreated(meeting);
    } catch (e) {
      setBusy(false);
      const found = serverError(t, e);
      if ('field' in found) {
        setErrors({ [found.field]: found.text });
        goTo(1);
        focusInvalid();
      } else setError(found.general);
      return;
    }
    try {
      await sendInvitations(meeting);
      navigate(meetingPath(meeting.id));
    } catch (e) {
      setBusy(false);
      setError(t('wizard.invitationsFailed', { message: describeError(t, e) }));
    }
  };

  return (
    <div className="wizard" ref={root}>
      <PageHeader title={t('wizard.newTitle')} />
      <Steps step={step} />
      <div className="surface wizard-panel">
        <h2 ref={stepHeading} tabIndex={-1} className="wizard-step-title">
          {t('wizard.stepOf', { step, total: 2, name: step === 1 ? t('wizard.stepSettings') : t('wizard.stepParticipants') })}
        </h2>
        {step === 1 ? (
          <form onSubmit={next} noValidate className="form">
            <MeetingSettingsForm form={form} onChange={change} errors={errors} mode="create" />
            <ErrorLine text={error} />
            <div className="form-actions form-actions-end">
              <AppLink href="/meetings" className="btn">
                {t('common.cancel')}
              </AppLink>
              <Button type="submit" className="btn btn-primary">
                {t('wizard.next')}
              </Button>
            </div>
          </form>
        ) : (
          <div className="form">
            <p className="surface-lead">{t('wizard.participantsLead')}</p>
            <ParticipantPicker value={invitees} onChange={setInvitees} />
            <ErrorLine text={error} />
            <div className="form-actions form-actions-end">
              <Button className="btn" onPress={() => goTo(1)} isDisabled={busy || created !== null}>
                {t('wizard.back')}
              </Button>
              {created !== null && (
                <AppLink href={meetingPath(created.id)} className="btn">
                  {t('wizard.openCreated')}
                </AppLink>
              )}
              <Button className="btn btn-primary" onPress={() => void create()} isDisabled={busy}>
                {busy ? t('wizard.creating') : created !== null ? t('wizard.retryInvitations') : t('wizard.create')}
              </Button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

export function EditMeetingPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const { state, reload } = useLoad(() => api.getMeeting(id), [api, id]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') {
    return (
      <>
        <PageHeader title={t('wizard.editTitle')} />
        <LoadError error={state.error} onRetry={reload} />
      </>
    );
  }
  if (state.data.my_role !== 'owner') {
    return (
      <>
        <PageHeader title={t('wizard.editTitle')} />
        <p className="note" role="status">
          {t('details.ownerOnly')}
        </p>
        <AppLink href={meetingPath(id)}>{t('details.backToMeeting')}</AppLink>
      </>
    );
  }
  return <EditForm meeting={state.data} />;
}

function EditForm({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const [form, setForm] = useState(() => formFromMeeting(meeting, newMeetingForm(new Date(), browserTimeZone())));
  const [errors, setErrors] = useState<FieldErrorTexts>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLFormElement>(null);
  const focusInvalid = useFocusFirstInvalid(root);

  const change = (next: MeetingForm) => {
    setErrors((e) => clearChanged(e, form, next));
    setForm(next);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const found = validateMeetingForm(form);
    setErrors(errorTexts(t, found));
    if (Object.keys(found).length > 0) {
      focusInvalid();
      return;
    }
    setBusy(true);
    try {
      await api.updateMeeting(meeting.id, toMeetingInput(form, 'edit'));
      navigate(meetingPath(meeting.id));
    } catch (e) {
      setBusy(false);
      const failed = serverError(t, e);
      if ('field' in failed) {
        setErrors({ [failed.field]: failed.text });
        focusInvalid();
      } else setError(failed.general);
    }
  };

  return (
    <div className="wizard">
      <PageHeader title={t('wizard.editTitle')} lead={meeting.title} />
      <div className="surface wizard-panel">
        <form ref={root} onSubmit={(e) => void save(e)} noValidate className="form">
          <MeetingSettingsForm form={form} onChange={change} errors={errors} mode="edit" hasPassword={meeting.has_password} />
          <ErrorLine text={error} />
          <div className="form-actions form-actions-end">
            <AppLink href={meetingPath(meeting.id)} className="btn">
              {t('common.cancel')}
            </AppLink>
            <Button type="submit" className="btn btn-primary" isDisabled={busy}>
              {busy ? t('common.saving') : t('common.saveChanges')}
            </Button>
          </div>
        </form>
      </div>
    </div>
  );
}
