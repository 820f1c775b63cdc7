import { Button } from "@/components/ui/button";
import { formatClock, formatDateTime } from "@/lib/format";
import type { Message } from "@/types/api";
import { messageSummary } from "../utils/message-summary";
import { canQuote, canRetry } from "../utils/message-actions";
import { businessReaction } from "../utils/optimistic";
import { DeliveryStatus } from "./delivery-status";
import { MessageContent } from "./message-content";
import { ReactionPicker } from "./reaction-picker";

/** The state of a retry the agent asked for on this message. */
export interface RetryState {
  pending: boolean;
  error: string | null;
}

export interface MessageBubbleProps {
  message: Message;
  /** The quoted message when it is loaded in this thread. */
  quoted: Message | null;
  contactName: string;
  /** Name of the member who sent an outbound message, when known. */
  senderName: string | null;
  onRetry?: (message: Message) => void;
  retry?: RetryState;
  onJumpTo?: (messageId: number) => void;
  /** Quote this message in the reply being written. */
  onReply?: (message: Message) => void;
  /** Set (or with "" remove) the business's reaction. */
  onReact?: (message: Message, emoji: string) => void;
}

function FailureNotice({ message, onRetry, retry }: Pick<MessageBubbleProps, "message" | "onRetry" | "retry">) {
  const error = message.error;
  const reason = [error?.title, error?.message, error?.details]
    .filter((part, index, all): part is string => !!part && all.indexOf(part) === index)
    .join(" — ");
  const unknown = message.status === "unknown";
  return (
    <div className="message__failure" role="note">
      {unknown ? (
        <p>
          Delivery not confirmed: the message may or may not have reached WhatsApp
          {reason ? ` (${reason})` : ""}. Retrying may deliver it twice.
        </p>
      ) : (
        <p>
          Not delivered{reason ? `: ${reason}` : "."}
          {error?.code != null ? <span className="muted"> (code {error.code})</span> : null}
        </p>
      )}
      {onRetry && canRetry(message) ? (
        <Button
          size="small"
          disabled={retry?.pending}
          onClick={() => {
            onRetry(message);
          }}
        >
          {retry?.pending ? "Retrying…" : unknown ? "Retry anyway" : "Retry"}
        </Button>
      ) : null}
      {retry?.error ? (
        <p role="alert" className="form-error">
          Retry refused: {retry.error}
        </p>
      ) : null}
    </div>
  );
}

function MessageActions({ message, onReply, onReact }: Pick<MessageBubbleProps, "message" | "onReply" | "onReact">) {
  if (!canQuote(message) || (!onReply && !onReact)) return null;
  return (
    <div className="message__actions" role="group" aria-label="Message actions">
      {onReply ? (
        <button
          type="button"
          className="message__action"
          aria-label="Reply"
          title="Reply"
          onClick={() => {
            onReply(message);
          }}
        >
          <span aria-hidden="true">↩</span>
        </button>
      ) : null}
      {onReact ? (
        <ReactionPicker
          current={businessReaction(message)}
          onChoose={(emoji) => {
            onReact(message, emoji);
          }}
        />
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
export function MessageBubble({
  message,
  quoted,
  contactName,
  senderName,
  onRetry,
  retry,
  onJumpTo,
  onReply,
  onReact,
}: MessageBubbleProps) {
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
      className={`message message--${outbound ? "outbound" : "inbound"}${message.status === "failed" || message.status === "unknown" ? " message--failed" : ""}`}
      id={`message-${message.id}`}
      data-message-type={message.type}
    >
      <span className="visually-hidden">{author}:</span>
      <MessageActions message={message} onReply={onReply} onReact={onReact} />
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
      {outbound && (message.status === "failed" || message.status === "unknown") ? (
        <FailureNotice message={message} onRetry={onRetry} retry={retry} />
      ) : null}
    </div>
  );
}
