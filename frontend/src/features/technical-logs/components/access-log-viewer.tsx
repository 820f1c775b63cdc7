import { useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { SelectField, TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge } from "@/components/ui/status-badge";
import type { StatusTone } from "@/components/ui/status-tone";
import { formatDateTime } from "@/lib/format";
import type { AccessLogEntry } from "@/types/api";
import {
  ACCESS_LOG_METHODS,
  accessLogQueryParams,
  apiKeyCaller,
  NO_ACCESS_LOG_FILTERS,
  STATUS_CLASSES,
  useAccessLog,
  userCaller,
  type AccessLogFilters,
} from "../api/access-log";
import { describeCaller, type AccessLogApiKey, type AccessLogMember } from "../utils/caller";
import "@/components/ui/table.css";

function statusTone(status: number): StatusTone {
  if (status >= 500) return "danger";
  if (status >= 400) return "warning";
  return "ok";
}

function CallerCell({ entry, members }: { entry: AccessLogEntry; members: ReadonlyMap<number, AccessLogMember> }) {
  const caller = describeCaller(entry, members);
  switch (caller.kind) {
    case "member":
      return (
        <td>
          {caller.name}
          <br />
          <span className="muted">{caller.email}</span>
        </td>
      );
    case "anonymous":
      return <td className="muted">Not signed in</td>;
    default:
      return <td>{caller.label}</td>;
  }
}

function EntryRow({ entry, members }: { entry: AccessLogEntry; members: ReadonlyMap<number, AccessLogMember> }) {
  return (
    <tr>
      <td>{formatDateTime(entry.created_at)}</td>
      <CallerCell entry={entry} members={members} />
      <td>{entry.method}</td>
      <th scope="row" className="api-call__path" title={entry.route ?? undefined}>
        <code>{entry.path}</code>
      </th>
      <td>
        <StatusBadge tone={statusTone(entry.status)}>{String(entry.status)}</StatusBadge>
      </td>
      <td title={entry.user_agent ?? undefined}>{entry.client_ip ?? "—"}</td>
      <td>{entry.duration_ms} ms</td>
      <td>{entry.request_id ? <code>{entry.request_id}</code> : "—"}</td>
    </tr>
  );
}

/** Who called the organization's API (org admins), newest first, with filters. */
export function AccessLogViewer({
  members,
  apiKeys,
}: {
  members: readonly AccessLogMember[];
  apiKeys: readonly AccessLogApiKey[];
}) {
  const [filters, setFilters] = useState<AccessLogFilters>(NO_ACCESS_LOG_FILTERS);
  const query = useMemo(() => accessLogQueryParams(filters), [filters]);
  const log = useAccessLog(query);
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const byId = useMemo(() => new Map(members.map((member) => [member.id, member])), [members]);
  const classesId = useId();
  const set = (changes: Partial<AccessLogFilters>) => {
    setFilters({ ...filters, ...changes });
  };

  return (
    <>
      <div className="settings-page__filters" role="search" aria-label="Filter the access log">
        <SelectField
          label="Made by"
          value={filters.caller}
          onChange={(e) => {
            set({ caller: e.target.value });
          }}
        >
          <option value="">Anyone</option>
          {members.length > 0 ? (
            <optgroup label="Members">
              {members.map((member) => (
                <option key={member.id} value={userCaller(member.id)}>
                  {member.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {apiKeys.length > 0 ? (
            <optgroup label="API keys">
              {apiKeys.map((key) => (
                <option key={key.id} value={apiKeyCaller(key.id)}>
                  {key.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </SelectField>
        <SelectField
          label="Method"
          value={filters.method}
          onChange={(e) => {
            set({ method: e.target.value });
          }}
        >
          <option value="">All methods</option>
          {ACCESS_LOG_METHODS.map((method) => (
            <option key={method} value={method}>
              {method}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Status"
          size={5}
          placeholder="4xx or 404"
          list={classesId}
          autoComplete="off"
          value={filters.status}
          onChange={(e) => {
            set({ status: e.target.value });
          }}
        />
        <datalist id={classesId}>
          {STATUS_CLASSES.map((status) => (
            <option key={status} value={status} />
          ))}
        </datalist>
        <TextField
          label="Path starts with"
          placeholder="/api/v1/conversations"
          autoComplete="off"
          value={filters.path}
          onChange={(e) => {
            set({ path: e.target.value });
          }}
        />
        <TextField
          label="From"
          type="datetime-local"
          value={filters.from}
          onChange={(e) => {
            set({ from: e.target.value });
          }}
        />
        <TextField
          label="Until"
          type="datetime-local"
          value={filters.to}
          onChange={(e) => {
            set({ to: e.target.value });
          }}
        />
      </div>
      {log.isPending ? <Spinner label="Loading the access log…" /> : null}
      {log.isError ? <ErrorAlert error={log.error} /> : null}
      {log.isSuccess && entries.length === 0 ? <p className="muted">No requests.</p> : null}
      {entries.length > 0 ? (
        <div className="data-table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Access log</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">By</th>
                <th scope="col">Method</th>
                <th scope="col">Path</th>
                <th scope="col">Status</th>
                <th scope="col">IP</th>
                <th scope="col">Duration</th>
                <th scope="col">Request id</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <EntryRow key={entry.id} entry={entry} members={byId} />
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
