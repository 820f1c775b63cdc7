/**
 * Hands `blob` to the browser as a download named `filename` (the file was fetched with the
 * session's token, so a plain link to the API would not do).
 */
export function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoked later: some browsers read the URL after `click()` returns.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
