import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeEventStream } from "@/testing/event-stream";
import { openEventStream, reconnectDelay, type EventStream, type StreamFrame, type StreamStatus } from "./event-stream";

const URL = "http://localhost/api/v1/events";

let streams: EventStream[] = [];

function open(options: Partial<Parameters<typeof openEventStream>[0]> & { fetch: (request: Request) => Promise<Response> }) {
  const frames: StreamFrame[] = [];
  const statuses: StreamStatus[] = [];
  const opens: boolean[] = [];
  const stream = openEventStream({
    url: URL,
    getToken: () => "token-1",
    renewToken: () => Promise.resolve(null),
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
    onOpen: ({ resumed }) => {
      opens.push(resumed);
    },
    random: () => 1,
    ...options,
  });
  streams.push(stream);
  return { stream, frames, statuses, opens };
}

/** Lets pending promises (fetch, body reads) settle without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  for (const stream of streams) stream.close();
  streams = [];
  vi.useRealTimers();
});

describe("reconnectDelay", () => {
  it("doubles from the base up to the cap, half of it random", () => {
    expect([0, 1, 2, 3, 10].map((attempt) => reconnectDelay(attempt, 1000, 30_000, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 30_000,
    ]);
    expect(reconnectDelay(0, 1000, 30_000, () => 0)).toBe(500);
  });
});

describe("openEventStream", () => {
  it("sends the token in the header, never the URL, and hands over each frame", async () => {
    const server = fakeEventStream();
    const fetch = vi.fn((request: Request) => Promise.resolve(server.handler(request)));
    const { frames, statuses, opens } = open({ fetch });
    await settle();
    const [request] = server.requests;
    expect(request?.url).toBe(URL);
    expect(request?.headers.get("Authorization")).toBe("Bearer token-1");
    expect(request?.headers.get("Accept")).toBe("text/event-stream");
    expect(request?.headers.get("Last-Event-ID")).toBeNull();
    expect(statuses).toEqual(["connecting", "open"]);
    expect(opens).toEqual([false]);

    server.write("retry: 2000\n\n: heartbeat\n\nid: 7\nevent: message.created\ndata: {\"a\":1}\n\n");
    server.write("event: conversation.updated\nda");
    server.write("ta: {\"b\":2}\n\n");
    await settle();
    expect(frames).toEqual([
      { id: "7", event: "message.created", data: '{"a":1}' },
      { id: undefined, event: "conversation.updated", data: '{"b":2}' },
    ]);
  });

  it("reconnects after the stream ends, with Last-Event-ID and the current token", async () => {
    const server = fakeEventStream();
    let token = "token-1";
    const { stream, statuses, opens } = open({
      fetch: (request) => Promise.resolve(server.handler(request)),
      getToken: () => token,
    });
    await settle();
    server.write('id: 41\nevent: message.created\ndata: {}\n\nid: 42\nevent: message.updated\ndata: {}\n\n');
    await settle();
    expect(stream.lastEventId).toBe("42");

    token = "token-2";
    server.end();
    await settle();
    expect(statuses.at(-1)).toBe("reconnecting");
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers.get("Last-Event-ID")).toBe("42");
    expect(server.requests[1]?.headers.get("Authorization")).toBe("Bearer token-2");
    expect(statuses.at(-1)).toBe("open");
    expect(opens).toEqual([false, true]);
  });

  it("uses the server's retry delay as the base of the back-off", async () => {
    const server = fakeEventStream();
    open({ fetch: (request) => Promise.resolve(server.handler(request)) });
    await settle();
    server.write("retry: 3000\n\n");
    server.end();
    await settle();
    await vi.advanceTimersByTimeAsync(2999);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(2);
  });

  it("backs off longer after each failure, and starts afresh once connected", async () => {
    const server = fakeEventStream();
    let failures = 3;
    const times: number[] = [];
    const fetch = (request: Request) => {
      times.push(Date.now());
      if (failures > 0) {
        failures -= 1;
        return Promise.reject(new TypeError("Failed to fetch"));
      }
      return Promise.resolve(server.handler(request));
    };
    const { statuses } = open({ fetch });
    await vi.advanceTimersByTimeAsync(10_000);
    const start = times[0] ?? 0;
    expect(times.map((t) => t - start)).toEqual([0, 1000, 3000, 7000]);
    expect(statuses).toEqual(["connecting", "reconnecting", "open"]);

    // A connection that held for a while resets the delays.
    await vi.advanceTimersByTimeAsync(20_000);
    server.end();
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(times).toHaveLength(5);
  });

  it("treats an error status or a non-stream answer as a failure", async () => {
    const answers = [
      new Response("busy", { status: 503 }),
      new Response("<html>", { status: 200, headers: { "content-type": "text/html" } }),
    ];
    const fetch = vi.fn(() => Promise.resolve(answers.shift() ?? new Response(null, { status: 503 })));
    const { statuses } = open({ fetch });
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(statuses).toEqual(["connecting", "reconnecting"]);
  });

  it("on 401 renews the token once and reconnects with it at once", async () => {
    const server = fakeEventStream();
    let token = "expired";
    const renewToken = vi.fn((rejected: string | null) => {
      expect(rejected).toBe("expired");
      token = "fresh";
      return Promise.resolve("fresh");
    });
    const fetch = (request: Request) =>
      Promise.resolve(
        request.headers.get("Authorization") === "Bearer fresh" ? server.handler(request) : new Response(null, { status: 401 }),
      );
    const { statuses } = open({ fetch, getToken: () => token, renewToken });
    await settle();
    expect(renewToken).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(1);
    expect(statuses).toEqual(["connecting", "open"]);
  });

  it("stops for good when the session cannot be renewed", async () => {
    const fetch = vi.fn(() => Promise.resolve(new Response(null, { status: 401 })));
    const renewToken = vi.fn(() => Promise.resolve(null));
    const { statuses } = open({ fetch, renewToken });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(statuses).toEqual(["connecting", "closed"]);
  });

  it("does not loop on 401: after a renewal that did not help it backs off", async () => {
    const fetch = vi.fn(() => Promise.resolve(new Response(null, { status: 401 })));
    const renewToken = vi.fn(() => Promise.resolve("still-refused"));
    open({ fetch, renewToken });
    await settle();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(renewToken).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch).toHaveBeenCalledTimes(4);
    expect(renewToken).toHaveBeenCalledTimes(2);
  });

  it("reconnects when nothing, not even a heartbeat, arrived for too long", async () => {
    const server = fakeEventStream();
    open({ fetch: (request) => Promise.resolve(server.handler(request)), idleTimeoutMs: 45_000 });
    await settle();
    await vi.advanceTimersByTimeAsync(30_000);
    server.write(": heartbeat\n\n");
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(15_000 + 1000);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]?.signal.aborted).toBe(true);
  });

  it("close() aborts the request and stops reconnecting", async () => {
    const server = fakeEventStream();
    const { stream, statuses } = open({ fetch: (request) => Promise.resolve(server.handler(request)) });
    await settle();
    stream.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests[0]?.signal.aborted).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(statuses.at(-1)).toBe("closed");
  });

  it("comes back at once when the browser is online again", async () => {
    const fetch = vi.fn(() => Promise.reject(new TypeError("offline")));
    open({ fetch });
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(500);
    expect(fetch).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new Event("online"));
    await settle();
    expect(fetch).toHaveBeenCalledTimes(3);
  });
});
