// Listens for the meeting's keyboard shortcuts on the window (see shortcuts.ts for what each key
// means and when keys are left alone) and calls the handlers; space held while muted opens the
// microphone until it is released (push-to-talk). No markup.
import { useEffect, useRef } from 'react';
import { shortcutFor, type KeyTarget } from './shortcuts';

export interface ShortcutHandlers {
  microphoneOn: boolean;
  toggleMicrophone(): void;
  toggleCamera(): void;
  setMicrophoneOn(on: boolean): void;
  closePanel(): void;
  showHelp(): void;
}

function targetOf(element: EventTarget | null): KeyTarget | null {
  if (!(element instanceof HTMLElement)) return null;
  return {
    tagName: element.tagName,
    isContentEditable: element.isContentEditable,
    role: element.getAttribute('role'),
    type: element.getAttribute('type'),
  };
}

/** Whether a modal dialog is open (it handles its own keys, Esc included). */
function dialogOpen(): boolean {
  return document.querySelector('[role="dialog"][aria-modal="true"], [role="alertdialog"]') !== null;
}

export function useMeetingShortcuts(handlers: ShortcutHandlers, enabled = true): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  const pushToTalk = useRef(false);

  useEffect(() => {
    if (!enabled) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event, targetOf(event.target), dialogOpen());
      if (action === null) return;
      const h = latest.current;
      switch (action) {
        case 'toggle_microphone':
          h.toggleMicrophone();
          break;
        case 'toggle_camera':
          h.toggleCamera();
          break;
        case 'close_panel':
          h.closePanel();
          return;
        case 'show_help':
          h.showHelp();
          break;
        case 'push_to_talk':
          // Held space repeats: only the first press counts; none of them scrolls the page.
          if (!event.repeat && !pushToTalk.current && !h.microphoneOn) {
            pushToTalk.current = true;
            h.setMicrophoneOn(true);
          }
          break;
      }
      event.preventDefault();
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key !== ' ' || !pushToTalk.current) return;
      pushToTalk.current = false;
      latest.current.setMicrophoneOn(false);
      event.preventDefault();
    };
    const onBlur = () => {
      if (!pushToTalk.current) return;
      pushToTalk.current = false;
      latest.current.setMicrophoneOn(false);
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, [enabled]);
}
