import { useState, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { describeError, fieldErrors } from "@/lib/api-client";
import { useCreateOrganization } from "../api/organizations";

const EMPTY = { name: "", adminName: "", adminEmail: "", adminPassword: "" };

/** A new organization together with its first administrator. */
export function CreateOrganizationDialog() {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(EMPTY);
  const create = useCreateOrganization();
  const errors = fieldErrors(create.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(
      {
        name: form.name.trim(),
        admin: { name: form.adminName.trim(), email: form.adminEmail.trim(), password: form.adminPassword },
      },
      {
        onSuccess: () => {
          setOpen(false);
          setForm(EMPTY);
        },
      },
    );
  };

  const bind = (key: keyof typeof EMPTY) => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) => {
      setForm({ ...form, [key]: event.target.value });
    },
  });

  return (
    <>
      <Button
        variant="primary"
        onClick={() => {
          create.reset();
          setOpen(true);
        }}
      >
        Create organization
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Create organization">
        <form className="form" onSubmit={submit} noValidate>
          {create.isError && Object.keys(errors).length === 0 ? (
            <p role="alert" className="form-error">
              {describeError(create.error)}
            </p>
          ) : null}
          <TextField label="Organization name" required error={errors.name} {...bind("name")} />
          <fieldset className="form">
            <legend>First administrator</legend>
            <TextField label="Name" required error={errors["admin.name"]} {...bind("adminName")} />
            <TextField label="Email" type="email" required error={errors["admin.email"]} {...bind("adminEmail")} />
            <TextField
              label="Password"
              type="password"
              autoComplete="new-password"
              required
              hint="At least 12 characters."
              error={errors["admin.password"]}
              {...bind("adminPassword")}
            />
          </fieldset>
          <div className="form__actions">
            <Button type="submit" variant="primary" disabled={create.isPending}>
              Create
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
