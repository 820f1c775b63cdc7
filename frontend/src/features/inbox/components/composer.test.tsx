import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { aConversation, aMessage, aUser } from "@/testing/fixtures";
import { inboxHandlers } from "@/testing/inbox-handlers";
import { jsonResponse, mockFetch } from "@/testing/mock-fetch";
import { renderApp, signIn } from "@/testing/test-utils";

/** A stand-in for XMLHttpRequest: the test decides when the upload progresses and ends. */
class FakeUpload {
  static last: FakeUpload | null = null;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = "";
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  onloadend: (() => void) | null = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
    FakeUpload.last = this;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    act(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded, total });
    });
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    act(() => {
      this.onload?.();
      this.onloadend?.();
    });
  }
}

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

function fileInput(): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error("no file input");
  return input;
}

describe("composer attachments", () => {
  beforeEach(() => {
    FakeUpload.last = null;
    vi.stubGlobal("XMLHttpRequest", FakeUpload);
  });

  it("refuses a file WhatsApp would refuse, before uploading it", async () => {
    mockFetch(inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })] }));
    signIn(aUser({ id: 7 }));
    renderApp("/inbox/5");
    await screen.findByRole("textbox", { name: "Message" });

    const big = new File([new Uint8Array(10)], "huge.png", { type: "image/png" });
    Object.defineProperty(big, "size", { value: 6 * 1024 * 1024 });
    fireEvent.change(fileInput(), { target: { files: [big] } });
    expect(await screen.findByRole("alert")).toHaveTextContent("“huge.png” is 6.0 MB; WhatsApp accepts images up to 5.0 MB.");

    fireEvent.change(fileInput(), { target: { files: [new File(["x"], "anim.gif", { type: "image/gif" })] } });
    expect(await screen.findByRole("alert")).toHaveTextContent("“anim.gif” cannot be sent on WhatsApp.");
    expect(FakeUpload.last).toBeNull();
  });

  it("uploads a picked image with progress, then sends it with its caption", async () => {
    const fetch = mockFetch({
      ...inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })] }),
      "POST /api/v1/conversations/5/messages": () =>
        jsonResponse(aMessage({ id: 300, conversation_id: 5, direction: "outbound", type: "image", status: "pending", text: null }), {
          status: 202,
        }),
      "GET /api/v1/media/77": () => new Response("png", { headers: { "Content-Type": "image/png" } }),
    });
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:77"), revokeObjectURL: vi.fn() }));
    signIn(aUser({ id: 7 }), "token-7");
    const { user } = renderApp("/inbox/5");
    const box = await screen.findByRole("textbox", { name: "Message" });

    await user.upload(fileInput(), new File(["png"], "receipt.png", { type: "image/png" }));
    const upload = FakeUpload.last;
    expect(upload?.url).toMatch(/\/api\/v1\/media$/);
    expect(upload?.headers.Authorization).toBe("Bearer token-7");
    expect((upload?.body?.get("file") as File).name).toBe("receipt.png");

    upload?.progress(40, 100);
    expect(screen.getByRole("progressbar", { name: "Uploading receipt.png" })).toHaveAttribute("value", "40");
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    expect(box).toHaveAttribute("placeholder", "Add a caption");

    upload?.respond(201, { id: 77, mime_type: "image/png", filename: "receipt.png", size_bytes: 3, sha256: "ab", url: "/api/v1/media/77" });
    expect(await screen.findByText("Ready to send")).toBeInTheDocument();
    await user.type(box, "Your receipt{Enter}");

    await waitFor(() => {
      expect(fetch.mock.calls.some(([input]) => (input as Request).method === "POST")).toBe(true);
    });
    const request = fetch.mock.calls.map(([input]) => input as Request).find((r) => r.method === "POST");
    expect(await request?.clone().json()).toEqual({ type: "image", image: { media_id: 77, caption: "Your receipt" } });
    expect(screen.queryByRole("group", { name: "Attachment" })).not.toBeInTheDocument();
  });

  it("takes a file dropped on the composer", async () => {
    mockFetch(inboxHandlers({ conversations: [aConversation({ id: 5, window_expires_at: inHours(5) })] }));
    signIn(aUser({ id: 7 }));
    renderApp("/inbox/5");
    const box = await screen.findByRole("textbox", { name: "Message" });
    const pdf = new File(["%PDF"], "menu.pdf", { type: "application/pdf" });
    fireEvent.dragOver(box, { dataTransfer: { files: [pdf], types: ["Files"] } });
    fireEvent.drop(box, { dataTransfer: { files: [pdf], types: ["Files"] } });
    expect(await screen.findByRole("group", { name: "Attachment" })).toHaveTextContent("Document: menu.pdf");
    expect(FakeUpload.last).not.toBeNull();

    await waitFor(() => {
      expect(screen.getByRole("button", { name: "Remove menu.pdf" })).toBeInTheDocument();
    });
    fireEvent.click(screen.getByRole("button", { name: "Remove menu.pdf" }));
    expect(screen.queryByRole("group", { name: "Attachment" })).not.toBeInTheDocument();
  });
});
