import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { describeError } from "@/lib/api-client";
import { formatBytes } from "@/lib/format";
import { saveFile } from "@/lib/save-file";
import type { MessageMedia } from "@/types/api";
import { getMediaQueryOptions, useMediaUrl } from "../api/get-media";
import { LinkifiedText } from "./linkified-text";

type Kind = "image" | "video" | "audio" | "sticker";

const NOUNS: Record<Kind | "document", string> = {
  image: "Image",
  video: "Video",
  audio: "Audio",
  sticker: "Sticker",
  document: "Document",
};

/** A file the server has not stored (yet): say so instead of showing a broken player. */
function MediaState({ media, noun }: { media: MessageMedia; noun: string }) {
  if (media.status === "pending") {
    return <p className="media-state">{noun} is still downloading…</p>;
  }
  if (media.status === "expired") {
    return (
      <p className="media-state" role="note">
        {noun} was deleted under the retention policy.
      </p>
    );
  }
  return (
    <p className="media-state media-state--failed" role="note">
      {noun} could not be downloaded{media.error ? `: ${media.error}` : "."}
    </p>
  );
}

function Caption({ media }: { media: MessageMedia }) {
  return media.caption ? (
    <p className="message__text">
      <LinkifiedText text={media.caption} />
    </p>
  ) : null;
}

/** Image, video, audio or sticker, fetched with the session's token into a blob URL. */
export function PlayableMedia({ media, kind }: { media: MessageMedia; kind: Kind }) {
  const stored = media.status === "stored" && media.id != null;
  const { url, error } = useMediaUrl(media.id, stored);
  const noun = kind === "audio" && media.voice ? "Voice message" : NOUNS[kind];

  if (!stored) {
    return (
      <>
        <MediaState media={media} noun={noun} />
        <Caption media={media} />
      </>
    );
  }
  let player;
  if (error) {
    player = (
      <p className="media-state media-state--failed" role="note">
        {noun} could not be loaded: {describeError(error)}
      </p>
    );
  } else if (url === null) {
    player = <p className="media-state">Loading {noun.toLowerCase()}…</p>;
  } else if (kind === "image") {
    player = (
      <a href={url} target="_blank" rel="noopener noreferrer" className="message__image-link">
        <img className="message__image" src={url} alt={media.caption ?? "Image"} />
      </a>
    );
  } else if (kind === "sticker") {
    player = <img className="message__sticker" src={url} alt={media.animated ? "Animated sticker" : "Sticker"} />;
  } else if (kind === "video") {
    player = <video className="message__video" src={url} controls preload="metadata" aria-label="Video" />;
  } else {
    player = <audio className="message__audio" src={url} controls preload="metadata" aria-label={noun} />;
  }
  return (
    <>
      {kind === "audio" && media.voice ? <p className="message__media-label">🎤 Voice message</p> : null}
      {player}
      <Caption media={media} />
    </>
  );
}

/** A document with its name and size; the file is fetched only when asked for. */
export function DocumentMedia({ media }: { media: MessageMedia }) {
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const name = media.filename ?? "Document";

  const download = async () => {
    if (media.id == null) return;
    setBusy(true);
    setError(null);
    try {
      const blob = await client.query(getMediaQueryOptions(media.id));
      saveFile(blob, name);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="message__document">
        <span aria-hidden="true">📄</span>
        <span className="message__document-name">{name}</span>
        <span className="muted">
          {[media.mime_type, media.size_bytes != null ? formatBytes(media.size_bytes) : null].filter(Boolean).join(" · ")}
        </span>
        {media.status === "stored" ? (
          <Button size="small" onClick={() => void download()} disabled={busy} aria-label={`Download ${name}`}>
            {busy ? "Downloading…" : "Download"}
          </Button>
        ) : null}
      </div>
      {media.status !== "stored" ? <MediaState media={media} noun="Document" /> : null}
      {error ? (
        <p className="media-state media-state--failed" role="alert">
          Download failed: {describeError(error)}
        </p>
      ) : null}
      <Caption media={media} />
    </>
  );
}
