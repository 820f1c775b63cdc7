import { lazy, Suspense, useEffect, useState, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorAlert } from "@/components/ui/error-alert";
import { TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge } from "@/components/ui/status-badge";
import { describeError, fieldErrors } from "@/lib/api-client";
import { isOrgAdmin, useCurrentUser } from "@/lib/auth/use-session";
import { formatDateTime } from "@/lib/format";
import type { Contact, Erasure } from "@/types/api";
import { useContact, useUpdateContact } from "../api/contact";
import "./contact-panel.css";

// Only org admins see the privacy actions: loaded when one opens the panel.
const ContactPrivacyActions = lazy(async () => ({
  default: (await import("./contact-privacy-actions")).ContactPrivacyActions,
}));

export interface ContactPanelProps {
  id: string;
  contactId: number;
  onClose: () => void;
  /** After an erasure: the contact and its conversations no longer exist. */
  onErased: (erasure: Erasure, contactName: string) => void;
}

function NameForm({ contact }: { contact: Contact }) {
  const update = useUpdateContact();
  const [name, setName] = useState(contact.name ?? "");
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(update.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const trimmed = name.trim();
    update.mutate(
      { id: contact.id, changes: { name: trimmed === "" ? null : trimmed } },
      {
        onSuccess: () => {
          setSaved(true);
        },
      },
    );
  };

  return (
    <form className="form contact-panel__form" onSubmit={submit} aria-label="Contact name">
      <TextField
        label="Name"
        value={name}
        maxLength={120}
        hint={contact.profile_name ? `Empty to use the WhatsApp name “${contact.profile_name}”.` : undefined}
        error={errors.name}
        onChange={(event) => {
          setName(event.target.value);
          setSaved(false);
        }}
      />
      <div className="form__actions">
        <span role="status" className="field__hint">
          {saved ? "Saved" : ""}
        </span>
        <Button type="submit" size="small" variant="primary" disabled={update.isPending}>
          Save name
        </Button>
      </div>
      {update.isError && !errors.name ? (
        <p role="alert" className="form-error">
          {describeError(update.error)}
        </p>
      ) : null}
    </form>
  );
}

function Detail({ term, value }: { term: string; value: string | null | undefined }) {
  if (!value) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}

/** The contact of a conversation: who they are, and the name the team gives them. */
export function ContactPanel({ id, contactId, onClose, onErased }: ContactPanelProps) {
  const query = useContact(contactId);
  const admin = isOrgAdmin(useCurrentUser().role);
  const contact = query.data;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
    };
  }, [onClose]);

  return (
    <aside id={id} className="contact-panel" aria-labelledby={`${id}-title`}>
      <div className="contact-panel__header">
        <h2 id={`${id}-title`} className="contact-panel__title">
          Contact details
        </h2>
        <Button variant="ghost" size="small" onClick={onClose} aria-label="Close contact details">
          ×
        </Button>
      </div>
      {query.isPending ? <Spinner label="Loading contact…" /> : null}
      {query.isError ? <ErrorAlert error={query.error} title="The contact could not be loaded." /> : null}
      {contact ? (
        <>
          <p className="contact-panel__name">
            {contact.display_name}
            {contact.restricted_at ? <StatusBadge tone="warning">Restricted</StatusBadge> : null}
          </p>
          <dl className="contact-panel__details">
            <Detail term="WhatsApp name" value={contact.profile_name} />
            <Detail term="Phone" value={contact.phone_number} />
            <Detail term="WhatsApp id" value={contact.wa_id} />
            <Detail term="Username" value={contact.username} />
            <Detail term="Business-scoped id" value={contact.user_id} />
            <Detail term="First contact" value={formatDateTime(contact.created_at)} />
            <Detail term="Processing restricted" value={contact.restricted_at ? formatDateTime(contact.restricted_at) : null} />
            <Detail term="Notes" value={contact.notes} />
          </dl>
          <NameForm key={contact.updated_at} contact={contact} />
          {admin ? (
            <Suspense fallback={<Spinner label="Loading privacy actions…" />}>
              <ContactPrivacyActions
                contact={contact}
                onErased={(erasure) => {
                  onErased(erasure, contact.display_name);
                }}
              />
            </Suspense>
          ) : null}
        </>
      ) : null}
    </aside>
  );
}
