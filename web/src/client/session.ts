// Who is signed in: an external store holding the server's AuthConfig and the current `Me`
// (null when signed out), loaded once at start (`GET /auth/config`, `GET /me`) and updated on
// sign-in, profile changes, sign-out and expired sessions. It does not decide where to navigate
// and does not touch the DOM.
import type { AuthConfig, Me } from '../protocol/generated';
import type { PlenumApi } from './api';
import { ApiRequestError } from './http';

export type SessionState =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiRequestError }
  | { status: 'ready'; config: AuthConfig; me: Me | null };

type SessionApi = Pick<PlenumApi, 'getAuthConfig' | 'getMe' | 'logout'>;

export class Session {
  private state: SessionState = { status: 'loading' };
  private readonly listeners = new Set<() => void>();
  private readonly api: SessionApi;
  private loading: Promise<void> | null = null;

  constructor(api: SessionApi, initial?: SessionState) {
    this.api = api;
    if (initial !== undefined) this.state = initial;
  }

  readonly getSnapshot = (): SessionState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The signed-in user, if any. */
  me(): Me | null {
    return this.state.status === 'ready' ? this.state.me : null;
  }

  /** Loads config and user (again, after a failure). Concurrent calls share one load. */
  load(): Promise<void> {
    if (this.loading !== null) return this.loading;
    if (this.state.status !== 'loading') this.set({ status: 'loading' });
    this.loading = Promise.all([this.api.getAuthConfig(), this.api.getMe()])
      .then(
        ([config, me]) => this.set({ status: 'ready', config, me }),
        (e: unknown) =>
          this.set({
            status: 'failed',
            error: e instanceof ApiRequestError ? e : new ApiRequestError(0, 'unexpected', e instanceof Error ? e.message : String(e)),
          }),
      )
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** After sign-in, setup, or a profile change: the new `Me`. */
  setMe(me: Me): void {
    if (this.state.status !== 'ready') return;
    // A successful sign-in means an account exists now.
    this.set({ status: 'ready', config: { ...this.state.config, setup_required: false }, me });
  }

  /** Signs out on the server (best effort) and forgets the user. */
  async signOut(): Promise<void> {
    try {
      await this.api.logout();
    } finally {
      this.expire();
    }
  }

  /** The server no longer knows our session (a 401 on a signed-in request). */
  expire(): void {
    if (this.state.status === 'ready' && this.state.me !== null) this.set({ ...this.state, me: null });
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener();
  }
}
