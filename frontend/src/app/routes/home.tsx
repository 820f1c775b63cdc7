import { ServerStatus } from "@/features/health/components/server-status";

export function HomeRoute() {
  return (
    <div className="page">
      <title>Server status · WinMessages</title>
      <div>
        <h1>WinMessages</h1>
        <p className="page__lead">The shared WhatsApp Business inbox for your team.</p>
      </div>
      <ServerStatus />
    </div>
  );
}
