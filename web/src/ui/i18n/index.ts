// i18n setup: i18next with the English and German resources, the language picked from
// navigator.languages (first de*/en* entry wins; English otherwise) or from the account's
// preference, and <html lang> kept in sync. It holds no texts (see en.ts, de.ts) and no components.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de';
import { en } from './en';

export type Language = 'en' | 'de';

/** The first of the user's languages that we have; English when none matches. */
export function pickLanguage(languages: readonly string[] | undefined): Language {
  for (const tag of languages ?? []) {
    const lower = tag.toLowerCase();
    if (lower === 'de' || lower.startsWith('de-')) return 'de';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

/** The language the browser asks for (the "Automatic" choice). */
export function browserLanguage(): Language {
  return pickLanguage(browserLanguages());
}

/** The interface language for an account's preference (`de`, `en`, or empty for the browser's). */
export function languageFor(preference: string | undefined): Language {
  if (preference === 'de' || preference === 'en') return preference;
  return browserLanguage();
}

/** Creates and initialises an i18next instance (synchronously: resources are bundled). */
export function createI18n(languages: readonly string[] = browserLanguages()): i18n {
  const lng = pickLanguage(languages);
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    supportedLngs: ['en', 'de'],
    resources: { en: { translation: en }, de: { translation: de } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lng;
    instance.on('languageChanged', (next) => {
      document.documentElement.lang = next;
    });
  }
  return instance;
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
