/**
 * The suite's `Cluster`, backed by EventStoreDB doubles instead of Docker containers: each node is a fresh
 * double process (`dist/libs/esdb-double/src/main.js` of this repository, built by `npm run build`), serving
 * TLS with a throw-away CA unless the node is insecure. There is no gossip between them: a "cluster" is
 * independent single nodes.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../../..');
const doubleMain = join(repoRoot, 'dist/libs/esdb-double/src/main.js');

interface Node {
  port: number;
  process?: ChildProcess;
}

const running = new Set<ChildProcess>();
let certDir: string | undefined;

/**
 * Kills the doubles a test file left running (one whose set-up failed never calls down()) and removes its
 * certificates: `../setup.ts` runs it after each file. (An 'exit' hook on `process` did not fire here: jest
 * hands each test file a sandboxed process object.)
 */
export async function stopAllDoubles(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGKILL');
        }),
    ),
  );
  if (certDir) rmSync(certDir, { recursive: true, force: true });
  certDir = undefined;
}

/** One CA per run: a node certificate for 127.0.0.1 and user certificates for `admin` and `invalid`. */
function certificates(): string {
  if (certDir) return certDir;
  const dir = mkdtempSync(join(tmpdir(), 'esdb-double-certs-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=esdb-double test CA');
  const issue = (name: string, cn: string, ext: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  };
  issue('node', 'eventstoredb-node', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  issue('user-admin', 'admin', 'extendedKeyUsage=clientAuth\n');
  issue('user-invalid', 'invalid', 'extendedKeyUsage=clientAuth\n');
  certDir = dir;
  return dir;
}

function startDouble(port: number, insecure: boolean): Promise<{ port: number; process: ChildProcess }> {
  const dir = insecure ? undefined : certificates();
  const child = spawn(process.execPath, [doubleMain], {
    env: {
      ...process.env,
      ESDB_DOUBLE_PORT: String(port),
      ...(dir ? { ESDB_DOUBLE_TLS_CERT_FILE: join(dir, 'node.crt'), ESDB_DOUBLE_TLS_KEY_FILE: join(dir, 'node.key'), ESDB_DOUBLE_TLS_CA_FILE: join(dir, 'ca.crt') } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolvePort, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`double exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /:(\d+)\?tls/.exec(out);
      if (!match) return;
      // Started: the double alone must not keep the runner alive.
      child.unref();
      (child.stdout as Socket).unref();
      resolvePort({ port: Number(match[1]), process: child });
    });
  });
}

export class Cluster {
  private readonly nodes: Node[] = [];
  public domain = '127.0.0.1';

  constructor(
    private readonly count: number,
    private readonly insecure = false,
  ) {}

  public setLogLevel = (): this => this;
  public setOption = (): this => this;

  public get certs() {
    if (this.insecure) throw new Error('No Cert for insecure cluster');
    const dir = certificates();
    return {
      root: readFileSync(join(dir, 'ca.crt')),
      users: {
        admin: { userCertFile: readFileSync(join(dir, 'user-admin.crt')), userKeyFile: readFileSync(join(dir, 'user-admin.key')) },
        invalid: { userCertFile: readFileSync(join(dir, 'user-invalid.crt')), userKeyFile: readFileSync(join(dir, 'user-invalid.key')) },
      },
    };
  }

  public get certPath() {
    if (this.insecure) throw new Error('No Cert for insecure cluster');
    const dir = certificates();
    return {
      root: join(dir, 'ca.crt'),
      admin: { certPath: join(dir, 'user-admin.crt'), certKeyPath: join(dir, 'user-admin.key') },
      invalid: { certPath: join(dir, 'user-invalid.crt'), certKeyPath: join(dir, 'user-invalid.key') },
    };
  }

  public get uri(): string {
    return `${this.domain}:${this.nodes[0]!.port}`;
  }

  public get endpoints() {
    return this.nodes.map(({ port }) => ({ address: this.domain, port }));
  }

  public up = async (): Promise<void> => {
    for (let i = 0; i < this.count; i++) {
      const started = await startDouble(0, this.insecure);
      this.nodes.push(started);
    }
  };

  public down = async (): Promise<void> => {
    await Promise.all(this.nodes.map((node) => this.stop(node)));
  };

  /** `docker compose stop` of the node: SIGTERM, which the double answers with a graceful stop. */
  public killNode = async (endpoint: { port: number }): Promise<void> => {
    const node = this.nodes.find((n) => n.port === endpoint.port);
    if (!node) throw new Error(`unknown node ${endpoint.port}`);
    await this.stop(node, 'SIGTERM');
  };

  public resurrect = async (): Promise<void> => {
    for (const node of this.nodes) {
      if (!node.process) node.process = (await startDouble(node.port, this.insecure)).process;
    }
  };

  public enableNodeLogs = async (): Promise<void> => undefined;
  public inspect = async (): Promise<void> => undefined;
  public openInBrowser = async (): Promise<void> => undefined;

  private async stop(node: Node, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = node.process;
    node.process = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill(signal);
    });
  }
}
