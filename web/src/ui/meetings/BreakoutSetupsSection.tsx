// A meeting's breakout set-ups on its page (PreparedSection.tsx: owner and invited moderators;
// the owner adds, edits and deletes): each with its name and its settings in a few words. The
// form is BreakoutSetupForm, saved with `POST`/`PUT /meetings/{id}/breakout-setups`; the
// server's refusals are said in the user's words (at the field it names, or that the meeting has
// 50 already). In the meeting, moderators use these with one click in the breakout rooms panel.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../client/api';
import { MAX_SETUPS, setupField } from '../../client/breakoutSetups';
import type { BreakoutSetup, Meeting, PreparedBreakout } from '../../protocol/generated';
import { BreakoutSummary } from '../breakout/BreakoutSummary';
import { describeError } from '../errors';
import { useServices } from '../services';
import { BreakoutSetupForm, type SetupRefusal } from './BreakoutSetupForm';
import { PreparedSection } from './PreparedSection';

/** Why a set-up was not saved: the field the server named, or a sentence. */
function refusalOf(t: TFunction, error: unknown): SetupRefusal {
  if (!(error instanceof ApiRequestError)) return { message: describeError(t, error) };
  if (error.code === 'conflict' || error.status === 409) return { message: t('breakout.meeting.full') };
  if (error.code === 'invalid_request' || error.status === 400 || error.status === 422) {
    const field = setupField(error.field);
    return field === null ? { message: t('breakout.meeting.refused') } : { field };
  }
  return { message: describeError(t, error) };
}

export function BreakoutSetupsSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { api } = useServices();
  return (
    <PreparedSection<PreparedBreakout, BreakoutSetup, SetupRefusal>
      meeting={meeting}
      texts={{
        title: t('breakout.meeting.title'),
        lead: t('breakout.meeting.lead'),
        leadModerator: t('breakout.meeting.leadModerator'),
        none: t('breakout.meeting.none'),
        add: t('breakout.meeting.add'),
        edit: t('breakout.meeting.edit'),
        delete: t('breakout.meeting.delete'),
        full: t('breakout.meeting.full'),
        deleteBody: t('breakout.meeting.deleteBody'),
        editNamed: (name) => t('breakout.meeting.editNamed', { name }),
        deleteNamed: (name) => t('breakout.meeting.deleteNamed', { name }),
        deleteTitle: (name) => t('breakout.meeting.deleteTitle', { name }),
      }}
      max={MAX_SETUPS}
      list={(id) => api.listBreakoutSetups(id)}
      add={(id, setup) => api.addBreakoutSetup(id, setup)}
      update={(id, item, setup) => api.updateBreakoutSetup(id, item, setup)}
      remove={(id, item) => api.removeBreakoutSetup(id, item)}
      valueOf={(prepared) => prepared.setup}
      nameOf={(prepared) => prepared.setup.name}
      details={(prepared) => <BreakoutSummary settings={prepared.setup.settings} className="item-meta" />}
      refusalOf={(error) => refusalOf(t, error)}
      form={(props) => <BreakoutSetupForm {...props} />}
      className="breakout-setups"
    />
  );
}
