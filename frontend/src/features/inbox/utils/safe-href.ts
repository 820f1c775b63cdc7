const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** Only web and mail links become clickable; anything else (javascript:, data:) stays text. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return SAFE_PROTOCOLS.has(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}
