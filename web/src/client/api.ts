// REST client for the Plenum controller (same origin): create a room, look a room up, ask for a
// join ticket; plus resolving the ticket's WebSocket URL against the page. It does not open
// WebSockets (see signaling.ts) and does not touch the DOM; `fetch` is injectable for tests.
import type {
  ApiError,
  ErrorCode,
  RoomCreated,
  RoomId,
  RoomSummary,
  TicketGranted,
  TicketRequest,
} from '../protocol/generated';

/** Why a REST call failed: the server's `ApiError`, or `network`/`unexpected` on our side. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network' | 'unexpected';
  readonly field: string | undefined;

  constructor(status: number, code: ErrorCode | 'network' | 'unexpected', message: string, field?: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export interface PlenumApi {
  /** `POST /api/v1/rooms`. */
  createRoom(): Promise<RoomCreated>;
  /** `GET /api/v1/rooms/{id}`; `null` when the room does not exist (404). */
  getRoom(id: RoomId): Promise<RoomSummary | null>;
  /** `POST /api/v1/rooms/{id}/tickets`. */
  requestTicket(id: RoomId, request: TicketRequest): Promise<TicketGranted>;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asApiError(value: unknown): ApiError | null {
  if (!isRecord(value) || !isRecord(value.error)) return null;
  const { code, message, field } = value.error;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  const body: ApiError['error'] = { code: code as ErrorCode, message };
  if (typeof field === 'string') body.field = field;
  return { error: body };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function createApi(fetchImpl: FetchLike = (input, init) => fetch(input, init), base = ''): PlenumApi {
  async function call(path: string, init: RequestInit, okStatuses: readonly number[]): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        ...init,
        headers: { Accept: 'application/json', ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      });
    } catch (e) {
      throw new ApiRequestError(0, 'network', e instanceof Error ? e.message : String(e));
    }
    const body = await readJson(response);
    if (okStatuses.includes(response.status)) return { status: response.status, body };
    const apiError = asApiError(body);
    if (apiError !== null) {
      throw new ApiRequestError(response.status, apiError.error.code, apiError.error.message, apiError.error.field);
    }
    throw new ApiRequestError(response.status, 'unexpected', `HTTP ${response.status}`);
  }

  function expectId(body: unknown): string {
    if (isRecord(body) && typeof body.id === 'string') return body.id;
    throw new ApiRequestError(0, 'unexpected', 'malformed response');
  }

  return {
    async createRoom() {
      const { body } = await call('/api/v1/rooms', { method: 'POST' }, [200, 201]);
      return { id: expectId(body) };
    },
    async getRoom(id) {
      try {
        const { body } = await call(`/api/v1/rooms/${encodeURIComponent(id)}`, { method: 'GET' }, [200]);
        const summary: RoomSummary = { id: expectId(body), password_required: isRecord(body) && body.password_required === true };
        if (isRecord(body) && typeof body.title === 'string') summary.title = body.title;
        return summary;
      } catch (e) {
        if (e instanceof ApiRequestError && e.status === 404) return null;
        throw e;
      }
    },
    async requestTicket(id, request) {
      const { body } = await call(
        `/api/v1/rooms/${encodeURIComponent(id)}/tickets`,
        { method: 'POST', body: JSON.stringify(request) },
        [200, 201],
      );
      if (
        !isRecord(body) ||
        typeof body.ticket !== 'string' ||
        typeof body.ws_url !== 'string' ||
        typeof body.participant_id !== 'string' ||
        typeof body.expires_in !== 'number'
      ) {
        throw new ApiRequestError(0, 'unexpected', 'malformed ticket response');
      }
      return {
        ticket: body.ticket,
        ws_url: body.ws_url,
        participant_id: body.participant_id,
        expires_in: body.expires_in,
      };
    },
  };
}

/**
 * Resolves a (possibly relative) `ws_url` against the page URL and maps http→ws, https→wss.
 * Absolute ws:/wss: URLs are kept as they are.
 */
export function resolveWsUrl(wsUrl: string, pageUrl: string): string {
  const url = new URL(wsUrl, pageUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.toString();
}
