import { useId, useState, type SubmitEvent, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { describeError } from "@/lib/api-client";
import { clearDraft, loadDraft, saveDraft } from "@/lib/drafts";
import { sendingAvailable, useSendMessage } from "../api/send-message";
import { useServiceWindow } from "../hooks/use-service-window";
import { WindowIndicator } from "./window-indicator";
import "./composer.css";

export interface ComposerProps {
  conversationId: number;
  windowExpiresAt: string | null | undefined;
}

/** Shown instead of the text box once only templates may be sent. */
function TemplatePicker() {
  return (
    <section className="composer__templates" aria-label="Templates">
      <p>
        Choose an approved template to restart the conversation. <span className="soon">Available soon</span>
      </p>
    </section>
  );
}

/**
 * The reply box. Its text is saved per conversation as it is typed, so a reload or an
 * ended session does not lose it.
 */
export function Composer({ conversationId, windowExpiresAt }: ComposerProps) {
  const [text, setText] = useState(() => loadDraft(conversationId));
  const send = useSendMessage();
  const window = useServiceWindow(windowExpiresAt);
  const hintId = useId();
  const inputId = useId();

  const change = (value: string) => {
    setText(value);
    saveDraft(conversationId, value);
    if (send.isError) send.reset();
  };

  const submit = () => {
    const body = text.trim();
    if (body === "" || send.isPending) return;
    send.mutate(
      { conversationId, message: { type: "text", text: { body } } },
      {
        onSuccess: () => {
          setText("");
          clearDraft(conversationId);
        },
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  return (
    <div className="composer">
      <WindowIndicator window={window} />
      {window.open ? (
        <form className="composer__form" onSubmit={onSubmit} aria-label="Reply">
          <label htmlFor={inputId} className="visually-hidden">
            Message
          </label>
          <textarea
            id={inputId}
            className="composer__input"
            rows={2}
            placeholder="Type a message"
            value={text}
            aria-describedby={hintId}
            onChange={(event) => {
              change(event.target.value);
            }}
            onKeyDown={onKeyDown}
          />
          <Button type="submit" variant="primary" disabled={send.isPending}>
            Send
          </Button>
          <p id={hintId} className="composer__hint">
            Enter to send, Shift+Enter for a new line.
            {sendingAvailable() ? null : <span className="soon">Sending available soon</span>}
          </p>
        </form>
      ) : (
        <TemplatePicker />
      )}
      {send.isError ? (
        <p role="alert" className="form-error">
          {describeError(send.error)}
        </p>
      ) : null}
    </div>
  );
}
