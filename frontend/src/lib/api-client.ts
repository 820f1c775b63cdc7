import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "@/lib/api/schema";
import { tokenAfterRejection } from "@/lib/auth/refresh";
import { getAccessToken } from "@/lib/auth/session-store";

export type ApiClient = Client<paths>;
export type Problem = components["schemas"]["Problem"];

type FetchLike = (request: Request) => Promise<Response>;

export interface ApiClientOptions {
  /** Absolute origin of the API. Defaults to the origin the SPA was served from. */
  baseUrl?: string;
  /** Fetch implementation. Defaults to whatever `globalThis.fetch` is at request time. */
  fetch?: FetchLike;
  /** Send the session's access token and refresh it once on 401. Defaults to true. */
  authorize?: boolean;
}

/** The SPA is served by the same server as the API, so requests go to the page's own origin. */
export function defaultBaseUrl(): string {
  if (typeof window !== "undefined" && window.location.origin && window.location.origin !== "null") {
    return window.location.origin;
  }
  return "http://localhost";
}

function withToken(request: Request, token: string | null): Request {
  if (token === null) return request;
  const authorized = new Request(request);
  authorized.headers.set("Authorization", `Bearer ${token}`);
  return authorized;
}

/**
 * Sends `request` with the access token. On 401 it gets a fresh token (one refresh for all
 * requests refused at the same time) and sends a copy of the request once more.
 */
export async function authorizedFetch(request: Request, send: FetchLike): Promise<Response> {
  const isAuthEndpoint = new URL(request.url).pathname.startsWith("/api/v1/auth/");
  const token = getAccessToken();
  const spare = isAuthEndpoint ? null : request.clone();
  const response = await send(withToken(request, token));
  if (response.status !== 401 || spare === null) return response;
  const fresh = await tokenAfterRejection(token);
  if (fresh === null) return response;
  return send(withToken(spare, fresh));
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const fetchImpl = options.fetch;
  // Resolved per request so that replacing `globalThis.fetch` (tests, instrumentation)
  // takes effect after the client was created.
  const send: FetchLike = (request) => (fetchImpl ?? globalThis.fetch)(request);
  return createClient<paths>({
    baseUrl: options.baseUrl ?? defaultBaseUrl(),
    fetch: options.authorize === false ? send : (request) => authorizedFetch(request, send),
    headers: { Accept: "application/json, application/problem+json" },
  });
}

export const api: ApiClient = createApiClient();

/** RFC 9457 problem details, as returned by the server for failed requests. */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.title === "string" && typeof candidate.status === "number";
}

/** A non-2xx answer from the API. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  /** Seconds from the `Retry-After` header (429, 503), when the server sent one. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem | null, message?: string, retryAfter: number | null = null) {
    super(message ?? problem?.detail ?? problem?.title ?? `Request failed with status ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The machine-readable problem code, e.g. `validation_failed`. */
  get code(): string | null {
    return this.problem?.code ?? null;
  }
}

function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export function toApiError(response: Response, body: unknown): ApiError {
  return new ApiError(
    response.status,
    isProblem(body) ? body : null,
    undefined,
    parseRetryAfter(response.headers.get("Retry-After")),
  );
}

/** Field errors of a 422 problem, keyed by field name (`body` for the whole request). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  for (const { field, message } of error.problem?.errors ?? []) {
    result[field] ??= message;
  }
  return result;
}

/** A short, human-readable explanation of an error thrown by a fetcher. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The server could not be reached.";
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong.";
}
