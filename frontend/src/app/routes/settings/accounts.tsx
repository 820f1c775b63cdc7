import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Spinner } from "@/components/ui/spinner";
import { accountLabel, useAccounts } from "@/features/accounts/api/get-accounts";
import { AccountsTable } from "@/features/accounts/components/accounts-table";
import { ConnectAccountForm } from "@/features/accounts/components/connect-account-form";
import { AccountTemplates } from "@/features/templates/components/account-templates";
import { isOrgAdmin, useCurrentUser } from "@/lib/auth/use-session";

export function AccountsRoute() {
  const accounts = useAccounts();
  const user = useCurrentUser();
  return (
    <div className="settings-page">
      <PageTitle>WhatsApp accounts</PageTitle>
      <div className="settings-page__header">
        <h1>WhatsApp accounts</h1>
      </div>
      {accounts.isPending ? <Spinner label="Loading accounts…" /> : null}
      {accounts.isError ? <ErrorAlert error={accounts.error} /> : null}
      {accounts.data ? (
        <AccountsTable
          accounts={accounts.data}
          actions={(account) => (
            <AccountTemplates accountId={account.id} label={accountLabel(account)} canSync={isOrgAdmin(user.role)} />
          )}
        />
      ) : null}
      <Card title="Connect a phone number">
        <ConnectAccountForm />
      </Card>
    </div>
  );
}
