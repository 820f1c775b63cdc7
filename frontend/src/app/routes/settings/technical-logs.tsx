import { Card } from "@/components/ui/card";
import { WebhookEventsViewer } from "@/features/technical-logs/components/webhook-events-viewer";
import { isPlatformAdmin, useCurrentUser } from "@/lib/auth/use-session";

export function TechnicalLogsRoute() {
  const user = useCurrentUser();
  return (
    <div className="settings-page">
      <title>Technical logs · WinMessages</title>
      <div className="settings-page__header">
        <h1>Technical logs</h1>
      </div>
      <section className="settings-page" aria-labelledby="webhook-events-title">
        <h2 id="webhook-events-title">Webhook events</h2>
        <WebhookEventsViewer platformAdmin={isPlatformAdmin(user.role)} />
      </section>
      <Card title="API calls">
        <p>
          <span className="soon">Available soon</span> The log of calls made to the API (by people and API keys).
        </p>
      </Card>
    </div>
  );
}
