import { useLocation, useNavigate } from "react-router";
import { ErasureSummary } from "@/features/contacts/components/erasure-summary";
import type { Erasure } from "@/types/api";

/** What the inbox may be opened with: the summary of an erasure that just closed a conversation. */
export interface InboxLocationState {
  erased?: { name: string; erasure: Erasure };
}

export function InboxEmptyRoute() {
  const location = useLocation();
  const navigate = useNavigate();
  const erased = (location.state as InboxLocationState | null)?.erased;
  return (
    <div className="centered-page inbox__empty">
      {erased ? (
        <ErasureSummary
          name={erased.name}
          erasure={erased.erasure}
          onDismiss={() => {
            void navigate(location, { replace: true, state: null });
          }}
        />
      ) : null}
      <h2>Select a conversation</h2>
      <p className="muted">
        Use <kbd>j</kbd> and <kbd>k</kbd> to move through conversations, <kbd>/</kbd> to search.
      </p>
    </div>
  );
}
