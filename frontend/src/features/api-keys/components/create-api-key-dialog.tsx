import { useState, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { describeError, fieldErrors } from "@/lib/api-client";
import type { ApiKeyScope, CreatedApiKey } from "@/types/api";
import { useCreateApiKey } from "../api/api-keys";

/** Creates a key and shows its secret once, with a copy button. */
export function CreateApiKeyDialog() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [scope, setScope] = useState<ApiKeyScope>("agent");
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const create = useCreateApiKey();
  const errors = fieldErrors(create.error);

  const openDialog = () => {
    create.reset();
    setCreated(null);
    setName("");
    setScope("agent");
    setOpen(true);
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), scope }, { onSuccess: setCreated });
  };

  return (
    <>
      <Button variant="primary" onClick={openDialog}>
        Create API key
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          // The secret must not linger in memory once the dialog is closed.
          if (!next) setCreated(null);
        }}
        title={created ? "API key created" : "Create API key"}
      >
        {created ? (
          <div className="form">
            <p>
              Copy the key now: it is shown only once. Send it as <code>Authorization: Bearer …</code>.
            </p>
            <TextField label={`Key “${created.name}”`} readOnly value={created.key} onFocus={(e) => { e.target.select(); }} />
            <CopyButton value={created.key} label="Copy key" />
            <div className="form__actions">
              <Button
                variant="primary"
                onClick={() => {
                  setOpen(false);
                  setCreated(null);
                }}
              >
                Done
              </Button>
            </div>
          </div>
        ) : (
          <form className="form" onSubmit={submit} noValidate>
            {create.isError && Object.keys(errors).length === 0 ? (
              <p role="alert" className="form-error">
                {describeError(create.error)}
              </p>
            ) : null}
            <TextField
              label="Name"
              required
              maxLength={120}
              hint="Where the key is used, e.g. “CRM sync”."
              value={name}
              error={errors.name}
              onChange={(e) => {
                setName(e.target.value);
              }}
            />
            <SelectField
              label="Scope"
              value={scope}
              error={errors.scope}
              onChange={(e) => {
                setScope(e.target.value as ApiKeyScope);
              }}
            >
              <option value="agent">Agent: inbox work</option>
              <option value="admin">Admin: also settings</option>
            </SelectField>
            <div className="form__actions">
              <Button type="submit" variant="primary" disabled={create.isPending}>
                Create
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
