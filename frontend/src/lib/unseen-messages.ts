import { useSyncExternalStore } from "react";

/**
 * New inbound messages that arrived while the tab was hidden: shown as "(3) …" in the tab
 * title, cleared as soon as the tab is visible again.
 */

/** The count after `arrived` new inbound messages, given whether the tab is hidden. */
export function countUnseen(count: number, arrived: number, hidden: boolean): number {
  return hidden ? count + Math.max(0, arrived) : 0;
}

/** The page title with the count in front, as mail and chat apps show it. */
export function titleWithBadge(title: string, count: number): string {
  if (count <= 0) return title;
  return `(${count > 99 ? "99+" : String(count)}) ${title}`;
}

let unseen = 0;
const listeners = new Set<() => void>();

function set(next: number) {
  if (next === unseen) return;
  unseen = next;
  for (const listener of listeners) listener();
}

function isHidden(): boolean {
  return typeof document !== "undefined" && document.visibilityState === "hidden";
}

/** Counts messages that arrived; nothing while the person is looking at the tab. */
export function noteInboundMessages(arrived: number) {
  set(countUnseen(unseen, arrived, isHidden()));
}

/** Clears the count when the tab becomes visible (call once at start-up). */
export function watchVisibility(): () => void {
  const onChange = () => {
    if (!isHidden()) set(0);
  };
  document.addEventListener("visibilitychange", onChange);
  return () => {
    document.removeEventListener("visibilitychange", onChange);
  };
}

export function getUnseenCount(): number {
  return unseen;
}

/** Back to zero (tests, logout). */
export function resetUnseen() {
  set(0);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useUnseenCount(): number {
  return useSyncExternalStore(subscribe, getUnseenCount, getUnseenCount);
}
