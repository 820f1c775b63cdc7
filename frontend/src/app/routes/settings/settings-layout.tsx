import { NavLink, Outlet } from "react-router";
import { paths } from "@/config/paths";
import { isOrgAdmin, useCurrentUser } from "@/lib/auth/use-session";
import "@/components/ui/table.css";
import "./settings.css";

export function SettingsLayout() {
  const user = useCurrentUser();
  const admin = isOrgAdmin(user.role);
  return (
    <div className="settings">
      <nav aria-label="Settings" className="settings__nav">
        {admin ? (
          <>
            <NavLink to={paths.members}>Members</NavLink>
            <NavLink to={paths.accounts}>WhatsApp accounts</NavLink>
            <NavLink to={paths.apiKeys}>API keys</NavLink>
          </>
        ) : null}
        <NavLink to={paths.auditLog}>Audit log</NavLink>
        <NavLink to={paths.technicalLogs}>Technical logs</NavLink>
        {admin ? (
          <>
            <NavLink to={paths.retention}>Retention</NavLink>
            <NavLink to={paths.staffAccess}>Staff access</NavLink>
          </>
        ) : null}
      </nav>
      <div className="settings__content">
        <Outlet />
      </div>
    </div>
  );
}
