import { useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { clearDraft, loadDraft, saveDraft } from "@/lib/drafts";
import type { Message } from "@/types/api";
import { newIdempotencyKey, useSendMessage, type OutgoingMessage, type PendingSend } from "../api/send-message";
import { useAttachment, type Attachment } from "../hooks/use-attachment";
import { useServiceWindow } from "../hooks/use-service-window";
import { ACCEPTED_TYPES, MAX_CAPTION_LENGTH, takesCaption } from "../utils/attachment";
import { sendsOnKey } from "../utils/message-actions";
import { describeSendError } from "../utils/send-error";
import { AttachmentPreview } from "./attachment-preview";
import { ReplyPreview } from "./reply-preview";
import { WindowIndicator } from "./window-indicator";
import "./composer.css";

/** What the composer hands the template picker: sending goes through the composer's queue. */
export interface TemplatePickerSlotProps {
  windowOpen: boolean;
  /** Sends the message; rejects with the server's refusal. */
  onSend: (message: OutgoingMessage) => Promise<void>;
  /** Back to the text box (while the window is open). */
  onClose: () => void;
}

/** Draws the template picker; supplied by the page, which knows the conversation's number. */
export type TemplatePickerSlot = (props: TemplatePickerSlotProps) => ReactNode;

export interface ComposerProps {
  conversationId: number;
  windowExpiresAt: string | null | undefined;
  /** The message the reply quotes, and who wrote it. */
  replyTo?: { message: Message; author: string } | null;
  onCancelReply?: () => void;
  /** Shown instead of the text box once only templates may be sent, or when asked for. */
  templatePicker: TemplatePickerSlot;
}

function mediaMessage(attachment: Attachment, caption: string): OutgoingMessage {
  const uploaded = attachment.uploaded;
  const media = {
    media_id: uploaded?.id ?? null,
    ...(takesCaption(attachment.kind) && caption !== "" ? { caption } : {}),
    ...(attachment.kind === "document" ? { filename: attachment.file.name } : {}),
  };
  return { type: attachment.kind, [attachment.kind]: media };
}

/**
 * The reply box. Its text is saved per conversation as it is typed, so a reload or an
 * ended session does not lose it; a refused send puts it back.
 */
export function Composer({ conversationId, windowExpiresAt, replyTo = null, onCancelReply, templatePicker }: ComposerProps) {
  const [text, setText] = useState(() => loadDraft(conversationId));
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [choosingTemplate, setChoosingTemplate] = useState(false);
  const send = useSendMessage(conversationId);
  const files = useAttachment();
  const window = useServiceWindow(windowExpiresAt);
  const hintId = useId();
  const inputId = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  // Back from the template picker, the text box takes the focus the picker had.
  const [backFromTemplates, setBackFromTemplates] = useState(false);
  const closeTemplates = () => {
    setChoosingTemplate(false);
    setBackFromTemplates(true);
  };

  const quotedId = replyTo?.message.id;
  useEffect(() => {
    if (quotedId !== undefined) box.current?.focus();
  }, [quotedId]);

  const { attachment } = files;
  const uploading = attachment !== null && attachment.uploaded === null && attachment.error === null;
  const captionTooLong = attachment !== null && takesCaption(attachment.kind) && text.trim().length > MAX_CAPTION_LENGTH;

  const change = (value: string) => {
    setText(value);
    saveDraft(conversationId, value);
    setError(null);
  };

  const submit = async () => {
    const body = text.trim();
    if (uploading || captionTooLong) return;
    if (body === "" && !attachment?.uploaded) return;
    const taken = files.take();
    const quoted = replyTo?.message.id;
    const createdAt = new Date().toISOString();
    const sends: PendingSend[] = [];
    const withQuote = (message: OutgoingMessage): OutgoingMessage =>
      quoted != null && sends.length === 0 ? { ...message, reply_to_message_id: quoted } : message;
    if (taken) {
      const caption = takesCaption(taken.kind) ? body : "";
      sends.push({
        conversationId,
        message: withQuote(mediaMessage(taken, caption)),
        idempotencyKey: newIdempotencyKey(),
        createdAt,
        media: taken.uploaded
          ? { id: taken.uploaded.id, mime_type: taken.uploaded.mime_type, filename: taken.uploaded.filename, size_bytes: taken.uploaded.size_bytes }
          : undefined,
      });
    }
    if (body !== "" && !(taken && takesCaption(taken.kind))) {
      // After the file, when both go: a millisecond later keeps them in that order.
      const after = taken ? new Date(Date.parse(createdAt) + 1).toISOString() : createdAt;
      sends.push({ conversationId, message: withQuote({ type: "text", text: { body } }), idempotencyKey: newIdempotencyKey(), createdAt: after });
    }
    // The message shows in the thread at once; the box empties as in any chat.
    setText("");
    clearDraft(conversationId);
    setError(null);
    onCancelReply?.();
    for (const [index, pending] of sends.entries()) {
      try {
        await send.mutateAsync(pending);
      } catch (failure) {
        setError(describeSendError(failure));
        // Nothing typed since: the draft comes back, with the file if it was not sent.
        setText((current) => (current === "" ? text : current));
        saveDraft(conversationId, text);
        if (index === 0 && taken) files.restore(taken);
        return;
      }
    }
  };

  const sendTemplate = async (message: OutgoingMessage) => {
    setError(null);
    await send.mutateAsync({ conversationId, message, idempotencyKey: newIdempotencyKey(), createdAt: new Date().toISOString() });
    closeTemplates();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (sendsOnKey(event)) {
      event.preventDefault();
      void submit();
    }
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit();
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file || !window.open) return;
    event.preventDefault();
    files.attach(file);
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!window.open || !event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    setDragging(true);
  };

  const placeholder = attachment && takesCaption(attachment.kind) ? "Add a caption" : "Type a message";

  return (
    <div
      className={`composer${dragging ? " composer--dragging" : ""}`}
      onDragOver={onDragOver}
      onDragLeave={() => {
        setDragging(false);
      }}
      onDrop={onDrop}
    >
      <WindowIndicator window={window} />
      {window.open && !choosingTemplate ? (
        <form className="composer__form" onSubmit={onSubmit} aria-label="Reply">
          {replyTo ? <ReplyPreview message={replyTo.message} author={replyTo.author} onCancel={() => onCancelReply?.()} /> : null}
          {attachment ? <AttachmentPreview attachment={attachment} onRemove={files.clear} /> : null}
          {files.refusal ? (
            <p role="alert" className="form-error composer__wide">
              {files.refusal}
            </p>
          ) : null}
          <div className="composer__row">
            <input
              ref={picker}
              type="file"
              hidden
              accept={ACCEPTED_TYPES}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) files.attach(file);
                event.target.value = "";
              }}
            />
            <Button
              variant="ghost"
              aria-label="Attach a file"
              title="Attach a photo, video, audio or document (or drop it here)"
              onClick={() => picker.current?.click()}
            >
              📎
            </Button>
            <Button
              variant="ghost"
              title="Send an approved template"
              onClick={() => {
                setChoosingTemplate(true);
              }}
            >
              Template
            </Button>
            <label htmlFor={inputId} className="visually-hidden">
              Message
            </label>
            <textarea
              ref={box}
              id={inputId}
              className="composer__input"
              rows={2}
              placeholder={placeholder}
              value={text}
              aria-describedby={hintId}
              autoFocus={backFromTemplates}
              aria-invalid={captionTooLong || undefined}
              onChange={(event) => {
                change(event.target.value);
              }}
              onKeyDown={onKeyDown}
            />
            <Button type="submit" variant="primary" disabled={uploading || captionTooLong}>
              Send
            </Button>
          </div>
          <p id={hintId} className="composer__hint">
            Enter to send, Shift+Enter for a new line. Drop a file here to attach it.
            {captionTooLong ? <span className="form-error">Captions hold at most {MAX_CAPTION_LENGTH} characters.</span> : null}
          </p>
        </form>
      ) : (
        templatePicker({
          windowOpen: window.open,
          onSend: sendTemplate,
          onClose: closeTemplates,
        })
      )}
      {error ? (
        <p role="alert" className="form-error">
          Not sent: {error}
        </p>
      ) : null}
    </div>
  );
}
