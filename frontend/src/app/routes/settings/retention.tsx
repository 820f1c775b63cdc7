import { PageTitle } from "@/components/page-title";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Spinner } from "@/components/ui/spinner";
import { useRetention } from "@/features/retention/api/retention";
import { RetentionForm } from "@/features/retention/components/retention-form";

export function RetentionRoute() {
  const retention = useRetention();
  return (
    <div className="settings-page">
      <PageTitle>Retention</PageTitle>
      <div className="settings-page__header">
        <h1>Retention</h1>
      </div>
      <p className="muted">
        How long each kind of data is kept. Older data is deleted automatically, every hour; a shorter period takes effect
        at the next run.
      </p>
      {retention.isPending ? <Spinner label="Loading retention…" /> : null}
      {retention.isError ? <ErrorAlert error={retention.error} /> : null}
      {retention.data ? <RetentionForm retention={retention.data} /> : null}
    </div>
  );
}
