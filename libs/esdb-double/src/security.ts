import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { Metadata, ServerCredentials, ServerInterceptingCall, status, type ServerInterceptor } from '@grpc/grpc-js';

/**
 * A secure node's material: a throw-away certificate authority, the node's certificate signed by it, and the
 * users it knows. An EventStoreDB 24.10 node runs secure by default — TLS on the gRPC port with a certificate
 * from the operator's CA, and HTTP basic credentials on each call (`ClusterVNodeStartup.cs`, the
 * `authorization: Basic …` header the client sends, `Client/index.js` `createCredentialsMetadataGenerator`).
 */
export interface EsdbDoubleSecurity {
  /** PEM of the CA that signed the node's certificate: what a client's `tlsCAFile` names. */
  readonly caPem: string;
  /** A file holding `caPem`, for `tlsCAFile=` in a connection string. */
  readonly caFile: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** username → password. */
  readonly users: ReadonlyMap<string, string>;
}

const crypto = webcrypto;
const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** Makes a CA and a certificate for `127.0.0.1` / `localhost` signed by it; writes the CA to a temp file. */
export async function createEsdbDoubleSecurity(users: Record<string, string> = { admin: 'changeit' }): Promise<EsdbDoubleSecurity> {
  const now = new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + 24 * 3600_000);
  const caKeys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: 'CN=EventStoreDB double test CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const nodeKeys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const node = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(8).toString('hex'),
    subject: 'CN=eventstoredb-node',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: nodeKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
      ]),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  const privateKeyPem = x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', nodeKeys.privateKey), 'PRIVATE KEY');
  const caPem = ca.toString('pem');
  const caFile = join(mkdtempSync(join(tmpdir(), 'esdb-double-ca-')), 'ca.crt');
  writeFileSync(caFile, caPem);
  return { caPem, caFile, certificatePem: node.toString('pem'), privateKeyPem, users: new Map(Object.entries(users)) };
}

export function serverCredentialsFor(security: EsdbDoubleSecurity | undefined): ServerCredentials {
  if (!security) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(security.certificatePem), private_key: Buffer.from(security.privateKeyPem) }], false);
}

/** Methods anyone may call: a client discovers the cluster before it sends credentials (`discovery.js`). */
const ANONYMOUS_METHODS = new Set(['/event_store.client.gossip.Gossip/Read', '/event_store.client.server_features.ServerFeatures/GetSupportedMethods']);

/**
 * Checks each call's basic credentials before its handler runs. Wrong credentials: UNAUTHENTICATED, as the
 * server's authentication middleware answers a failed `Basic` login. No credentials: PERMISSION_DENIED with
 * `exception: access-denied` (`RpcExceptions.AccessDenied`), since a 24.10 node lets anonymous users neither read
 * `$all` nor write (`Authorization/…/StreamBasedAuthorizationPolicy`, default ACLs).
 */
export function authenticationInterceptor(security: EsdbDoubleSecurity): ServerInterceptor {
  return callGate((path, metadata): Refusal | null => {
    if (ANONYMOUS_METHODS.has(path)) return null;
    const header = metadata.get('authorization')[0]?.toString();
    if (header === undefined) return { code: status.PERMISSION_DENIED, details: 'Access Denied', trailers: { exception: 'access-denied' } };
    const [scheme, encoded] = header.split(' ');
    const [user, ...rest] = Buffer.from(encoded ?? '', 'base64').toString('utf8').split(':');
    if (scheme !== 'Basic' || user === undefined || security.users.get(user) !== rest.join(':')) {
      return { code: status.UNAUTHENTICATED, details: 'Bad credentials', trailers: {} };
    }
    return null;
  });
}

/** How a gate ends a call before its handler runs. */
export interface Refusal {
  readonly code: status;
  readonly details: string;
  readonly trailers: Readonly<Record<string, string>>;
}

/** An interceptor that looks at each call's method and headers and either lets it through (null) or ends it. */
export function callGate(decide: (path: string, metadata: Metadata) => Refusal | null): ServerInterceptor {
  return (method, call) => {
    const intercepted: ServerInterceptingCall = new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, proceed) {
            const refusal = decide(method.path, metadata);
            if (!refusal) return proceed(metadata);
            const trailers = new Metadata();
            for (const [key, value] of Object.entries(refusal.trailers)) trailers.set(key, value);
            intercepted.sendStatus({ code: refusal.code, details: refusal.details, metadata: trailers });
          },
        });
      },
    });
    return intercepted;
  };
}

/** The connection string for these nodes: `?tls=false` when insecure, else the first user's credentials and `tlsCAFile`. */
export function doubleUrl(nodes: ReadonlyArray<{ readonly host: string; readonly port: number }>, security: EsdbDoubleSecurity | undefined): string {
  const hosts = nodes.map((n) => `${n.host}:${n.port}`).join(',');
  if (!security) return `esdb://${hosts}?tls=false`;
  const [user, password] = [...security.users][0] ?? [];
  const login = user === undefined ? '' : `${encodeURIComponent(user)}:${encodeURIComponent(password ?? '')}@`;
  return `esdb://${login}${hosts}?tlsCAFile=${encodeURIComponent(security.caFile)}`;
}
