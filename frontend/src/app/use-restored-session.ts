import { useEffect, useState } from "react";
import { restoreSession } from "@/lib/auth/actions";
import { useSession } from "@/lib/auth/use-session";

/** Where the login page sends the person back to, and why they are there. */
export interface LoginRedirectState {
  from?: string;
}

/** Asks the server once (refresh cookie) whether this browser has a session. */
export function useRestoredSession() {
  const session = useSession();
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (session.status !== "unknown") return;
    let cancelled = false;
    restoreSession().catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
    };
  }, [session.status, attempt]);
  const retry = () => {
    setFailed(false);
    setAttempt((n) => n + 1);
  };
  return { session, failed, retry };
}
