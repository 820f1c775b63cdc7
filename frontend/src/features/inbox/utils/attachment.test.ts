import { describe, expect, it } from "vitest";
import { checkAttachment, fileMimeType, takesCaption } from "./attachment";

const KB = 1024;
const MB = 1024 * KB;
const file = (name: string, type: string, size: number) => ({ name, type, size });

describe("attachment rules (the server's)", () => {
  it("sends each accepted type as its WhatsApp kind", () => {
    expect(checkAttachment(file("a.jpg", "image/jpeg", MB))).toEqual({ ok: true, kind: "image", mimeType: "image/jpeg" });
    expect(checkAttachment(file("a.png", "image/png", MB))).toMatchObject({ kind: "image" });
    expect(checkAttachment(file("a.mp4", "video/mp4", MB))).toMatchObject({ kind: "video" });
    expect(checkAttachment(file("a.3gp", "video/3gpp", MB))).toMatchObject({ kind: "video" });
    for (const type of ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"]) {
      expect(checkAttachment(file("a", type, MB))).toMatchObject({ kind: "audio" });
    }
    expect(checkAttachment(file("a.webp", "image/webp", 100 * KB))).toMatchObject({ kind: "sticker" });
    expect(checkAttachment(file("a.pdf", "application/pdf", MB))).toMatchObject({ kind: "document" });
    expect(checkAttachment(file("a.txt", "text/plain", 10))).toMatchObject({ kind: "document" });
    expect(
      checkAttachment(file("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", MB)),
    ).toMatchObject({ kind: "document" });
  });

  it("applies each kind's size limit, inclusive", () => {
    expect(checkAttachment(file("a.jpg", "image/jpeg", 5 * MB)).ok).toBe(true);
    expect(checkAttachment(file("big.jpg", "image/jpeg", 5 * MB + 1))).toEqual({
      ok: false,
      reason: "“big.jpg” is 5.0 MB; WhatsApp accepts images up to 5.0 MB.",
    });
    expect(checkAttachment(file("a.mp4", "video/mp4", 16 * MB + 1)).ok).toBe(false);
    expect(checkAttachment(file("a.ogg", "audio/ogg", 16 * MB)).ok).toBe(true);
    expect(checkAttachment(file("a.webp", "image/webp", 500 * KB + 1)).ok).toBe(false);
    expect(checkAttachment(file("a.pdf", "application/pdf", 100 * MB)).ok).toBe(true);
    expect(checkAttachment(file("a.pdf", "application/pdf", 100 * MB + 1)).ok).toBe(false);
  });

  it("refuses other types and empty files, naming what is accepted", () => {
    const gif = checkAttachment(file("party.gif", "image/gif", KB));
    expect(gif.ok).toBe(false);
    expect(!gif.ok && gif.reason).toMatch(/^“party.gif” cannot be sent on WhatsApp\. Accepted: Images \(JPEG, PNG\);/);
    expect(checkAttachment(file("setup.exe", "application/x-msdownload", KB)).ok).toBe(false);
    expect(checkAttachment(file("empty.pdf", "application/pdf", 0))).toEqual({ ok: false, reason: "“empty.pdf” is empty." });
  });

  it("guesses the type from the extension when the browser gives none, and drops parameters", () => {
    expect(fileMimeType(file("voice.amr", "", 1))).toBe("audio/amr");
    expect(fileMimeType(file("Report.PDF", "application/octet-stream", 1))).toBe("application/pdf");
    expect(fileMimeType(file("note.ogg", "audio/ogg; codecs=opus", 1))).toBe("audio/ogg");
    expect(fileMimeType(file("noextension", "", 1))).toBe("");
  });

  it("captions go with images, videos and documents only", () => {
    expect(["image", "video", "document"].every((kind) => takesCaption(kind as "image"))).toBe(true);
    expect(takesCaption("audio")).toBe(false);
    expect(takesCaption("sticker")).toBe(false);
  });
});
