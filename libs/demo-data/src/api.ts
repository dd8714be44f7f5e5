/** A refusal or failure the service answered; `code` is the GraphQL error code (API.md "Errors") or `HTTP_<status>`. */
export class DemoApiError extends Error {
  override readonly name = 'DemoApiError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** What the seeding needs of the service: its public API, as any client uses it. */
export interface DemoApi {
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** POST /documents: one file of a document kind; its id. */
  upload(kind: string, bytes: Uint8Array, filename: string): Promise<string>;
}

/** The service's HTTP API at `baseUrl` with a bearer token. */
export class HttpDemoApi implements DemoApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
    const error = body?.errors?.[0];
    if (error) throw new DemoApiError(error.message, error.extensions?.code ?? 'GRAPHQL_ERROR');
    if (!res.ok || !body?.data) throw new DemoApiError(`POST /graphql answered HTTP ${res.status}`, `HTTP_${res.status}`);
    return body.data;
  }

  async upload(kind: string, bytes: Uint8Array, filename: string): Promise<string> {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), filename);
    const res = await this.send('/documents', { method: 'POST', body: form });
    const body = (await res.json().catch(() => null)) as { id?: string; message?: string } | null;
    if (!res.ok || typeof body?.id !== 'string') throw new DemoApiError(`POST /documents answered HTTP ${res.status}${body?.message ? `: ${body.message}` : ''}`, `HTTP_${res.status}`);
    return body.id;
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(new URL(path, this.baseUrl), { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${this.token}` } });
    } catch (err) {
      throw new DemoApiError(`cannot reach the service at ${this.baseUrl} (${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}): start it first (CLOCK=simulated npm start)`, 'UNREACHABLE');
    }
  }
}
