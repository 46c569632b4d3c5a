/**
 * The static part of an instance's metadata (aws-behaviour.md §4.5): the categories SDKs and tools read,
 * as a tree of directories and leaves. Listings are computed from the tree (names sorted, `/` after
 * directories, no trailing newline, §4.1). `iam/` is not here: it depends on the association and the
 * credentials (credential-keeper.ts) and the handler adds it.
 */
import { privateDnsName } from '../services/ec2/ec2-wire.js';
import type { InstanceRecord } from '../services/ec2/ec2-records.js';
import { imdsJson, imdsTime } from './imds-json.js';

export type MetadataNode =
  { readonly kind: 'dir'; readonly children: ReadonlyMap<string, MetadataNode> } | { readonly kind: 'leaf'; readonly value: string };

const leaf = (value: string): MetadataNode => ({ kind: 'leaf', value });
const dir = (entries: Record<string, MetadataNode>): MetadataNode => ({ kind: 'dir', children: new Map(Object.entries(entries)) });

/** `GET /` lists these; `latest` and every dated version serve the same metadata (§4.1). */
export const METADATA_VERSIONS: readonly string[] = [
  '1.0',
  '2007-01-19',
  '2007-03-01',
  '2008-09-01',
  '2009-04-04',
  '2011-01-01',
  '2012-01-12',
  '2014-02-25',
  '2016-09-02',
  '2018-09-24',
  '2019-10-01',
  '2020-10-27',
  '2021-01-03',
  '2021-03-23',
  '2021-07-15',
  '2022-09-24',
  '2024-04-11',
  'latest',
];

export function listing(node: Extract<MetadataNode, { kind: 'dir' }>, extra: readonly string[] = []): string {
  const names = [...[...node.children].map(([name, child]) => (child.kind === 'dir' ? `${name}/` : name)), ...extra];
  return names.sort().join('\n');
}

export function metaDataTree(instance: InstanceRecord): Extract<MetadataNode, { kind: 'dir' }> {
  const hostname = privateDnsName(instance);
  const subnet = `subnet-${instance.id.slice(2, 10)}`;
  const vpc = 'vpc-0a1b2c3d';
  const eni = `eni-${instance.id.slice(2)}`;
  const tags =
    instance.metadataOptions.instanceMetadataTags === 'enabled'
      ? { tags: dir({ instance: dir(Object.fromEntries(instance.tags.map((t) => [t.Key, leaf(t.Value)]))) }) }
      : {};
  const tree = dir({
    'ami-id': leaf(instance.imageId),
    'ami-launch-index': leaf(String(instance.amiLaunchIndex)),
    'ami-manifest-path': leaf('(unknown)'),
    'block-device-mapping': dir({ ami: leaf('/dev/xvda'), root: leaf('/dev/xvda') }),
    events: dir({ maintenance: dir({ history: leaf('[]'), scheduled: leaf('[]') }) }),
    hostname: leaf(hostname),
    'instance-action': leaf('none'),
    'instance-id': leaf(instance.id),
    'instance-life-cycle': leaf('on-demand'),
    'instance-type': leaf(instance.instanceType),
    'local-hostname': leaf(hostname),
    'local-ipv4': leaf(instance.privateIp),
    mac: leaf(instance.mac),
    network: dir({
      interfaces: dir({
        macs: dir({
          [instance.mac]: dir({
            'device-number': leaf('0'),
            'interface-id': leaf(eni),
            'local-hostname': leaf(hostname),
            'local-ipv4s': leaf(instance.privateIp),
            mac: leaf(instance.mac),
            'owner-id': leaf(instance.account),
            'security-group-ids': leaf(''),
            'security-groups': leaf(''),
            'subnet-id': leaf(subnet),
            'subnet-ipv4-cidr-block': leaf('172.31.0.0/16'),
            'vpc-id': leaf(vpc),
            'vpc-ipv4-cidr-block': leaf('172.31.0.0/16'),
            'vpc-ipv4-cidr-blocks': leaf('172.31.0.0/16'),
          }),
        }),
      }),
    }),
    placement: dir({
      'availability-zone': leaf(instance.availabilityZone),
      region: leaf(instance.region),
    }),
    profile: leaf('default-hvm'),
    'reservation-id': leaf(instance.reservationId),
    'security-groups': leaf(''),
    services: dir({ domain: leaf('amazonaws.com'), partition: leaf('aws') }),
    ...tags,
  });
  return tree as Extract<MetadataNode, { kind: 'dir' }>;
}

/** `/latest/dynamic/`: the instance identity document (§4.5) and its companions. */
export function dynamicTree(instance: InstanceRecord, toWall: (virtualMs: number) => number): Extract<MetadataNode, { kind: 'dir' }> {
  const document = imdsJson([
    ['accountId', instance.account],
    ['architecture', 'x86_64'],
    ['availabilityZone', instance.availabilityZone],
    ['billingProducts', null],
    ['devpayProductCodes', null],
    ['marketplaceProductCodes', null],
    ['imageId', instance.imageId],
    ['instanceId', instance.id],
    ['instanceType', instance.instanceType],
    ['kernelId', null],
    ['pendingTime', imdsTime(toWall(instance.firstLaunchMs))],
    ['privateIp', instance.privateIp],
    ['ramdiskId', null],
    ['region', instance.region],
    ['version', '2017-09-30'],
  ]);
  // The lab cannot sign as AWS: these are placeholders of the right shape (base64), not verifiable signatures.
  const digest = Buffer.from(`iamlab-unsigned:${document}`).toString('base64');
  return dir({
    fws: dir({ 'instance-monitoring': leaf('disabled') }),
    'instance-identity': dir({ document: leaf(document), pkcs7: leaf(digest.slice(0, 64)), signature: leaf(digest.slice(-64)) }),
  }) as Extract<MetadataNode, { kind: 'dir' }>;
}

/** Walks `segments` down a tree. */
export function walk(node: MetadataNode, segments: readonly string[]): MetadataNode | undefined {
  let current: MetadataNode | undefined = node;
  for (const segment of segments) {
    if (current?.kind !== 'dir') return undefined;
    current = current.children.get(segment);
  }
  return current;
}
