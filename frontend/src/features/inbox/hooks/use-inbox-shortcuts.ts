import { useEffect, useRef } from "react";

export interface InboxShortcuts {
  /** j */
  next: () => void;
  /** k */
  previous: () => void;
  /** / */
  focusSearch: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Keyboard shortcuts of the inbox; ignored while typing or with modifier keys. */
export function useInboxShortcuts(shortcuts: InboxShortcuts) {
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      if (document.querySelector("[role=dialog], [role=alertdialog]")) return;
      if (event.key === "j") latest.current.next();
      else if (event.key === "k") latest.current.previous();
      else if (event.key === "/") latest.current.focusSearch();
      else return;
      event.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
    };
  }, []);
}
