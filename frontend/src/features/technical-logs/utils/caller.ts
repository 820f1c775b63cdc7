import type { AccessLogEntry } from "@/types/api";

/** A member of the organization, as the access log names them. */
export interface AccessLogMember {
  id: number;
  name: string;
  email: string;
}

/** An API key of the organization, as offered in the caller filter. */
export interface AccessLogApiKey {
  id: number;
  name: string;
}

export type Caller =
  | { kind: "member"; name: string; email: string }
  | { kind: "user"; label: string }
  | { kind: "api_key"; label: string }
  | { kind: "anonymous" };

/** Who made a request: a member by name when the page knows them, else the id. */
export function describeCaller(entry: AccessLogEntry, members: ReadonlyMap<number, AccessLogMember>): Caller {
  if (entry.user_id != null) {
    const member = members.get(entry.user_id);
    return member ? { kind: "member", name: member.name, email: member.email } : { kind: "user", label: `User #${entry.user_id}` };
  }
  if (entry.api_key_id != null) return { kind: "api_key", label: `API key #${entry.api_key_id}` };
  return { kind: "anonymous" };
}
