import { titleWithBadge, useUnseenCount } from "@/lib/unseen-messages";

/**
 * The tab title, "Inbox · WinMessages", with the count of customer messages that arrived
 * while the tab was hidden in front: "(3) Inbox · WinMessages".
 */
export function PageTitle({ children }: { children: string }) {
  const unseen = useUnseenCount();
  return <title>{titleWithBadge(`${children} · WinMessages`, unseen)}</title>;
}
