import { LinkifyIt } from "linkify-it";
import type { ReactNode } from "react";
import { safeHref } from "../utils/safe-href";

const linkify = new LinkifyIt();
/** Text with its web addresses turned into links that open in a new tab. */
export function LinkifiedText({ text }: { text: string }) {
  const matches = linkify.match(text);
  if (!matches) return <>{text}</>;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of matches) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    const href = safeHref(match.url);
    parts.push(
      href ? (
        <a key={match.index} href={href} target="_blank" rel="noopener noreferrer nofollow">
          {match.text}
        </a>
      ) : (
        match.text
      ),
    );
    last = match.lastIndex;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
