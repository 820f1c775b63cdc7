import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StatusBadge } from "@/components/ui/status-badge";
import { describeError } from "@/lib/api-client";
import type { Account } from "@/types/api";
import { useDeleteAccount, useUpdateAccount } from "../api/update-account";
import "@/components/ui/table.css";

const QUALITY_TONES = { GREEN: "ok", YELLOW: "warning", RED: "danger" } as const;

/** More actions per number, supplied by the page (e.g. its templates). */
export type AccountActions = (account: Account) => ReactNode;

function AccountRow({ account, actions }: { account: Account; actions?: AccountActions | undefined }) {
  const update = useUpdateAccount();
  const remove = useDeleteAccount();
  const label = account.name ?? account.display_phone_number;
  const quality = account.quality_rating?.toUpperCase();
  return (
    <tr>
      <th scope="row">
        {account.display_phone_number}
        {account.name ? <div className="muted">{account.name}</div> : null}
      </th>
      <td>{account.verified_name}</td>
      <td>
        <code>{account.waba_id}</code> / <code>{account.phone_number_id}</code>
      </td>
      <td>
        <StatusBadge tone={account.disabled ? "neutral" : "ok"}>{account.disabled ? "Disabled" : "Connected"}</StatusBadge>
      </td>
      <td>
        {quality ? (
          <StatusBadge tone={quality in QUALITY_TONES ? QUALITY_TONES[quality as keyof typeof QUALITY_TONES] : "neutral"}>
            {quality}
          </StatusBadge>
        ) : (
          "—"
        )}
      </td>
      <td>
        <div className="data-table__actions">
          {actions?.(account)}
          <Button
            size="small"
            disabled={update.isPending}
            aria-label={`${account.disabled ? "Enable" : "Disable"} ${label}`}
            onClick={() => {
              update.mutate({ id: account.id, changes: { disabled: !account.disabled } });
            }}
          >
            {account.disabled ? "Enable" : "Disable"}
          </Button>
          <ConfirmDialog
            trigger={
              <Button size="small" variant="ghost" aria-label={`Remove ${label}`}>
                Remove
              </Button>
            }
            title={`Remove ${account.display_phone_number}?`}
            description="The number is disconnected and its conversations, messages and media are deleted. To stop receiving but keep the history, disable it instead."
            confirmLabel="Remove number"
            onConfirm={() => remove.mutateAsync(account.id)}
          />
        </div>
        {update.isError ? (
          <p role="alert" className="field__error">
            {describeError(update.error)}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

export function AccountsTable({ accounts, actions }: { accounts: Account[]; actions?: AccountActions }) {
  if (accounts.length === 0) return <p className="muted">No phone number is connected yet.</p>;
  return (
    <div className="data-table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Connected numbers</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Business name</th>
            <th scope="col">WABA / phone number id</th>
            <th scope="col">Status</th>
            <th scope="col">Quality</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <AccountRow key={account.id} account={account} actions={actions} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
