import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "@/lib/api/schema";

export type ApiClient = Client<paths>;
export type Problem = components["schemas"]["Problem"];

type FetchLike = (request: Request) => Promise<Response>;

export interface ApiClientOptions {
  /** Absolute origin of the API. Defaults to the origin the SPA was served from. */
  baseUrl?: string;
  /** Fetch implementation. Defaults to whatever `globalThis.fetch` is at request time. */
  fetch?: FetchLike;
}

/** The SPA is served by the same server as the API, so requests go to the page's own origin. */
export function defaultBaseUrl(): string {
  if (typeof window !== "undefined" && window.location.origin && window.location.origin !== "null") {
    return window.location.origin;
  }
  return "http://localhost";
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const fetchImpl = options.fetch;
  return createClient<paths>({
    baseUrl: options.baseUrl ?? defaultBaseUrl(),
    // Resolved per request so that replacing `globalThis.fetch` (tests, instrumentation)
    // takes effect after the client was created.
    fetch: (request) => (fetchImpl ?? globalThis.fetch)(request),
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

  constructor(status: number, problem: Problem | null, message?: string) {
    super(message ?? problem?.detail ?? problem?.title ?? `Request failed with status ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

export function toApiError(response: Response, body: unknown): ApiError {
  return new ApiError(response.status, isProblem(body) ? body : null);
}

/** A short, human-readable explanation of an error thrown by a fetcher. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "The server could not be reached.";
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong.";
}
