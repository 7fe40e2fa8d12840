// Unit tests of language selection, of the German resources' completeness, and of the informal
// German overlay (complete, no "Sie" left, same placeholders, switching both ways).
import { describe, expect, it } from 'vitest';
import { de } from './de';
import { deInformal, type Overlay } from './deInformal';
import { en, type Resources } from './en';
import { createI18n, germanAddressOf, germanTexts, pickLanguage, setGermanAddress } from './index';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('pickLanguage', () => {
  it('takes the first German or English entry', () => {
    expect(pickLanguage(['de-DE', 'en'])).toBe('de');
    expect(pickLanguage(['fr-FR', 'de-CH', 'en'])).toBe('de');
    expect(pickLanguage(['fr-FR', 'en-GB', 'de'])).toBe('en');
    expect(pickLanguage(['DE'])).toBe('de');
  });

  it('falls back to English', () => {
    expect(pickLanguage(['fr', 'es'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
    expect(pickLanguage(['dex'])).toBe('en');
  });
});

describe('resources', () => {
  it('German has exactly the English keys', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });

  it('uses the agreed labels', () => {
    expect([en.start.newMeeting, en.lobby.displayName, en.lobby.join, en.meeting.mute, en.meeting.unmute, en.meeting.leave]).toEqual([
      'New meeting',
      'Display name',
      'Join',
      'Mute',
      'Unmute',
      'Leave',
    ]);
    expect([de.start.newMeeting, de.lobby.displayName, de.lobby.join, de.meeting.mute, de.meeting.unmute, de.meeting.leave]).toEqual([
      'Neues Meeting',
      'Anzeigename',
      'Beitreten',
      'Stummschalten',
      'Stummschaltung aufheben',
      'Verlassen',
    ]);
    expect([en.meeting.cameraOff, en.meeting.cameraOn]).toEqual(['Turn camera off', 'Turn camera on']);
    expect([de.meeting.cameraOff, de.meeting.cameraOn, de.meeting.you]).toEqual(['Kamera ausschalten', 'Kamera einschalten', '(Sie)']);
    expect([en.meeting.shareScreen, en.meeting.stopSharing, en.meeting.galleryView, en.meeting.speakerView]).toEqual([
      'Share screen',
      'Stop sharing',
      'Gallery view',
      'Speaker view',
    ]);
    expect([en.meetingSettings.title, en.meetingSettings.speaker, en.background.title, en.shortcuts.title]).toEqual([
      'Settings',
      'Speaker',
      'Background',
      'Keyboard shortcuts',
    ]);
  });

  it('speaks German formally and names roles one way', () => {
    const texts: string[] = [];
    const collect = (node: unknown) => {
      if (typeof node === 'string') texts.push(node);
      else if (typeof node === 'object' && node !== null) Object.values(node).forEach(collect);
    };
    collect(de);
    const informal = /\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b/i;
    expect(texts.filter((text) => informal.test(text))).toEqual([]);
    expect([de.role.owner, de.meetingRole.owner, de.role.moderator, de.meetingRole.moderator, de.role.participant, de.meetingRole.participant, de.role.guest]).toEqual([
      'Gastgeber:in',
      'Gastgeber:in',
      'Moderation',
      'Moderation',
      'Teilnehmende',
      'Teilnehmende',
      'Gast',
    ]);
  });

  it('uses the agreed moderation labels', () => {
    const names = (r: Resources) => [
      r.meeting.raiseHand,
      r.meeting.lowerHand,
      r.meeting.pointOfOrder,
      r.moderation.title,
      r.moderation.waitingRoom,
      r.moderation.muteAll,
      r.moderation.lowerAllHands,
      r.moderation.endMeeting,
      r.moderation.endForEveryone,
      r.moderation.endAndDebrief,
      r.events.admitAll,
      r.events.viewList,
      r.events.clearAll,
      r.events.allowToSpeak,
    ];
    expect(names(en)).toEqual([
      'Raise hand',
      'Lower hand',
      'Point of order',
      'Moderation',
      'Waiting room',
      'Mute all',
      'Lower all hands',
      'End meeting',
      'End meeting for everyone',
      'End and debrief',
      'Admit all',
      'View list',
      'Clear all',
      'Allow to speak',
    ]);
    expect(names(de)).toEqual([
      'Hand heben',
      'Hand senken',
      'Antrag zur Geschäftsordnung',
      'Moderation',
      'Warteraum',
      'Alle stummschalten',
      'Alle Hände senken',
      'Meeting beenden',
      'Meeting für alle beenden',
      'Beenden und nachbesprechen',
      'Alle einlassen',
      'Liste anzeigen',
      'Alle ausblenden',
      'Wort erteilen',
    ]);
  });
});

/** Every string of a catalogue (or overlay) with its dotted key. */
function entries(value: object, prefix = ''): [string, string][] {
  return Object.entries(value).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : typeof v === 'object' && v !== null ? entries(v as object, `${prefix}${k}.`) : [],
  );
}

/** The formal forms of address, as whole words ("sie" in lowercase means "they" and is fine). */
const formalAddress = /\b(Sie|Ihr|Ihre|Ihnen|Ihren|Ihrem|Ihrer|Ihres)\b/;

/** Keys of formal strings whose "Sie" means "they", so they need no informal variant (none yet). */
const sieMeansThey: readonly string[] = [];

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{[^}]*\}\}/g)].map((m) => m[0]).sort();
}

describe('informal German', () => {
  const formal = new Map(entries(de));
  const informal = entries(deInformal);

  it('has a "du" variant of every string that addresses the reader with "Sie"', () => {
    const covered = new Set(informal.map(([key]) => key));
    const missing = [...formal].filter(([key, text]) => formalAddress.test(text) && !sieMeansThey.includes(key) && !covered.has(key));
    expect(missing).toEqual([]);
  });

  it('overrides only existing strings, each with a different text', () => {
    expect(informal.filter(([key]) => !formal.has(key)).map(([key]) => key)).toEqual([]);
    expect(informal.filter(([key, text]) => formal.get(key) === text).map(([key]) => key)).toEqual([]);
  });

  it('says "du", never "Sie"', () => {
    expect(informal.filter(([, text]) => formalAddress.test(text))).toEqual([]);
  });

  it('writes "du" in lowercase inside a sentence', () => {
    const capitalised = /(?<!^|[.!?:]\s)\b(Du|Dich|Dir|Dein|Deine|Deinen|Deinem|Deiner|Deines)\b/;
    expect(informal.filter(([, text]) => capitalised.test(text))).toEqual([]);
  });

  it('keeps the placeholders of the formal string', () => {
    const differing = informal.filter(([key, text]) => placeholders(text).join() !== placeholders(formal.get(key) ?? '').join());
    expect(differing).toEqual([]);
  });

  it('accepts only keys the catalogue has', () => {
    // @ts-expect-error -- a key that de.ts does not have
    const typo: Overlay<Resources> = { auth: { codeRequird: 'Bitte gib den Code ein.' } };
    expect(typo).toBeDefined();
  });

  it('merges over the formal catalogue without changing it', () => {
    const merged = germanTexts('informal');
    expect(merged.auth.codeRequired).toBe('Bitte gib den Code ein.');
    expect(merged.auth.password).toBe(de.auth.password);
    expect(entries(merged).map(([key]) => key)).toEqual(entries(de).map(([key]) => key));
    expect(de.auth.codeRequired).toBe('Bitte geben Sie den Code ein.');
    expect(germanTexts('formal')).toBe(de);
  });

  it('switches an instance between "Sie" and "du", leaving English alone', () => {
    const i18n = createI18n(['de'], 'informal');
    expect(germanAddressOf(i18n)).toBe('informal');
    expect(i18n.t('meeting.aloneTitle')).toBe('Du bist noch allein hier');
    expect(i18n.t('auth.password')).toBe('Passwort');

    setGermanAddress(i18n, 'formal');
    expect(germanAddressOf(i18n)).toBe('formal');
    expect(i18n.t('meeting.aloneTitle')).toBe('Sie sind noch allein hier');

    setGermanAddress(i18n, 'informal');
    expect(i18n.t('meeting.aloneTitle')).toBe('Du bist noch allein hier');
    expect(i18n.t('meeting.aloneTitle', { lng: 'en' })).toBe(en.meeting.aloneTitle);

    expect(germanAddressOf(createI18n(['de']))).toBe('formal');
    expect(createI18n(['de']).t('meeting.aloneTitle')).toBe('Sie sind noch allein hier');
  });
});
