import { useEffect, useId, useRef, useState, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { describeError } from "@/lib/api-client";
import type { MessageTemplate, SendMessage } from "@/types/api";
import {
  templateFields,
  templateMessage,
  templateSendErrors,
  validateTemplateValues,
  type ComponentKey,
  type TemplateField,
  type TemplateValues,
} from "../utils/template-form";
import { templateLayout, unsupportedReason } from "../utils/template-layout";
import { TemplatePreview } from "./template-preview";

export interface TemplateFormProps {
  template: MessageTemplate;
  /** Sends the message; a rejection (the server's answer) is shown on the form. */
  onSend: (message: SendMessage) => Promise<void>;
  onBack: () => void;
}

interface Group {
  component: ComponentKey;
  legend: string;
  fields: TemplateField[];
}

function groupsOf(template: MessageTemplate, fields: TemplateField[]): Group[] {
  const buttons = templateLayout(template).buttons;
  const groups: Group[] = [];
  for (const field of fields) {
    let group = groups.find((g) => g.component === field.component);
    if (!group) {
      const index = field.component.startsWith("button ") ? Number(field.component.slice(7)) : null;
      const legend =
        field.component === "header" ? "Header" : field.component === "body" ? "Body" : `Button “${buttons[index ?? 0]?.text ?? ""}”`;
      group = { component: field.component, legend, fields: [] };
      groups.push(group);
    }
    group.fields.push(field);
  }
  return groups;
}

/** One labelled input per placeholder, a live preview, and Send. */
export function TemplateForm({ template, onSend, onBack }: TemplateFormProps) {
  const fields = templateFields(template);
  const groups = groupsOf(template, fields);
  const [values, setValues] = useState<TemplateValues>({});
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const formId = useId();
  const form = useRef<HTMLFormElement>(null);
  const unsupported = unsupportedReason(template);
  const server = templateSendErrors(refusal);

  // Choosing a template moves on to its first field (or to the Send button when it has none).
  useEffect(() => {
    form.current?.querySelector<HTMLElement>("input, button[type=submit]")?.focus();
  }, []);

  const submit = async () => {
    const problems = validateTemplateValues(fields, values);
    setInvalid(problems);
    const firstProblem = fields.find((field) => field.key in problems);
    if (firstProblem) {
      document.getElementById(`${formId}-${firstProblem.key}`)?.focus();
      return;
    }
    setRefusal(null);
    setSending(true);
    try {
      await onSend(templateMessage(template, values));
    } catch (failure) {
      setRefusal(failure);
    } finally {
      setSending(false);
    }
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!sending && unsupported === null) void submit();
  };

  return (
    <form ref={form} className="template-form" aria-labelledby={`${formId}-title`} onSubmit={onSubmit} noValidate>
      <div className="template-form__header">
        <h3 id={`${formId}-title`} className="template-form__title">
          {template.name} <span className="template-form__language">{template.language}</span>
        </h3>
        <Button size="small" variant="ghost" onClick={onBack}>
          Choose another template
        </Button>
      </div>
      {unsupported ? <p className="form-error">{unsupported}</p> : null}
      <div className="template-form__columns">
        <div className="template-form__fields">
          {groups.length === 0 ? <p className="muted">This template has nothing to fill in.</p> : null}
          {groups.map((group) => {
            const groupError = server.byComponent[group.component];
            const groupErrorId = `${formId}-${group.component.replace(" ", "-")}-error`;
            return (
              <fieldset key={group.component} className="template-form__group">
                <legend className="field__label">{group.legend}</legend>
                {group.fields.map((field) => (
                  <TextField
                    key={field.key}
                    id={`${formId}-${field.key}`}
                    label={field.label}
                    hint={field.hint ?? undefined}
                    type={field.type}
                    inputMode={field.type === "url" ? "url" : undefined}
                    autoComplete="off"
                    value={values[field.key] ?? ""}
                    error={invalid[field.key]}
                    aria-invalid={invalid[field.key] || groupError ? true : undefined}
                    aria-describedby={groupError ? groupErrorId : undefined}
                    onChange={(event) => {
                      setValues({ ...values, [field.key]: event.target.value });
                      if (invalid[field.key]) setInvalid({ ...invalid, [field.key]: "" });
                    }}
                  />
                ))}
                {groupError ? (
                  <p id={groupErrorId} className="field__error">
                    {groupError}
                  </p>
                ) : null}
              </fieldset>
            );
          })}
        </div>
        <TemplatePreview template={template} values={values} />
      </div>
      {refusal ? (
        <p role="alert" className="form-error">
          Not sent: {describeError(refusal)}
          {server.general.length > 0 ? ` (${server.general.join("; ")})` : ""}
        </p>
      ) : null}
      <div className="template-form__actions">
        <Button type="submit" variant="primary" disabled={sending || unsupported !== null}>
          {sending ? "Sending…" : "Send template"}
        </Button>
      </div>
    </form>
  );
}
