// Unit tests of language selection and of the German resources' completeness.
import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en, type Resources } from './en';
import { pickLanguage } from './index';

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
