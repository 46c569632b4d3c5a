/**
 * A seeded generator of policy/request pairs in AWS JSON form, shared by the differential test (against
 * iam-simulate), the fuzz test and the benchmark. Only real actions and resource types are used, because
 * iam-simulate validates them; contexts hold global keys with well-typed values.
 */
import { A1, A2 } from './principals.js';

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const some = <T>(r: Rng, items: readonly T[], max: number): T[] => {
  const n = 1 + Math.floor(r() * max);
  return Array.from({ length: n }, () => pick(r, items));
};

export const REQUESTS = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket-a/key/x.txt' },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::bucket-a/home/alice/f.txt' },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket-a' },
  { action: 'iam:GetRole', resource: `arn:aws:iam::${A1}:role/app/AppRole` },
  { action: 'iam:DeleteUser', resource: `arn:aws:iam::${A1}:user/alice` },
  { action: 'ec2:StartInstances', resource: `arn:aws:ec2:us-east-1:${A1}:instance/i-0abc` },
] as const;

const ACTIONS = [
  's3:*',
  's3:Get*',
  's3:GetObject',
  's3:PutObject',
  's3:List*',
  '*',
  'iam:Get?ole',
  'iam:*',
  'ec2:*Instances',
  'ec2:StartInstances',
  'S3:getobject',
  'iam:DeleteUser',
];
const RESOURCES = [
  '*',
  'arn:aws:s3:::bucket-a/*',
  'arn:aws:s3:::bucket-?/key/*',
  'arn:aws:s3:::bucket-a',
  `arn:aws:iam::${A1}:role/*`,
  `arn:aws:iam::${A1}:user/alice`,
  'arn:aws:s3:::bucket-a/home/${aws:username}/*',
  "arn:aws:s3:::bucket-a/home/${aws:username, 'alice'}/*",
  'arn:aws:ec2:*:*:instance/*',
  `arn:aws:iam::*:user/\${aws:username}`,
];

type Cond = [op: string, key: string, values: string[]];
const CONDITIONS: readonly Cond[] = [
  ['StringEquals', 'aws:username', ['alice']],
  ['StringNotEquals', 'aws:username', ['alice', 'bob']],
  ['StringEqualsIgnoreCase', 'aws:username', ['ALICE']],
  ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', ['RED']],
  ['StringLike', 'aws:PrincipalTag/team', ['r*']],
  ['StringNotLike', 'aws:RequestedRegion', ['eu-*']],
  ['StringEqualsIfExists', 'aws:PrincipalTag/team', ['blue']],
  ['StringEquals', 'aws:PrincipalTag/team', ['${aws:username}']],
  ['StringLike', 'aws:userid', ['AIDA*', 'AROA*:s1']],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team']],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team']],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret']],
  ['ForAnyValue:StringLike', 'aws:TagKeys', ['t*']],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', ['3600']],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['60']],
  ['NumericNotEquals', 'aws:MultiFactorAuthAge', ['0']],
  ['NumericLessThanIfExists', 'aws:MultiFactorAuthAge', ['100']],
  ['DateLessThan', 'aws:TokenIssueTime', ['2024-10-10T09:43:48.085Z']],
  ['DateGreaterThan', 'aws:CurrentTime', ['2024-01-01T00:00:00Z']],
  ['DateLessThanEquals', 'aws:CurrentTime', ['2024-06-01']],
  ['DateNotEquals', 'aws:TokenIssueTime', ['2024-10-10T09:43:48Z']],
  ['DateGreaterThanEquals', 'aws:TokenIssueTime', ['1728553428']],
  ['DateLessThanIfExists', 'aws:TokenIssueTime', ['2024-10-10T09:43:48Z']],
  ['Bool', 'aws:SecureTransport', ['true']],
  ['Bool', 'aws:MultiFactorAuthPresent', ['false']],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', ['true']],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:db8::/32']],
  ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8']],
  ['IpAddressIfExists', 'aws:SourceIp', ['198.51.100.7']],
  ['ArnLike', 'aws:PrincipalArn', [`arn:aws:iam::${A1}:*`]],
  ['ArnEquals', 'aws:PrincipalArn', [`arn:aws:iam::${A1}:role/app/AppRole`]],
  ['ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:user/*']],
  ['ArnNotEquals', 'aws:PrincipalArn', [`arn:aws:iam::${A2}:user/bob`]],
  ['Null', 'aws:TokenIssueTime', ['true']],
  ['Null', 'aws:MultiFactorAuthAge', ['false']],
  ['StringEquals', 'aws:PrincipalAccount', [A1]],
  ['StringEquals', 'AWS:RequestedRegion', ['us-east-1']],
];

export type Json = Record<string, unknown>;

function statement(r: Rng, withPrincipal: boolean): Json {
  const s: Json = { Effect: r() < 0.7 ? 'Allow' : 'Deny' };
  s[r() < 0.85 ? 'Action' : 'NotAction'] = r() < 0.5 ? pick(r, ACTIONS) : some(r, ACTIONS, 3);
  s[r() < 0.85 ? 'Resource' : 'NotResource'] = r() < 0.5 ? pick(r, RESOURCES) : some(r, RESOURCES, 2);
  if (withPrincipal) {
    s['Principal'] = pick(r, [
      '*',
      { AWS: '*' },
      { AWS: A1 },
      { AWS: `arn:aws:iam::${A1}:root` },
      { AWS: `arn:aws:iam::${A1}:user/alice` },
      { AWS: `arn:aws:iam::${A1}:role/app/AppRole` },
      { AWS: `arn:aws:sts::${A1}:assumed-role/AppRole/s1` },
      { AWS: A2 },
      { AWS: [`arn:aws:iam::${A2}:user/bob`, `arn:aws:sts::${A2}:assumed-role/Remote/r1`] },
    ]);
  }
  const n = Math.floor(r() * 3);
  if (n > 0) {
    const cond: Record<string, Record<string, string[]>> = {};
    for (let i = 0; i < n; i++) {
      const [op, key, values] = pick(r, CONDITIONS);
      (cond[op] ??= {})[key] = values;
    }
    s['Condition'] = cond;
  }
  return s;
}

export function policy(r: Rng, withPrincipal: boolean, maxStatements = 3): Json {
  const statements = Array.from({ length: 1 + Math.floor(r() * maxStatements) }, () => statement(r, withPrincipal));
  return { Version: r() < 0.9 ? '2012-10-17' : '2008-10-17', Statement: statements };
}

export const CALLERS = ['alice', 'session', 'bob', 'remoteSession'] as const;

/** A context for the caller with each key present or not at random (values well-typed). */
export function context(r: Rng, caller: (typeof CALLERS)[number]): Record<string, string | string[]> {
  const c: Record<string, string | string[]> = {};
  const maybe = (k: string, v: string | string[]): void => {
    if (r() < 0.7) c[k] = v;
  };
  const user = caller === 'alice' || caller === 'bob';
  const account = caller === 'alice' || caller === 'session' ? A1 : A2;
  const arn = {
    alice: `arn:aws:iam::${A1}:user/alice`,
    bob: `arn:aws:iam::${A2}:user/bob`,
    session: `arn:aws:iam::${A1}:role/app/AppRole`,
    remoteSession: `arn:aws:iam::${A2}:role/Remote`,
  }[caller];
  if (user) maybe('aws:username', caller);
  maybe('aws:userid', user ? 'AIDAEXAMPLE' : caller === 'session' ? 'AROAAPPROLEEXAMPLE001:s1' : 'AROAREMOTE:r1');
  maybe('aws:PrincipalArn', arn);
  maybe('aws:PrincipalAccount', account);
  maybe('aws:PrincipalTag/team', pick(r, ['red', 'blue', 'alice']));
  maybe('aws:RequestedRegion', pick(r, ['us-east-1', 'eu-west-1']));
  maybe('aws:SecureTransport', pick(r, ['true', 'false']));
  maybe('aws:SourceIp', pick(r, ['203.0.113.9', '10.1.2.3', '2001:db8::5', '198.51.100.7']));
  maybe('aws:CurrentTime', pick(r, ['2023-12-31T23:59:59Z', '2024-03-01T12:00:00Z', '2024-06-01T00:00:00Z']));
  if (!user || r() < 0.5) {
    maybe('aws:TokenIssueTime', pick(r, ['2024-10-10T09:43:48Z', '2024-10-10T09:43:48.084Z', '2024-10-11T00:00:00Z']));
    maybe('aws:MultiFactorAuthPresent', pick(r, ['true', 'false']));
    maybe('aws:MultiFactorAuthAge', pick(r, ['0', '59', '60', '3599', '7200']));
  }
  if (r() < 0.5) c['aws:TagKeys'] = pick(r, [[], ['env'], ['env', 'team'], ['secret', 'team'], ['team']]);
  return c;
}
