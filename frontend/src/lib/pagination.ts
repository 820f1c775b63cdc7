export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Follows `next_cursor` to the last page (for short lists: members, accounts, keys). */
export async function collectAllPages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.next_cursor ?? null;
  } while (cursor !== null);
  return items;
}
