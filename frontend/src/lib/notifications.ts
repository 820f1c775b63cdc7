import { useCallback, useSyncExternalStore } from "react";

/**
 * Desktop notifications for new customer messages. The browser's permission is asked only
 * when the person turns them on (a click), and a refusal is respected: the toggle then just
 * explains how to allow them in the browser.
 */

export type NotificationSetting = "unsupported" | "denied" | "off" | "on";

const STORAGE_KEY = "winmessages.notifications";
const listeners = new Set<() => void>();

function supported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

function wanted(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === "on";
  } catch {
    return false;
  }
}

/** Where notifications stand, from the browser's permission and the person's choice. */
export function notificationSetting(): NotificationSetting {
  if (!supported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  return Notification.permission === "granted" && wanted() ? "on" : "off";
}

function emit() {
  for (const listener of listeners) listener();
}

function remember(on: boolean) {
  try {
    if (on) localStorage.setItem(STORAGE_KEY, "on");
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

/** Turns notifications on; must run in a click handler (browsers ask only then). */
export async function enableNotifications(): Promise<NotificationSetting> {
  if (!supported()) return "unsupported";
  const permission = Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
  remember(permission === "granted");
  emit();
  return notificationSetting();
}

export function disableNotifications() {
  remember(false);
  emit();
}

export interface DesktopNotification {
  title: string;
  body: string;
  /** Notifications with the same tag replace each other (one per conversation). */
  tag: string;
  onClick?: () => void;
}

/** Shows a notification when they are on; returns whether one was shown. */
export function showNotification({ title, body, tag, onClick }: DesktopNotification): boolean {
  if (notificationSetting() !== "on") return false;
  try {
    const notification = new Notification(title, { body, tag, icon: "/favicon.svg" });
    notification.onclick = () => {
      window.focus();
      onClick?.();
      notification.close();
    };
    return true;
  } catch {
    // Some mobile browsers only allow notifications from a service worker.
    return false;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useNotificationSetting() {
  const setting = useSyncExternalStore(subscribe, notificationSetting, notificationSetting);
  const enable = useCallback(() => enableNotifications(), []);
  return { setting, enable, disable: disableNotifications };
}
