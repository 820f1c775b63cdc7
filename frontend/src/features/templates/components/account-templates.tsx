import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge } from "@/components/ui/status-badge";
import type { StatusTone } from "@/components/ui/status-tone";
import { formatDateTime } from "@/lib/format";
import { useTemplates } from "../api/get-templates";
import { SyncTemplatesButton } from "./sync-templates-button";
import "@/components/ui/table.css";
import "./templates.css";

const STATUS_TONES: Partial<Record<string, StatusTone>> = {
  APPROVED: "ok",
  PENDING: "neutral",
  IN_APPEAL: "neutral",
  PAUSED: "warning",
  REJECTED: "danger",
  DISABLED: "danger",
};

function TemplatesTable({ accountId }: { accountId: number }) {
  const templates = useTemplates(accountId, "all");
  if (templates.isPending) return <Spinner label="Loading templates…" />;
  if (templates.isError) return <ErrorAlert error={templates.error} />;
  if (templates.data.length === 0) return <p className="muted">No template synced yet.</p>;
  return (
    <div className="data-table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Templates</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Language</th>
            <th scope="col">Category</th>
            <th scope="col">Status</th>
            <th scope="col">Synced</th>
          </tr>
        </thead>
        <tbody>
          {templates.data.map((template) => (
            <tr key={template.id}>
              <th scope="row">{template.name}</th>
              <td>{template.language}</td>
              <td>{template.category?.toLowerCase() ?? "—"}</td>
              <td>
                <StatusBadge tone={STATUS_TONES[template.status.toUpperCase()] ?? "neutral"}>{template.status}</StatusBadge>
              </td>
              <td>{formatDateTime(template.synced_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface AccountTemplatesProps {
  accountId: number;
  /** How the number is named in the dialog's title. */
  label: string;
  canSync: boolean;
}

/** A number's "Templates" action: its templates in every status, with Sync for admins. */
export function AccountTemplates({ accountId, label, canSync }: AccountTemplatesProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="small"
        aria-label={`Templates of ${label}`}
        onClick={() => {
          setOpen(true);
        }}
      >
        Templates
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={`Templates of ${label}`}
        description="Message templates as last synced from WhatsApp Manager. Only approved ones can be sent."
      >
        {open ? (
          <div className="account-templates">
            {canSync ? <SyncTemplatesButton accountId={accountId} /> : null}
            <TemplatesTable accountId={accountId} />
          </div>
        ) : null}
      </Dialog>
    </>
  );
}
