// React glue for data from the API: the session store as a hook, and `useLoad`, which runs one
// request for a page, follows its state (loading, ready, failed), can reload, and treats a 401
// on a signed-in page as an expired session. No markup, no texts.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type DependencyList } from 'react';
import { ApiRequestError } from '../client/api';
import type { SessionState } from '../client/session';
import type { Me } from '../protocol/generated';
import { useServices } from './services';

export function useSession(): SessionState {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
}

/** The signed-in user, or null. */
export function useMe(): Me | null {
  const state = useSession();
  return state.status === 'ready' ? state.me : null;
}

export type LoadState<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'failed'; error: unknown };

export interface Loaded<T> {
  state: LoadState<T>;
  /** Runs the request again (keeping shown data until it answers). */
  reload(): void;
  /** Replaces the data locally (after a change the server confirmed). */
  update(change: (data: T) => T): void;
}

/** An error that means "not signed in (any more)". */
export function isUnauthorized(e: unknown): boolean {
  return e instanceof ApiRequestError && e.status === 401 && e.code === 'unauthorized' && e.field === undefined;
}

export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const { session } = useServices();
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(load);
  latest.current = load;

  useEffect(() => {
    let current = true;
    latest.current().then(
      (data) => {
        if (current) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!current) return;
        if (isUnauthorized(error)) session.expire();
        setState({ status: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [...deps, attempt, session]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback((change: (data: T) => T) => {
    setState((s) => (s.status === 'ready' ? { status: 'ready', data: change(s.data) } : s));
  }, []);
  return { state, reload, update };
}
