import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useSyncTemplates } from "../api/sync-templates";

/** Fetches the number's templates from Meta now (org admins), and says what changed. */
export function SyncTemplatesButton({ accountId }: { accountId: number }) {
  const sync = useSyncTemplates(accountId);
  return (
    <div className="sync-templates">
      <Button
        size="small"
        disabled={sync.isPending}
        onClick={() => {
          sync.mutate();
        }}
      >
        {sync.isPending ? "Syncing…" : "Sync templates"}
      </Button>
      <span role="status" className="field__hint">
        {sync.data
          ? `Synced ${sync.data.synced} template${sync.data.synced === 1 ? "" : "s"} (${sync.data.added} new, ${sync.data.removed} removed).`
          : null}
      </span>
      {sync.isError ? <ErrorAlert error={sync.error} title="Not synced:" /> : null}
    </div>
  );
}
