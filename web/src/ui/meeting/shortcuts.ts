// Keyboard shortcuts of the meeting view as a pure decision: which key press means what (M the
// microphone, V the camera, space held for push-to-talk, Esc closes panels, ? the help), and
// when a key press is left alone (typing in a field, a modifier held, another control handling
// it). The hook that listens on the window is in useMeetingShortcuts.ts; no DOM access here.

export type ShortcutAction = 'toggle_microphone' | 'toggle_camera' | 'push_to_talk' | 'close_panel' | 'show_help';

/** What of a keyboard event the decision needs. */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat: boolean;
  defaultPrevented: boolean;
}

/** What of the focused element the decision needs. */
export interface KeyTarget {
  tagName: string;
  isContentEditable: boolean;
  role: string | null;
  /** The `type` attribute of an input. */
  type?: string | null;
}

/** Roles and elements where keys are typed or chosen, not shortcuts. */
const TYPING_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton', 'slider', 'listbox', 'option', 'menu', 'menuitem', 'grid']);
/** Controls that space activates itself. */
const SPACE_ROLES = new Set(['button', 'link', 'checkbox', 'switch', 'radio', 'tab', 'menuitemcheckbox', 'menuitemradio', 'option']);

export function isTypingTarget(target: KeyTarget | null): boolean {
  if (target === null) return false;
  const tag = target.tagName.toUpperCase();
  if (target.isContentEditable || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target.type ?? 'text').toLowerCase();
    return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image'].includes(type);
  }
  return target.role !== null && TYPING_ROLES.has(target.role);
}

function spaceBelongsToTarget(target: KeyTarget | null): boolean {
  if (target === null) return false;
  const tag = target.tagName.toUpperCase();
  if (tag === 'BUTTON' || tag === 'A' || tag === 'INPUT' || tag === 'SUMMARY') return true;
  return target.role !== null && SPACE_ROLES.has(target.role);
}

/** The action of a key press (keydown), or null to leave it alone. */
export function shortcutFor(event: KeyInput, target: KeyTarget | null, dialogOpen = false): ShortcutAction | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key === 'Escape') return dialogOpen ? null : 'close_panel';
  if (dialogOpen || isTypingTarget(target)) return null;
  switch (event.key) {
    case 'm':
    case 'M':
      return event.repeat ? null : 'toggle_microphone';
    case 'v':
    case 'V':
      return event.repeat ? null : 'toggle_camera';
    case '?':
      return 'show_help';
    case ' ':
      return spaceBelongsToTarget(target) ? null : 'push_to_talk';
    default:
      return null;
  }
}

/** The shortcuts, for the help dialog: the keys to show and the i18n key of what they do. */
export const SHORTCUT_LIST = [
  { keys: ['M'], what: 'shortcuts.microphone' },
  { keys: ['V'], what: 'shortcuts.camera' },
  { keys: ['space'], what: 'shortcuts.pushToTalk' },
  { keys: ['Esc'], what: 'shortcuts.closePanel' },
  { keys: ['?'], what: 'shortcuts.help' },
] as const;
