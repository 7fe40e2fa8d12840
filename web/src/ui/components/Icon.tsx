// Inline SVG icons (decorative: aria-hidden; the control around them carries the name).
// Simple strokes on a 24×24 grid, drawn for this client. No behaviour.
import type { ReactElement } from 'react';

export type IconName =
  | 'mic'
  | 'micOff'
  | 'camera'
  | 'cameraOff'
  | 'people'
  | 'rooms'
  | 'leave'
  | 'chevronLeft'
  | 'chevronRight'
  | 'link'
  | 'close'
  | 'info'
  | 'copy'
  | 'star'
  | 'starFilled'
  | 'plus'
  | 'video'
  | 'calendar'
  | 'repeat'
  | 'lock'
  | 'download'
  | 'hand'
  | 'pointOfOrder'
  | 'shield'
  | 'more'
  | 'clock'
  | 'screen'
  | 'screenOff'
  | 'gallery'
  | 'speakerView'
  | 'lecture'
  | 'pin'
  | 'fullscreen'
  | 'exitFullscreen'
  | 'settings'
  | 'keyboard'
  | 'sparkle'
  | 'chat'
  | 'send'
  | 'timer'
  | 'coffee'
  | 'poll'
  | 'vote'
  | 'check'
  | 'signalFair'
  | 'signalPoor';

const paths: Record<IconName, ReactElement> = {
  mic: (
    <>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </>
  ),
  micOff: (
    <>
      <path d="M15 9.5V6a3 3 0 0 0-5.8-1.1M9 9v2a3 3 0 0 0 4.9 2.3" />
      <path d="M5 11a7 7 0 0 0 11.4 5.4M19 11a7 7 0 0 1-.6 2.8M12 18v3M3 3l18 18" />
    </>
  ),
  camera: (
    <>
      <rect x="3" y="6" width="13" height="12" rx="2" />
      <path d="M16 10.5 21 7v10l-5-3.5" />
    </>
  ),
  cameraOff: (
    <>
      <path d="M10 6h4a2 2 0 0 1 2 2v4M16 16a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2" />
      <path d="M16 10.5 21 7v10l-3-2.1M3 3l18 18" />
    </>
  ),
  people: (
    <>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 20a6.5 6.5 0 0 1 13 0" />
      <path d="M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14a6.5 6.5 0 0 1 3.5 6" />
    </>
  ),
  // A floor plan: four rooms with open doors.
  rooms: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M12 4v5M12 13v7M3 12h5M13 12h8" />
    </>
  ),
  leave: (
    <>
      <path d="M3.5 14.5c5-4.7 12-4.7 17 0l-2.2 2.6-3.5-1.4v-2.4a12 12 0 0 0-5.6 0v2.4l-3.5 1.4z" />
    </>
  ),
  chevronLeft: <path d="m15 5-7 7 7 7" />,
  chevronRight: <path d="m9 5 7 7-7 7" />,
  link: (
    <>
      <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" />
      <path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
    </>
  ),
  close: <path d="M6 6l12 12M18 6 6 18" />,
  info: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v6M12 7.5v.5" />
    </>
  ),
  copy: (
    <>
      <rect x="9" y="9" width="11" height="11" rx="2" />
      <path d="M5 15V6a2 2 0 0 1 2-2h8" />
    </>
  ),
  star: <path d="m12 3.5 2.6 5.3 5.8.8-4.2 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8-4.2-4.1 5.8-.8z" />,
  starFilled: <path d="m12 3.5 2.6 5.3 5.8.8-4.2 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8-4.2-4.1 5.8-.8z" fill="currentColor" />,
  plus: <path d="M12 5v14M5 12h14" />,
  video: (
    <>
      <rect x="3" y="6" width="13" height="12" rx="2" />
      <path d="M16 10.5 21 7v10l-5-3.5" />
    </>
  ),
  calendar: (
    <>
      <rect x="3.5" y="5" width="17" height="15" rx="2" />
      <path d="M3.5 10h17M8 3v4M16 3v4" />
    </>
  ),
  repeat: (
    <>
      <path d="M4 11V9a3 3 0 0 1 3-3h12l-3-3M20 13v2a3 3 0 0 1-3 3H5l3 3" />
    </>
  ),
  lock: (
    <>
      <rect x="5" y="11" width="14" height="9" rx="2" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </>
  ),
  download: <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />,
  hand: (
    <path d="M8 13V6a1.5 1.5 0 0 1 3 0v5M11 10.5V4.5a1.5 1.5 0 0 1 3 0v6M14 10.5V6a1.5 1.5 0 0 1 3 0v8a7 7 0 0 1-7 7h-.4a6 6 0 0 1-4.8-2.4l-2.3-3.1a1.5 1.5 0 0 1 2.3-1.9L8 16" />
  ),
  pointOfOrder: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v6.5M12 16.5v.5" />
    </>
  ),
  shield: (
    <>
      <path d="M12 3 5 6v5c0 4.5 3 8.5 7 10 4-1.5 7-5.5 7-10V6z" />
      <path d="m9 12 2 2 4-4" />
    </>
  ),
  more: (
    <>
      <circle cx="5" cy="12" r="1.5" fill="currentColor" />
      <circle cx="12" cy="12" r="1.5" fill="currentColor" />
      <circle cx="19" cy="12" r="1.5" fill="currentColor" />
    </>
  ),
  screen: (
    <>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4M12 13V7M9 10l3-3 3 3" />
    </>
  ),
  screenOff: (
    <>
      <path d="M7 4h12a2 2 0 0 1 2 2v8a2 2 0 0 1-1.2 1.8M16 16H5a2 2 0 0 1-2-2V6a2 2 0 0 1 .6-1.4" />
      <path d="M8 20h8M12 16v4M3 3l18 18" />
    </>
  ),
  gallery: (
    <>
      <rect x="3" y="4" width="8" height="7" rx="1.5" />
      <rect x="13" y="4" width="8" height="7" rx="1.5" />
      <rect x="3" y="13" width="8" height="7" rx="1.5" />
      <rect x="13" y="13" width="8" height="7" rx="1.5" />
    </>
  ),
  speakerView: (
    <>
      <rect x="3" y="3" width="18" height="12" rx="1.5" />
      <rect x="3" y="17" width="5" height="4" rx="1" />
      <rect x="9.5" y="17" width="5" height="4" rx="1" />
      <rect x="16" y="17" width="5" height="4" rx="1" />
    </>
  ),
  lecture: (
    <>
      <rect x="3" y="3" width="18" height="12" rx="1.5" />
      <path d="M6 20h12" />
    </>
  ),
  pin: <path d="M9 3h6l-1 6 4 4H6l4-4zM12 13v8" />,
  fullscreen: <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />,
  exitFullscreen: <path d="M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5" />,
  settings: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
    </>
  ),
  keyboard: (
    <>
      <rect x="2.5" y="6" width="19" height="12" rx="2" />
      <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M6 14h.01M18 14h.01M9 14h6" />
    </>
  ),
  sparkle: <path d="M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8zM19 16l.8 2.2L22 19l-2.2.8L19 22l-.8-2.2L16 19l2.2-.8z" />,
  chat: <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 4v-4a1.5 1.5 0 0 1-1.5-1.5zM8 9h8M8 12h5" />,
  send: <path d="M4 12 20 4l-5 16-3-7zM12 13l8-9" />,
  timer: (
    <>
      <circle cx="12" cy="13.5" r="7.5" />
      <path d="M12 13.5V9.5M10 2.5h4M12 2.5V6M18.5 6.5l1.5-1.5" />
    </>
  ),
  coffee: (
    <>
      <path d="M4.5 10h12v4.5a5 5 0 0 1-5 5h-2a5 5 0 0 1-5-5z" />
      <path d="M16.5 11.5h1.5a2.5 2.5 0 0 1 0 5h-2M3 21.5h16M8.5 3.5c-.8 1 .8 2 0 3M12.5 3.5c-.8 1 .8 2 0 3" />
    </>
  ),
  clock: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </>
  ),
  poll: (
    <>
      <rect x="3.5" y="3.5" width="17" height="17" rx="2" />
      <path d="M7.5 8.5h5M7.5 12h9M7.5 15.5h3" />
    </>
  ),
  vote: (
    <>
      <path d="M3.5 13.5h17v6.5h-17zM7.5 13.5V3.5h9v10" />
      <path d="m9.5 8.5 2 2 3.5-4" />
    </>
  ),
  check: <path d="m5 12.5 4.5 4.5L19 7" />,
  // Signal bars: two of three, and one of three (the missing ones faint).
  signalFair: (
    <>
      <path d="M5 19v-3M12 19v-7" />
      <path d="M19 19V7" opacity="0.3" />
    </>
  ),
  signalPoor: (
    <>
      <path d="M5 19v-3" />
      <path d="M12 19v-7M19 19V7" opacity="0.3" />
    </>
  ),
};

export function Icon({ name, size = 24, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {paths[name]}
    </svg>
  );
}
