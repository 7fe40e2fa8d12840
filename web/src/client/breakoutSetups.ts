// Breakout set-ups prepared with a meeting (on its page, by the owner; used in the meeting by its
// moderators): the server's rules checked before one is sent (a name of 1–60 characters on one
// line, and the settings as client/breakoutPlan.ts checks them), the field a problem is at (the
// names the server gives in `error.field`), and the most a meeting keeps. No DOM, no React.
import type { BreakoutSetup } from '../protocol/generated';
import { charCount, cleanName, settingsOf, type BreakoutDraft, type SettingsField } from './breakoutPlan';

/** The most set-ups a meeting keeps. */
export const MAX_SETUPS = 50;
/** Longest set-up name, in characters. */
export const MAX_SETUP_NAME_CHARS = 60;

/** A field of a set-up the server refused or would refuse. */
export type SetupField = 'name' | SettingsField;

/** The set-up to send (name and texts cleaned), or the fields that are wrong. */
export function checkSetup(name: string, draft: BreakoutDraft): { setup: BreakoutSetup } | { problems: SetupField[] } {
  const cleaned = cleanName(name);
  const nameWrong = cleaned === '' || charCount(cleaned) > MAX_SETUP_NAME_CHARS;
  const result = settingsOf(draft);
  if ('problems' in result) return { problems: nameWrong ? ['name', ...result.problems] : result.problems };
  if (nameWrong) return { problems: ['name'] };
  return { setup: { name: cleaned, settings: result.settings } };
}

/** The field the server named in a refusal, when it is one of a set-up's. */
export function setupField(field: string | undefined): SetupField | null {
  return field === 'name' || field === 'rooms' || field === 'size' || field === 'names' || field === 'minutes' ? field : null;
}
