/**
 * One metadata listener per instance (design.md "IMDS"): a `node:http` server on loopback at a port that is
 * stable for the instance's life. The port is chosen at launch, kept in the instance record, and reopened
 * after a lab restart (another port only if that one is taken meanwhile); the listener closes when the
 * instance is terminated. Requests go to `handleImds`; a stopped instance's listener drops connections.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock/clock.js';
import type { Ec2Change, Ec2State } from '../services/ec2/ec2-state.js';
import type { InstanceRecord } from '../services/ec2/ec2-records.js';
import type { IamState } from '../services/iam/iam-state.js';
import type { SessionIssuer } from '../services/identity/session-issuer.js';
import type { Store } from '../store/port.js';
import type { ChangeOrigin } from '../store/state-view.js';
import { CredentialKeeper } from './credential-keeper.js';
import type { ImdsConfig } from './imds-config.js';
import { DEFAULT_IMDS_CONFIG } from './imds-config.js';
import type { ImdsAnswer, ImdsRequest } from './imds-handler.js';
import { handleImds } from './imds-handler.js';

interface ImdsLogger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

interface ImdsManagerDeps {
  readonly ec2: Ec2State;
  readonly iam: IamState;
  readonly clock: Clock;
  readonly issuer: SessionIssuer;
  readonly store: Store;
  readonly config?: Partial<ImdsConfig>;
  readonly logger?: ImdsLogger;
  /** 32 bytes sealing IMDSv2 tokens; random per process by default (a restart invalidates tokens). */
  readonly tokenKey?: Buffer;
  /**
   * On a lab of several nodes: this node's name (its listeners' ports are kept under it, as every node serves
   * every instance on its own loopback) and its catch-up with the other nodes before each answer.
   */
  readonly shared?: { readonly node: string; barrier(): Promise<void> };
}

/** Where an instance's metadata port is kept: in the instance record, or per node on a shared store. */
const IMDS_PORTS_COLLECTION = 'imds-ports';

const SILENT: ImdsLogger = { info: () => undefined, error: () => undefined };

export class ImdsManager {
  readonly #deps: ImdsManagerDeps;
  readonly config: ImdsConfig;
  readonly keeper: CredentialKeeper;
  readonly #tokenKey: Buffer;
  readonly #servers = new Map<string, Server>();
  /** On a shared store: this node's ports by instance id. */
  readonly #nodePorts: Map<string, number> | undefined;
  #unsubscribe: (() => void) | undefined;

  private constructor(deps: ImdsManagerDeps, config: ImdsConfig, keeper: CredentialKeeper, nodePorts: Map<string, number> | undefined) {
    this.#deps = deps;
    this.config = config;
    this.keeper = keeper;
    this.#tokenKey = deps.tokenKey ?? randomBytes(32);
    this.#nodePorts = nodePorts;
  }

  static async create(deps: ImdsManagerDeps): Promise<ImdsManager> {
    const config = { ...DEFAULT_IMDS_CONFIG, ...deps.config };
    const shared = deps.shared !== undefined;
    const keeper = await CredentialKeeper.load({
      ec2: deps.ec2,
      iam: deps.iam,
      clock: deps.clock,
      issuer: deps.issuer,
      store: deps.store,
      config,
      shared,
    });
    let nodePorts: Map<string, number> | undefined;
    if (deps.shared !== undefined) {
      const prefix = `${deps.shared.node}|`;
      const entries = await deps.store.transaction((tx) => tx.list<number>(IMDS_PORTS_COLLECTION, { prefix }));
      nodePorts = new Map(entries.map((entry) => [entry.key.slice(prefix.length), entry.value]));
    }
    return new ImdsManager(deps, config, keeper, nodePorts);
  }

  /** Follows EC2 changes and opens a listener for every instance that is not terminated. */
  async start(): Promise<void> {
    this.#unsubscribe ??= this.#deps.ec2.onChange(async (change, origin) => {
      try {
        await this.#onChange(change, origin);
      } catch (error) {
        // A listener that cannot open must not fail the EC2 request that caused it (nor crash the lab).
        this.#deps.logger?.error(`IMDS could not follow ${change.type}`, error);
      }
    });
    await this.#sync();
  }

  /** `http://127.0.0.1:<port>` of an instance's listener, when it is open. */
  endpointOf(instanceId: string): string | undefined {
    const server = this.#servers.get(instanceId);
    const address = server?.address();
    return address === null || address === undefined || typeof address === 'string' ? undefined : `http://${this.config.host}:${address.port}`;
  }

  async close(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await Promise.all([...this.#servers.keys()].map((id) => this.#closeListener(id)));
  }

  /** A `remote` change was made through another node, which primes and forgets the credentials: this one only listens. */
  async #onChange(change: Ec2Change, origin: ChangeOrigin): Promise<void> {
    switch (change.type) {
      case 'instance-launched':
      case 'instance-started': {
        const instance = this.#deps.ec2.instance(change.instanceId);
        if (instance === undefined) return;
        await this.#open(instance);
        // Credentials are obtained when the association or boot starts (aws-behaviour.md §10.6).
        if (origin === 'local') await this.keeper.prime(instance, this.#deps.clock.now());
        return;
      }
      case 'association-changed': {
        const instance = this.#deps.ec2.instance(change.instanceId);
        if (instance !== undefined && origin === 'local') await this.keeper.prime(instance, this.#deps.clock.now());
        return;
      }
      case 'instance-terminated':
        await this.#closeListener(change.instanceId);
        await this.#forgetPort(change.instanceId);
        if (origin === 'local') await this.keeper.forget(change.instanceId);
        return;
      case 'reloaded':
        await this.keeper.reload();
        await this.#sync();
        return;
      case 'instance-stopped':
      case 'metadata-options-changed':
        // Read at request time: nothing to do now.
        return;
    }
  }

  /** Listeners for exactly the instances that are not terminated. */
  async #sync(): Promise<void> {
    const alive = this.#deps.ec2.allInstances().filter((i) => i.lastAction !== 'terminate');
    const ids = new Set(alive.map((i) => i.id));
    for (const id of [...this.#servers.keys()]) if (!ids.has(id)) await this.#closeListener(id);
    for (const instance of alive) await this.#open(instance);
  }

  async #open(instance: InstanceRecord): Promise<void> {
    if (this.#servers.has(instance.id)) return;
    const server = createServer((req, res) => void this.#serve(instance.id, req, res));
    const kept = this.#nodePorts === undefined ? instance.imdsPort : (this.#nodePorts.get(instance.id) ?? null);
    let port: number;
    try {
      port = await listen(server, this.config.host, kept ?? 0);
    } catch (error) {
      if (kept === null) throw error;
      this.#deps.logger?.info(`IMDS port ${kept} of ${instance.id} is taken: the instance gets another one`);
      port = await listen(server, this.config.host, 0);
    }
    this.#servers.set(instance.id, server);
    if (port !== kept) await this.#keepPort(instance.id, port);
  }

  /** A terminated instance's port, kept per node, is this node's to drop (in the record, it goes with the record). */
  async #forgetPort(instanceId: string): Promise<void> {
    const { shared } = this.#deps;
    if (shared === undefined || this.#nodePorts?.delete(instanceId) !== true) return;
    await this.#deps.store.transaction((tx) => tx.delete(IMDS_PORTS_COLLECTION, `${shared.node}|${instanceId}`));
  }

  async #keepPort(instanceId: string, port: number): Promise<void> {
    const { shared } = this.#deps;
    if (shared !== undefined && this.#nodePorts !== undefined) {
      // This node's port only: the other nodes listen on theirs, and are not told.
      await this.#deps.store.transaction((tx) => tx.put(IMDS_PORTS_COLLECTION, `${shared.node}|${instanceId}`, port));
      this.#nodePorts.set(instanceId, port);
      return;
    }
    await this.#deps.ec2.mutate((state) => {
      const current = state.instance(instanceId);
      return { writes: current === undefined ? [] : [{ ...current, imdsPort: port }], result: undefined };
    });
  }

  async #closeListener(instanceId: string): Promise<void> {
    const server = this.#servers.get(instanceId);
    if (server === undefined) return;
    this.#servers.delete(instanceId);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async #serve(instanceId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const logger = this.#deps.logger ?? SILENT;
    let answer: ImdsAnswer;
    try {
      // The body (a PUT's, if any) is not used; drain it so keep-alive works.
      req.resume();
      // On a lab of several nodes, what another node committed before this request counts (store/lab-sync.ts).
      await this.#deps.shared?.barrier();
      answer = await handleImds(instanceId, toImdsRequest(req), {
        ec2: this.#deps.ec2,
        keeper: this.keeper,
        clock: this.#deps.clock,
        tokenKey: this.#tokenKey,
      });
    } catch (error) {
      logger.error(`IMDS of ${instanceId}: ${req.method ?? ''} ${req.url ?? ''} failed`, error);
      res.writeHead(500, { 'Content-Type': 'text/plain', Server: 'EC2ws' });
      res.end();
      return;
    }
    if (answer.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const body = Buffer.from(answer.body, 'utf8');
    // One request per connection: a metadata client never depends on keep-alive, and a reused idle socket
    // must not outlive a stop (whose requests are dropped).
    res.writeHead(answer.status, [...answer.headers.flat(), 'Content-Length', String(body.length), 'Server', 'EC2ws', 'Connection', 'close']);
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

function toImdsRequest(req: IncomingMessage): ImdsRequest {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
  return { method: req.method ?? 'GET', target: req.url ?? '/', headers };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
