import type { components } from "@/lib/api/schema";

export type User = components["schemas"]["User"];
export type Role = components["schemas"]["Role"];
export type TokenResponse = components["schemas"]["TokenResponse"];

/**
 * Where the browser's sign-in stands.
 * - `unknown`: the page just loaded; a refresh (with the httpOnly cookie) will tell.
 * - `signed-out`: `reason` says why, so the login page can explain a session that ended.
 */
export type SessionState =
  | { status: "unknown" }
  | { status: "signed-in"; user: User }
  | { status: "signed-out"; reason: "none" | "expired" | "logged-out" };

interface AccessToken {
  value: string;
  /** Epoch milliseconds after which the server refuses the token. */
  expiresAt: number;
}

type Listener = () => void;

/**
 * The access token lives in this module's memory only (never in storage), so a script
 * injected into the page cannot read it from `localStorage`, and a reload asks the server
 * again through the refresh cookie.
 */
let token: AccessToken | null = null;
let state: SessionState = { status: "unknown" };
const listeners = new Set<Listener>();

function emit() {
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function getSessionState(): SessionState {
  return state;
}

export function getAccessToken(): string | null {
  return token?.value ?? null;
}

/** Milliseconds until the access token expires, or null without a token. */
export function accessTokenLifetimeLeft(now = Date.now()): number | null {
  return token ? token.expiresAt - now : null;
}

export function startSession(response: TokenResponse, now = Date.now()) {
  token = { value: response.access_token, expiresAt: now + response.expires_in * 1000 };
  state = { status: "signed-in", user: response.user };
  emit();
}

export function updateSessionUser(user: User) {
  if (state.status !== "signed-in") return;
  state = { status: "signed-in", user };
  emit();
}

export function endSession(reason: "none" | "expired" | "logged-out") {
  token = null;
  state = { status: "signed-out", reason };
  emit();
}

/** Back to the state of a fresh page load (tests). */
export function resetSession() {
  token = null;
  state = { status: "unknown" };
  emit();
}
