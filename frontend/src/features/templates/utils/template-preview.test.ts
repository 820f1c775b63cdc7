import { describe, expect, it } from "vitest";
import { aTemplate, templateComponents } from "@/testing/fixtures";
import { fillPlaceholders, unsupportedReason } from "./template-layout";
import { templatePreview } from "./template-preview";
import { staleSince } from "./staleness";

describe("template preview", () => {
  it("replaces the placeholders that have a value and leaves the others visible", () => {
    expect(templatePreview(aTemplate(), { "body.1": "Carla" })).toEqual({
      header: null,
      body: "Hi Carla, your order {{2}} has shipped.",
      footer: null,
      buttons: [],
    });
    expect(fillPlaceholders("{{ first_name }} / {{order_id}} / {{1}}", (name) => ({ first_name: "Ana", order_id: "  " })[name])).toBe(
      "Ana / {{order_id}} / {{1}}",
    );
  });

  it("shows the header, footer and buttons, with the URL completed", () => {
    const template = aTemplate({
      components: templateComponents([
        { type: "HEADER", format: "TEXT", text: "Order {{1}}" },
        { type: "BODY", text: "Thanks {{1}}!" },
        { type: "FOOTER", text: "Acme Bakery" },
        { type: "BUTTONS", buttons: [{ type: "URL", text: "Track", url: "https://shop.example/t/{{1}}" }] },
      ]),
      parameters: { header: { format: "TEXT", placeholders: ["1"] }, body: { placeholders: ["1"] }, buttons: [{ index: 0, type: "URL", placeholders: ["1"] }] },
    });
    const preview = templatePreview(template, { "header.1": "A-1", "body.1": "Carla", "button 0.1": "A-1" });
    expect(preview.header).toEqual({ kind: "text", text: "Order A-1" });
    expect(preview.body).toBe("Thanks Carla!");
    expect(preview.footer).toBe("Acme Bakery");
    expect(preview.buttons).toEqual([
      { index: 0, type: "URL", text: "Track", url: "https://shop.example/t/{{1}}", phoneNumber: null, filledUrl: "https://shop.example/t/A-1" },
    ]);
  });

  it("a media header shows its kind and the link once typed", () => {
    const template = aTemplate({
      components: templateComponents([{ type: "HEADER", format: "DOCUMENT" }, { type: "BODY", text: "Your invoice." }]),
      parameters: { header: { format: "DOCUMENT", placeholders: [] }, body: { placeholders: [] }, buttons: [] },
    });
    expect(templatePreview(template, {}).header).toEqual({ kind: "media", format: "DOCUMENT", link: null });
    expect(templatePreview(template, { "header.link": " https://cdn.example/i.pdf " }).header).toEqual({
      kind: "media",
      format: "DOCUMENT",
      link: "https://cdn.example/i.pdf",
    });
  });
});

describe("templates the picker cannot send, and stale lists", () => {
  it("location headers and copy-code buttons are explained instead of failing later", () => {
    expect(unsupportedReason(aTemplate())).toBeNull();
    expect(
      unsupportedReason(aTemplate({ parameters: { header: { format: "LOCATION", placeholders: [] }, body: { placeholders: [] }, buttons: [] } })),
    ).toMatch(/location header/);
    expect(
      unsupportedReason(
        aTemplate({ parameters: { header: null, body: { placeholders: [] }, buttons: [{ index: 0, type: "COPY_CODE", placeholders: [] }] } }),
      ),
    ).toMatch(/copy-code button/);
  });

  it("a list synced more than a day ago is stale", () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    expect(staleSince([aTemplate({ synced_at: "2026-11-26T09:00:00Z" })], now)).toBeNull();
    expect(staleSince([aTemplate({ synced_at: "2026-11-24T09:00:00Z" }), aTemplate({ synced_at: "2026-11-25T09:00:00Z" })], now)).toBe(
      "2026-11-25T09:00:00Z",
    );
    expect(staleSince([], now)).toBeNull();
  });
});
