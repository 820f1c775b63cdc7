import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { NavLink, Outlet, useNavigate } from "react-router";
import { paths } from "@/config/paths";
import { useLogout } from "@/lib/auth/actions";
import { isOrgAdmin, isPlatformAdmin, useCurrentUser, worksInbox } from "@/lib/auth/use-session";
import type { Role } from "@/types/api";
import { LiveIndicator } from "./live-indicator";
import { NotificationsToggle } from "./notifications-toggle";
import "./app-shell.css";

const ROLE_LABELS: Record<Role, string> = {
  platform_admin: "Platform admin",
  org_admin: "Admin",
  agent: "Agent",
};

/** Navigation, user menu and the page: the frame of every signed-in screen. */
export function AppShell() {
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();

  const signOut = () => {
    logout.mutate(undefined, {
      onSettled: () => {
        void navigate(paths.login, { replace: true });
      },
    });
  };

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main-content">
        Skip to content
      </a>
      <header className="app-shell__header">
        <NavLink to={paths.home} className="app-shell__brand" aria-label="WinMessages home">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span className="app-shell__brand-name">WinMessages</span>
        </NavLink>
        <nav aria-label="Main" className="app-shell__nav">
          {worksInbox(user.role) ? <NavLink to={paths.inbox}>Inbox</NavLink> : null}
          {isOrgAdmin(user.role) ? <NavLink to={paths.settings}>Settings</NavLink> : null}
          {isPlatformAdmin(user.role) ? (
            <>
              <NavLink to={paths.organizations}>Organizations</NavLink>
              <NavLink to={paths.auditLog}>Audit log</NavLink>
              <NavLink to={paths.technicalLogs}>Technical logs</NavLink>
            </>
          ) : null}
        </nav>
        {worksInbox(user.role) ? (
          <>
            <LiveIndicator />
            <NotificationsToggle />
          </>
        ) : null}
        <DropdownMenu.Root>
          <DropdownMenu.Trigger className="app-shell__user" aria-label={`Account menu for ${user.name}`}>
            <span className="app-shell__avatar" aria-hidden="true">
              {user.name.slice(0, 1).toUpperCase()}
            </span>
            <span className="app-shell__user-name">{user.name}</span>
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
              <DropdownMenu.Label className="menu__label">
                {user.email}
                <br />
                {ROLE_LABELS[user.role]}
              </DropdownMenu.Label>
              <DropdownMenu.Separator className="menu__separator" />
              <DropdownMenu.Item className="menu__item" onSelect={signOut}>
                Log out
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </header>
      <main id="main-content" className="app-shell__main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
