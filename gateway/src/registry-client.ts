/**
 * The gateway's side of the schema registry's HTTP API (the registry's own package is a separate
 * deployable; the gateway speaks to it over HTTP only): the latest launch (with If-None-Match, saying
 * which launch this gateway serves), the operations it executed, the clients' trusted documents.
 */
export interface RegistryLaunch {
  id: number;
  supergraphSdl: string;
  supergraphHash: string;
  createdAt: string;
  reason: string;
  subgraphs: { name: string; versionId: number; label: string | null; url: string }[];
}

export interface ReportedOperation {
  hash: string;
  document: string;
  signature: string;
  name: string | null;
  kind: string | null;
  clientName: string;
  clientVersion: string;
  count: number;
  lastSeen: string;
}

export interface TrustedManifest {
  client: string;
  version: string;
  documents: Record<string, string>;
}

export type LaunchAnswer =
  { kind: 'launch'; launch: RegistryLaunch; etag: string | null } | { kind: 'unchanged' } | { kind: 'none' };
export type DocumentsAnswer = { kind: 'documents'; manifests: TrustedManifest[]; etag: string | null } | { kind: 'unchanged' };

export interface RegistryClientOptions {
  /** The registry's base URL, e.g. http://registry:4010. */
  url: string;
  /** REGISTRY_READ_TOKEN. */
  token?: string;
  /** This gateway's id, reported on every poll (the registry tells deployers which launch each gateway serves). */
  gatewayId: string;
  timeoutMs: number;
}

export class RegistryClient {
  constructor(private readonly options: RegistryClientOptions) {}

  get url(): string {
    return this.options.url;
  }

  private headers(extra: Record<string, string | undefined> = {}): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', 'x-gateway-id': this.options.gatewayId };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) headers[k] = v;
    return headers;
  }

  /** The latest launch, unless it is the one named by `etag`; reports the launch this gateway serves. */
  async latestLaunch(etag: string | undefined, served: number | null): Promise<LaunchAnswer> {
    const res = await fetch(new URL('/launches/latest', this.options.url), {
      headers: this.headers({ 'if-none-match': etag, 'x-gateway-launch': served === null ? undefined : String(served) }),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (res.status === 304) return { kind: 'unchanged' };
    if (res.status === 404) return { kind: 'none' };
    if (!res.ok) throw new Error(`registry: GET /launches/latest answered ${res.status}`);
    return { kind: 'launch', launch: (await res.json()) as RegistryLaunch, etag: res.headers.get('etag') };
  }

  async reportOperations(operations: ReportedOperation[]): Promise<void> {
    const res = await fetch(new URL('/operations', this.options.url), {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ operations }),
      signal: AbortSignal.timeout(this.options.timeoutMs * 5),
    });
    if (!res.ok) throw new Error(`registry: POST /operations answered ${res.status}`);
  }

  async trustedDocuments(etag: string | undefined): Promise<DocumentsAnswer> {
    const res = await fetch(new URL('/documents', this.options.url), {
      headers: this.headers({ 'if-none-match': etag }),
      signal: AbortSignal.timeout(this.options.timeoutMs * 2),
    });
    if (res.status === 304) return { kind: 'unchanged' };
    if (!res.ok) throw new Error(`registry: GET /documents answered ${res.status}`);
    return {
      kind: 'documents',
      manifests: ((await res.json()) as { manifests: TrustedManifest[] }).manifests,
      etag: res.headers.get('etag'),
    };
  }
}
