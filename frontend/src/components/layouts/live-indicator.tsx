import { useLiveStatus } from "@/lib/live-status";

/**
 * Says so when live updates are interrupted (the inbox then refreshes every few seconds
 * instead); says nothing while they work.
 */
export function LiveIndicator() {
  const status = useLiveStatus();
  const interrupted = status === "reconnecting";
  return (
    <span role="status" className="app-shell__live" data-live-status={status}>
      {interrupted ? (
        <>
          <span aria-hidden="true" className="app-shell__live-dot" />
          Reconnecting…
        </>
      ) : null}
    </span>
  );
}
