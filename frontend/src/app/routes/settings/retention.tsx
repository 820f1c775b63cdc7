import { PageTitle } from "@/components/page-title";

export function RetentionRoute() {
  return (
    <div className="settings-page">
      <PageTitle>Retention</PageTitle>
      <div className="settings-page__header">
        <h1>Retention</h1>
      </div>
      <p>
        <span className="soon">Available soon</span> How long messages, media and technical logs are kept before they
        are deleted automatically.
      </p>
    </div>
  );
}
