export type StatusTone = "ok" | "warning" | "danger" | "neutral";

const OK_WORDS = new Set(["ok", "up", "pass", "passing", "healthy", "ready", "connected", "available"]);

/** Maps a status word reported by the server to a visual tone; unknown words get a warning. */
export function toneForStatus(status: string): StatusTone {
  return OK_WORDS.has(status.trim().toLowerCase()) ? "ok" : "warning";
}
