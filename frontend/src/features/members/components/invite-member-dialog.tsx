import { useState, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { describeError, fieldErrors } from "@/lib/api-client";
import type { MemberRole } from "@/types/api";
import { useCreateMember } from "../api/create-member";

const EMPTY = { name: "", email: "", password: "", role: "agent" as MemberRole };

/** Adds a member with a first password the admin hands over. */
export function InviteMemberDialog() {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(EMPTY);
  const create = useCreateMember();
  const errors = fieldErrors(create.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(
      { ...form, name: form.name.trim(), email: form.email.trim() },
      {
        onSuccess: () => {
          setOpen(false);
          setForm(EMPTY);
        },
      },
    );
  };

  return (
    <>
      <Button
        variant="primary"
        onClick={() => {
          create.reset();
          setOpen(true);
        }}
      >
        Invite member
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Invite member" description="They sign in with this email and password.">
        <form className="form" onSubmit={submit} noValidate>
          {create.isError && Object.keys(errors).length === 0 ? (
            <p role="alert" className="form-error">
              {describeError(create.error)}
            </p>
          ) : null}
          <TextField
            label="Name"
            required
            value={form.name}
            error={errors.name}
            onChange={(e) => {
              setForm({ ...form, name: e.target.value });
            }}
          />
          <TextField
            label="Email"
            type="email"
            required
            value={form.email}
            error={errors.email}
            onChange={(e) => {
              setForm({ ...form, email: e.target.value });
            }}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            hint="At least 12 characters."
            value={form.password}
            error={errors.password}
            onChange={(e) => {
              setForm({ ...form, password: e.target.value });
            }}
          />
          <SelectField
            label="Role"
            value={form.role}
            error={errors.role}
            onChange={(e) => {
              setForm({ ...form, role: e.target.value as MemberRole });
            }}
          >
            <option value="agent">Agent</option>
            <option value="org_admin">Admin</option>
          </SelectField>
          <div className="form__actions">
            <Button type="submit" variant="primary" disabled={create.isPending}>
              {create.isPending ? "Inviting…" : "Invite"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
