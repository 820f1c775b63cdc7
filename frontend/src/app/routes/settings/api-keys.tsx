import { PageTitle } from "@/components/page-title";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Spinner } from "@/components/ui/spinner";
import { useApiKeys } from "@/features/api-keys/api/api-keys";
import { ApiKeysTable } from "@/features/api-keys/components/api-keys-table";
import { CreateApiKeyDialog } from "@/features/api-keys/components/create-api-key-dialog";

export function ApiKeysRoute() {
  const keys = useApiKeys();
  return (
    <div className="settings-page">
      <PageTitle>API keys</PageTitle>
      <div className="settings-page__header">
        <h1>API keys</h1>
        <CreateApiKeyDialog />
      </div>
      <p className="muted">
        Keys let other systems use the API on behalf of the organization. See the <a href="/swagger-ui/">API documentation</a>.
      </p>
      {keys.isPending ? <Spinner label="Loading API keys…" /> : null}
      {keys.isError ? <ErrorAlert error={keys.error} /> : null}
      {keys.data ? <ApiKeysTable keys={keys.data} /> : null}
    </div>
  );
}
