import { Navigate, useLocation, useNavigate } from "react-router";
import { PageTitle } from "@/components/page-title";
import { Spinner } from "@/components/ui/spinner";
import { paths } from "@/config/paths";
import { LoginForm } from "@/features/auth/components/login-form";
import { useRestoredSession, type LoginRedirectState } from "../use-restored-session";
import "./login.css";

function homeFor(state: unknown): string {
  const from = (state as LoginRedirectState | null)?.from;
  return from && from.startsWith("/") && !from.startsWith(paths.login) ? from : paths.home;
}

export function LoginRoute() {
  const { session } = useRestoredSession();
  const location = useLocation();
  const navigate = useNavigate();
  const target = homeFor(location.state);

  if (session.status === "signed-in") return <Navigate to={target} replace />;

  return (
    <main className="login-page" id="main-content">
      <PageTitle>Sign in</PageTitle>
      <div className="login-page__card">
        <div className="login-page__brand">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <h1>Sign in to WinMessages</h1>
        </div>
        {session.status === "signed-out" && session.reason === "expired" ? (
          <p role="status" className="login-page__notice">
            Your session has ended. Sign in again to continue — your drafts are kept.
          </p>
        ) : null}
        {session.status === "signed-out" && session.reason === "logged-out" ? (
          <p role="status" className="login-page__notice">
            You are signed out.
          </p>
        ) : null}
        {session.status === "unknown" ? (
          <Spinner label="Checking your session…" />
        ) : (
          <LoginForm
            onSignedIn={() => {
              void navigate(target, { replace: true });
            }}
          />
        )}
        <p className="login-page__footer">
          <a href={paths.status}>Server status</a>
        </p>
      </div>
    </main>
  );
}
