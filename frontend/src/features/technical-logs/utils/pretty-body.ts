/** A recorded body for reading: JSON indented when it parses, anything else as it is. */
export function prettyBody(body: string | null | undefined): string | null {
  if (body == null || body === "") return null;
  try {
    return JSON.stringify(JSON.parse(body) as unknown, null, 2);
  } catch {
    return body;
  }
}
