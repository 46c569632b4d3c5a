/**
 * What the usage index keeps (usage-index.ts), as stored: one document per long-term access key and one per
 * IAM entity × service, so that its size follows the number of keys and principals, never the traffic.
 * Times are virtual epoch ms (design.md "Time").
 */

export const USAGE_COLLECTIONS = {
  /** Keyed by access key id. */
  keys: 'usage-keys',
  /** Keyed `<account>/<entity unique id>/<service namespace>`. */
  services: 'usage-services',
} as const;

/** The last use of a long-term access key (GetAccessKeyLastUsed, aws-iam-s3-more.md §A1.1). */
export interface KeyUse {
  readonly accessKeyId: string;
  readonly account: string;
  readonly lastUsedMs: number;
  /** The namespace of the service the request was for (`s3`, `iam`, `sts`…). */
  readonly service: string;
  readonly region: string;
}

/** When an action was last asked for, and from which region. */
export interface ActionUse {
  readonly ms: number;
  readonly region: string;
}

/** The last request of an IAM user or role to one service (service last accessed, §A1.3). */
export interface ServiceUse {
  readonly account: string;
  /** The user's or role's unique id: a re-created entity of the same name starts afresh. */
  readonly entityId: string;
  readonly entityType: 'user' | 'role';
  /** The entity's ARN when it made the request. */
  readonly entityArn: string;
  readonly namespace: string;
  readonly lastMs: number;
  readonly region: string;
  /** By action name without its prefix (`GetUser`), for the services tracked action by action. */
  readonly actions: Readonly<Record<string, ActionUse>>;
}

export const serviceUseKey = (use: Pick<ServiceUse, 'account' | 'entityId' | 'namespace'>): string =>
  `${use.account}/${use.entityId}/${use.namespace}`;
