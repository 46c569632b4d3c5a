/**
 * The composition root: opens the store, restores the clock, bootstraps the account, builds the in-memory
 * views and the gateway, and listens. The only module that picks a concrete store.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuditRecorder } from '../audit/audit-recorder.js';
import { Clock } from '../clock/clock.js';
import { IdSource } from '../ids/id-source.js';
import type { RandomSource } from '../ids/id-source.js';
import { Gateway } from '../server/gateway.js';
import type { Logger } from '../server/gateway-deps.js';
import { createHttpServer } from '../server/http-server.js';
import { PresignedWindows } from '../server/presigned-windows.js';
import { serviceBindings } from '../server/bindings.js';
import { SessionOpener } from '../auth/session-opener.js';
import { SigningKeyCache } from '../auth/sigv4/index.js';
import { PolicyAuthorizer } from '../services/authorizer/policy-authorizer.js';
import { CredentialView } from '../services/identity/credential-view.js';
import { iamOperationTable } from '../services/identity/iam-operation-table.js';
import { IdentityLookup } from '../services/identity/identity-lookup.js';
import { SessionIssuer } from '../services/identity/session-issuer.js';
import { SessionRetention } from '../services/identity/session-retention.js';
import { IamState } from '../services/iam/iam-state.js';
import { MfaState } from '../services/mfa/mfa-state.js';
import { OidcIssuers } from '../services/oidc-issuers/oidc-issuers-state.js';
import { createStsOperations } from '../services/sts/index.js';
import { createCloudTrailOperations } from '../services/cloudtrail/index.js';
import { AccessAdvisorJobs, CredentialReports, labCredentialFacts, serviceCatalog, UsageIndex } from '../services/usage/index.js';
import type { UsageDeps } from '../services/usage/index.js';
import { LabSamlIdp } from '../services/saml-idp/lab-saml-idp.js';
import { createEc2Operations, Ec2State } from '../services/ec2/index.js';
import type { Ec2Timing } from '../services/ec2/index.js';
import { ImdsManager } from '../imds/index.js';
import { ContainerCredentials } from '../containers/index.js';
import { canonicalUserId, createS3Operations, S3State } from '../services/s3/index.js';
import { FsBlobStore, MemoryBlobStore } from '../store/blob/index.js';
import type { BlobStore } from '../store/blob/blob-store.js';
import type { Store } from '../store/port.js';
import type { ListenerFailure } from '../store/state-view.js';
import { CLOCK_PART, LabSync, RESET_PART } from '../store/lab-sync.js';
import { clearClockHistory, loadClockHistory, saveClockChange } from '../store/repos/clock-repo.js';
import type { ClockChange } from '../clock/clock.js';
import { MAX_VIRTUAL_MS } from '../clock/instant.js';
import type { StoredAccessKey } from '../store/repos/identity-repo.js';
import { bootstrap, newRootKey } from './bootstrap.js';
import { lockDataDir } from './data-dir-lock.js';
import type { LabConfig } from './config.js';
import { createAdmin } from './admin.js';
import type { AdminDeps } from '../server/admin/admin-deps.js';

/** File times may be coarse (whole seconds on some file systems): orphans are looked for this far before start. */
const MTIME_SLACK_MS = 2_000;
/**
 * With PostgreSQL, other nodes may be writing object bytes while this one starts, and a PUT may take as long as a
 * request may (30 minutes, server/http-server.ts): only bytes older than this are taken for a crash's leftovers.
 */
const SHARED_ORPHAN_AGE_MS = 60 * 60_000;

interface LabOptions {
  readonly config: LabConfig;
  readonly logger: Logger;
  /** Injected in tests: the wall clock and the randomness behind ids. */
  readonly wallNow?: () => number;
  readonly random?: RandomSource;
  /** Injected in tests: how long EC2's transitional states last on the virtual clock. */
  readonly ec2Timing?: Partial<Ec2Timing>;
  /** Injected in tests: how long a credential report takes to generate on the virtual clock (0: at once). */
  readonly credentialReportMs?: number;
  /**
   * Where a new lab's virtual clock starts (epoch ms) and whether it stands still. Applied only when the store
   * has no clock history: a lab that has run keeps its time, which only moves forward.
   */
  readonly clockStart?: { readonly atMs?: number; readonly frozen?: boolean };
}

export interface RunningLab {
  readonly endpoint: string;
  readonly server: Server;
  readonly store: Store;
  readonly clock: Clock;
  readonly rootAccessKeyId: string;
  readonly rootSecretAccessKey: string;
  readonly accountId: string;
  /** The lab's state, for tests that look inside (IAM, EC2, the metadata listeners). */
  readonly parts: {
    readonly iam: IamState;
    readonly ec2: Ec2State;
    readonly imds: ImdsManager;
    readonly s3: S3State;
    readonly gateway: Gateway;
    readonly containers: ContainerCredentials;
    /** What the admin API does (clock moves kept in the store, root credentials, accounts, events). */
    readonly admin: AdminDeps;
    /** When a session of this lab expires on the virtual clock (epoch ms); undefined for a token it did not issue. */
    sessionExpiresMs(accessKeyId: string, sessionToken: string): number | undefined;
  };
  close(): Promise<void>;
}

/** The store, and where object bytes live (design.md "Storage"). */
interface OpenedStore {
  readonly store: Store;
  readonly blobs: BlobStore;
}

async function openStore(config: LabConfig): Promise<OpenedStore> {
  if (config.store.kind === 'postgres') {
    const { openPostgresStore } = await import('../store/postgres/open-postgres-store.js');
    const store = await openPostgresStore({ url: config.store.url, checkReentry: config.storeChecks, checkValues: config.storeChecks });
    // In the same database, so that every node sharing it reaches them.
    return { store, blobs: store.blobStore() };
  }
  const { openSqliteStore } = await import('../store/sqlite/open-sqlite-store.js');
  // `memory`: SQLite in the process's memory, so one code path serves both (nothing on disk, gone at close).
  const store = await openSqliteStore({
    ...(config.store.kind === 'memory' ? { memory: true } : { dataDir: config.store.dataDir }),
    checkReentry: config.storeChecks,
    checkValues: config.storeChecks,
  });
  // In files beside the database, or in memory for a memory lab.
  return { store, blobs: config.store.kind === 'memory' ? new MemoryBlobStore() : new FsBlobStore(config.s3.blobDir) };
}

export async function startLab(options: LabOptions): Promise<RunningLab> {
  const { config } = options;
  // One lab per SQLite data directory (PostgreSQL is shared by design: issue "One lab on many nodes").
  const release =
    config.store.kind === 'sqlite' ? await lockDataDir(config.store.dataDir, new Date().toISOString()) : async (): Promise<void> => undefined;
  let opened: OpenedStore;
  try {
    opened = await openStore(config);
  } catch (error) {
    await release();
    throw error;
  }
  try {
    return await startOnStore(opened, options, release);
  } catch (error) {
    await opened.store.close();
    await release();
    throw error;
  }
}

/** A new lab's first clock change: its virtual now at `atMs`, frozen or running. */
async function startClock(clock: Clock, store: Store, start: NonNullable<LabOptions['clockStart']>): Promise<void> {
  const wallMs = clock.wallNow();
  const atMs = start.atMs ?? wallMs;
  if (!Number.isSafeInteger(atMs) || atMs < 0 || atMs > MAX_VIRTUAL_MS) {
    throw new RangeError(`the clock cannot start at ${String(atMs)}: it takes an instant from 1970 to ${new Date(MAX_VIRTUAL_MS).toISOString()}`);
  }
  const change: ClockChange =
    start.frozen === true ? { kind: 'frozen', wallMs, frozenAtMs: atMs } : { kind: 'offset', wallMs, offsetMs: atMs - wallMs };
  clock.apply(change);
  await saveClockChange(store, change);
}

/** `release`: frees the data directory once the store is closed. */
async function startOnStore({ store, blobs }: OpenedStore, options: LabOptions, release: () => Promise<void>): Promise<RunningLab> {
  const { config, logger } = options;
  // On a store several nodes share: this node's place in the lab's change feed, taken before anything is
  // loaded (design.md "One lab on many nodes"). `reloadAll` is set once everything it reloads exists.
  let reloadAll = async (): Promise<void> => undefined;
  const sync = await LabSync.open(store, {
    node: config.node,
    reloadAll: () => reloadAll(),
    onError: (message, error) => logger.error(message, error),
  });
  const history = await loadClockHistory(store);
  const clock = new Clock(options.wallNow ?? Date.now, history);
  if (history.length === 0 && options.clockStart !== undefined) await startClock(clock, store, options.clockStart);
  const ids = new IdSource(options.random);
  let root = await bootstrap({
    store,
    ids,
    accountId: config.accountId,
    nowMs: clock.now(),
    rootAccessKeyId: config.rootAccessKeyId,
    rootSecretAccessKey: config.rootSecretAccessKey,
  });
  // A change listener that throws is reported with its change and request id; the lab carries on.
  const onListenerError = (failure: ListenerFailure<unknown>): void =>
    logger.error(
      `${failure.view} change listener failed on ${JSON.stringify(failure.change)} (request ${failure.requestId ?? 'none'})`,
      failure.error,
    );
  const iam = await IamState.load(store, { onListenerError, ...(sync === undefined ? {} : { sync }) });
  // The credential view authentication reads follows the IAM view's committed writes.
  const credentials = new CredentialView();
  iam.deriveCredentials(credentials);
  const mfa = await MfaState.load(store, sync);
  // The usage answers (GetAccessKeyLastUsed, credential reports, access advisor): an index the audit trail feeds.
  const usage: UsageDeps = {
    usage: await UsageIndex.load(store, iam, sync),
    reports: await CredentialReports.load(store, options.credentialReportMs, sync),
    jobs: new AccessAdvisorJobs(),
    facts: labCredentialFacts(mfa, iam),
    catalog: serviceCatalog,
  };
  const oidc = await OidcIssuers.load(store, ids, sync);
  // Session tokens open with the lab key kept in the store; a reset makes a new key (bootstrap).
  const opener = new SessionOpener(root.tokenKey);
  const randomBytes = (length: number): Buffer => Buffer.from(ids.token(length), 'base64');
  const authorizer = new PolicyAuthorizer({ iam, settings: config.authorizer, key: () => opener.key, random: randomBytes });
  const retention = new SessionRetention(store, {
    maxRecords: config.maxSessionRecords,
    // On several nodes the others issue sessions too: every trim counts the records.
    soleWriter: sync === undefined,
    onError: (error) => logger.error('could not remove old session records', error),
  });
  const issuer = new SessionIssuer(opener, ids, store, retention);
  const sts = createStsOperations({
    authorizer,
    issuer,
    mfa,
    key: () => opener.key,
    // Outbound federation tokens cannot come back in through AssumeRoleWithWebIdentity (aws-federation.md §6.2).
    issuerKeys: (url) => oidc.inboundPublicKeys(url),
    oidc,
  });
  const ec2 = await Ec2State.load(store, options.ec2Timing, { onListenerError, ...(sync === undefined ? {} : { sync }) });
  const imds = await ImdsManager.create({
    ec2,
    iam,
    clock,
    issuer,
    store,
    config: config.imds,
    logger,
    ...(sync === undefined ? {} : { shared: { node: config.node, barrier: () => sync.barrier() } }),
  });
  const s3 = await S3State.load(store, sync);
  // What a kill -9 left between an object's bytes and its metadata: removed in the background, never a blob
  // written since this start (its commit may be on its way), never one the metadata names.
  const startedWallMs = Date.now();
  const orphanAgeMs = config.store.kind === 'postgres' ? SHARED_ORPHAN_AGE_MS : MTIME_SLACK_MS;
  const orphansRemoved = blobs.removeOrphans(s3.blobKeys(), startedWallMs - orphanAgeMs).then(
    (removed) => {
      if (removed > 0) logger.info(`removed ${removed} orphaned object file(s) left by an interrupted write`);
    },
    (error: unknown) => logger.error('could not remove orphaned object files', error),
  );

  const audit = new AuditRecorder(store, {
    maxEvents: config.maxAuditEvents,
    maxBytes: config.maxAuditBytes,
    onError: (error) => logger.error('could not write audit events', error),
    followers: [usage.usage],
  });
  const containers = await ContainerCredentials.load({ store, iam, clock, issuer, ids, audit, ...(sync === undefined ? {} : { sync }) });
  const gateway = new Gateway({
    clock,
    ids,
    store,
    lookup: new IdentityLookup(credentials, opener, iam, config.acceptAnyKey),
    iam,
    authorizer,
    services: serviceBindings({
      sts,
      iam: iamOperationTable(iam, mfa, config.iamInvalidArnText, oidc, config.iamOidcDeleteMissing, usage),
      ec2: createEc2Operations({ state: ec2 }),
      s3: createS3Operations({
        state: s3,
        blobs,
        maxObjectBytes: config.s3.maxObjectBytes,
        // ACL grants name accounts by canonical user id (aws-behaviour.md §9.6): every account holding a key.
        accountOfCanonicalId: (id) => iam.index.allAccessKeys().find((key) => canonicalUserId(key.account) === id)?.account,
      }),
      // LookupEvents reads the audit trail (aws-behaviour.md §13).
      cloudtrail: createCloudTrailOperations({ queryEvents: (query) => store.queryEvents(query), flushEvents: () => audit.flush() }),
    }),
    audit,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    presignedWindows: new PresignedWindows(),
    signingKeys: new SigningKeyCache(4096),
    ...(sync === undefined ? {} : { sync }),
  });

  const reloadViews = async (): Promise<void> => {
    await iam.reload();
    await mfa.reload();
    await oidc.reload();
    await ec2.reload();
    await s3.reload();
    await containers.reload();
    await usage.usage.reload();
    await usage.reports.reload();
    usage.jobs.clear();
  };
  // Everything another node may have changed: the clock's history, the root keys and token key (a reset), the views.
  const reloadClock = async (): Promise<void> => {
    const kept = await loadClockHistory(store);
    clock.reset();
    for (const change of kept) clock.apply(change);
  };
  // The root keys and the token key as kept (made anew after a reset), the same root keys as before.
  const reloadRoot = async (): Promise<void> => {
    root = await bootstrap({
      store,
      ids,
      accountId: config.accountId,
      nowMs: clock.now(),
      rootAccessKeyId: root.rootKey.accessKeyId,
      rootSecretAccessKey: root.rootKey.secretAccessKey,
    });
    opener.setKey(root.tokenKey);
  };
  reloadAll = async (): Promise<void> => {
    await reloadClock();
    await reloadRoot();
    await reloadViews();
  };
  sync?.register(CLOCK_PART, {
    apply: (body) => {
      clock.apply(body as unknown as ClockChange);
      return undefined;
    },
  });
  // Another node reset the lab after clearing the store: this one reads everything again.
  sync?.register(RESET_PART, { apply: () => () => reloadAll() });
  store.onRecovered?.(() => {
    const reloaded = sync === undefined ? reloadViews() : sync.resync();
    reloaded.catch((error: unknown) => logger.error('could not reload the lab state after the store came back', error));
  });

  const reset = async (): Promise<void> => {
    // Up to date first, so that what the reset keeps announcing afterwards is only what others wrote meanwhile.
    await sync?.barrier();
    await audit.flush();
    await issuer.settled();
    await retention.settled();
    await store.clear();
    retention.cleared();
    clock.reset();
    await clearClockHistory(store);
    await blobs.clear();
    await reloadRoot();
    await reloadViews();
    await sync?.mutate(async () => ({ value: undefined, change: { part: RESET_PART, body: null } }));
    await ensureAnyKeyAccount();
  };
  // Another account for cross-account experiments: its own root keys, kept in the store like the first one's.
  const createAccount = (accountId: string): Promise<StoredAccessKey | undefined> =>
    iam.mutate((index) => {
      if (index.account(accountId) !== undefined) return { writes: [], result: undefined };
      const nowMs = clock.now();
      const rootKey = newRootKey(ids, accountId, nowMs);
      return {
        writes: [
          { op: 'put-account', account: { id: accountId, createdMs: nowMs } },
          { op: 'put-key', key: rootKey },
        ],
        result: rootKey,
      };
    });
  // --accept-any-key names the account unknown keys act as: made like `iamlab accounts create` when missing,
  // at start and after a reset (design.md "Accepting any key").
  const ensureAnyKeyAccount = async (): Promise<void> => {
    if (config.acceptAnyKey === undefined) return;
    if ((await createAccount(config.acceptAnyKey)) !== undefined) logger.info(`account ${config.acceptAnyKey} created for --accept-any-key`);
  };
  await ensureAnyKeyAccount();
  const admin = createAdmin({
    config,
    store,
    clock,
    credentials,
    iam,
    mfa,
    audit,
    gateway,
    rootKey: () => root.rootKey,
    reset,
    createAccount,
    ec2,
    imds,
    oidc,
    ids,
    containers,
    samlIdp: new LabSamlIdp({ store, clock, ids }),
    usage,
    issuer,
    sync,
  });

  const server = createHttpServer({
    gateway,
    admin,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    timeouts: { headersMs: config.http.headersTimeoutMs, idleMs: config.http.idleTimeoutMs },
    fastPath: config.http.fastPath,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Every running instance's metadata listener (kept ports are reopened after a restart).
  await imds.start();
  // Other nodes' changes from now on; those committed while this node loaded are applied at the first request.
  await sync?.listen();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    endpoint: `http://${host}:${address.port}`,
    server,
    store,
    clock,
    accountId: config.accountId,
    parts: {
      iam,
      ec2,
      imds,
      s3,
      gateway,
      containers,
      admin,
      sessionExpiresMs: (accessKeyId, sessionToken) => opener.open(accessKeyId, sessionToken)?.expiresAtMs,
    },
    get rootAccessKeyId() {
      return root.rootKey.accessKeyId;
    },
    get rootSecretAccessKey() {
      return root.rootKey.secretAccessKey;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sync?.close();
      await imds.close();
      await orphansRemoved;
      await audit.flush();
      await issuer.settled();
      await retention.settled();
      await store.close();
      await release();
    },
  };
}
