import { useState, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { describeError, fieldErrors } from "@/lib/api-client";
import { useCreateAccessGrant } from "../api/access-grants";
import {
  EMPTY_GRANT_FORM,
  MAX_HOURS,
  MAX_REASON_LENGTH,
  MIN_HOURS,
  toNewAccessGrant,
  validateGrant,
  type GrantFormErrors,
  type GrantFormValues,
} from "../utils/grant-form";

/** Grants platform staff read access for a number of hours. */
export function GrantAccessForm() {
  const [form, setForm] = useState<GrantFormValues>(EMPTY_GRANT_FORM);
  const [local, setLocal] = useState<GrantFormErrors>({});
  const create = useCreateAccessGrant();
  const server = fieldErrors(create.error);
  const errors: GrantFormErrors = { hours: server.hours, reason: server.reason, ...local };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateGrant(form);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(toNewAccessGrant(form), {
      onSuccess: () => {
        setForm(EMPTY_GRANT_FORM);
      },
    });
  };

  const field = (key: keyof GrantFormValues) => ({
    value: form[key],
    error: errors[key],
    onChange: (event: { target: { value: string } }) => {
      setForm({ ...form, [key]: event.target.value });
      setLocal({ ...local, [key]: undefined });
    },
  });

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Grant staff access">
      {create.isError && server.hours === undefined && server.reason === undefined ? (
        <p role="alert" className="form-error">
          {describeError(create.error)}
        </p>
      ) : null}
      <TextField
        label="Hours"
        type="number"
        inputMode="numeric"
        min={MIN_HOURS}
        max={MAX_HOURS}
        required
        hint={`From ${MIN_HOURS} to ${MAX_HOURS}. Access ends by itself after that.`}
        {...field("hours")}
      />
      <TextField
        label="Reason"
        required
        maxLength={MAX_REASON_LENGTH}
        autoComplete="off"
        hint="Shown to staff and kept in the audit log, e.g. “Support ticket #4711”."
        {...field("reason")}
      />
      <div className="form__actions">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Grant access
        </Button>
      </div>
    </form>
  );
}
