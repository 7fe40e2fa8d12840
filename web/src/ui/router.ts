// The client's two routes over the History API: `/` (start) and `/r/:roomId` (a meeting),
// plus `navigate()` and a hook that follows the current route. No route tables, no nesting.
import { useSyncExternalStore } from 'react';

export type Route = { name: 'start' } | { name: 'room'; roomId: string } | { name: 'unknown' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'start' };
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1] !== undefined) {
    try {
      return { name: 'room', roomId: decodeURIComponent(match[1]) };
    } catch {
      return { name: 'unknown' };
    }
  }
  return { name: 'unknown' };
}

export function roomPath(roomId: string): string {
  return `/r/${encodeURIComponent(roomId)}`;
}

const NAVIGATE_EVENT = 'plenum:navigate';

export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname, () => '/');
}

export function useRoute(): Route {
  return parseRoute(usePathname());
}
