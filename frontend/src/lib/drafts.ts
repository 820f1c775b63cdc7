/**
 * Composer drafts, one per conversation, kept in localStorage so that neither a reload nor a
 * session that ends while typing loses them. Logging out clears them all.
 */
const PREFIX = "winmessages.draft.";

function storage(): Storage | null {
  try {
    return typeof window !== "undefined" ? window.localStorage : null;
  } catch {
    // Storage can be disabled (privacy settings); drafts then live only in the textbox.
    return null;
  }
}

export function loadDraft(conversationId: number): string {
  return storage()?.getItem(`${PREFIX}${conversationId}`) ?? "";
}

export function saveDraft(conversationId: number, text: string) {
  const store = storage();
  if (!store) return;
  try {
    if (text.trim() === "") store.removeItem(`${PREFIX}${conversationId}`);
    else store.setItem(`${PREFIX}${conversationId}`, text);
  } catch {
    // Quota exceeded: keeping the text on screen matters more than persisting it.
  }
}

export function clearDraft(conversationId: number) {
  storage()?.removeItem(`${PREFIX}${conversationId}`);
}

export function clearAllDrafts() {
  const store = storage();
  if (!store) return;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}
