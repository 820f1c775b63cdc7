import { useEffect, useMemo, useRef } from "react";
import { Outlet, useNavigate, useParams, useSearchParams } from "react-router";
import { PageTitle } from "@/components/page-title";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Spinner } from "@/components/ui/spinner";
import { paths } from "@/config/paths";
import { accountLabel, useAccounts } from "@/features/accounts/api/get-accounts";
import { useConversations } from "@/features/inbox/api/get-conversations";
import { ConversationFilters } from "@/features/inbox/components/conversation-filters";
import { ConversationList } from "@/features/inbox/components/conversation-list";
import { useInboxShortcuts } from "@/features/inbox/hooks/use-inbox-shortcuts";
import {
  conversationQueryParams,
  filtersFromSearchParams,
  filtersToSearchParams,
  matchesSearch,
  type ConversationFilters as Filters,
} from "@/features/inbox/utils/filters";
import { useMembers } from "@/features/members/api/get-members";
import "./inbox.css";

/** The inbox: filters and the conversation list, with the open conversation beside it. */
export function InboxRoute() {
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const { conversationId } = useParams();
  const selectedId = conversationId ? Number(conversationId) : null;
  const searchRef = useRef<HTMLInputElement>(null);

  const filters = useMemo(() => filtersFromSearchParams(searchParams), [searchParams]);
  const query = useMemo(() => conversationQueryParams(filters), [filters]);
  const conversations = useConversations(query);
  const accounts = useAccounts();
  const members = useMembers();

  const loaded = useMemo(() => conversations.data?.pages.flatMap((page) => page.items) ?? [], [conversations.data]);
  const visible = useMemo(() => loaded.filter((c) => matchesSearch(c, filters.search)), [loaded, filters.search]);

  const accountNames = useMemo(
    () => new Map((accounts.data ?? []).map((account) => [account.id, accountLabel(account)])),
    [accounts.data],
  );
  const memberNames = useMemo(
    () => new Map((members.data ?? []).map((member) => [member.id, member.name])),
    [members.data],
  );
  const search = filtersToSearchParams(filters).toString();
  const listSearch = search ? `?${search}` : "";

  const setFilters = (next: Filters) => {
    setSearchParams(filtersToSearchParams(next), { replace: true });
  };

  // Where j/k last went: a key pressed again before the page caught up (key repeat) moves
  // on from there, not from the conversation still drawn.
  const movedTo = useRef<number | null>(null);
  useEffect(() => {
    if (movedTo.current === selectedId) movedTo.current = null;
  }, [selectedId]);

  const move = (step: 1 | -1) => {
    if (visible.length === 0) return;
    const from = movedTo.current ?? selectedId;
    const current = visible.findIndex((c) => c.id === from);
    const nextIndex = current === -1 ? 0 : Math.min(visible.length - 1, Math.max(0, current + step));
    const target = visible[nextIndex];
    if (target && target.id !== from) {
      movedTo.current = target.id;
      void navigate({ pathname: paths.conversation(target.id), search: listSearch });
    }
  };

  useInboxShortcuts({
    next: () => {
      move(1);
    },
    previous: () => {
      move(-1);
    },
    focusSearch: () => searchRef.current?.focus(),
  });

  return (
    <div className={`inbox${selectedId !== null ? " inbox--conversation-open" : ""}`}>
      <PageTitle>Inbox</PageTitle>
      <section className="inbox__list" aria-label="Conversation list">
        <h1 className="visually-hidden">Inbox</h1>
        <ConversationFilters
          filters={filters}
          accounts={accounts.data ?? []}
          onChange={setFilters}
          searchRef={searchRef}
        />
        {conversations.isPending ? (
          <div className="inbox__state">
            <Spinner label="Loading conversations…" />
          </div>
        ) : null}
        {conversations.isError ? (
          <div className="inbox__state">
            <ErrorAlert error={conversations.error} title="The conversations could not be loaded." />
          </div>
        ) : null}
        {conversations.isSuccess && visible.length === 0 ? (
          <p className="inbox__state muted" role="status">
            {filters.search ? "No loaded conversation matches your search." : "No conversations here."}
          </p>
        ) : null}
        {visible.length > 0 ? (
          <ConversationList
            conversations={visible}
            selectedId={selectedId}
            search={listSearch}
            hasNextPage={conversations.hasNextPage}
            isFetchingNextPage={conversations.isFetchingNextPage}
            fetchNextPage={() => void conversations.fetchNextPage()}
            assigneeName={(id) => memberNames.get(id) ?? null}
            accountName={(id) => (accountNames.size > 1 ? (accountNames.get(id) ?? null) : null)}
          />
        ) : null}
      </section>
      <div className="inbox__detail">
        <Outlet context={{ listSearch }} />
      </div>
    </div>
  );
}
