import { useSyncExternalStore } from "react";
import type { StreamStatus } from "./event-stream";

/**
 * Whether the inbox's event stream is connected. While it is, queries stop polling: the
 * stream keeps their caches current. While it is not, they fall back to slow polling.
 */
let status: StreamStatus = "closed";
const listeners = new Set<() => void>();

export function getLiveStatus(): StreamStatus {
  return status;
}

export function isLive(): boolean {
  return status === "open";
}

export function setLiveStatus(next: StreamStatus) {
  if (next === status) return;
  status = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useLiveStatus(): StreamStatus {
  return useSyncExternalStore(subscribe, getLiveStatus, getLiveStatus);
}

export function useIsLive(): boolean {
  return useLiveStatus() === "open";
}
