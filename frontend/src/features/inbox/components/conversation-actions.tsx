import { Button } from "@/components/ui/button";
import { describeError } from "@/lib/api-client";
import { CONVERSATION_STATUSES, type Conversation, type ConversationStatus, type User } from "@/types/api";
import { useMarkRead } from "../api/mark-read";
import { useUpdateConversation } from "../api/update-conversation";
import { STATUS_LABELS } from "../utils/labels";

export interface ConversationActionsProps {
  conversation: Conversation;
  members: User[];
  currentUserId: number;
}

/** Assign, change status, mark read. */
export function ConversationActions({ conversation, members, currentUserId }: ConversationActionsProps) {
  const update = useUpdateConversation();
  const markRead = useMarkRead();
  const colleagues = members.filter((member) => member.active && member.id !== currentUserId);
  const assigneeKnown =
    conversation.assignee_id == null ||
    conversation.assignee_id === currentUserId ||
    colleagues.some((member) => member.id === conversation.assignee_id);
  const error = update.error ?? markRead.error;

  return (
    <div className="conversation-actions">
      <label className="conversation-actions__field">
        <span>Assignee</span>
        <select
          aria-label="Assignee"
          value={conversation.assignee_id ?? ""}
          disabled={update.isPending}
          onChange={(event) => {
            const value = event.target.value;
            update.mutate({ id: conversation.id, changes: { assignee_id: value === "" ? null : Number(value) } });
          }}
        >
          <option value="">Unassigned</option>
          <option value={currentUserId}>Me</option>
          {colleagues.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
          {!assigneeKnown && conversation.assignee_id != null ? (
            <option value={conversation.assignee_id}>Member #{conversation.assignee_id}</option>
          ) : null}
        </select>
      </label>
      <label className="conversation-actions__field">
        <span>Status</span>
        <select
          aria-label="Status"
          value={conversation.status}
          disabled={update.isPending}
          onChange={(event) => {
            update.mutate({ id: conversation.id, changes: { status: event.target.value as ConversationStatus } });
          }}
        >
          {CONVERSATION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <Button
        size="small"
        disabled={conversation.unread_count === 0 || markRead.isPending}
        onClick={() => {
          markRead.mutate(conversation.id);
        }}
      >
        Mark as read
      </Button>
      {error ? (
        <p role="alert" className="form-error conversation-actions__error">
          {describeError(error)}
        </p>
      ) : null}
    </div>
  );
}
