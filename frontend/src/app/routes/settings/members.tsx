import { PageTitle } from "@/components/page-title";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Spinner } from "@/components/ui/spinner";
import { useMembers } from "@/features/members/api/get-members";
import { InviteMemberDialog } from "@/features/members/components/invite-member-dialog";
import { MembersTable } from "@/features/members/components/members-table";
import { useCurrentUser } from "@/lib/auth/use-session";

export function MembersRoute() {
  const user = useCurrentUser();
  const members = useMembers();
  return (
    <div className="settings-page">
      <PageTitle>Members</PageTitle>
      <div className="settings-page__header">
        <h1>Members</h1>
        <InviteMemberDialog />
      </div>
      {members.isPending ? <Spinner label="Loading members…" /> : null}
      {members.isError ? <ErrorAlert error={members.error} /> : null}
      {members.data ? <MembersTable members={members.data} currentUserId={user.id} /> : null}
    </div>
  );
}
