import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useNavigate } from "react-router";
import { paths } from "@/config/paths";
import { cachedConversation, createInboxEventSink } from "@/features/inbox/api/inbox-events";
import { newInboundMessages, parseInboxEvent, type InboxEvent } from "@/features/inbox/utils/live-events";
import { messageSummary } from "@/features/inbox/utils/message-summary";
import { defaultBaseUrl } from "@/lib/api-client";
import { tokenAfterRejection } from "@/lib/auth/refresh";
import { getAccessToken } from "@/lib/auth/session-store";
import { useCurrentUser } from "@/lib/auth/use-session";
import { openEventStream } from "@/lib/event-stream";
import { setLiveStatus } from "@/lib/live-status";
import { showNotification } from "@/lib/notifications";
import { noteInboundMessages, resetUnseen, watchVisibility } from "@/lib/unseen-messages";
import type { Message } from "@/types/api";

/** Older messages (a replay after a long disconnection) are not announced one by one. */
const NOTIFY_WITHIN_MS = 5 * 60_000;

function wantsNotification(): boolean {
  return document.visibilityState === "hidden" || !document.hasFocus();
}

/**
 * Keeps the inbox live for a signed-in agent or org admin: reads `GET /events` and applies
 * its events to the query caches, counts new customer messages in the tab title while the
 * tab is hidden, and shows desktop notifications when they are on.
 */
export function LiveUpdates() {
  const client = useQueryClient();
  const { id: userId } = useCurrentUser();
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  useEffect(() => {
    navigateRef.current = navigate;
  });

  useEffect(() => {
    const stop = watchVisibility();
    return () => {
      stop();
      resetUnseen();
    };
  }, []);

  useEffect(() => {
    const announce = (events: readonly InboxEvent[]) => {
      const inbound = newInboundMessages(events);
      if (inbound.length === 0) return;
      noteInboundMessages(inbound.length);
      if (!wantsNotification()) return;
      // One notification per conversation, with its newest message.
      const latest = new Map<number, Message>();
      for (const message of inbound) {
        if (Date.now() - Date.parse(message.created_at) < NOTIFY_WITHIN_MS) latest.set(message.conversation_id, message);
      }
      for (const [conversationId, message] of latest) {
        showNotification({
          title: cachedConversation(client, conversationId)?.contact.display_name ?? "New message",
          body: messageSummary(message),
          tag: `conversation-${String(conversationId)}`,
          onClick: () => void navigateRef.current(paths.conversation(conversationId)),
        });
      }
    };
    const sink = createInboxEventSink(client, userId, { onApplied: announce });
    const stream = openEventStream({
      url: `${defaultBaseUrl()}/api/v1/events`,
      getToken: getAccessToken,
      renewToken: tokenAfterRejection,
      onFrame: (frame) => {
        const event = parseInboxEvent(frame.event, frame.data);
        if (event) sink.push(event);
      },
      onStatus: setLiveStatus,
      onOpen: ({ resumed, requestedAt }) => {
        sink.streamOpened(resumed, requestedAt);
      },
    });
    return () => {
      stream.close();
      sink.dispose();
      setLiveStatus("closed");
    };
  }, [client, userId]);

  return null;
}
