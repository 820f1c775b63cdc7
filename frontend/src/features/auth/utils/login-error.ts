import { ApiError, describeError } from "@/lib/api-client";
import { formatDuration } from "@/lib/format";

/** What to tell the person about a failed sign-in. */
export function loginErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      return error.retryAfter !== null
        ? `Too many attempts. Try again in ${formatDuration(error.retryAfter * 1000)}.`
        : "Too many attempts. Wait a moment and try again.";
    }
    if (error.status === 401) return error.problem?.detail ?? "The email or password is not correct.";
    if (error.status === 422) return "Check the highlighted fields.";
  }
  return describeError(error);
}
