import { useState, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { describeError } from "@/lib/api-client";
import type { Contact, Erasure } from "@/types/api";
import { useEraseContact } from "../api/contact-privacy";
import { confirmsErasure } from "../utils/erase-confirmation";

export interface EraseContactDialogProps {
  contact: Contact;
  onErased: (erasure: Erasure) => void;
}

/** Erasure asks for the contact's name or number typed out: it cannot be undone. */
export function EraseContactDialog({ contact, onErased }: EraseContactDialogProps) {
  const erase = useEraseContact();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const confirmed = confirmsErasure(contact, typed);
  const number = contact.phone_number ?? contact.wa_id;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!confirmed || erase.isPending) return;
    erase.mutate(contact.id, {
      onSuccess: (erasure) => {
        setOpen(false);
        onErased(erasure);
      },
    });
  };

  const close = () => {
    setOpen(false);
    setTyped("");
    erase.reset();
  };

  return (
    <>
      <Button
        size="small"
        variant="danger"
        onClick={() => {
          setOpen(true);
        }}
      >
        Erase contact
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          if (next) setOpen(true);
          else close();
        }}
        title={`Erase ${contact.display_name}?`}
        description="Deletes the contact with all their conversations, messages and media files, and removes them from webhook payloads, API call logs, the audit log and other messages that name them. This cannot be undone: export their data first if they asked for a copy."
      >
        <form className="form" onSubmit={submit} aria-label="Confirm erasure">
          <TextField
            label={number ? "Type the contact’s name or number to confirm" : "Type the contact’s name to confirm"}
            hint={[contact.display_name, number].filter(Boolean).join(" · ")}
            autoComplete="off"
            spellCheck={false}
            // The one thing to do here: typing the confirmation.
            autoFocus
            value={typed}
            onChange={(event) => {
              setTyped(event.target.value);
            }}
          />
          {erase.isError ? (
            <p role="alert" className="form-error">
              {describeError(erase.error)}
            </p>
          ) : null}
          <div className="dialog__actions">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="danger" disabled={!confirmed || erase.isPending}>
              {erase.isPending ? "Erasing…" : "Erase permanently"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
