import { AppShell } from "@/components/layouts/app-shell";
import { useCurrentUser, worksInbox } from "@/lib/auth/use-session";
import { LiveUpdates } from "./live-updates";

/** The app shell, kept live by the event stream for those who work the inbox. */
export function SignedInShell() {
  const user = useCurrentUser();
  return (
    <>
      {worksInbox(user.role) ? <LiveUpdates /> : null}
      <AppShell />
    </>
  );
}
