import type { RetentionPeriod, RetentionPeriods } from "@/types/api";

/** The data types the purge deletes, in the order the page lists them. */
export const DATA_TYPES = ["messages", "media", "webhook_payloads", "api_calls", "access_logs", "audit_log"] as const;
export type DataType = (typeof DATA_TYPES)[number];

export const MIN_DAYS = 1;
export const MAX_DAYS = 36_500;

export const DATA_TYPE_LABELS: Record<DataType, { label: string; help: string }> = {
  messages: {
    label: "Messages",
    help: "Messages with their reactions, edits and delivery state. A conversation left without messages is deleted with its last one, and so is a contact left without conversations.",
  },
  media: {
    label: "Media files",
    help: "Images, videos, audio and documents. The message itself stays and shows that its file has expired.",
  },
  webhook_payloads: {
    label: "Webhook payloads",
    help: "The raw events WhatsApp sent, kept for troubleshooting. Events not processed yet are never deleted.",
  },
  api_calls: {
    label: "WhatsApp API calls",
    help: "The log of calls to the WhatsApp Cloud API with their bodies (Technical logs).",
  },
  access_logs: {
    label: "Access logs",
    help: "The log of requests made to this organization's API.",
  },
  audit_log: {
    label: "Audit log",
    help: "Who changed what in the organization: members, numbers, keys, contacts and these settings.",
  },
};

/** What the form offers per data type: the platform's default, forever, or a number of days. */
export type RetentionChoice = "default" | "keep" | "days";

export interface RetentionFieldValue {
  choice: RetentionChoice;
  /** The number of days as typed; used when `choice` is `days`. */
  days: string;
}

export type RetentionFormValues = Record<DataType, RetentionFieldValue>;
export type RetentionFormErrors = Partial<Record<DataType, string>>;

function fieldValue(period: RetentionPeriod | null | undefined): RetentionFieldValue {
  if (period === null || period === undefined) return { choice: "default", days: "" };
  if (period === "keep") return { choice: "keep", days: "" };
  return { choice: "days", days: String(period) };
}

/** The form's starting values from the organization's own settings. */
export function toFormValues(settings: RetentionPeriods): RetentionFormValues {
  return Object.fromEntries(DATA_TYPES.map((type) => [type, fieldValue(settings[type])])) as RetentionFormValues;
}

/** A whole number of days in range, or null. */
export function parseDays(input: string): number | null {
  const trimmed = input.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const days = Number(trimmed);
  return days >= MIN_DAYS && days <= MAX_DAYS ? days : null;
}

export function validateRetention(values: RetentionFormValues): RetentionFormErrors {
  const errors: RetentionFormErrors = {};
  for (const type of DATA_TYPES) {
    const value = values[type];
    if (value.choice !== "days") continue;
    if (value.days.trim() === "") errors[type] = "Enter a number of days.";
    else if (parseDays(value.days) === null) {
      errors[type] = `Enter a whole number of days from ${MIN_DAYS} to ${MAX_DAYS.toLocaleString("en-US")}.`;
    }
  }
  return errors;
}

/** The `PUT` body for valid values: every type is sent, `null` for the platform default. */
export function toRetentionPeriods(values: RetentionFormValues): RetentionPeriods {
  const periods: RetentionPeriods = {};
  for (const type of DATA_TYPES) {
    const value = values[type];
    periods[type] = value.choice === "default" ? null : value.choice === "keep" ? "keep" : parseDays(value.days);
  }
  return periods;
}

/** A period in words: "1 day", "400 days", "Kept forever". */
export function describePeriod(period: RetentionPeriod | null | undefined): string {
  if (period === null || period === undefined) return "—";
  if (period === "keep") return "Kept forever";
  return period === 1 ? "1 day" : `${period.toLocaleString("en-US")} days`;
}

/** The label of the "platform default" option, e.g. "Platform default (365 days)". */
export function defaultChoiceLabel(period: RetentionPeriod | null | undefined): string {
  if (period === "keep") return "Platform default (keep forever)";
  if (period === null || period === undefined) return "Platform default";
  return `Platform default (${describePeriod(period)})`;
}
