import { formatBytes } from "@/lib/format";

/** The kinds of media message a file can be sent as. */
export type AttachmentKind = "image" | "video" | "audio" | "sticker" | "document";

const KB = 1024;
const MB = 1024 * 1024;

interface MediaRule {
  kind: AttachmentKind;
  label: string;
  /** How the size limit names the kind. */
  noun: string;
  types: readonly string[];
  maxBytes: number;
}

/** WhatsApp's types and size limits, the same the server checks (`POST /media`). */
export const MEDIA_RULES: readonly MediaRule[] = [
  { kind: "image", noun: "images", label: "Images (JPEG, PNG)", types: ["image/jpeg", "image/png"], maxBytes: 5 * MB },
  { kind: "video", noun: "videos", label: "Videos (MP4, 3GPP)", types: ["video/mp4", "video/3gpp"], maxBytes: 16 * MB },
  {
    kind: "audio",
    noun: "audio files",
    label: "Audio (AAC, AMR, MP3, MP4, OGG)",
    types: ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"],
    maxBytes: 16 * MB,
  },
  { kind: "sticker", noun: "stickers", label: "Stickers (WebP)", types: ["image/webp"], maxBytes: 500 * KB },
  {
    kind: "document",
    noun: "documents",
    label: "Documents (PDF, text, Office)",
    types: [
      "application/pdf",
      "text/plain",
      "application/msword",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.ms-excel",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.ms-powerpoint",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ],
    maxBytes: 100 * MB,
  },
];

/** Browsers leave `File.type` empty for some of these; the extension then decides. */
const TYPE_BY_EXTENSION: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  mp4: "video/mp4",
  "3gp": "video/3gpp",
  aac: "audio/aac",
  amr: "audio/amr",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  opus: "audio/ogg",
  pdf: "application/pdf",
  txt: "text/plain",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

/** The `accept` attribute of the file picker. */
export const ACCEPTED_TYPES = [...MEDIA_RULES.flatMap((rule) => rule.types), ...Object.keys(TYPE_BY_EXTENSION).map((e) => `.${e}`)].join(",");

/** Captions exist for these kinds only (WhatsApp ignores them elsewhere). */
export function takesCaption(kind: AttachmentKind): boolean {
  return kind === "image" || kind === "video" || kind === "document";
}

export const MAX_CAPTION_LENGTH = 1024;

export type AttachmentCheck =
  | { ok: true; kind: AttachmentKind; mimeType: string }
  | { ok: false; reason: string };

/** The MIME type of a file: its own (parameters dropped), else guessed from the name. */
export function fileMimeType(file: Pick<File, "name" | "type">): string {
  const own = file.type.split(";")[0]?.trim().toLowerCase() ?? "";
  if (own !== "" && own !== "application/octet-stream") return own;
  const extension = file.name.includes(".") ? (file.name.split(".").pop()?.toLowerCase() ?? "") : "";
  return TYPE_BY_EXTENSION[extension] ?? own;
}

/** Whether WhatsApp accepts the file, and as what; the reason when it does not. */
export function checkAttachment(file: Pick<File, "name" | "type" | "size">): AttachmentCheck {
  const mimeType = fileMimeType(file);
  const rule = MEDIA_RULES.find((candidate) => candidate.types.includes(mimeType));
  if (!rule) {
    const accepted = MEDIA_RULES.map((r) => r.label).join("; ");
    return { ok: false, reason: `“${file.name}” cannot be sent on WhatsApp. Accepted: ${accepted}.` };
  }
  if (file.size === 0) return { ok: false, reason: `“${file.name}” is empty.` };
  if (file.size > rule.maxBytes) {
    return {
      ok: false,
      reason: `“${file.name}” is ${formatBytes(file.size)}; WhatsApp accepts ${rule.noun} up to ${formatBytes(rule.maxBytes)}.`,
    };
  }
  return { ok: true, kind: rule.kind, mimeType };
}
