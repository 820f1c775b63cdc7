import { describe, expect, it } from "vitest";
import { aConversation } from "@/testing/fixtures";
import { createTestQueryClient } from "@/testing/test-utils";
import { conversationKey } from "./get-conversation";
import { conversationListsKey } from "./get-conversations";
import { messagesKey } from "./get-messages";
import { forgetContactConversations } from "./forget-contact-conversations";

const carla = { id: 11, display_name: "Carla" };
const dave = { id: 12, display_name: "Dave" };

describe("forgetContactConversations", () => {
  it("takes the contact's conversations out of every list, with their details and threads", () => {
    const client = createTestQueryClient();
    const mine = aConversation({ id: 1, contact: carla });
    const other = aConversation({ id: 2, contact: dave });
    const onOtherNumber = aConversation({ id: 3, account_id: 2, contact: carla });
    const open = { pages: [{ items: [mine, other], next_cursor: "c" }, { items: [onOtherNumber], next_cursor: null }], pageParams: [null, "c"] };
    const daves = { pages: [{ items: [other], next_cursor: null }], pageParams: [null] };
    client.setQueryData([...conversationListsKey, { status: "open" }], open);
    client.setQueryData([...conversationListsKey, { q: "dave" }], daves);
    client.setQueryData(conversationKey(1), mine);
    client.setQueryData(conversationKey(2), other);
    client.setQueryData(messagesKey(1), { pages: [], pageParams: [] });

    forgetContactConversations(client, 11);

    expect(client.getQueryData([...conversationListsKey, { status: "open" }])).toEqual({
      pages: [{ items: [other], next_cursor: "c" }, { items: [], next_cursor: null }],
      pageParams: [null, "c"],
    });
    // A list without them is left as it was (no re-render).
    expect(client.getQueryData([...conversationListsKey, { q: "dave" }])).toBe(daves);
    expect(client.getQueryData(conversationKey(1))).toBeUndefined();
    expect(client.getQueryData(messagesKey(1))).toBeUndefined();
    expect(client.getQueryData(conversationKey(2))).toBe(other);
  });
});
