import { memo } from "react";
import { Link } from "react-router";
import { paths } from "@/config/paths";
import { formatListTime } from "@/lib/format";
import type { Conversation } from "@/types/api";
import { contactNumber, STATUS_LABELS } from "../utils/labels";
import { messageSummary } from "../utils/message-summary";

export interface ConversationListItemProps {
  conversation: Conversation;
  selected: boolean;
  /** Query string of the list's filters, kept when opening a conversation. */
  search: string;
  assigneeName: string | null;
  accountName: string | null;
}

/**
 * One row of the list. Memoised: while the list scrolls, rows already in view keep their
 * props and are not drawn again, only those coming into view are.
 */
export const ConversationListItem = memo(function ConversationListItem({
  conversation,
  selected,
  search,
  assigneeName,
  accountName,
}: ConversationListItemProps) {
  const { contact, last_message, unread_count, status } = conversation;
  const number = contactNumber(contact);
  const preview = last_message ? messageSummary(last_message) : "No messages yet";
  const outbound = last_message?.direction === "outbound";
  const time = conversation.last_message_at ?? conversation.created_at;
  return (
    <Link
      to={{ pathname: paths.conversation(conversation.id), search }}
      className={`conversation-item${unread_count > 0 ? " conversation-item--unread" : ""}`}
      aria-current={selected ? "page" : undefined}
      data-conversation-id={conversation.id}
    >
      <span className="conversation-item__top">
        <span className="conversation-item__name">{contact.display_name}</span>
        <time className="conversation-item__time" dateTime={time}>
          {formatListTime(time)}
        </time>
      </span>
      <span className="conversation-item__middle">
        <span className="conversation-item__preview">
          {outbound ? <span className="visually-hidden">You: </span> : null}
          {outbound ? <span aria-hidden="true">↩ </span> : null}
          {preview}
        </span>
        {unread_count > 0 ? (
          <span className="conversation-item__unread" aria-label={`${unread_count} unread`}>
            {unread_count > 99 ? "99+" : unread_count}
          </span>
        ) : null}
      </span>
      <span className="conversation-item__bottom">
        {number && number !== contact.display_name ? <span>{number}</span> : null}
        <span className={`conversation-item__status conversation-item__status--${status}`}>{STATUS_LABELS[status]}</span>
        <span>{assigneeName ? `→ ${assigneeName}` : "Unassigned"}</span>
        {accountName ? <span className="conversation-item__account">{accountName}</span> : null}
      </span>
    </Link>
  );
});
