import type { ServiceWindow } from "../utils/window";

export function WindowIndicator({ window }: { window: ServiceWindow }) {
  const tone = !window.open ? "closed" : window.urgent ? "urgent" : "open";
  return (
    <p className={`window-indicator window-indicator--${tone}`} data-window={tone}>
      <span aria-hidden="true">{window.open ? "⏱" : "🔒"}</span> {window.label}
    </p>
  );
}
