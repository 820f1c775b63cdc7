import { Button } from "@/components/ui/button";
import type { Erasure } from "@/types/api";
import { erasureLines } from "../utils/erasure-lines";
import "./erasure-summary.css";

export interface ErasureSummaryProps {
  /** The name the contact had, for the heading. */
  name: string;
  erasure: Erasure;
  onDismiss: () => void;
}

/** Confirms an erasure once the contact's conversation has closed. */
export function ErasureSummary({ name, erasure, onDismiss }: ErasureSummaryProps) {
  return (
    <section className="erasure-summary" role="status" aria-labelledby="erasure-summary-title">
      <h2 id="erasure-summary-title">{name} was erased</h2>
      <ul>
        {erasureLines(erasure).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <Button size="small" onClick={onDismiss}>
        Dismiss
      </Button>
    </section>
  );
}
