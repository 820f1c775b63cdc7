import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { Button } from "@/components/ui/button";
import { paths } from "@/config/paths";
import { describeError } from "@/lib/api-client";
import type { Conversation, Message, User } from "@/types/api";
import { useMarkRead } from "../api/mark-read";
import { useSendMessage } from "../api/send-message";
import { contactNumber } from "../utils/labels";
import { Composer } from "./composer";
import { ConversationActions } from "./conversation-actions";
import { MessageThread } from "./message-thread";
import "./conversation-view.css";

export interface ConversationViewProps {
  conversation: Conversation;
  members: User[];
  currentUserId: number;
  accountName: string | null;
  /** Search string of the inbox filters, for the "back" link on narrow screens. */
  listSearch: string;
  contactPanelId: string;
  contactPanelOpen: boolean;
  onToggleContactPanel: () => void;
}

export function ConversationView({
  conversation,
  members,
  currentUserId,
  accountName,
  listSearch,
  contactPanelId,
  contactPanelOpen,
  onToggleContactPanel,
}: ConversationViewProps) {
  const { contact } = conversation;
  const markRead = useMarkRead();
  const retry = useSendMessage();
  const number = contactNumber(contact);
  const membersById = new Map(members.map((member) => [member.id, member.name]));

  // Opening a conversation with unread messages reads them, as in WhatsApp itself.
  const markedFor = useRef<number | null>(null);
  const { mutate: markAsRead } = markRead;
  useEffect(() => {
    if (conversation.unread_count > 0 && markedFor.current !== conversation.id) {
      markedFor.current = conversation.id;
      markAsRead(conversation.id);
    }
  }, [conversation.id, conversation.unread_count, markAsRead]);

  const onRetry = (message: Message) => {
    const body = message.text?.body;
    if (message.type !== "text" || !body) return;
    retry.mutate({ conversationId: conversation.id, message: { type: "text", text: { body } } });
  };

  return (
    <section className="conversation-view" aria-labelledby="conversation-title">
      <header className="conversation-view__header">
        <Link to={{ pathname: paths.inbox, search: listSearch }} className="conversation-view__back">
          <span aria-hidden="true">←</span> <span>Back to conversations</span>
        </Link>
        <div className="conversation-view__who">
          <h2 id="conversation-title" className="conversation-view__title">
            {contact.display_name}
          </h2>
          <p className="conversation-view__subtitle muted">
            {[number !== contact.display_name ? number : null, accountName ? `via ${accountName}` : null]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </div>
        <Button
          size="small"
          aria-expanded={contactPanelOpen}
          aria-controls={contactPanelId}
          onClick={onToggleContactPanel}
        >
          Contact details
        </Button>
        <ConversationActions conversation={conversation} members={members} currentUserId={currentUserId} />
      </header>
      <MessageThread
        conversationId={conversation.id}
        contactName={contact.display_name}
        memberName={(id) => membersById.get(id) ?? null}
        onRetry={onRetry}
      />
      {retry.isError ? (
        <p role="alert" className="form-error">
          Retry failed: {describeError(retry.error)}
        </p>
      ) : null}
      <Composer key={conversation.id} conversationId={conversation.id} windowExpiresAt={conversation.window_expires_at} />
    </section>
  );
}
