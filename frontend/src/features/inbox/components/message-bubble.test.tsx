import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { aMessage } from "@/testing/fixtures";
import { mockFetch, problemResponse } from "@/testing/mock-fetch";
import { createTestQueryClient } from "@/testing/test-utils";
import type { Message, MessageMedia } from "@/types/api";
import { MessageBubble } from "./message-bubble";

/** Fields WhatsApp sends as free-form objects are typed as opaque records. */
function loose(value: object): Record<string, never> {
  return value as Record<string, never>;
}

function media(overrides: Partial<MessageMedia> = {}): MessageMedia {
  return { id: 5, status: "stored", voice: false, animated: false, mime_type: "image/jpeg", ...overrides };
}

function renderMessage(message: Message, extra: { quoted?: Message; onRetry?: (m: Message) => void } = {}) {
  const client = createTestQueryClient();
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={client}>
      <MessageBubble
        message={message}
        quoted={extra.quoted ?? null}
        contactName="Carla"
        senderName={null}
        onRetry={extra.onRetry}
      />
    </QueryClientProvider>,
  );
  return { user };
}

describe("message rendering", () => {
  beforeEach(() => {
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:media-5"), revokeObjectURL: vi.fn() }));
    mockFetch({ "GET /api/v1/media/5": () => new Response("binary", { status: 200, headers: { "Content-Type": "application/octet-stream" } }) });
  });

  it("text: keeps line breaks and links only web addresses", () => {
    renderMessage(aMessage({ text: { body: "See https://example.com/a?b=1 or javascript:alert(1)\nbye" } }));
    const link = screen.getByRole("link", { name: "https://example.com/a?b=1" });
    expect(link).toHaveAttribute("href", "https://example.com/a?b=1");
    expect(link).toHaveAttribute("rel", expect.stringContaining("noopener"));
    expect(screen.queryByRole("link", { name: /javascript/ })).not.toBeInTheDocument();
    expect(screen.getByText(/bye/)).toBeInTheDocument();
  });

  it("image: fetched with the session into a blob URL, with its caption", async () => {
    renderMessage(aMessage({ type: "image", text: null, media: media({ caption: "My receipt" }) }));
    const image = await screen.findByRole("img", { name: "My receipt" });
    expect(image).toHaveAttribute("src", "blob:media-5");
    expect(screen.getByText("My receipt", { selector: "p" })).toBeInTheDocument();
  });

  it("video: a player", async () => {
    renderMessage(aMessage({ type: "video", text: null, media: media({ mime_type: "video/mp4" }) }));
    const video = await screen.findByLabelText("Video");
    expect(video.tagName).toBe("VIDEO");
    expect(video).toHaveAttribute("src", "blob:media-5");
  });

  it("audio and voice notes: a player, voice notes named as such", async () => {
    renderMessage(aMessage({ type: "audio", text: null, media: media({ voice: true, mime_type: "audio/ogg" }) }));
    const audio = await screen.findByLabelText("Voice message");
    expect(audio.tagName).toBe("AUDIO");
    expect(screen.getByText("🎤 Voice message")).toBeInTheDocument();
  });

  it("document: name, size and a download button", async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    const { user } = renderMessage(
      aMessage({
        type: "document",
        text: null,
        media: media({ filename: "invoice.pdf", mime_type: "application/pdf", size_bytes: 2048 }),
      }),
    );
    expect(screen.getByText("invoice.pdf")).toBeInTheDocument();
    expect(screen.getByText("application/pdf · 2.0 KB")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Download invoice.pdf" }));
    await vi.waitFor(() => {
      expect(click).toHaveBeenCalled();
    });
  });

  it("sticker: a small image", async () => {
    renderMessage(aMessage({ type: "sticker", text: null, media: media({ mime_type: "image/webp", animated: true }) }));
    expect(await screen.findByRole("img", { name: "Animated sticker" })).toHaveClass("message__sticker");
  });

  it("media still downloading or failed is shown as such", () => {
    renderMessage(aMessage({ id: 1, type: "image", text: null, media: media({ id: 6, status: "pending" }) }));
    expect(screen.getByText("Image is still downloading…")).toBeInTheDocument();
    renderMessage(
      aMessage({ id: 2, type: "video", text: null, media: media({ id: 7, status: "failed", error: "404 from Graph API" }) }),
    );
    expect(screen.getByText("Video could not be downloaded: 404 from Graph API")).toBeInTheDocument();
    renderMessage(aMessage({ id: 3, type: "document", text: null, media: media({ id: 8, status: "expired" }) }));
    expect(screen.getByText("Document was deleted under the retention policy.")).toBeInTheDocument();
  });

  it("media refused by the server shows the reason", async () => {
    mockFetch({
      "GET /api/v1/media/5": () =>
        problemResponse({ title: "Conflict", status: 409, code: "media_failed", detail: "download failed" }),
    });
    renderMessage(aMessage({ type: "image", text: null, media: media() }));
    expect(await screen.findByText("Image could not be loaded: download failed")).toBeInTheDocument();
  });

  it("location: name, coordinates and a map link", () => {
    renderMessage(
      aMessage({
        type: "location",
        text: null,
        location: { latitude: 52.370216, longitude: 4.895168, name: "Our shop", address: "Dam 1, Amsterdam" },
      }),
    );
    expect(screen.getByText("📍 Our shop")).toBeInTheDocument();
    expect(screen.getByText("Dam 1, Amsterdam")).toBeInTheDocument();
    expect(screen.getByText("52.37022, 4.89517")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open in map" })).toHaveAttribute(
      "href",
      expect.stringContaining("mlat=52.370216&mlon=4.895168"),
    );
  });

  it("contacts: one card per shared contact", () => {
    renderMessage(
      aMessage({
        type: "contacts",
        text: null,
        contacts: [
          loose({ name: { formatted_name: "Bob Baker" }, phones: [{ phone: "+1 555 0100", type: "WORK" }], emails: [{ email: "bob@example.com" }] }),
          loose({ name: { formatted_name: "Eve" }, phones: [] }),
        ],
      }),
    );
    const cards = within(screen.getByRole("list", { name: "Shared contacts" })).getAllByRole("listitem");
    expect(cards).toHaveLength(2);
    expect(cards[0]).toHaveTextContent("👤 Bob Baker");
    expect(cards[0]).toHaveTextContent("WORK: +1 555 0100");
    expect(cards[0]).toHaveTextContent("bob@example.com");
  });

  it("interactive: button and list replies with their titles", () => {
    renderMessage(
      aMessage({
        type: "interactive",
        text: null,
        interactive: loose({ type: "list_reply", list_reply: { id: "r1", title: "Tomorrow 10:00", description: "Morning slot" } }),
      }),
    );
    expect(screen.getByText("List reply")).toBeInTheDocument();
    expect(screen.getByText("Tomorrow 10:00")).toBeInTheDocument();
    expect(screen.getByText("Morning slot")).toBeInTheDocument();
  });

  it("button: the tapped quick reply", () => {
    renderMessage(aMessage({ type: "button", text: null, button: { text: "Yes, confirm", payload: "CONFIRM" } }));
    expect(screen.getByText("Button reply")).toBeInTheDocument();
    expect(screen.getByText("Yes, confirm")).toBeInTheDocument();
  });

  it("order: items and total", () => {
    renderMessage(
      aMessage({
        type: "order",
        text: null,
        order: loose({
          catalog_id: "c1",
          text: "Deliver after 5pm",
          product_items: [
            { product_retailer_id: "croissant", quantity: 2, item_price: 1.5, currency: "EUR" },
            { product_retailer_id: "baguette", quantity: 1, item_price: 2, currency: "EUR" },
          ],
        }),
      }),
    );
    expect(screen.getByText("🛒 Order (2 items)")).toBeInTheDocument();
    expect(screen.getByText("2 × croissant — 1.5 EUR")).toBeInTheDocument();
    expect(screen.getByText("Total: 5.00 EUR")).toBeInTheDocument();
    expect(screen.getByText("Deliver after 5pm")).toBeInTheDocument();
  });

  it("reactions are shown on their target", () => {
    renderMessage(aMessage({ reactions: [{ emoji: "👍", reactor: "contact", reacted_at: "2026-11-25T09:01:00Z" }] }));
    const reactions = screen.getByRole("list", { name: "Reactions" });
    expect(reactions).toHaveTextContent("👍 from Carla");
  });

  it("a reaction whose target is not loaded says what it reacted with", () => {
    renderMessage(aMessage({ type: "reaction", text: null, reaction: loose({ message_id: "wamid.old", emoji: "❤️" }) }));
    expect(screen.getByText("Reacted ❤️ to a message")).toBeInTheDocument();
  });

  it("edited and deleted messages are marked", () => {
    renderMessage(aMessage({ id: 1, edited: true, edited_at: "2026-11-25T09:05:00Z" }));
    expect(screen.getByText("Edited")).toBeInTheDocument();
    renderMessage(aMessage({ id: 2, deleted: true, text: null }));
    expect(screen.getByText("🚫 This message was deleted")).toBeInTheDocument();
  });

  it("unsupported and unknown types get a placeholder", () => {
    renderMessage(
      aMessage({
        id: 1,
        type: "unsupported",
        text: null,
        unsupported: loose({ type: "poll", errors: [{ code: 131051, title: "Message type unknown" }] }),
      }),
    );
    expect(screen.getByText(/This message \(poll\) can’t be shown here.*Message type unknown\./)).toBeInTheDocument();
    renderMessage(aMessage({ id: 2, type: "hologram", text: null }));
    expect(screen.getByText(/This message \(hologram\) can’t be shown here/)).toBeInTheDocument();
  });

  it("template, system and welcome messages", () => {
    renderMessage(
      aMessage({
        id: 1,
        direction: "outbound",
        type: "template",
        text: null,
        status: "sent",
        template: loose({ name: "order_ready", language: { code: "en_US" }, components: [{ type: "body", parameters: [{ type: "text", text: "A-1234" }] }] }),
      }),
    );
    expect(screen.getByText("Template “order_ready” (en_US)")).toBeInTheDocument();
    expect(screen.getByText("A-1234")).toBeInTheDocument();
    renderMessage(aMessage({ id: 2, type: "system", text: null, system: loose({ type: "user_changed_number", body: "Carla changed number" }) }));
    expect(screen.getByText("Carla changed number")).toBeInTheDocument();
    renderMessage(aMessage({ id: 3, type: "request_welcome", text: null }));
    expect(screen.getByText("The customer opened the chat for the first time.")).toBeInTheDocument();
  });

  it("reply-to quotes show the quoted message", () => {
    const quoted = aMessage({ id: 50, text: { body: "Do you deliver on Sundays?" } });
    renderMessage(
      aMessage({ id: 51, direction: "outbound", status: "read", context: { message_id: 50, forwarded: false, frequently_forwarded: false } }),
      { quoted },
    );
    expect(screen.getByRole("button", { name: /Reply to Carla: Do you deliver on Sundays\?/ })).toBeInTheDocument();
  });

  it("delivery ticks: pending, sent, delivered, read", () => {
    for (const [id, status, label] of [
      [1, "pending", "Sending"],
      [2, "sent", "Sent"],
      [3, "delivered", "Delivered"],
      [4, "read", "Read"],
    ] as const) {
      renderMessage(aMessage({ id, direction: "outbound", status }));
      expect(screen.getByRole("img", { name: label })).toHaveAttribute("data-status", status);
    }
  });

  it("failed messages show Meta's reason and a Retry button", async () => {
    const onRetry = vi.fn();
    const failed = aMessage({
      direction: "outbound",
      status: "failed",
      error: { code: 131047, title: "Re-engagement message", details: "More than 24 hours have passed" },
    });
    const { user } = renderMessage(failed, { onRetry });
    expect(screen.getByRole("img", { name: "Failed" })).toBeInTheDocument();
    expect(screen.getByRole("note")).toHaveTextContent(
      "Not delivered: Re-engagement message — More than 24 hours have passed (code 131047)",
    );
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledWith(failed);
  });
});
