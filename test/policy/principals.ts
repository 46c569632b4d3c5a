/** Named principals shared by the vector corpus, the differential test and the benchmark. */
import type { RequestPrincipal } from '../../src/policy/principal/request-principal.js';

export const A1 = '111111111111';
export const A2 = '222222222222';

export const PRINCIPALS: Readonly<Record<string, RequestPrincipal>> = {
  alice: { kind: 'user', account: A1, arn: `arn:aws:iam::${A1}:user/alice`, id: 'AIDAALICEEXAMPLE00001', name: 'alice' },
  dave: { kind: 'user', account: A1, arn: `arn:aws:iam::${A1}:user/ops/dave`, id: 'AIDADAVEEXAMPLE000001', name: 'dave' },
  bob: { kind: 'user', account: A2, arn: `arn:aws:iam::${A2}:user/bob`, id: 'AIDABOBEXAMPLE0000001', name: 'bob' },
  session: {
    kind: 'assumed-role',
    account: A1,
    roleArn: `arn:aws:iam::${A1}:role/app/AppRole`,
    roleId: 'AROAAPPROLEEXAMPLE001',
    sessionArn: `arn:aws:sts::${A1}:assumed-role/AppRole/s1`,
    sessionName: 's1',
  },
  instance: {
    kind: 'assumed-role',
    account: A1,
    roleArn: `arn:aws:iam::${A1}:role/InstanceRole`,
    roleId: 'AROAINSTANCEEXAMPLE01',
    sessionArn: `arn:aws:sts::${A1}:assumed-role/InstanceRole/i-0123456789abcdef0`,
    sessionName: 'i-0123456789abcdef0',
  },
  remoteSession: {
    kind: 'assumed-role',
    account: A2,
    roleArn: `arn:aws:iam::${A2}:role/Remote`,
    roleId: 'AROAREMOTEEXAMPLE0001',
    sessionArn: `arn:aws:sts::${A2}:assumed-role/Remote/r1`,
    sessionName: 'r1',
  },
  root: { kind: 'root', account: A1 },
  root2: { kind: 'root', account: A2 },
  anonymous: { kind: 'anonymous' },
  ec2: { kind: 'service', service: 'ec2.amazonaws.com' },
  fed: { kind: 'federated-user', account: A1, arn: `arn:aws:sts::${A1}:federated-user/carol`, name: 'carol' },
  webid: { kind: 'federated', provider: 'cognito-identity.amazonaws.com' },
};
