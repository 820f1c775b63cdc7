import type { AccessGrant } from "@/types/api";
import type { NewAccessGrant } from "../api/access-grants";

export const MIN_HOURS = 1;
export const MAX_HOURS = 72;
export const MAX_REASON_LENGTH = 500;

/** The form as typed; `hours` is the text of its field. */
export interface GrantFormValues {
  hours: string;
  reason: string;
}

export const EMPTY_GRANT_FORM: GrantFormValues = { hours: "4", reason: "" };

export type GrantFormErrors = Partial<Record<keyof GrantFormValues, string>>;

/** Checks made before asking the server, with the server's own limits. */
export function validateGrant(values: GrantFormValues): GrantFormErrors {
  const errors: GrantFormErrors = {};
  const hours = Number(values.hours.trim());
  if (!/^\d+$/.test(values.hours.trim()) || hours < MIN_HOURS || hours > MAX_HOURS) {
    errors.hours = `Enter a whole number of hours from ${MIN_HOURS} to ${MAX_HOURS}.`;
  }
  const reason = values.reason.trim();
  if (reason === "") errors.reason = "Say why staff need access, e.g. the support ticket.";
  else if (reason.length > MAX_REASON_LENGTH) errors.reason = `At most ${MAX_REASON_LENGTH} characters.`;
  return errors;
}

/** The request body for valid values. */
export function toNewAccessGrant(values: GrantFormValues): NewAccessGrant {
  return { hours: Number(values.hours.trim()), reason: values.reason.trim() };
}

export type GrantStatus = "active" | "expired" | "revoked";

/** Revoked wins over expired: a grant revoked before its end says so. */
export function grantStatus(grant: AccessGrant): GrantStatus {
  if (grant.revoked_at != null) return "revoked";
  return grant.active ? "active" : "expired";
}
