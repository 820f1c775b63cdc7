import { useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { SelectField, TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatDateTime } from "@/lib/format";
import type { ApiCall } from "@/types/api";
import {
  API_CALL_METHODS,
  apiCallQueryParams,
  NO_API_CALL_FILTERS,
  useApiCalls,
  type ApiCallFilters,
} from "../api/api-calls";
import { prettyBody } from "../utils/pretty-body";
import "@/components/ui/table.css";

/** A connected number, as offered in the account filter. */
export interface ApiCallAccount {
  id: number;
  label: string;
}

function failed(call: ApiCall): boolean {
  return call.status == null || call.status >= 400 || call.error != null;
}

function Body({ title, body }: { title: string; body: string | null | undefined }) {
  const pretty = prettyBody(body);
  return (
    <div className="api-call__body">
      <p className="field__label">{title}</p>
      {pretty === null ? <p className="muted">None</p> : <pre className="api-call__pre">{pretty}</pre>}
    </div>
  );
}

const COLUMNS = 8;

function CallRow({ call, accountName }: { call: ApiCall; accountName: string | null }) {
  const [open, setOpen] = useState(false);
  const detailId = useId();
  return (
    <>
      <tr>
        <td>{formatDateTime(call.created_at)}</td>
        <td>{call.method}</td>
        <th scope="row" className="api-call__path">
          <code>{call.path}</code>
        </th>
        <td>
          <StatusBadge tone={failed(call) ? "danger" : "ok"}>{call.status == null ? "No answer" : String(call.status)}</StatusBadge>
        </td>
        <td>{call.duration_ms} ms</td>
        <td>{call.account_id == null ? "—" : (accountName ?? `#${call.account_id}`)}</td>
        <td>
          {call.meta_error_code != null ? <code>{call.meta_error_code}</code> : null}
          {call.meta_error_code != null && call.error ? " " : null}
          {call.error ?? (call.meta_error_code == null ? "—" : null)}
        </td>
        <td>
          <Button
            size="small"
            variant="ghost"
            aria-expanded={open}
            aria-controls={open ? detailId : undefined}
            aria-label={`Bodies of call ${call.id}`}
            onClick={() => {
              setOpen(!open);
            }}
          >
            Bodies
          </Button>
        </td>
      </tr>
      {open ? (
        <tr id={detailId} className="api-call__detail">
          <td colSpan={COLUMNS}>
            <div className="api-call__bodies">
              <Body title="Request" body={call.request_body} />
              <Body title="Response" body={call.response_body} />
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The log of calls made to WhatsApp's Graph API (org admins), newest first, with filters. */
export function ApiCallsViewer({ accounts }: { accounts: readonly ApiCallAccount[] }) {
  const [filters, setFilters] = useState<ApiCallFilters>(NO_API_CALL_FILTERS);
  const query = useMemo(() => apiCallQueryParams(filters), [filters]);
  const calls = useApiCalls(query);
  const items = calls.data?.pages.flatMap((page) => page.items) ?? [];
  const names = new Map(accounts.map((account) => [account.id, account.label]));
  const set = (changes: Partial<ApiCallFilters>) => {
    setFilters({ ...filters, ...changes });
  };

  return (
    <>
      <div className="settings-page__filters" role="search" aria-label="Filter API calls">
        <SelectField
          label="Account"
          value={filters.accountId}
          onChange={(e) => {
            set({ accountId: e.target.value });
          }}
        >
          <option value="">All accounts</option>
          {accounts.map((account) => (
            <option key={account.id} value={String(account.id)}>
              {account.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Method"
          value={filters.method}
          onChange={(e) => {
            set({ method: e.target.value });
          }}
        >
          <option value="">All methods</option>
          {API_CALL_METHODS.map((method) => (
            <option key={method} value={method}>
              {method}
            </option>
          ))}
        </SelectField>
        <TextField
          label="HTTP status"
          inputMode="numeric"
          size={5}
          placeholder="e.g. 400"
          value={filters.status}
          onChange={(e) => {
            set({ status: e.target.value });
          }}
        />
        <TextField
          label="From"
          type="datetime-local"
          value={filters.since}
          onChange={(e) => {
            set({ since: e.target.value });
          }}
        />
        <TextField
          label="Until"
          type="datetime-local"
          value={filters.until}
          onChange={(e) => {
            set({ until: e.target.value });
          }}
        />
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={filters.errorsOnly}
            onChange={(e) => {
              set({ errorsOnly: e.target.checked });
            }}
          />
          Errors only
        </label>
      </div>
      {calls.isPending ? <Spinner label="Loading API calls…" /> : null}
      {calls.isError ? <ErrorAlert error={calls.error} /> : null}
      {calls.isSuccess && items.length === 0 ? <p className="muted">No API calls.</p> : null}
      {items.length > 0 ? (
        <div className="data-table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">API calls</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Method</th>
                <th scope="col">Path</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
                <th scope="col">Account</th>
                <th scope="col">Error</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {items.map((call) => (
                <CallRow key={call.id} call={call} accountName={call.account_id == null ? null : (names.get(call.account_id) ?? null)} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {calls.hasNextPage ? (
        <Button onClick={() => void calls.fetchNextPage()} disabled={calls.isFetchingNextPage}>
          {calls.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </>
  );
}
