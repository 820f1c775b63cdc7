/** URLs of the app's pages, in one place for links, redirects and tests. */
export const paths = {
  home: "/",
  login: "/login",
  status: "/status",
  inbox: "/inbox",
  conversation: (id: number | string) => `/inbox/${id}`,
  settings: "/settings",
  members: "/settings/members",
  apiKeys: "/settings/api-keys",
  auditLog: "/settings/audit-log",
  accounts: "/settings/accounts",
  technicalLogs: "/settings/technical-logs",
  retention: "/settings/retention",
  staffAccess: "/settings/staff-access",
  organizations: "/admin/organizations",
} as const;
