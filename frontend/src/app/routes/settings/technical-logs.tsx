import { PageTitle } from "@/components/page-title";
import { accountLabel, useAccounts } from "@/features/accounts/api/get-accounts";
import { useApiKeys } from "@/features/api-keys/api/api-keys";
import { useMembers } from "@/features/members/api/get-members";
import { AccessLogViewer } from "@/features/technical-logs/components/access-log-viewer";
import { ApiCallsViewer } from "@/features/technical-logs/components/api-calls-viewer";
import { WebhookEventsViewer } from "@/features/technical-logs/components/webhook-events-viewer";
import { isOrgAdmin, isPlatformAdmin, useCurrentUser } from "@/lib/auth/use-session";

/** The organization's numbers, named for the API-call filter (org admins only). */
function OrganizationApiCalls() {
  const accounts = useAccounts();
  return (
    <ApiCallsViewer accounts={(accounts.data ?? []).map((account) => ({ id: account.id, label: accountLabel(account) }))} />
  );
}

/** The organization's members and keys, to name callers in the access log (org admins only). */
function OrganizationAccessLog() {
  const members = useMembers();
  const keys = useApiKeys();
  return (
    <AccessLogViewer
      members={(members.data ?? []).map((member) => ({ id: member.id, name: member.name, email: member.email }))}
      apiKeys={(keys.data ?? []).map((key) => ({ id: key.id, name: key.name }))}
    />
  );
}

export function TechnicalLogsRoute() {
  const user = useCurrentUser();
  return (
    <div className="settings-page">
      <PageTitle>Technical logs</PageTitle>
      <div className="settings-page__header">
        <h1>Technical logs</h1>
      </div>
      <section className="settings-page" aria-labelledby="webhook-events-title">
        <h2 id="webhook-events-title">Webhook events</h2>
        <WebhookEventsViewer platformAdmin={isPlatformAdmin(user.role)} />
      </section>
      {isOrgAdmin(user.role) ? (
        <section className="settings-page" aria-labelledby="api-calls-title">
          <h2 id="api-calls-title">API calls</h2>
          <p className="muted">Every call made to WhatsApp’s Graph API for the organization’s numbers, newest first.</p>
          <OrganizationApiCalls />
        </section>
      ) : null}
      {isOrgAdmin(user.role) ? (
        <section className="settings-page" aria-labelledby="access-log-title">
          <h2 id="access-log-title">Access log</h2>
          <p className="muted">
            Every request made to this organization’s API by members and API keys, newest first. Bodies, query strings and
            credentials are never recorded.
          </p>
          <OrganizationAccessLog />
        </section>
      ) : null}
    </div>
  );
}
