import { ApiError, describeError } from "@/lib/api-client";
import { formatDateTime } from "@/lib/format";

/** Why a reply was refused, in words for the agent; the draft is kept in every case. */
export function describeSendError(error: unknown): string {
  if (!(error instanceof ApiError)) return describeError(error);
  const problem = error.problem;
  if (error.code === "window_closed") {
    const end = (problem as Record<string, unknown> | null)?.window_expires_at;
    const since = typeof end === "string" ? ` (it closed ${formatDateTime(end)})` : "";
    return `The 24-hour window is closed${since}: only a template can be sent until the customer writes again.`;
  }
  const fields = (problem?.errors ?? []).map((field) => field.message).filter((message) => message !== "");
  const base = problem?.detail ?? problem?.title ?? error.message;
  return fields.length > 0 && !fields.every((field) => base.includes(field)) ? `${base} (${fields.join("; ")})` : base;
}
