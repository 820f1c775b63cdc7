import { PageTitle } from "@/components/page-title";
import { AuditLogViewer } from "@/features/audit-log/components/audit-log-viewer";
import { isPlatformAdmin, useCurrentUser } from "@/lib/auth/use-session";

export function AuditLogRoute() {
  const user = useCurrentUser();
  return (
    <div className="settings-page">
      <PageTitle>Audit log</PageTitle>
      <div className="settings-page__header">
        <h1>Audit log</h1>
      </div>
      <AuditLogViewer platformAdmin={isPlatformAdmin(user.role)} />
    </div>
  );
}
