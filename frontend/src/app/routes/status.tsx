import { Link } from "react-router";
import { PageTitle } from "@/components/page-title";
import { ServerStatus } from "@/features/health/components/server-status";

export function StatusRoute() {
  return (
    <div className="page">
      <PageTitle>Server status</PageTitle>
      <div>
        <h1>WinMessages</h1>
        <p className="page__lead">The shared WhatsApp Business inbox for your team. <Link to="/login">Sign in</Link></p>
      </div>
      <ServerStatus />
    </div>
  );
}
