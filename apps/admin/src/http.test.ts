import { saveSession, sessionOf } from './auth';
import { attachmentName, downloadWithToken } from './http';

describe('downloads that need the token (GET /audit/export, GET /documents/:id)', () => {
  const token = ['{"alg":"HS256"}', '{"sub":"auditor-1","roles":["auditor"]}'].map((p) => btoa(p).replace(/=+$/, '')).join('.') + '.sig';
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    saveSession(null);
  });

  it('given the server names the file, then the browser saves the body under that name, fetched with the bearer token', async () => {
    saveSession(sessionOf(token));
    const sent: { url: string; auth: string | null }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      sent.push({ url, auth: new Headers(init.headers).get('authorization') });
      return new Response('{"kind":"header"}\n', { headers: { 'content-disposition': 'attachment; filename="audit-2026-03-01T00-00-00-000Z.jsonl"' } });
    });
    const saved: { name: string; text: string }[] = [];
    URL.createObjectURL = () => 'blob:x';
    URL.revokeObjectURL = () => undefined;
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, text: this.href });
    });
    expect(await downloadWithToken('/audit/export', 'audit.jsonl')).toBe('audit-2026-03-01T00-00-00-000Z.jsonl');
    expect(sent).toEqual([{ url: '/audit/export', auth: `Bearer ${token}` }]);
    expect(saved).toEqual([{ name: 'audit-2026-03-01T00-00-00-000Z.jsonl', text: 'blob:x' }]);
  });

  it('given a refusal (403 for a role that may not export), then it throws with the status and saves nothing', async () => {
    vi.stubGlobal('fetch', async () => new Response('{"statusCode":403}', { status: 403 }));
    await expect(downloadWithToken('/audit/export', 'audit.jsonl')).rejects.toThrow('/audit/export: HTTP 403');
  });

  it('falls back to the given name when the server names none', () => {
    expect(attachmentName(null, 'audit.jsonl')).toBe('audit.jsonl');
    expect(attachmentName('attachment; filename="d.pdf"', 'x')).toBe('d.pdf');
  });
});
