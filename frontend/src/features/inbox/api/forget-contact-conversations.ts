import type { QueryClient } from "@tanstack/react-query";
import type { ConversationPage } from "@/types/api";
import { conversationKey } from "./get-conversation";
import { conversationListsKey } from "./get-conversations";
import { messagesKey } from "./get-messages";

interface InfinitePages {
  pages: ConversationPage[];
  pageParams: unknown[];
}

/**
 * Drops an erased contact's conversations from every cached list, with their details and
 * threads: the server no longer has them, and no event announces an erasure.
 */
export function forgetContactConversations(client: QueryClient, contactId: number) {
  const gone = new Set<number>();
  client.setQueriesData<InfinitePages>({ queryKey: conversationListsKey }, (data) => {
    if (!data) return data;
    const pages = data.pages.map((page) => {
      const items = page.items.filter((item) => {
        if (item.contact.id !== contactId) return true;
        gone.add(item.id);
        return false;
      });
      return items.length === page.items.length ? page : { ...page, items };
    });
    return pages.every((page, index) => page === data.pages[index]) ? data : { ...data, pages };
  });
  for (const query of client.getQueryCache().findAll({ queryKey: ["conversations", "detail"] })) {
    const conversation = query.state.data as { id: number; contact: { id: number } } | undefined;
    if (conversation?.contact.id === contactId) gone.add(conversation.id);
  }
  for (const id of gone) {
    client.removeQueries({ queryKey: conversationKey(id), exact: true });
    client.removeQueries({ queryKey: messagesKey(id), exact: true });
  }
}
