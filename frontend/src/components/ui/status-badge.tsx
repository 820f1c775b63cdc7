import { toneForStatus, type StatusTone } from "./status-tone";
import "./status-badge.css";

export interface StatusBadgeProps {
  children: string;
  tone?: StatusTone;
}

export function StatusBadge({ children, tone = toneForStatus(children) }: StatusBadgeProps) {
  return (
    <span className={`status-badge status-badge--${tone}`} data-tone={tone}>
      <span className="status-badge__dot" aria-hidden="true" />
      {children}
    </span>
  );
}
