import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { RouteError } from "@/components/errors/route-error";
import { AppLayout } from "@/components/layouts/app-layout";
import { RequireRole, HomeRedirect } from "./role-guard";
import { ConversationRoute } from "./routes/inbox/conversation";
import { InboxRoute } from "./routes/inbox/inbox";
import { InboxEmptyRoute } from "./routes/inbox/inbox-empty";
import { StatusRoute } from "./routes/status";
import { LoginRoute } from "./routes/login";
import { NotFoundRoute } from "./routes/not-found";
import { PageLoading, RequireSession } from "./session-guard";
import { SignedInShell } from "./signed-in-shell";


// Settings and platform screens are loaded on demand: the login + inbox bundle stays small.
export const routes: RouteObject[] = [
  { path: "/login", element: <LoginRoute />, errorElement: <RouteError /> },
  {
    element: <RequireSession />,
    errorElement: <RouteError />,
    // Shown while a lazily loaded page (settings, admin) is fetched on a first visit.
    hydrateFallbackElement: <PageLoading />,
    children: [
      {
        element: <SignedInShell />,
        children: [
          { index: true, element: <HomeRedirect /> },
          {
            element: <RequireRole roles={["org_admin", "agent"]} />,
            children: [
              {
                path: "inbox",
                element: <InboxRoute />,
                children: [
                  { index: true, element: <InboxEmptyRoute /> },
                  { path: ":conversationId", element: <ConversationRoute /> },
                ],
              },
            ],
          },
          {
            path: "settings",
            lazy: async () => ({ Component: (await import("./routes/settings/settings-layout")).SettingsLayout }),
            children: [
              { index: true, element: <Navigate to="members" replace /> },
              {
                element: <RequireRole roles={["org_admin"]} />,
                children: [
                  { path: "members", lazy: async () => ({ Component: (await import("./routes/settings/members")).MembersRoute }) },
                  { path: "api-keys", lazy: async () => ({ Component: (await import("./routes/settings/api-keys")).ApiKeysRoute }) },
                  { path: "accounts", lazy: async () => ({ Component: (await import("./routes/settings/accounts")).AccountsRoute }) },
                  { path: "retention", lazy: async () => ({ Component: (await import("./routes/settings/retention")).RetentionRoute }) },
                  {
                    path: "staff-access",
                    lazy: async () => ({ Component: (await import("./routes/settings/staff-access")).StaffAccessRoute }),
                  },
                ],
              },
              {
                element: <RequireRole roles={["org_admin", "platform_admin"]} />,
                children: [
                  { path: "audit-log", lazy: async () => ({ Component: (await import("./routes/settings/audit-log")).AuditLogRoute }) },
                  {
                    path: "technical-logs",
                    lazy: async () => ({ Component: (await import("./routes/settings/technical-logs")).TechnicalLogsRoute }),
                  },
                ],
              },
            ],
          },
          {
            path: "admin",
            element: <RequireRole roles={["platform_admin"]} />,
            children: [
              {
                path: "organizations",
                lazy: async () => ({ Component: (await import("./routes/admin/organizations")).OrganizationsRoute }),
              },
            ],
          },
        ],
      },
    ],
  },
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { path: "/status", element: <StatusRoute /> },
      { path: "*", element: <NotFoundRoute /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
