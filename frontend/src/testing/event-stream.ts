import type { InboxEvent } from "@/features/inbox/utils/live-events";
import type { RequestHandler } from "./mock-fetch";

/**
 * A fake `GET /api/v1/events`: each request gets an open `text/event-stream` body, and the
 * test pushes frames into the newest one. Aborting the request ends its body.
 */
export function fakeEventStream() {
  const requests: Request[] = [];
  let current: ReadableStreamDefaultController<Uint8Array> | null = null;
  const encoder = new TextEncoder();

  const handler: RequestHandler = (request) => {
    requests.push(request);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        current = controller;
        request.signal.addEventListener("abort", () => {
          controller.error(new DOMException("aborted", "AbortError"));
        });
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  };

  return {
    handler,
    requests,
    /** Sends raw SSE text to the open stream. */
    write(text: string) {
      if (!current) throw new Error("no event stream is open");
      current.enqueue(encoder.encode(text));
    },
    /** Sends one event with its id. */
    send(event: InboxEvent, id: number | null = "id" in event ? event.id : null) {
      this.write(`${id === null ? "" : `id: ${String(id)}\n`}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    },
    /** The server ends the stream (the client reconnects). */
    end() {
      current?.close();
      current = null;
    },
  };
}
