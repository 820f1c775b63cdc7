import type { paths } from "@/lib/api/schema";
import { CONVERSATION_STATUSES, type Conversation, type ConversationStatus } from "@/types/api";

export type AssigneeView = "all" | "mine" | "unassigned";

export interface ConversationFilters {
  view: AssigneeView;
  status: ConversationStatus | "all";
  accountId: number | null;
  unreadOnly: boolean;
  /** Matched on the client against the loaded conversations (name, number, preview). */
  search: string;
}

export type ConversationListQuery = NonNullable<paths["/api/v1/conversations"]["get"]["parameters"]["query"]>;

export const DEFAULT_FILTERS: ConversationFilters = {
  view: "all",
  status: "open",
  accountId: null,
  unreadOnly: false,
  search: "",
};

const VIEWS: readonly AssigneeView[] = ["all", "mine", "unassigned"];

function isStatus(value: string): value is ConversationStatus {
  return (CONVERSATION_STATUSES as readonly string[]).includes(value);
}

/** Filters as kept in the inbox URL (`?view=mine&status=pending&account=2&unread=1&q=ana`). */
export function filtersFromSearchParams(params: URLSearchParams): ConversationFilters {
  const view = params.get("view") ?? DEFAULT_FILTERS.view;
  const status = params.get("status") ?? DEFAULT_FILTERS.status;
  const account = Number(params.get("account"));
  return {
    view: (VIEWS as readonly string[]).includes(view) ? (view as AssigneeView) : DEFAULT_FILTERS.view,
    status: status === "all" || isStatus(status) ? status : DEFAULT_FILTERS.status,
    accountId: Number.isInteger(account) && account > 0 ? account : null,
    unreadOnly: params.get("unread") === "1",
    search: params.get("q") ?? "",
  };
}

/** The inverse of `filtersFromSearchParams`; defaults are left out to keep URLs short. */
export function filtersToSearchParams(filters: ConversationFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.view !== DEFAULT_FILTERS.view) params.set("view", filters.view);
  if (filters.status !== DEFAULT_FILTERS.status) params.set("status", filters.status);
  if (filters.accountId !== null) params.set("account", String(filters.accountId));
  if (filters.unreadOnly) params.set("unread", "1");
  if (filters.search !== "") params.set("q", filters.search);
  return params;
}

/** Query parameters of `GET /conversations` for the server-side filters. */
export function conversationQueryParams(filters: ConversationFilters): ConversationListQuery {
  const query: ConversationListQuery = {};
  if (filters.status !== "all") query.status = filters.status;
  if (filters.view === "mine") query.assignee_id = "me";
  if (filters.view === "unassigned") query.assignee_id = "none";
  if (filters.accountId !== null) query.account_id = filters.accountId;
  if (filters.unreadOnly) query.unread = true;
  return query;
}

function normalise(value: string): string {
  return value.normalize("NFKD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

/** Whether a conversation matches the search box: name, profile name, number or last text. */
export function matchesSearch(conversation: Conversation, search: string): boolean {
  const needle = normalise(search.trim());
  if (needle === "") return true;
  const { contact, last_message } = conversation;
  const digits = needle.replace(/[\s+()-]/g, "");
  const haystack = [
    contact.display_name,
    contact.name,
    contact.profile_name,
    contact.username,
    last_message?.text?.body,
    last_message?.media?.caption,
  ];
  if (haystack.some((value) => value != null && normalise(value).includes(needle))) return true;
  if (!/^\d+$/.test(digits)) return false;
  return [contact.phone_number, contact.wa_id].some(
    (value) => value?.replace(/\D/g, "").includes(digits) ?? false,
  );
}
