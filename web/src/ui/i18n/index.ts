// i18n setup: i18next with the English and German resources, the language picked from
// navigator.languages (first de*/en* entry wins; English otherwise) or from the account's
// preference, the German form of address ("Sie" or "du") the installation chose, and <html lang>
// kept in sync. It holds no texts (see en.ts, de.ts, deInformal.ts) and no components.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { GermanAddress } from '../../protocol/generated';
import { de } from './de';
import { deInformal } from './deInformal';
import { en, type Resources } from './en';

export type Language = 'en' | 'de';
export type { GermanAddress };

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

type Tree = { readonly [key: string]: unknown };

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null;
}

/** `base` with the strings of `overlay` in place of its own (a new object; neither is changed). */
function overlaid(base: Tree, overlay: Tree): Tree {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const below = merged[key];
    merged[key] = isTree(value) && isTree(below) ? overlaid(below, value) : value;
  }
  return merged;
}

// The overlay's type admits only keys of the catalogue, with strings where it has strings.
const informalGerman = overlaid(de, deInformal) as Resources;

/** The German catalogue in the given form of address: de.ts, or deInformal.ts merged over it. */
export function germanTexts(address: GermanAddress): Resources {
  return address === 'informal' ? informalGerman : de;
}

const addresses = new WeakMap<i18n, GermanAddress>();

/** The form of address an instance's German texts use. */
export function germanAddressOf(instance: i18n): GermanAddress {
  return addresses.get(instance) ?? 'formal';
}

/**
 * Switches an instance's German texts to the given form of address (both ways; English stays as
 * it is). Components using `useTranslation` render again with the new texts.
 */
export function setGermanAddress(instance: i18n, address: GermanAddress): void {
  if (germanAddressOf(instance) === address) return;
  addresses.set(instance, address);
  // Not deep: a deep merge would write into the shared catalogue objects. Both catalogues have
  // every key, so replacing the top-level sections replaces every string.
  instance.addResourceBundle('de', 'translation', germanTexts(address), false, true);
}

/**
 * Creates and initialises an i18next instance (synchronously: resources are bundled), with German
 * in the given form of address until `setGermanAddress` says otherwise.
 */
export function createI18n(languages: readonly string[] = browserLanguages(), address: GermanAddress = 'formal'): i18n {
  const lng = pickLanguage(languages);
  const instance = i18next.createInstance();
  addresses.set(instance, address);
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    supportedLngs: ['en', 'de'],
    resources: { en: { translation: en }, de: { translation: germanTexts(address) } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    // Re-render on `addResourceBundle`, which is how `setGermanAddress` switches.
    react: { bindI18nStore: 'added' },
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
