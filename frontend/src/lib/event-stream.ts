import { createParser } from "eventsource-parser";

/**
 * Server-Sent Events read with `fetch`, so the access token travels in the `Authorization`
 * header (never in the URL, as `EventSource` would need). Reconnects with growing, jittered
 * delays and `Last-Event-ID`, so the server replays what was missed.
 */

export type StreamStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface StreamFrame {
  /** The SSE `id`, when the frame had one. */
  id: string | undefined;
  /** The SSE `event` field (`message` when absent). */
  event: string;
  data: string;
}

export interface EventStreamOptions {
  url: string;
  /** The access token to present, read again at every (re)connection. */
  getToken: () => string | null;
  /** A token to use after the server refused `rejected` (401); null when the session is over. */
  renewToken: (rejected: string | null) => Promise<string | null>;
  onFrame: (frame: StreamFrame) => void;
  onStatus?: (status: StreamStatus) => void;
  /**
   * Each time the server accepted the stream: `resumed` when `Last-Event-ID` was sent (the
   * server replays what was missed), `requestedAt` when the request went out (epoch ms).
   */
  onOpen?: (info: { resumed: boolean; requestedAt: number }) => void;
  fetch?: (request: Request) => Promise<Response>;
  /** First reconnection delay; the server's `retry:` field replaces it. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** No byte for this long (heartbeats come every 15 s) means the connection is dead. */
  idleTimeoutMs?: number;
  random?: () => number;
}

export interface EventStream {
  close: () => void;
  /** The id of the last frame received that had one. */
  readonly lastEventId: string | null;
}

/** A connection that lasted this long counts as healthy: the next failure starts the delays afresh. */
const HEALTHY_AFTER_MS = 10_000;

/** The delay before reconnection attempt `attempt` (0-based): doubling, capped, half of it random. */
export function reconnectDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

type Outcome = "ended" | "unauthorized" | "failed";

export function openEventStream(options: EventStreamOptions): EventStream {
  const {
    url,
    getToken,
    renewToken,
    onFrame,
    onStatus,
    onOpen,
    maxDelayMs = 30_000,
    idleTimeoutMs = 45_000,
    random = Math.random,
  } = options;
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  let baseDelay = options.initialDelayMs ?? 1_000;
  let lastEventId: string | null = null;
  let closed = false;
  // Read through a function: `close()` changes it while `run` awaits.
  const isClosed = () => closed;
  let controller: AbortController | null = null;
  let wake: (() => void) | null = null;
  let status: StreamStatus | null = null;

  const setStatus = (next: StreamStatus) => {
    if (next === status) return;
    status = next;
    onStatus?.(next);
  };

  /** Waits `ms`, or less when the browser comes back online or the stream is closed. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        window.removeEventListener("online", done);
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      window.addEventListener("online", done);
      wake = done;
    });

  async function read(body: ReadableStream<Uint8Array>, connection: AbortController) {
    const parser = createParser({
      onEvent: (message) => {
        if (message.id !== undefined) lastEventId = message.id;
        onFrame({ id: message.id, event: message.event ?? "message", data: message.data });
      },
      onRetry: (retry) => {
        if (retry > 0) baseDelay = retry;
      },
    });
    const decoder = new TextDecoder();
    const reader = body.getReader();
    let idle: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        connection.abort();
      }, idleTimeoutMs);
    };
    try {
      watch();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        watch();
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      clearTimeout(idle);
      reader.releaseLock();
    }
  }

  async function connect(token: string | null): Promise<{ outcome: Outcome; openedAt: number | null }> {
    const connection = new AbortController();
    controller = connection;
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (lastEventId !== null) headers["Last-Event-ID"] = lastEventId;
    let openedAt: number | null = null;
    const requestedAt = Date.now();
    try {
      const response = await send(new Request(url, { headers, signal: connection.signal, cache: "no-store" }));
      if (response.status === 401) return { outcome: "unauthorized", openedAt };
      const type = response.headers.get("content-type") ?? "";
      if (!response.ok || response.body === null || !type.startsWith("text/event-stream")) {
        await response.body?.cancel().catch(() => undefined);
        return { outcome: "failed", openedAt };
      }
      openedAt = Date.now();
      setStatus("open");
      onOpen?.({ resumed: headers["Last-Event-ID"] !== undefined, requestedAt });
      await read(response.body, connection);
      return { outcome: "ended", openedAt };
    } catch {
      return { outcome: "failed", openedAt };
    } finally {
      controller = null;
    }
  }

  async function run() {
    let attempt = 0;
    let renewed = false;
    setStatus("connecting");
    while (!isClosed()) {
      const token = getToken();
      const { outcome, openedAt } = await connect(token);
      if (isClosed()) break;
      if (openedAt !== null && Date.now() - openedAt >= HEALTHY_AFTER_MS) attempt = 0;
      if (outcome === "unauthorized" && !renewed) {
        // Expired or revoked token: renew it the way every other request does, then go again.
        renewed = true;
        const fresh = await renewToken(token).catch(() => undefined);
        if (isClosed()) break;
        if (fresh === null) {
          closed = true;
          break;
        }
        if (fresh !== undefined) continue;
      }
      setStatus("reconnecting");
      await pause(reconnectDelay(attempt, baseDelay, maxDelayMs, random));
      attempt += 1;
      renewed = false;
    }
    setStatus("closed");
  }

  void run();

  return {
    close() {
      closed = true;
      controller?.abort();
      wake?.();
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
