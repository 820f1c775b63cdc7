import { vi } from "vitest";

export type RequestHandler = (request: Request) => Response | Promise<Response>;

/** Handlers keyed by `"METHOD /path"`, e.g. `"GET /healthz"`. */
export type RequestHandlers = Record<string, RequestHandler>;

export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  return new Response(JSON.stringify(body), { status: 200, ...init, headers });
}

export function problemResponse(problem: {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
}): Response {
  return new Response(JSON.stringify({ type: `/problems/${problem.code}`, ...problem }), {
    status: problem.status,
    headers: { "Content-Type": "application/problem+json" },
  });
}

/**
 * Replaces `globalThis.fetch` with a stub that answers from `handlers` (no network).
 * A request without a handler rejects, so an unexpected call fails the test loudly.
 * The stub is removed after each test (`unstubGlobals` in the Vitest config).
 */
export function mockFetch(handlers: RequestHandlers) {
  const stub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const handler = handlers[`${request.method} ${url.pathname}`];
    if (!handler) throw new Error(`Unhandled request: ${request.method} ${url.href}`);
    return handler(request);
  });
  vi.stubGlobal("fetch", stub);
  return stub;
}

/** The URLs the stub was called with, in order. */
export function requestedUrls(stub: ReturnType<typeof mockFetch>): string[] {
  return stub.mock.calls.map(([input]) =>
    input instanceof Request ? input.url : input instanceof URL ? input.href : input,
  );
}
