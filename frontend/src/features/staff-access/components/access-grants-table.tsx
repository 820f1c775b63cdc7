import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StatusBadge } from "@/components/ui/status-badge";
import type { StatusTone } from "@/components/ui/status-tone";
import { formatDateTime } from "@/lib/format";
import type { AccessGrant } from "@/types/api";
import { useRevokeAccessGrant } from "../api/access-grants";
import { grantStatus, type GrantStatus } from "../utils/grant-form";
import "@/components/ui/table.css";

const STATUS_LABELS: Record<GrantStatus, { label: string; tone: StatusTone }> = {
  active: { label: "Active", tone: "ok" },
  expired: { label: "Expired", tone: "neutral" },
  revoked: { label: "Revoked", tone: "warning" },
};

function creator(grant: AccessGrant, memberNames: ReadonlyMap<number, string>): string {
  if (grant.created_by == null) return "—";
  const name = memberNames.get(grant.created_by);
  if (name !== undefined) return name;
  return grant.kind === "break_glass" ? `Platform staff #${grant.created_by}` : `User #${grant.created_by}`;
}

/** Grants and break-glass openings, newest first; active ones can be revoked. */
export function AccessGrantsTable({ grants, memberNames }: { grants: AccessGrant[]; memberNames: ReadonlyMap<number, string> }) {
  const revoke = useRevokeAccessGrant();
  if (grants.length === 0) return <p className="muted">Staff have never been given access.</p>;
  return (
    <div className="data-table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Staff access grants</caption>
        <thead>
          <tr>
            <th scope="col">Reason</th>
            <th scope="col">Kind</th>
            <th scope="col">By</th>
            <th scope="col">From</th>
            <th scope="col">Until</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {grants.map((grant) => {
            const status = grantStatus(grant);
            return (
              <tr key={grant.id}>
                <th scope="row" className="access-grant__reason">
                  {grant.reason}
                </th>
                <td>{grant.kind === "break_glass" ? "Break-glass" : "Grant"}</td>
                <td>{creator(grant, memberNames)}</td>
                <td>{formatDateTime(grant.created_at)}</td>
                <td>{formatDateTime(grant.revoked_at ?? grant.expires_at)}</td>
                <td>
                  <StatusBadge tone={STATUS_LABELS[status].tone}>{STATUS_LABELS[status].label}</StatusBadge>
                </td>
                <td>
                  {status === "active" ? (
                    <ConfirmDialog
                      trigger={
                        <Button size="small" variant="ghost" aria-label={`Revoke access “${grant.reason}”`}>
                          Revoke
                        </Button>
                      }
                      title="Revoke staff access?"
                      description={`Platform staff can no longer read the organization’s data under “${grant.reason}”. This cannot be undone.`}
                      confirmLabel="Revoke access"
                      onConfirm={() => revoke.mutateAsync(grant.id)}
                    />
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
