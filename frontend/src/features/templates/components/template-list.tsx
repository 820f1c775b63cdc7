import { useState } from "react";
import { ErrorAlert } from "@/components/ui/error-alert";
import { TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { formatDateTime } from "@/lib/format";
import type { MessageTemplate } from "@/types/api";
import { useTemplates } from "../api/get-templates";
import { staleSince } from "../utils/staleness";
import { SyncTemplatesButton } from "./sync-templates-button";

function matches(template: MessageTemplate, search: string): boolean {
  return template.name.toLowerCase().includes(search.trim().toLowerCase().replaceAll(" ", "_"));
}

export interface TemplateListProps {
  accountId: number;
  /** Org admins may sync the number's templates from Meta. */
  canSync: boolean;
  onChoose: (template: MessageTemplate) => void;
  autoFocus?: boolean;
}

/** The number's approved templates, searchable by name; choosing one opens its form. */
export function TemplateList({ accountId, canSync, onChoose, autoFocus = false }: TemplateListProps) {
  const [search, setSearch] = useState("");
  const templates = useTemplates(accountId);
  const all = templates.data ?? [];
  const shown = all.filter((template) => matches(template, search));
  const stale = staleSince(all);

  if (templates.isPending) return <Spinner label="Loading templates…" />;
  if (templates.isError) return <ErrorAlert error={templates.error} title="Templates could not be loaded:" />;
  if (all.length === 0) {
    return (
      <div className="template-list__empty">
        <p className="muted">
          This number has no approved template yet.
          {canSync ? " Sync to fetch the templates created in WhatsApp Manager." : " An admin can sync them from WhatsApp."}
        </p>
        {canSync ? <SyncTemplatesButton accountId={accountId} /> : null}
      </div>
    );
  }
  return (
    <div className="template-list">
      <TextField
        label="Search templates"
        type="search"
        autoComplete="off"
        value={search}
        autoFocus={autoFocus}
        onChange={(event) => {
          setSearch(event.target.value);
        }}
      />
      {shown.length === 0 ? <p className="muted">No template matches “{search}”.</p> : null}
      <ul className="template-list__items" aria-label="Approved templates">
        {shown.map((template) => (
          <li key={template.id}>
            <button
              type="button"
              className="template-list__item"
              onClick={() => {
                onChoose(template);
              }}
            >
              <span className="template-list__name">{template.name}</span>
              <span className="template-list__meta">
                {template.language}
                {template.category ? ` · ${template.category.toLowerCase()}` : ""}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {stale && canSync ? (
        <div className="template-list__stale">
          <p className="field__hint">Last synced {formatDateTime(stale)}.</p>
          <SyncTemplatesButton accountId={accountId} />
        </div>
      ) : null}
    </div>
  );
}
