import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { describeError } from "@/lib/api-client";
import type { MemberRole, User } from "@/types/api";
import { useDeleteMember } from "../api/delete-member";
import { useUpdateMember } from "../api/update-member";
import "@/components/ui/table.css";

function MemberRow({ member, isSelf }: { member: User; isSelf: boolean }) {
  const update = useUpdateMember();
  const remove = useDeleteMember();
  return (
    <tr>
      <th scope="row">
        {member.name}
        {isSelf ? <span className="muted"> (you)</span> : null}
      </th>
      <td>{member.email}</td>
      <td>
        {isSelf || member.role === "platform_admin" ? (
          member.role === "org_admin" ? "Admin" : member.role === "agent" ? "Agent" : "Platform admin"
        ) : (
          <select
            aria-label={`Role of ${member.name}`}
            value={member.role}
            disabled={update.isPending}
            onChange={(event) => {
              update.mutate({ id: member.id, changes: { role: event.target.value as MemberRole } });
            }}
          >
            <option value="agent">Agent</option>
            <option value="org_admin">Admin</option>
          </select>
        )}
      </td>
      <td>{member.active ? "Active" : "Disabled"}</td>
      <td>
        {isSelf ? null : (
          <div className="data-table__actions">
            <Button
              size="small"
              disabled={update.isPending}
              aria-label={`${member.active ? "Disable" : "Enable"} ${member.name}`}
              onClick={() => {
                update.mutate({ id: member.id, changes: { active: !member.active } });
              }}
            >
              {member.active ? "Disable" : "Enable"}
            </Button>
            <ConfirmDialog
              trigger={
                <Button size="small" variant="ghost" aria-label={`Delete ${member.name}`}>
                  Delete
                </Button>
              }
              title={`Delete ${member.name}?`}
              description="They can no longer sign in. This cannot be undone; disabling keeps their history instead."
              confirmLabel="Delete member"
              onConfirm={() => remove.mutateAsync(member.id)}
            />
          </div>
        )}
        {update.isError ? (
          <p role="alert" className="field__error">
            {describeError(update.error)}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

export function MembersTable({ members, currentUserId }: { members: User[]; currentUserId: number }) {
  return (
    <div className="data-table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Members</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <MemberRow key={member.id} member={member} isSelf={member.id === currentUserId} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
