import { Button } from "@/components/ui/button";
import type { Message } from "@/types/api";
import { messageSummary } from "../utils/message-summary";

/** The message the reply will quote, above the text box, with a way to cancel. */
export function ReplyPreview({ message, author, onCancel }: { message: Message; author: string; onCancel: () => void }) {
  return (
    <div className="composer__reply" role="group" aria-label="Replying to">
      <p className="composer__reply-quote">
        <span className="message__quote-author">Replying to {author}</span>
        <span className="message__quote-text">{messageSummary(message)}</span>
      </p>
      <Button size="small" variant="ghost" onClick={onCancel}>
        Cancel reply
      </Button>
    </div>
  );
}
