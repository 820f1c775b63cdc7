import { Button } from "@/components/ui/button";
import { formatClock, formatDateTime } from "@/lib/format";
import type { Message } from "@/types/api";
import { messageSummary } from "../utils/message-summary";
import { DeliveryStatus } from "./delivery-status";
import { MessageContent } from "./message-content";

export interface MessageBubbleProps {
  message: Message;
  /** The quoted message when it is loaded in this thread. */
  quoted: Message | null;
  contactName: string;
  /** Name of the member who sent an outbound message, when known. */
  senderName: string | null;
  onRetry?: (message: Message) => void;
  onJumpTo?: (messageId: number) => void;
}

function FailureNotice({ message, onRetry }: { message: Message; onRetry: MessageBubbleProps["onRetry"] }) {
  const error = message.error;
  const reason = [error?.title, error?.message, error?.details].filter(Boolean).join(" — ");
  return (
    <div className="message__failure" role="note">
      <p>
        Not delivered{reason ? `: ${reason}` : "."}
        {error?.code != null ? <span className="muted"> (code {error.code})</span> : null}
      </p>
      {onRetry ? (
        <Button size="small" onClick={() => { onRetry(message); }}>
          Retry
        </Button>
      ) : null}
    </div>
  );
}

function ReplyQuote({
  message,
  quoted,
  contactName,
  onJumpTo,
}: Pick<MessageBubbleProps, "message" | "quoted" | "contactName" | "onJumpTo">) {
  const context = message.context;
  if (!context || (context.message_id == null && !context.wamid)) return null;
  if (!quoted) return <p className="message__quote muted">Reply to an earlier message</p>;
  const author = quoted.direction === "inbound" ? contactName : "You";
  return (
    <button
      type="button"
      className="message__quote"
      onClick={() => onJumpTo?.(quoted.id)}
      aria-label={`Reply to ${author}: ${messageSummary(quoted)}. Show the quoted message`}
    >
      <span className="message__quote-author">{author}</span>
      <span className="message__quote-text">{messageSummary(quoted)}</span>
    </button>
  );
}

/** One message of the thread: content, quote, time, ticks, reactions, failure. */
export function MessageBubble({ message, quoted, contactName, senderName, onRetry, onJumpTo }: MessageBubbleProps) {
  const outbound = message.direction === "outbound";
  const author = outbound ? (senderName ?? "You") : contactName;
  const notice = ["system", "request_welcome"].includes(message.type);
  if (notice) {
    return (
      <div className="message message--notice" id={`message-${message.id}`}>
        <MessageContent message={message} />
      </div>
    );
  }
  const forwarded = message.context?.frequently_forwarded
    ? "Forwarded many times"
    : message.context?.forwarded
      ? "Forwarded"
      : null;
  return (
    <div
      className={`message message--${outbound ? "outbound" : "inbound"}${message.status === "failed" ? " message--failed" : ""}`}
      id={`message-${message.id}`}
      data-message-type={message.type}
    >
      <span className="visually-hidden">{author}:</span>
      {forwarded ? <p className="message__forwarded">↪ {forwarded}</p> : null}
      <ReplyQuote message={message} quoted={quoted} contactName={contactName} onJumpTo={onJumpTo} />
      <MessageContent message={message} />
      <p className="message__meta">
        {message.edited ? (
          <span className="message__edited" title={message.edited_at ? formatDateTime(message.edited_at) : undefined}>
            Edited
          </span>
        ) : null}
        {outbound && senderName ? <span className="message__sender">{senderName}</span> : null}
        <time dateTime={message.timestamp} title={formatDateTime(message.timestamp)}>
          {formatClock(message.timestamp)}
        </time>
        {outbound ? <DeliveryStatus status={message.status} /> : null}
      </p>
      {message.reactions.length > 0 ? (
        <ul className="message__reactions" aria-label="Reactions">
          {message.reactions.map((reaction) => (
            <li key={reaction.reactor} title={reaction.reactor === "contact" ? contactName : "Your team"}>
              <span aria-hidden="true">{reaction.emoji}</span>
              <span className="visually-hidden">
                {reaction.emoji} from {reaction.reactor === "contact" ? contactName : "your team"}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {outbound && message.status === "failed" ? <FailureNotice message={message} onRetry={onRetry} /> : null}
    </div>
  );
}
