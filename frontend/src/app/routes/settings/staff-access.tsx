import { PageTitle } from "@/components/page-title";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Spinner } from "@/components/ui/spinner";
import { useMembers } from "@/features/members/api/get-members";
import { useAccessGrants } from "@/features/staff-access/api/access-grants";
import { AccessGrantsTable } from "@/features/staff-access/components/access-grants-table";
import { GrantAccessForm } from "@/features/staff-access/components/grant-access-form";

export function StaffAccessRoute() {
  const grants = useAccessGrants();
  const members = useMembers();
  const memberNames = new Map((members.data ?? []).map((member) => [member.id, member.name]));
  return (
    <div className="settings-page">
      <PageTitle>Staff access</PageTitle>
      <div className="settings-page__header">
        <h1>Staff access</h1>
      </div>
      <p className="muted">
        The platform’s staff cannot read this organization’s messages or contacts unless an administrator grants them access
        for a limited time.
      </p>
      <section className="settings-page" aria-labelledby="grant-access-title">
        <h2 id="grant-access-title">Grant access</h2>
        <GrantAccessForm />
      </section>
      <section className="settings-page" aria-labelledby="access-grants-title">
        <h2 id="access-grants-title">Grants</h2>
        <p className="muted">Break-glass entries are openings by staff in an emergency, without a grant; each is logged.</p>
        {grants.isPending ? <Spinner label="Loading grants…" /> : null}
        {grants.isError ? <ErrorAlert error={grants.error} /> : null}
        {grants.data ? <AccessGrantsTable grants={grants.data} memberNames={memberNames} /> : null}
      </section>
    </div>
  );
}
