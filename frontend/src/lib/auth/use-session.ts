import { useSyncExternalStore } from "react";
import { getSessionState, subscribeSession, type Role, type SessionState, type User } from "./session-store";

export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, getSessionState, getSessionState);
}

/** The signed-in user; only for components rendered behind the session guard. */
export function useCurrentUser(): User {
  const session = useSession();
  if (session.status !== "signed-in") throw new Error("useCurrentUser needs a signed-in session");
  return session.user;
}

export function isOrgAdmin(role: Role): boolean {
  return role === "org_admin";
}

export function isPlatformAdmin(role: Role): boolean {
  return role === "platform_admin";
}

/** Agents and org admins work the inbox; platform admins belong to no organization. */
export function worksInbox(role: Role): boolean {
  return role !== "platform_admin";
}
