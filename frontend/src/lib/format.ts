/** Display formats for dates and durations, in the browser's locale and time zone. */

const DAY_MS = 86_400_000;

/**
 * One `Intl.DateTimeFormat` per set of options, made on first use and kept. A call of
 * `toLocaleDateString(locale, options)` builds a new ICU formatter each time, and the garbage
 * collector frees those native objects in a task of its own after a major collection: the
 * conversation list, formatting a dozen rows per frame while it scrolls, made 20–60 ms of such
 * tasks every second or two, each a dropped frame. Same options, same output.
 */
function formatter(options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  let cached: Intl.DateTimeFormat | undefined;
  return () => (cached ??= new Intl.DateTimeFormat(undefined, options));
}

const clockFormat = formatter({ hour: "2-digit", minute: "2-digit" });
const weekdayFormat = formatter({ weekday: "long" });
const shortDateFormat = formatter({ day: "numeric", month: "short", year: "numeric" });
const longDayFormat = formatter({ weekday: "long", day: "numeric", month: "long", year: "numeric" });
const dateTimeFormat = formatter({ dateStyle: "medium", timeStyle: "short" });

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export function formatClock(iso: string): string {
  return clockFormat().format(new Date(iso));
}

/** Time in the conversation list: clock today, weekday this week, else the date. */
export function formatListTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const days = Math.round((startOfDay(now) - startOfDay(date)) / DAY_MS);
  if (days <= 0) return clockFormat().format(date);
  if (days === 1) return "Yesterday";
  if (days < 7) return weekdayFormat().format(date);
  return shortDateFormat().format(date);
}

/** The heading of a day in a thread: "Today", "Yesterday" or the full date. */
export function formatDay(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const days = Math.round((startOfDay(now) - startOfDay(date)) / DAY_MS);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return longDayFormat().format(date);
}

/** A day key (local time zone) to group messages by. */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

export function formatDateTime(iso: string): string {
  return dateTimeFormat().format(new Date(iso));
}

/** "3 h 12 min", "12 min", "45 s": the two largest useful units. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return `${seconds} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
