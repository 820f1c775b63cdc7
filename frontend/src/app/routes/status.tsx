import { Link } from "react-router";
import { ServerStatus } from "@/features/health/components/server-status";

export function StatusRoute() {
  return (
    <div className="page">
      <title>Server status · WinMessages</title>
      <div>
        <h1>WinMessages</h1>
        <p className="page__lead">The shared WhatsApp Business inbox for your team. <Link to="/login">Sign in</Link></p>
      </div>
      <ServerStatus />
    </div>
  );
}
