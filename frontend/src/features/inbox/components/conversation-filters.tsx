import type { Ref } from "react";
import type { Account } from "@/types/api";
import { CONVERSATION_STATUSES } from "@/types/api";
import type { AssigneeView, ConversationFilters as Filters } from "../utils/filters";
import { STATUS_LABELS } from "../utils/labels";
import "./conversation-filters.css";

export interface ConversationFiltersProps {
  filters: Filters;
  accounts: Account[];
  onChange: (filters: Filters) => void;
  searchRef?: Ref<HTMLInputElement>;
}

const VIEWS: { value: AssigneeView; label: string }[] = [
  { value: "mine", label: "Mine" },
  { value: "unassigned", label: "Unassigned" },
  { value: "all", label: "All" },
];

export function ConversationFilters({ filters, accounts, onChange, searchRef }: ConversationFiltersProps) {
  const set = (changes: Partial<Filters>) => {
    onChange({ ...filters, ...changes });
  };
  return (
    <div className="inbox-filters" role="search" aria-label="Filter conversations">
      <input
        ref={searchRef}
        type="search"
        className="inbox-filters__search"
        aria-label="Search conversations"
        placeholder="Search (press /)"
        value={filters.search}
        onChange={(event) => {
          set({ search: event.target.value });
        }}
      />
      <fieldset className="inbox-filters__views">
        <legend className="visually-hidden">Assigned to</legend>
        {VIEWS.map((view) => (
          <label key={view.value} className="inbox-filters__view">
            <input
              type="radio"
              name="assignee-view"
              value={view.value}
              checked={filters.view === view.value}
              onChange={() => {
                set({ view: view.value });
              }}
            />
            <span>{view.label}</span>
          </label>
        ))}
      </fieldset>
      <div className="inbox-filters__row">
        <label className="visually-hidden" htmlFor="inbox-filter-status">
          Filter by status
        </label>
        <select
          id="inbox-filter-status"
          value={filters.status}
          onChange={(event) => {
            set({ status: event.target.value as Filters["status"] });
          }}
        >
          {CONVERSATION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
          <option value="all">Any status</option>
        </select>
        {accounts.length > 1 ? (
          <>
            <label className="visually-hidden" htmlFor="inbox-filter-account">
              Filter by number
            </label>
            <select
              id="inbox-filter-account"
              value={filters.accountId ?? ""}
              onChange={(event) => {
                set({ accountId: event.target.value === "" ? null : Number(event.target.value) });
              }}
            >
              <option value="">All numbers</option>
              {accounts.map((account) => (
                <option key={account.id} value={account.id}>
                  {account.name ?? account.display_phone_number}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <label className="inbox-filters__check">
          <input
            type="checkbox"
            checked={filters.unreadOnly}
            onChange={(event) => {
              set({ unreadOnly: event.target.checked });
            }}
          />
          Unread only
        </label>
      </div>
    </div>
  );
}
