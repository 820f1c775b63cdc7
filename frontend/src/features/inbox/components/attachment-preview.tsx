import { Button } from "@/components/ui/button";
import { formatBytes } from "@/lib/format";
import type { Attachment } from "../hooks/use-attachment";

const KIND_LABEL = { image: "Photo", video: "Video", audio: "Audio", sticker: "Sticker", document: "Document" } as const;

/** The file attached to the reply: its upload progress, or why it failed, and a way to remove it. */
export function AttachmentPreview({ attachment, onRemove }: { attachment: Attachment; onRemove: () => void }) {
  const { file, kind, progress, uploaded, error } = attachment;
  const percent = Math.round(progress * 100);
  return (
    <div className="composer__attachment" role="group" aria-label="Attachment">
      <span className="composer__attachment-name">
        {KIND_LABEL[kind]}: {file.name} <span className="muted">({formatBytes(file.size)})</span>
      </span>
      {error ? (
        <span role="alert" className="form-error">
          {error}
        </span>
      ) : uploaded ? (
        <span className="muted">Ready to send</span>
      ) : (
        <span className="composer__progress">
          <progress max={100} value={percent} aria-label={`Uploading ${file.name}`} />
          <span aria-hidden="true">{percent}%</span>
        </span>
      )}
      <Button size="small" variant="ghost" onClick={onRemove} aria-label={`Remove ${file.name}`}>
        ✕
      </Button>
    </div>
  );
}
