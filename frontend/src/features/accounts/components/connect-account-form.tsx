import { useState, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { describeError, fieldErrors } from "@/lib/api-client";
import { useConnectAccount, type NewAccount } from "../api/connect-account";
import { validateAccount } from "../utils/validate-account";

const EMPTY: NewAccount = { waba_id: "", phone_number_id: "", access_token: "", name: "" };

export function ConnectAccountForm({ onConnected }: { onConnected?: () => void }) {
  const [form, setForm] = useState<NewAccount>(EMPTY);
  const [local, setLocal] = useState<Record<string, string>>({});
  const connect = useConnectAccount();
  const errors = { ...fieldErrors(connect.error), ...local };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateAccount(form);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    const name = form.name?.trim() ?? "";
    connect.mutate(
      {
        waba_id: form.waba_id.trim(),
        phone_number_id: form.phone_number_id.trim(),
        access_token: form.access_token.trim(),
        name: name === "" ? null : name,
      },
      {
        onSuccess: () => {
          setForm(EMPTY);
          onConnected?.();
        },
      },
    );
  };

  const field = (key: keyof NewAccount) => ({
    value: form[key] ?? "",
    error: errors[key],
    onChange: (event: { target: { value: string } }) => {
      setForm({ ...form, [key]: event.target.value });
    },
  });

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Connect a phone number">
      {connect.isError && Object.keys(fieldErrors(connect.error)).length === 0 ? (
        <p role="alert" className="form-error">
          {describeError(connect.error)}
        </p>
      ) : null}
      <TextField label="WhatsApp Business Account id" inputMode="numeric" required {...field("waba_id")} />
      <TextField label="Phone number id" inputMode="numeric" required {...field("phone_number_id")} />
      <TextField
        label="Access token"
        type="password"
        autoComplete="off"
        required
        hint="A system user token with whatsapp_business_messaging and whatsapp_business_management. Stored encrypted, never shown again."
        {...field("access_token")}
      />
      <TextField label="Label (optional)" {...field("name")} />
      <div className="form__actions">
        <Button type="submit" variant="primary" disabled={connect.isPending}>
          {connect.isPending ? "Checking with Meta…" : "Connect number"}
        </Button>
      </div>
    </form>
  );
}
