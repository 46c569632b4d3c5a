/** What the admin API (`/_iamlab/*`) can ask of the lab. Implemented by the app. */
import type { ClockChange, ClockState } from '../../clock/clock.js';
import type { EventQuery, Json, StoredEvent } from '../../store/port.js';
import type { RawRequest, RawResponse } from '../raw-http.js';

export type ClockCommand =
  | { readonly action: 'advance'; readonly byMs: number }
  | { readonly action: 'set'; readonly toMs: number }
  | { readonly action: 'freeze' }
  | { readonly action: 'resume' };

export type ClockCommandResult = { readonly kind: 'ok'; readonly state: ClockState } | { readonly kind: 'error'; readonly reason: string };

export interface RootCredentials {
  readonly account: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export type RevokeSessionsResult =
  | { readonly kind: 'ok'; readonly roleName: string; readonly cutoff: string; readonly requestId: string }
  | { readonly kind: 'error'; readonly status: number; readonly code: string; readonly message: string };

export interface MfaCodes {
  readonly serialNumber: string;
  readonly codes: readonly string[];
  readonly freshInMs: number;
}

export interface AdminDeps {
  readonly version: string;
  readonly storeKind: string;
  clockState(): ClockState;
  clockHistory(): readonly ClockChange[];
  moveClock(command: ClockCommand): Promise<ClockCommandResult>;
  rootCredentials(account?: string): Promise<RootCredentials | undefined>;
  /** Creates another account (with root keys) for cross-account experiments; undefined if it exists. */
  createAccount(account: string): Promise<RootCredentials | undefined>;
  listAccounts(): Promise<readonly string[]>;
  /** The current (and following) codes of a virtual MFA device, or undefined for an unknown device. */
  mfaCodes(serialNumber: string, count: number): MfaCodes | undefined;
  queryEvents(query: EventQuery): Promise<StoredEvent[]>;
  reset(): Promise<void>;
  /** `/_iamlab/instances[/<id>]`: the EC2 instances and their metadata endpoints; undefined for other paths. */
  instancesRoute(raw: RawRequest): RawResponse | undefined;
  /**
   * `/_iamlab/oidc/*`: the lab's token issuers (`oidc-route.ts`). Discovery documents and JWKS are served to
   * anyone; the rest only when `adminAuthorized`. Undefined for paths it does not serve.
   */
  oidcRoute(raw: RawRequest, adminAuthorized: boolean): Promise<RawResponse> | RawResponse | undefined;
  /** `/_iamlab/tasks…` and `/_iamlab/pod-identity-associations…` (containers-route.ts); undefined for other paths. */
  containersRoute(raw: RawRequest): Promise<RawResponse> | undefined;
  /** The container credential agents, which take their own tokens instead of the admin token; undefined for other paths. */
  containerAgents(raw: RawRequest): Promise<RawResponse> | undefined;
  /** `/_iamlab/reports/*`: the credential report and last-used data `iamlab report` prints; undefined for other paths. */
  reportsRoute(raw: RawRequest): RawResponse | undefined;
  /** `/_iamlab/saml/*`: the lab IdP's metadata and assertions; undefined for other paths. */
  samlRoute(raw: RawRequest): Promise<RawResponse> | undefined;
  /**
   * `/_iamlab/ui…`: the console (console/console-route.ts, loaded on first use). Its page is served to anyone,
   * its data only when `adminAuthorized`. Undefined for other paths.
   */
  consoleRoute(raw: RawRequest, adminAuthorized: boolean): Promise<RawResponse> | undefined;
  /** Puts `AWSRevokeOlderSessions` on a role of the default account, as the console's button does. */
  revokeSessions(roleName: string): Promise<RevokeSessionsResult>;
  /** Extra facts for /_iamlab/health. */
  health(): Json;
  /** On a lab of several nodes: applies what the other nodes committed before the call (store/lab-sync.ts). */
  catchUp?(): Promise<void>;
  /** A bearer token required for admin calls when the lab listens beyond loopback; undefined on loopback. */
  readonly adminToken: string | undefined;
}
