import type { MessageStatus } from "@/types/api";

const TICKS: Partial<Record<MessageStatus, { symbol: string; label: string }>> = {
  pending: { symbol: "🕓", label: "Sending" },
  sent: { symbol: "✓", label: "Sent" },
  delivered: { symbol: "✓✓", label: "Delivered" },
  read: { symbol: "✓✓", label: "Read" },
  played: { symbol: "✓✓", label: "Played" },
  failed: { symbol: "!", label: "Failed" },
  unknown: { symbol: "?", label: "Status unknown" },
};

/** WhatsApp-style ticks of an outbound message, named for screen readers. */
export function DeliveryStatus({ status }: { status: MessageStatus }) {
  const tick = TICKS[status];
  if (!tick) return null;
  return (
    <span className={`ticks ticks--${status}`} role="img" aria-label={tick.label} title={tick.label} data-status={status}>
      {tick.symbol}
    </span>
  );
}
