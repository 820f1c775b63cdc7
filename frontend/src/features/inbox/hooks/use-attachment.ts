import { useEffect, useRef, useState } from "react";
import { describeError } from "@/lib/api-client";
import { uploadMedia, type UploadedMedia } from "../api/upload-media";
import { checkAttachment, type AttachmentKind } from "../utils/attachment";

export interface Attachment {
  file: File;
  kind: AttachmentKind;
  mimeType: string;
  /** Fraction uploaded, 0 to 1. */
  progress: number;
  uploaded: UploadedMedia | null;
  error: string | null;
}

/**
 * The file attached to the reply being written. It is checked against WhatsApp's rules
 * and uploaded as soon as it is chosen, so that Send only has to send the message.
 */
export function useAttachment() {
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const upload = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      upload.current?.abort();
    },
    [],
  );

  const clear = () => {
    upload.current?.abort();
    upload.current = null;
    setAttachment(null);
  };

  const attach = (file: File) => {
    clear();
    const check = checkAttachment(file);
    if (!check.ok) {
      setRefusal(check.reason);
      return;
    }
    setRefusal(null);
    const controller = new AbortController();
    upload.current = controller;
    const update = (changes: Partial<Attachment>) => {
      if (upload.current !== controller) return;
      setAttachment((current) => (current ? { ...current, ...changes } : current));
    };
    setAttachment({ file, kind: check.kind, mimeType: check.mimeType, progress: 0, uploaded: null, error: null });
    uploadMedia(file, check.mimeType, {
      signal: controller.signal,
      onProgress: (progress) => {
        update({ progress });
      },
    }).then(
      (uploaded) => {
        update({ uploaded, progress: 1 });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) update({ error: `Upload failed: ${describeError(error)}` });
      },
    );
  };

  /** Takes the uploaded file for sending and empties the attachment slot. */
  const take = (): Attachment | null => {
    const current = attachment?.uploaded ? attachment : null;
    if (current) {
      upload.current = null;
      setAttachment(null);
    }
    return current;
  };

  return { attachment, refusal, attach, clear, take, restore: setAttachment };
}
