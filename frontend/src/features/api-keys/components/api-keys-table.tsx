import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatDateTime } from "@/lib/format";
import type { ApiKey } from "@/types/api";
import { useRevokeApiKey } from "../api/api-keys";
import "@/components/ui/table.css";

export function ApiKeysTable({ keys }: { keys: ApiKey[] }) {
  const revoke = useRevokeApiKey();
  if (keys.length === 0) return <p className="muted">No API keys yet.</p>;
  return (
    <div className="data-table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">API keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Scope</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id}>
              <th scope="row">{key.name}</th>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{key.scope === "admin" ? "Admin" : "Agent"}</td>
              <td>{formatDateTime(key.created_at)}</td>
              <td>{key.last_used_at ? formatDateTime(key.last_used_at) : "Never"}</td>
              <td>
                {key.revoked_at ? (
                  `Revoked ${formatDateTime(key.revoked_at)}`
                ) : (
                  <ConfirmDialog
                    trigger={
                      <Button size="small" variant="ghost" aria-label={`Revoke ${key.name}`}>
                        Revoke
                      </Button>
                    }
                    title={`Revoke “${key.name}”?`}
                    description="Requests with this key are refused from now on. This cannot be undone."
                    confirmLabel="Revoke key"
                    onConfirm={() => revoke.mutateAsync(key.id)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
