import { Navigate, Outlet, useLocation } from "react-router";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { paths } from "@/config/paths";
import { useRestoredSession, type LoginRedirectState } from "./use-restored-session";

/** Renders its routes for a signed-in user; otherwise sends them to the login page. */
export function RequireSession() {
  const { session, failed, retry } = useRestoredSession();
  const location = useLocation();

  if (session.status === "signed-out") {
    const state: LoginRedirectState = { from: location.pathname + location.search };
    return <Navigate to={paths.login} replace state={state} />;
  }
  if (session.status === "unknown") {
    return (
      <div className="centered-page" role="status" aria-live="polite">
        {failed ? (
          <>
            <p>The server could not be reached.</p>
            <Button onClick={retry}>Try again</Button>
          </>
        ) : (
          <Spinner label="Loading your session…" />
        )}
      </div>
    );
  }
  return <Outlet />;
}

export function PageLoading() {
  return (
    <div className="centered-page" role="status">
      <Spinner label="Loading…" />
    </div>
  );
}
