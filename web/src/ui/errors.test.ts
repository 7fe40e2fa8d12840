import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { ApiRequestError } from '../client/api';
import { describeError } from './errors';
import { en } from './i18n/en';
import { de } from './i18n/de';

async function translator(language: 'en' | 'de') {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: language, resources: { en: { translation: en }, de: { translation: de } } });
  return i18n.t;
}

describe('describeError', () => {
  it('explains a reached limit and a short outage in plain words, not with the server message', async () => {
    const t = await translator('en');
    const limit = new ApiRequestError(429, 'limit_reached', 'this installation can hold 10 meetings at once');
    expect(describeError(t, limit)).toBe(en.errors.limitReached);
    const away = new ApiRequestError(503, 'unavailable', 'the database cannot be reached; try again in a moment');
    expect(describeError(t, away)).toBe(en.errors.unavailable);
    const tDe = await translator('de');
    expect(describeError(tDe, limit)).toBe(de.errors.limitReached);
  });
});
