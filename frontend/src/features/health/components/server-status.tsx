import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge } from "@/components/ui/status-badge";
import { describeError } from "@/lib/api-client";
import { useHealth } from "../api/get-health";
import { useReadiness } from "../api/get-readiness";
import "./server-status.css";

const ENGINE_NAMES: Record<string, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };

function engineName(database: string): string {
  return ENGINE_NAMES[database.toLowerCase()] ?? database;
}

/** `/readyz` tells whether the database answers and which engine it is. */
function DatabaseRow({ readiness }: { readiness: ReturnType<typeof useReadiness> }) {
  let value;
  if (readiness.isPending) {
    value = <Spinner label="Checking…" />;
  } else if (readiness.isError) {
    value = (
      <>
        <StatusBadge tone="neutral">unknown</StatusBadge>
        <span className="status-list__note">{describeError(readiness.error)}</span>
      </>
    );
  } else if (!readiness.data.ready) {
    const { problem } = readiness.data;
    const reason = problem?.detail ?? problem?.title;
    value = (
      <>
        <StatusBadge tone="danger">unavailable</StatusBadge>
        {reason ? <span className="status-list__note">{reason}</span> : null}
      </>
    );
  } else {
    const { status, database } = readiness.data.readiness;
    value = (
      <>
        <StatusBadge>{status}</StatusBadge>
        <span className="status-list__note">{engineName(database)}</span>
      </>
    );
  }

  return (
    <div className="status-list__row">
      <dt>Database</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** Health of the WinMessages server (`/healthz`) and of its database (`/readyz`). */
export function ServerStatus() {
  const health = useHealth();
  const readiness = useReadiness();
  const isFetching = health.isFetching || readiness.isFetching;

  const refresh = () => {
    void health.refetch();
    void readiness.refetch();
  };

  let content;
  if (health.isPending) {
    content = <Spinner label="Checking the server…" />;
  } else if (health.isError) {
    content = (
      <div className="server-status__error">
        <p>
          <strong>The health check failed.</strong>
        </p>
        <p>{describeError(health.error)}</p>
      </div>
    );
  } else {
    content = (
      <dl className="status-list">
        <div className="status-list__row">
          <dt>Version</dt>
          <dd>
            <code>{health.data.version}</code>
          </dd>
        </div>
        <div className="status-list__row">
          <dt>Server</dt>
          <dd>
            <StatusBadge>{health.data.status}</StatusBadge>
          </dd>
        </div>
        <DatabaseRow readiness={readiness} />
      </dl>
    );
  }

  return (
    <Card
      title="Server status"
      actions={
        <Button onClick={refresh} disabled={isFetching}>
          {isFetching ? "Checking…" : "Check again"}
        </Button>
      }
    >
      <div role="status" aria-live="polite" aria-busy={health.isPending} className="server-status">
        {content}
      </div>
    </Card>
  );
}
