// The client's routes over the History API: parsing a location into a Route, building paths,
// `navigate()` and a hook that follows the current route. Which page a route shows, and who may
// see it, is App.tsx's job. No route tables, no nesting.
import { useSyncExternalStore } from 'react';

export type MeetingsView = 'list' | 'agenda';

export type Route =
  | { name: 'home' }
  | { name: 'login'; returnTo: string | null }
  | { name: 'setup' }
  | { name: 'resetPassword'; token: string | null }
  | { name: 'meetings'; view: MeetingsView }
  | { name: 'newMeeting' }
  | { name: 'meeting'; id: string }
  | { name: 'editMeeting'; id: string }
  | { name: 'settings' }
  | { name: 'adminUsers' }
  | { name: 'room'; roomId: string; guestToken: string | null }
  | { name: 'report'; id: string }
  | { name: 'unknown' };

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function nonEmpty(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

export function parseRoute(pathname: string, search = ''): Route {
  const params = new URLSearchParams(search);
  const path = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  switch (path) {
    case '':
    case '/':
      return { name: 'home' };
    case '/login':
      return { name: 'login', returnTo: safeReturnTo(params.get('return_to')) };
    case '/setup':
      return { name: 'setup' };
    case '/reset-password':
      return { name: 'resetPassword', token: nonEmpty(params.get('token')) };
    case '/meetings':
      return { name: 'meetings', view: params.get('view') === 'agenda' ? 'agenda' : 'list' };
    case '/meetings/new':
      return { name: 'newMeeting' };
    case '/settings':
      return { name: 'settings' };
    case '/admin/users':
      return { name: 'adminUsers' };
  }
  const room = /^\/r\/([^/]+)$/.exec(path);
  if (room?.[1] !== undefined) {
    const roomId = decode(room[1]);
    return roomId === null ? { name: 'unknown' } : { name: 'room', roomId, guestToken: nonEmpty(params.get('g')) };
  }
  const report = /^\/reports\/([^/]+)$/.exec(path);
  if (report?.[1] !== undefined) {
    const id = decode(report[1]);
    return id === null ? { name: 'unknown' } : { name: 'report', id };
  }
  const meeting = /^\/meetings\/([^/]+)(\/edit)?$/.exec(path);
  if (meeting?.[1] !== undefined) {
    const id = decode(meeting[1]);
    if (id === null) return { name: 'unknown' };
    return meeting[2] === undefined ? { name: 'meeting', id } : { name: 'editMeeting', id };
  }
  return { name: 'unknown' };
}

/** `value` when it is a path on this site (`/…`, not `//host`), else null. */
export function safeReturnTo(value: string | null): string | null {
  if (value === null || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

export function roomPath(roomId: string): string {
  return `/r/${encodeURIComponent(roomId)}`;
}

export function meetingPath(id: string): string {
  return `/meetings/${encodeURIComponent(id)}`;
}

export function editMeetingPath(id: string): string {
  return `${meetingPath(id)}/edit`;
}

export function reportPath(id: string): string {
  return `/reports/${encodeURIComponent(id)}`;
}

export function loginPath(returnTo: string | null): string {
  return returnTo === null || returnTo === '/' ? '/login' : `/login?return_to=${encodeURIComponent(returnTo)}`;
}

const NAVIGATE_EVENT = 'plenum:navigate';

/** Goes to `path` (with query) inside the app; `replace` keeps the history entry count. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === currentLocation()) return;
  if (options.replace === true) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Path and query of the current page. */
export function currentLocation(): string {
  return `${window.location.pathname}${window.location.search}`;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

/** Path and query of the current page, following navigation. */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, currentLocation, () => '/');
}

export function usePathname(): string {
  const location = useLocation();
  const q = location.indexOf('?');
  return q === -1 ? location : location.slice(0, q);
}

export function useRoute(): Route {
  const location = useLocation();
  const q = location.indexOf('?');
  return q === -1 ? parseRoute(location) : parseRoute(location.slice(0, q), location.slice(q));
}
