import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import { Spinner } from "@/components/ui/spinner";
import type { Conversation } from "@/types/api";
import { ConversationListItem } from "./conversation-list-item";
import "./conversation-list.css";

/** Fixed row height: fixed sizes keep scrolling through thousands of rows cheap. */
export const CONVERSATION_ROW_HEIGHT = 84;

export interface ConversationListProps {
  conversations: Conversation[];
  selectedId: number | null;
  search: string;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  assigneeName: (userId: number) => string | null;
  accountName: (accountId: number) => string | null;
}

/** The inbox list, virtualised: only the rows in view (and a few more) are in the DOM. */
export function ConversationList({
  conversations,
  selectedId,
  search,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  assigneeName,
  accountName,
}: ConversationListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = conversations.length + (hasNextPage ? 1 : 0);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => CONVERSATION_ROW_HEIGHT,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= conversations.length - 1) fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, lastIndex, conversations.length, fetchNextPage]);

  // Keep the selected conversation in view (j/k, opening from a link).
  const selectedIndex = conversations.findIndex((c) => c.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, virtualizer]);

  return (
    <div className="conversation-list" ref={scroller}>
      <ul
        aria-label="Conversations"
        className="conversation-list__rows"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {rows.map((row) => {
          const conversation = conversations[row.index];
          return (
            <li
              key={conversation?.id ?? "loader"}
              className="conversation-list__row"
              style={{ height: row.size, transform: `translateY(${row.start}px)` }}
              aria-setsize={hasNextPage ? -1 : conversations.length}
              aria-posinset={row.index + 1}
            >
              {conversation ? (
                <ConversationListItem
                  conversation={conversation}
                  selected={conversation.id === selectedId}
                  search={search}
                  assigneeName={conversation.assignee_id != null ? assigneeName(conversation.assignee_id) : null}
                  accountName={accountName(conversation.account_id)}
                />
              ) : (
                <div className="conversation-list__loader">
                  {isFetchingNextPage ? <Spinner label="Loading more conversations…" /> : null}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
