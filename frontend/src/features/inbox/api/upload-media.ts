import type { components } from "@/lib/api/schema";
import { ApiError, defaultBaseUrl, isProblem } from "@/lib/api-client";
import { tokenAfterRejection } from "@/lib/auth/refresh";
import { getAccessToken } from "@/lib/auth/session-store";

export type UploadedMedia = components["schemas"]["UploadedMedia"];

export interface UploadOptions {
  /** Called with the fraction sent, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * One multipart upload. XMLHttpRequest rather than fetch: only it reports upload progress.
 * Resolves with the status and parsed body, whatever the status.
 */
function post(file: File, mimeType: string, token: string | null, options: UploadOptions) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${defaultBaseUrl()}/api/v1/media`);
    xhr.setRequestHeader("Accept", "application/json, application/problem+json");
    if (token !== null) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      resolve({ status: xhr.status, body: parseJson(xhr.responseText) });
    };
    xhr.onerror = () => {
      reject(new TypeError("The upload could not reach the server."));
    };
    xhr.onabort = () => {
      reject(new DOMException("The upload was cancelled.", "AbortError"));
    };
    const abort = () => {
      xhr.abort();
    };
    options.signal?.addEventListener("abort", abort, { once: true });
    xhr.onloadend = () => options.signal?.removeEventListener("abort", abort);
    const form = new FormData();
    // The part's type is what the server goes by; browsers leave some types empty.
    form.append("file", file.type === mimeType ? file : new File([file], file.name, { type: mimeType }), file.name);
    xhr.send(form);
  });
}

/** `POST /media`: stores a file to send with `media_id`, reporting progress. */
export async function uploadMedia(file: File, mimeType: string, options: UploadOptions = {}): Promise<UploadedMedia> {
  const token = getAccessToken();
  let answer = await post(file, mimeType, token, options);
  if (answer.status === 401) {
    const fresh = await tokenAfterRejection(token);
    if (fresh !== null) answer = await post(file, mimeType, fresh, options);
  }
  if (answer.status === 201) return answer.body as UploadedMedia;
  throw new ApiError(answer.status, isProblem(answer.body) ? answer.body : null);
}
