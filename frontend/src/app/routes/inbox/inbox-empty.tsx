export function InboxEmptyRoute() {
  return (
    <div className="centered-page inbox__empty">
      <h2>Select a conversation</h2>
      <p className="muted">
        Use <kbd>j</kbd> and <kbd>k</kbd> to move through conversations, <kbd>/</kbd> to search.
      </p>
    </div>
  );
}
