import { PageTitle } from "@/components/page-title";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Spinner } from "@/components/ui/spinner";
import { useOrganizations } from "@/features/organizations/api/organizations";
import { CreateOrganizationDialog } from "@/features/organizations/components/create-organization-dialog";
import { formatDateTime } from "@/lib/format";
import "@/components/ui/table.css";
import "../settings/settings.css";

export function OrganizationsRoute() {
  const organizations = useOrganizations();
  const items = organizations.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="settings-page admin-page">
      <PageTitle>Organizations</PageTitle>
      <div className="settings-page__header">
        <h1>Organizations</h1>
        <CreateOrganizationDialog />
      </div>
      {organizations.isPending ? <Spinner label="Loading organizations…" /> : null}
      {organizations.isError ? <ErrorAlert error={organizations.error} /> : null}
      {organizations.isSuccess && items.length === 0 ? <p className="muted">No organizations yet.</p> : null}
      {items.length > 0 ? (
        <div className="data-table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Organizations</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Id</th>
                <th scope="col">Members</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((organization) => (
                <tr key={organization.id}>
                  <th scope="row">{organization.name}</th>
                  <td>{organization.id}</td>
                  <td>{organization.member_count}</td>
                  <td>{formatDateTime(organization.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {organizations.hasNextPage ? (
        <Button onClick={() => void organizations.fetchNextPage()}>Load more</Button>
      ) : null}
    </div>
  );
}
