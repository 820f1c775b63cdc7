import { describe, expect, it } from "vitest";
import { aConversation, aMessage } from "@/testing/fixtures";
import {
  conversationQueryParams,
  DEFAULT_FILTERS,
  filtersFromSearchParams,
  filtersToSearchParams,
  matchesSearch,
} from "./filters";

describe("conversation filters", () => {
  it("map to the query parameters of GET /conversations", () => {
    expect(conversationQueryParams(DEFAULT_FILTERS)).toEqual({ status: "open" });
    expect(
      conversationQueryParams({ view: "mine", status: "pending", accountId: 3, unreadOnly: true, search: "x" }),
    ).toEqual({ assignee_id: "me", status: "pending", account_id: 3, unread: true });
    expect(conversationQueryParams({ ...DEFAULT_FILTERS, view: "unassigned", status: "all" })).toEqual({
      assignee_id: "none",
    });
  });

  it("round-trip through the URL, leaving defaults out", () => {
    const filters = { view: "mine", status: "resolved", accountId: 2, unreadOnly: true, search: "ana" } as const;
    const params = filtersToSearchParams(filters);
    expect(params.toString()).toBe("view=mine&status=resolved&account=2&unread=1&q=ana");
    expect(filtersFromSearchParams(params)).toEqual(filters);
    expect(filtersToSearchParams(DEFAULT_FILTERS).toString()).toBe("");
  });

  it("ignore invalid URL values", () => {
    expect(filtersFromSearchParams(new URLSearchParams("view=boss&status=zzz&account=-1&unread=yes"))).toEqual(
      DEFAULT_FILTERS,
    );
  });

  it("search names without accents and numbers without formatting", () => {
    const conversation = aConversation({
      contact: { id: 1, display_name: "José Núñez", phone_number: "+31 6 1234 5678", wa_id: "31612345678" },
      last_message: aMessage({ text: { body: "Where is my order?" } }),
    });
    expect(matchesSearch(conversation, "jose")).toBe(true);
    expect(matchesSearch(conversation, "612 345")).toBe(true);
    expect(matchesSearch(conversation, "ORDER")).toBe(true);
    expect(matchesSearch(conversation, "maria")).toBe(false);
    expect(matchesSearch(conversation, "  ")).toBe(true);
  });
});
