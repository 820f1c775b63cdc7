import { useState, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { StatusBadge } from "@/components/ui/status-badge";
import { describeError, fieldErrors } from "@/lib/api-client";
import { formatDateTime } from "@/lib/format";
import type { Retention } from "@/types/api";
import { useUpdateRetention } from "../api/retention";
import {
  DATA_TYPE_LABELS,
  DATA_TYPES,
  MAX_DAYS,
  MIN_DAYS,
  defaultChoiceLabel,
  describePeriod,
  toFormValues,
  toRetentionPeriods,
  validateRetention,
  type DataType,
  type RetentionChoice,
  type RetentionFieldValue,
  type RetentionFormErrors,
  type RetentionFormValues,
} from "../utils/retention-form";
import "./retention-form.css";

interface RetentionRowProps {
  type: DataType;
  retention: Retention;
  value: RetentionFieldValue;
  error: string | undefined;
  onChange: (value: RetentionFieldValue) => void;
}

function RetentionRow({ type, retention, value, error, onChange }: RetentionRowProps) {
  const { label, help } = DATA_TYPE_LABELS[type];
  const helpId = `retention-${type}-help`;
  const isDefault = retention.settings[type] == null;
  return (
    <fieldset className="retention-row" aria-describedby={helpId} data-type={type}>
      <legend className="retention-row__label">{label}</legend>
      <p id={helpId} className="retention-row__help">
        {help}
      </p>
      <p className="retention-row__effective">
        In force: <strong>{describePeriod(retention.effective[type])}</strong>{" "}
        {isDefault ? <StatusBadge tone="neutral">Platform default</StatusBadge> : <StatusBadge tone="ok">Set here</StatusBadge>}
      </p>
      <div className="retention-row__controls">
        <SelectField
          label="Keep for"
          value={value.choice}
          error={value.choice === "days" ? undefined : error}
          onChange={(event) => {
            onChange({ ...value, choice: event.target.value as RetentionChoice });
          }}
        >
          <option value="default">{defaultChoiceLabel(retention.defaults[type])}</option>
          <option value="keep">Keep forever</option>
          <option value="days">A number of days</option>
        </SelectField>
        {value.choice === "days" ? (
          <TextField
            label="Days"
            inputMode="numeric"
            autoComplete="off"
            className="retention-row__days"
            value={value.days}
            hint={`${MIN_DAYS}–${MAX_DAYS.toLocaleString("en-US")}`}
            error={error}
            onChange={(event) => {
              onChange({ ...value, days: event.target.value });
            }}
          />
        ) : null}
      </div>
    </fieldset>
  );
}

/** How long each kind of data is kept: the organization's choice per data type. */
export function RetentionForm({ retention }: { retention: Retention }) {
  const update = useUpdateRetention();
  const [values, setValues] = useState<RetentionFormValues>(() => toFormValues(retention.settings));
  const [errors, setErrors] = useState<RetentionFormErrors>({});
  const [saved, setSaved] = useState(false);
  const serverErrors = fieldErrors(update.error);
  const typeErrors = new Set<string>(DATA_TYPES);
  const otherServerErrors = Object.entries(serverErrors).filter(([field]) => !typeErrors.has(field));

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const found = validateRetention(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    update.mutate(toRetentionPeriods(values), {
      onSuccess: (next) => {
        setValues(toFormValues(next.settings));
        setSaved(true);
      },
    });
  };

  return (
    <form className="form retention-form" aria-label="Retention periods" onSubmit={submit} noValidate>
      {DATA_TYPES.map((type) => (
        <RetentionRow
          key={type}
          type={type}
          retention={retention}
          value={values[type]}
          error={errors[type] ?? serverErrors[type]}
          onChange={(value) => {
            setValues((current) => ({ ...current, [type]: value }));
            setErrors((current) => ({ ...current, [type]: undefined }));
            setSaved(false);
          }}
        />
      ))}
      {update.isError && (Object.keys(serverErrors).length === 0 || otherServerErrors.length > 0) ? (
        <p role="alert" className="form-error">
          {otherServerErrors.length > 0 ? otherServerErrors.map(([, message]) => message).join(" ") : describeError(update.error)}
        </p>
      ) : null}
      <div className="form__actions retention-form__actions">
        <span role="status" className="field__hint">
          {update.isPending ? "Saving…" : saved ? "Saved" : ""}
        </span>
        <Button type="submit" variant="primary" disabled={update.isPending}>
          Save
        </Button>
      </div>
      <p className="muted retention-form__updated">
        {retention.updated_at
          ? `Last changed ${formatDateTime(retention.updated_at)}.`
          : "Never changed: the platform defaults apply."}
      </p>
    </form>
  );
}
