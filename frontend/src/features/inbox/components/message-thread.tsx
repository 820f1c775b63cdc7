import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Spinner } from "@/components/ui/spinner";
import { formatDay } from "@/lib/format";
import type { Message } from "@/types/api";
import { useMessages } from "../api/get-messages";
import { usePendingSends } from "../api/send-message";
import { withOutgoing } from "../utils/optimistic";
import { buildThread, indexMessages } from "../utils/thread";
import { MessageBubble, type RetryState } from "./message-bubble";
import "./message-thread.css";

export interface MessageThreadProps {
  conversationId: number;
  contactName: string;
  memberName: (userId: number) => string | null;
  onRetry?: (message: Message) => void;
  /** The retry in progress or refused, by message id. */
  retry?: { messageId: number; state: RetryState } | null;
  onReply?: (message: Message) => void;
  onReact?: (message: Message, emoji: string) => void;
}

/** The messages of a conversation, oldest at the top; scrolling up loads earlier ones. */
export function MessageThread({
  conversationId,
  contactName,
  memberName,
  onRetry,
  retry,
  onReply,
  onReact,
}: MessageThreadProps) {
  const query = useMessages(conversationId);
  const outgoing = usePendingSends(conversationId);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = query;
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  /** Distance from the bottom before loading earlier messages, to keep the view still. */
  const anchor = useRef<number | null>(null);

  const loaded = query.data?.pages;
  // What the agent just sent shows at once, then gives way to the stored messages.
  const pages = useMemo(
    () => withOutgoing(loaded ?? [], outgoing.sent, outgoing.pending),
    [loaded, outgoing.sent, outgoing.pending],
  );
  const days = useMemo(() => buildThread(pages), [pages]);
  const index = useMemo(() => indexMessages(pages), [pages]);
  const newestId = pages[0]?.items[0]?.id;

  const loadEarlier = () => {
    if (!hasNextPage || isFetchingNextPage) return;
    const element = scroller.current;
    anchor.current = element ? element.scrollHeight - element.scrollTop : null;
    void fetchNextPage();
  };

  // Keep the reading position when earlier messages are prepended.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || anchor.current === null) return;
    element.scrollTop = element.scrollHeight - anchor.current;
    anchor.current = null;
  }, [pages.length]);

  // Start at the newest message, and follow new ones.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && newestId !== undefined) element.scrollTop = element.scrollHeight;
  }, [newestId]);

  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadEarlier();
    });
    observer.observe(sentinel);
    return () => {
      observer.disconnect();
    };
  });

  const jumpTo = (messageId: number) => {
    const target = document.getElementById(`message-${messageId}`);
    target?.scrollIntoView({ block: "center" });
    target?.classList.add("message--highlight");
    setTimeout(() => target?.classList.remove("message--highlight"), 1500);
  };

  return (
    <div className="thread" ref={scroller}>
      <div ref={topSentinel} />
      {query.isPending ? <Spinner label="Loading messages…" /> : null}
      {query.isError ? <ErrorAlert error={query.error} title="The messages could not be loaded." /> : null}
      {hasNextPage ? (
        <div className="thread__more">
          <Button size="small" onClick={loadEarlier} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? "Loading…" : "Load earlier messages"}
          </Button>
        </div>
      ) : null}
      {query.isSuccess && days.length === 0 ? <p className="thread__empty muted">No messages yet.</p> : null}
      <section role="log" aria-label="Messages" aria-live="polite" className="thread__log">
        {days.map((day) => (
          <section key={day.key} aria-label={formatDay(day.timestamp)} className="thread__day">
            <h3 className="thread__day-heading">
              <span>{formatDay(day.timestamp)}</span>
            </h3>
            <ol className="thread__messages">
              {day.messages.map((message) => (
                <li key={message.id}>
                  <MessageBubble
                    message={message}
                    quoted={index.quoted(message)}
                    contactName={contactName}
                    senderName={message.sent_by_user_id != null ? memberName(message.sent_by_user_id) : null}
                    onRetry={onRetry}
                    retry={retry?.messageId === message.id ? retry.state : undefined}
                    onJumpTo={jumpTo}
                    onReply={onReply}
                    onReact={onReact}
                  />
                </li>
              ))}
            </ol>
          </section>
        ))}
      </section>
    </div>
  );
}
