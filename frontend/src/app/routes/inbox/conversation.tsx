import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useOutletContext, useParams } from "react-router";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Spinner } from "@/components/ui/spinner";
import { paths } from "@/config/paths";
import { accountLabel, useAccounts } from "@/features/accounts/api/get-accounts";
import { forgetContact } from "@/features/contacts/api/contact-privacy";
import { ContactPanel } from "@/features/contacts/components/contact-panel";
import { forgetContactConversations } from "@/features/inbox/api/forget-contact-conversations";
import { useConversation } from "@/features/inbox/api/get-conversation";
import { ConversationView } from "@/features/inbox/components/conversation-view";
import { useMembers } from "@/features/members/api/get-members";
import { ApiError } from "@/lib/api-client";
import { isOrgAdmin, useCurrentUser } from "@/lib/auth/use-session";
import type { Erasure } from "@/types/api";
import type { InboxLocationState } from "./inbox-empty";

const CONTACT_PANEL_ID = "contact-panel";

// Loaded the first time a composer needs it: most replies are free text.
const TemplatePicker = lazy(async () => ({
  default: (await import("@/features/templates/components/template-picker")).TemplatePicker,
}));

export function ConversationRoute() {
  const { conversationId } = useParams();
  const id = Number(conversationId);
  const { listSearch } = useOutletContext<{ listSearch: string }>();
  const client = useQueryClient();
  const user = useCurrentUser();
  const conversation = useConversation(id, client);
  const members = useMembers();
  const accounts = useAccounts();
  const [panelOpen, setPanelOpen] = useState(false);
  const navigate = useNavigate();
  const closePanel = useCallback(() => {
    setPanelOpen(false);
  }, []);

  // An erased contact's cached data is dropped once this screen is gone: dropped while it
  // is still shown, its queries would fetch again (and get 404s).
  const erasedContact = useRef<number | null>(null);
  useEffect(
    () => () => {
      const contactId = erasedContact.current;
      if (contactId === null) return;
      forgetContactConversations(client, contactId);
      forgetContact(client, contactId);
    },
    [client],
  );

  if (conversation.isError) {
    const missing = conversation.error instanceof ApiError && conversation.error.status === 404;
    return (
      <div className="centered-page inbox__empty">
        {missing ? <h2>Conversation not found</h2> : <ErrorAlert error={conversation.error} />}
        <Link to={{ pathname: paths.inbox, search: listSearch }}>Back to conversations</Link>
      </div>
    );
  }
  if (!conversation.data) {
    return (
      <div className="centered-page inbox__empty">
        <Spinner label="Loading conversation…" />
      </div>
    );
  }
  const data = conversation.data;
  const account = accounts.data?.find((a) => a.id === data.account_id);

  // The conversation went with the contact: back to the list, which says what was erased.
  const contactErased = (erasure: Erasure, name: string) => {
    erasedContact.current = data.contact.id;
    const state: InboxLocationState = { erased: { name, erasure } };
    void navigate({ pathname: paths.inbox, search: listSearch }, { state });
  };

  return (
    <>
      <ConversationView
        conversation={data}
        members={members.data ?? []}
        currentUserId={user.id}
        accountName={account ? accountLabel(account) : null}
        listSearch={listSearch}
        contactPanelId={CONTACT_PANEL_ID}
        contactPanelOpen={panelOpen}
        onToggleContactPanel={() => {
          setPanelOpen((open) => !open);
        }}
        templatePicker={(slot) => (
          <Suspense fallback={<Spinner label="Loading templates…" />}>
            <TemplatePicker accountId={data.account_id} canSync={isOrgAdmin(user.role)} {...slot} />
          </Suspense>
        )}
      />
      {panelOpen ? (
        <ContactPanel
          id={CONTACT_PANEL_ID}
          contactId={data.contact.id}
          onClose={closePanel}
          onErased={contactErased}
        />
      ) : null}
    </>
  );
}
