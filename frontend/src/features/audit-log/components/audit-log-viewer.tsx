import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { SelectField, TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { formatDateTime } from "@/lib/format";
import type { AuditEntry } from "@/types/api";
import { AUDIT_ACTIONS, auditLogQueryParams, useAuditLog, type AuditLogFilters } from "../api/get-audit-log";
import "@/components/ui/table.css";

function actor(entry: AuditEntry): string {
  if (entry.actor_user_id != null) return `User #${entry.actor_user_id}`;
  if (entry.actor_api_key_id != null) return `API key #${entry.actor_api_key_id}`;
  return "—";
}

export function AuditLogViewer({ platformAdmin }: { platformAdmin: boolean }) {
  const [filters, setFilters] = useState<AuditLogFilters>({ action: "", organizationId: null });
  const query = useMemo(() => auditLogQueryParams(filters), [filters]);
  const log = useAuditLog(query);
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <div className="settings-page__filters" role="search" aria-label="Filter the audit log">
        <SelectField
          label="Action"
          value={filters.action}
          onChange={(e) => {
            setFilters({ ...filters, action: e.target.value });
          }}
        >
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </SelectField>
        {platformAdmin ? (
          <TextField
            label="Organization id"
            inputMode="numeric"
            value={filters.organizationId ?? ""}
            onChange={(e) => {
              const id = Number(e.target.value);
              setFilters({ ...filters, organizationId: e.target.value === "" || !Number.isInteger(id) ? null : id });
            }}
          />
        ) : null}
      </div>
      {log.isPending ? <Spinner label="Loading the audit log…" /> : null}
      {log.isError ? <ErrorAlert error={log.error} /> : null}
      {log.isSuccess && entries.length === 0 ? <p className="muted">No entries.</p> : null}
      {entries.length > 0 ? (
        <div className="data-table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Audit log entries</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">By</th>
                <th scope="col">Target</th>
                <th scope="col">From</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.created_at)}</td>
                  <th scope="row">
                    <code>{entry.action}</code>
                  </th>
                  <td>{actor(entry)}</td>
                  <td>{entry.target_type ? `${entry.target_type} ${entry.target_id ?? ""}` : "—"}</td>
                  <td title={entry.user_agent ?? undefined}>{entry.ip ?? "—"}</td>
                  <td>
                    {entry.details != null ? (
                      <details>
                        <summary>Show</summary>
                        <pre>{JSON.stringify(entry.details, null, 2)}</pre>
                      </details>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {log.hasNextPage ? (
        <Button onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {log.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </>
  );
}
