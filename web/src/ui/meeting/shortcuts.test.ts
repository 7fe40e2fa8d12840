// Unit tests of the meeting's keyboard shortcuts: M, V, space (push-to-talk), Esc and ?; nothing
// while typing in fields or with a modifier; space left to buttons and Esc to open dialogs.
import { describe, expect, it } from 'vitest';
import { isTypingTarget, shortcutFor, type KeyInput, type KeyTarget } from './shortcuts';

const key = (k: string, patch: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  repeat: false,
  defaultPrevented: false,
  ...patch,
});
const body: KeyTarget = { tagName: 'BODY', isContentEditable: false, role: null };
const input: KeyTarget = { tagName: 'INPUT', isContentEditable: false, role: null, type: 'text' };
const search: KeyTarget = { tagName: 'INPUT', isContentEditable: false, role: 'searchbox', type: 'search' };
const textarea: KeyTarget = { tagName: 'TEXTAREA', isContentEditable: false, role: null };
const editable: KeyTarget = { tagName: 'DIV', isContentEditable: true, role: null };
const combobox: KeyTarget = { tagName: 'DIV', isContentEditable: false, role: 'combobox' };
const button: KeyTarget = { tagName: 'BUTTON', isContentEditable: false, role: null };
const checkbox: KeyTarget = { tagName: 'INPUT', isContentEditable: false, role: null, type: 'checkbox' };

describe('shortcutFor', () => {
  it('maps M, V, space, Esc and ?', () => {
    expect(shortcutFor(key('m'), body)).toBe('toggle_microphone');
    expect(shortcutFor(key('M'), body)).toBe('toggle_microphone');
    expect(shortcutFor(key('v'), body)).toBe('toggle_camera');
    expect(shortcutFor(key(' '), body)).toBe('push_to_talk');
    expect(shortcutFor(key('Escape'), body)).toBe('close_panel');
    expect(shortcutFor(key('?'), body)).toBe('show_help');
    expect(shortcutFor(key('x'), body)).toBeNull();
    expect(shortcutFor(key('m'), null)).toBe('toggle_microphone');
  });

  it('never acts while typing', () => {
    for (const target of [input, search, textarea, editable, combobox]) {
      expect(shortcutFor(key('m'), target)).toBeNull();
      expect(shortcutFor(key('v'), target)).toBeNull();
      expect(shortcutFor(key(' '), target)).toBeNull();
    }
    expect(isTypingTarget(input)).toBe(true);
    expect(isTypingTarget(checkbox)).toBe(false);
    expect(isTypingTarget(button)).toBe(false);
  });

  it('leaves keys with modifiers, handled keys and held M/V alone', () => {
    expect(shortcutFor(key('m', { ctrlKey: true }), body)).toBeNull();
    expect(shortcutFor(key('v', { metaKey: true }), body)).toBeNull();
    expect(shortcutFor(key('m', { altKey: true }), body)).toBeNull();
    expect(shortcutFor(key('m', { defaultPrevented: true }), body)).toBeNull();
    expect(shortcutFor(key('m', { repeat: true }), body)).toBeNull();
  });

  it('lets buttons and check boxes have their space, and dialogs their keys', () => {
    expect(shortcutFor(key(' '), button)).toBeNull();
    expect(shortcutFor(key(' '), checkbox)).toBeNull();
    expect(shortcutFor(key('m'), button)).toBe('toggle_microphone');
    expect(shortcutFor(key('Escape'), body, true)).toBeNull();
    expect(shortcutFor(key('m'), body, true)).toBeNull();
  });
});
