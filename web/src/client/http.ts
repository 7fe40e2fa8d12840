// The one place where the web client talks HTTP to the controller: same-origin credentials (the
// session cookie), JSON in and out (a file as the body of an upload), the `X-Plenum-CSRF: 1` header on every request that changes
// something, query strings, and turning error bodies into a typed ApiRequestError. It knows no
// endpoints (see api.ts) and does not touch the DOM; `fetch` is injectable for tests.
import type { ApiError, ErrorCode } from '../protocol/generated';

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

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Query parameters; `undefined` values are left out. */
export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with its own content type (an upload); instead of `body`. */
  file?: Blob;
  query?: Query;
}

export interface Http {
  /**
   * Sends one request and resolves with the parsed JSON body of a 2xx answer (`undefined` for
   * an empty body, e.g. 204). The body is trusted to have the documented type `T`: the server
   * and this client share the generated protocol types.
   */
  request<T>(method: Method, path: string, options?: RequestOptions): Promise<T>;
}

/** Header the server requires on unsafe methods (see docs/api/README.md, "Authentication"). */
export const CSRF_HEADER = 'X-Plenum-CSRF';

const UNSAFE: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `ApiError` in a response body, if the body is one. */
export function asApiError(value: unknown): ApiError | null {
  if (!isRecord(value) || !isRecord(value.error)) return null;
  const { code, message, field } = value.error;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  const body: ApiError['error'] = { code: code as ErrorCode, message };
  if (typeof field === 'string') body.field = field;
  return { error: body };
}

export function queryString(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text.length === 0 ? '' : `?${text}`;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function createHttp(fetchImpl: FetchLike = (input, init) => fetch(input, init), base = ''): Http {
  return {
    async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (options.file !== undefined) headers['Content-Type'] = options.file.type === '' ? 'application/octet-stream' : options.file.type;
      else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
      if (UNSAFE.has(method)) headers[CSRF_HEADER] = '1';
      const init: RequestInit = { method, headers, credentials: 'same-origin' };
      if (options.file !== undefined) init.body = options.file;
      else if (options.body !== undefined) init.body = JSON.stringify(options.body);
      let response: Response;
      try {
        response = await fetchImpl(`${base}${path}${queryString(options.query)}`, init);
      } catch (e) {
        throw new ApiRequestError(0, 'network', e instanceof Error ? e.message : String(e));
      }
      const body = await readJson(response);
      if (response.ok) return body as T;
      const apiError = asApiError(body);
      if (apiError !== null) {
        throw new ApiRequestError(response.status, apiError.error.code, apiError.error.message, apiError.error.field);
      }
      throw new ApiRequestError(response.status, 'unexpected', `HTTP ${response.status}`);
    },
  };
}
