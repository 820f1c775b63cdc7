import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { describeError } from "@/lib/api-client";
import { saveFile } from "@/lib/save-file";
import type { Contact, Erasure } from "@/types/api";
import { exportContact, exportFilename, useSetRestriction } from "../api/contact-privacy";
import { EraseContactDialog } from "./erase-contact-dialog";

export interface ContactPrivacyActionsProps {
  contact: Contact;
  onErased: (erasure: Erasure) => void;
}

function ExportButton({ contact }: { contact: Contact }) {
  const [state, setState] = useState<{ status: "idle" | "pending" | "done" } | { status: "failed"; error: unknown }>({
    status: "idle",
  });
  const download = async () => {
    setState({ status: "pending" });
    try {
      saveFile(await exportContact(contact.id), exportFilename(contact.id));
      setState({ status: "done" });
    } catch (error) {
      setState({ status: "failed", error });
    }
  };
  return (
    <div className="contact-privacy__action">
      <Button size="small" disabled={state.status === "pending"} onClick={() => void download()}>
        {state.status === "pending" ? "Exporting…" : "Export data"}
      </Button>
      <span role="status" className="field__hint">
        {state.status === "done" ? "Downloaded" : ""}
      </span>
      {state.status === "failed" ? (
        <p role="alert" className="field__error">
          The export failed: {describeError(state.error)}
        </p>
      ) : null}
    </div>
  );
}

function RestrictionButton({ contact }: { contact: Contact }) {
  const restriction = useSetRestriction();
  const name = contact.display_name;
  return contact.restricted_at ? (
    <ConfirmDialog
      trigger={<Button size="small">Lift restriction</Button>}
      title={`Lift the restriction on ${name}?`}
      description="Agents see this contact and their conversations again, and messages can be sent to them."
      confirmLabel="Lift restriction"
      confirmVariant="primary"
      onConfirm={() => restriction.mutateAsync({ id: contact.id, restricted: false })}
    />
  ) : (
    <ConfirmDialog
      trigger={<Button size="small">Restrict processing</Button>}
      title={`Restrict processing of ${name}?`}
      description="Agents no longer see this contact, their conversations or messages, and nothing can be sent to them. New messages from them are still stored. Admins keep access and can lift the restriction at any time."
      confirmLabel="Restrict processing"
      onConfirm={() => restriction.mutateAsync({ id: contact.id, restricted: true })}
    />
  );
}

/** What an org admin can do about a person's data: export, restrict, erase. */
export function ContactPrivacyActions({ contact, onErased }: ContactPrivacyActionsProps) {
  return (
    <section className="contact-privacy" aria-labelledby="contact-privacy-title">
      <h3 id="contact-privacy-title" className="contact-privacy__title">
        Privacy
      </h3>
      <p className="field__hint">
        For a person’s requests about their data. Restricting hides them from agents while you look into an objection;
        erasing deletes everything held about them.
      </p>
      <ExportButton contact={contact} />
      <div className="contact-privacy__action">
        <RestrictionButton contact={contact} />
      </div>
      <div className="contact-privacy__action">
        <EraseContactDialog contact={contact} onErased={onErased} />
      </div>
    </section>
  );
}
