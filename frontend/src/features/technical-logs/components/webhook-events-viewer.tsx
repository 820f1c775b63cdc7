import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { SelectField, TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge } from "@/components/ui/status-badge";
import type { StatusTone } from "@/components/ui/status-tone";
import { describeError } from "@/lib/api-client";
import { formatDateTime } from "@/lib/format";
import type { WebhookEvent } from "@/types/api";
import {
  useReprocessWebhookEvent,
  useWebhookEvents,
  type WebhookEventQuery,
  type WebhookEventStatus,
} from "../api/webhook-events";
import "@/components/ui/table.css";

const STATUSES: WebhookEventStatus[] = ["pending", "processed", "failed", "unrouted"];
const TONES: Partial<Record<string, StatusTone>> = { processed: "ok", pending: "neutral", failed: "danger", unrouted: "warning" };

function EventRow({ event }: { event: WebhookEvent }) {
  const reprocess = useReprocessWebhookEvent();
  return (
    <tr>
      <td>{formatDateTime(event.received_at)}</td>
      <th scope="row">
        <StatusBadge tone={TONES[event.status] ?? "neutral"}>{event.status}</StatusBadge>
      </th>
      <td>{event.attempts}</td>
      <td>{event.account_id ?? "—"}</td>
      <td>{event.last_error ?? "—"}</td>
      <td>
        <details>
          <summary>Payload</summary>
          <pre className="payload">{JSON.stringify(event.payload, null, 2)}</pre>
        </details>
      </td>
      <td>
        {event.status !== "pending" ? (
          <Button
            size="small"
            disabled={reprocess.isPending}
            aria-label={`Reprocess event ${event.id}`}
            onClick={() => {
              reprocess.mutate(event.id);
            }}
          >
            Reprocess
          </Button>
        ) : null}
        {reprocess.isError ? (
          <p role="alert" className="field__error">
            {describeError(reprocess.error)}
          </p>
        ) : null}
        {reprocess.isSuccess ? <p role="status" className="field__hint">Queued</p> : null}
      </td>
    </tr>
  );
}

export function WebhookEventsViewer({ platformAdmin }: { platformAdmin: boolean }) {
  const [status, setStatus] = useState<WebhookEventStatus | "">("");
  const [organizationId, setOrganizationId] = useState("");
  const query = useMemo(() => {
    const params: WebhookEventQuery = {};
    if (status !== "") params.status = status;
    const org = Number(organizationId);
    if (organizationId !== "" && Number.isInteger(org) && org > 0) params.organization_id = org;
    return params;
  }, [status, organizationId]);
  const events = useWebhookEvents(query);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <div className="settings-page__filters" role="search" aria-label="Filter webhook events">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as WebhookEventStatus | "");
          }}
        >
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </SelectField>
        {platformAdmin ? (
          <TextField
            label="Organization id"
            inputMode="numeric"
            value={organizationId}
            onChange={(e) => {
              setOrganizationId(e.target.value);
            }}
          />
        ) : null}
      </div>
      {events.isPending ? <Spinner label="Loading webhook events…" /> : null}
      {events.isError ? <ErrorAlert error={events.error} /> : null}
      {events.isSuccess && items.length === 0 ? <p className="muted">No webhook events.</p> : null}
      {items.length > 0 ? (
        <div className="data-table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Webhook events</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Account</th>
                <th scope="col">Last error</th>
                <th scope="col">Payload</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((event) => (
                <EventRow key={event.id} event={event} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {events.hasNextPage ? (
        <Button onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          Load more
        </Button>
      ) : null}
    </>
  );
}
