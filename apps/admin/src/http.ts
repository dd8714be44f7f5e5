import { loadSession } from './auth';

const authorization = () => ({ authorization: `Bearer ${loadSession()?.token ?? ''}` });

/** POST /documents with the token: the uploaded file's id (API.md "HTTP"; 413 / 415 come back as the server words them). */
export async function uploadDocument(file: File, kind: string): Promise<string> {
  const body = new FormData();
  body.append('kind', kind);
  body.append('file', file);
  const res = await fetch('/documents', { method: 'POST', body, headers: authorization() });
  const json = (await res.json().catch(() => ({}))) as { id?: string; message?: string };
  if (!res.ok || !json.id) throw new Error(json.message ?? `upload failed (${res.status})`);
  return json.id;
}

/** The file name a Content-Disposition header gives, else `fallback`. */
export function attachmentName(header: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(header ?? '')?.[1] ?? fallback;
}

/**
 * GETs a file that needs the token (a link cannot send the Authorization header) and hands it to the browser as a
 * download under the name the server gives. Answers that name, or throws with the server's status.
 */
export async function downloadWithToken(path: string, fallbackName: string): Promise<string> {
  const res = await fetch(path, { headers: authorization() });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  const name = attachmentName(res.headers.get('content-disposition'), fallbackName);
  saveBlob(name, await res.blob());
  return name;
}

export function saveBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // Revoked later, not at once: the browser reads the blob after click() returns, and revoking first cancels the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
