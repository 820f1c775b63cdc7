import { Navigate, Outlet } from "react-router";
import { PageTitle } from "@/components/page-title";
import { paths } from "@/config/paths";
import { useCurrentUser, worksInbox } from "@/lib/auth/use-session";
import type { Role } from "@/types/api";

/** Renders its routes only for the given roles; others get an explanation, not a broken page. */
export function RequireRole({ roles }: { roles: readonly Role[] }) {
  const user = useCurrentUser();
  if (roles.includes(user.role)) return <Outlet />;
  return (
    <div className="centered-page">
      <PageTitle>No access</PageTitle>
      <h1>No access</h1>
      <p className="muted">Your role does not give access to this page.</p>
    </div>
  );
}

/** `/`: the page each role starts on. */
export function HomeRedirect() {
  const user = useCurrentUser();
  return <Navigate to={worksInbox(user.role) ? paths.inbox : paths.organizations} replace />;
}
