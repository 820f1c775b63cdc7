import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { Button } from "@/components/ui/button";
import { paths } from "@/config/paths";
import { useDocumentVisible } from "@/lib/use-document-visible";
import type { Conversation, Message, User } from "@/types/api";
import { useMarkRead } from "../api/mark-read";
import { useRetryMessage } from "../api/retry-message";
import { useSendReaction } from "../api/send-reaction";
import { describeSendError } from "../utils/send-error";
import { contactNumber } from "../utils/labels";
import { Composer, type TemplatePickerSlot } from "./composer";
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
  /** The composer's template picker, for this conversation's number. */
  templatePicker: TemplatePickerSlot;
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
  templatePicker,
}: ConversationViewProps) {
  const { contact } = conversation;
  const markRead = useMarkRead();
  const retry = useRetryMessage();
  const react = useSendReaction();
  // The quoted message belongs to one conversation; switching conversations drops it.
  const [reply, setReply] = useState<{ conversationId: number; message: Message } | null>(null);
  const replyTo = reply?.conversationId === conversation.id ? reply.message : null;
  const number = contactNumber(contact);
  const membersById = new Map(members.map((member) => [member.id, member.name]));

  // Opening a conversation with unread messages reads them, as in WhatsApp itself; so does
  // a message arriving while it is open in a visible tab (once per newest message).
  const markedFor = useRef<string | null>(null);
  const { mutate: markAsRead } = markRead;
  const visible = useDocumentVisible();
  const newestId = conversation.last_message?.id ?? null;
  useEffect(() => {
    const key = `${conversation.id}:${newestId}`;
    if (visible && conversation.unread_count > 0 && markedFor.current !== key) {
      markedFor.current = key;
      markAsRead(conversation.id);
    }
  }, [conversation.id, conversation.unread_count, newestId, visible, markAsRead]);

  const authorOf = (message: Message) =>
    message.direction === "inbound"
      ? contact.display_name
      : message.sent_by_user_id != null
        ? (membersById.get(message.sent_by_user_id) ?? "You")
        : "You";

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
        onRetry={(message) => {
          retry.mutate(message);
        }}
        retry={
          retry.isIdle
            ? null
            : {
                messageId: retry.variables.id,
                state: { pending: retry.isPending, error: retry.isError ? describeSendError(retry.error) : null },
              }
        }
        onReply={(message) => {
          setReply({ conversationId: conversation.id, message });
        }}
        onReact={(message, emoji) => {
          react.mutate({ target: message, emoji });
        }}
      />
      {react.isError ? (
        <p role="alert" className="form-error">
          The reaction was not sent: {describeSendError(react.error)}
        </p>
      ) : null}
      <Composer
        key={conversation.id}
        conversationId={conversation.id}
        windowExpiresAt={conversation.window_expires_at}
        replyTo={replyTo ? { message: replyTo, author: authorOf(replyTo) } : null}
        onCancelReply={() => {
          setReply(null);
        }}
        templatePicker={templatePicker}
      />
    </section>
  );
}
