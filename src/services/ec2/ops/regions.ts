/**
 * ec2:DescribeRegions and ec2:DescribeAvailabilityZones: a fixed geography (the lab has no capacity), with
 * each region's endpoint `ec2.<region>.amazonaws.com` and three zones `<region>a|b|c` (instances are placed
 * in `<region>a`). RegionName.N / ZoneName.N select, unknown names are refused.
 */
import type * as Ec2 from '../../../protocol/models/ec2.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { Ec2Deps } from '../ec2-deps.js';
import { DEFAULT_REGIONS } from '../ec2-deps.js';
import { ec2Errors } from '../ec2-errors.js';
import { compileFilters } from '../ec2-filters.js';
import { stopIfDryRun } from '../ec2-lookup.js';

const REGION_FILTERS = new Set(['region-name', 'endpoint', 'opt-in-status']);
const ZONE_FILTERS = new Set(['zone-name', 'zone-id', 'region-name', 'state', 'zone-type', 'group-name']);

/** AWS's zone ids are per account; a stable made-up `<abbrev>-az<n>` is enough here. */
function zoneId(region: string, index: number): string {
  const [area = 'xx', direction = 'x', number = '1'] = region.split('-');
  return `${area.slice(0, 2)}${direction.slice(0, 1)}${number}-az${index + 1}`;
}

export function describeRegions(deps: Ec2Deps): Operation {
  const regions = deps.regions ?? DEFAULT_REGIONS;
  return defineOperation<Ec2.DescribeRegionsRequest, Ec2.DescribeRegionsResult>({
    name: 'DescribeRegions',
    authorization: { kind: 'policy', action: 'ec2:DescribeRegions', resources: () => ['*'] },
    handle: async (input) => {
      for (const name of input.RegionNames ?? []) if (!regions.includes(name)) throw ec2Errors.invalidRegion(name);
      const all: Ec2.Region[] = regions.map((name) => ({
        RegionName: name,
        Endpoint: `ec2.${name}.amazonaws.com`,
        OptInStatus: 'opt-in-not-required',
      }));
      const matches = compileFilters(
        input.Filters,
        (name) => REGION_FILTERS.has(name),
        (name, region: Ec2.Region) => [
          (name === 'region-name' ? region.RegionName : name === 'endpoint' ? region.Endpoint : region.OptInStatus) ?? '',
        ],
      );
      stopIfDryRun(input);
      const wanted = input.RegionNames ?? [];
      return { Regions: all.filter((r) => wanted.length === 0 || wanted.includes(r.RegionName ?? '')).filter(matches) };
    },
  });
}

export function describeAvailabilityZones(): Operation {
  return defineOperation<Ec2.DescribeAvailabilityZonesRequest, Ec2.DescribeAvailabilityZonesResult>({
    name: 'DescribeAvailabilityZones',
    authorization: { kind: 'policy', action: 'ec2:DescribeAvailabilityZones', resources: () => ['*'] },
    handle: async (input, ctx) => {
      const zones: Ec2.AvailabilityZone[] = ['a', 'b', 'c'].map((letter, index) => ({
        State: 'available',
        OptInStatus: 'opt-in-not-required',
        Messages: [],
        RegionName: ctx.region,
        ZoneName: `${ctx.region}${letter}`,
        ZoneId: zoneId(ctx.region, index),
        GroupName: ctx.region,
        NetworkBorderGroup: ctx.region,
        ZoneType: 'availability-zone',
      }));
      for (const name of input.ZoneNames ?? []) if (!zones.some((z) => z.ZoneName === name)) throw ec2Errors.invalidZone(name);
      const matches = compileFilters(
        input.Filters,
        (name) => ZONE_FILTERS.has(name),
        (name, zone: Ec2.AvailabilityZone) => {
          const value: Record<string, string | undefined> = {
            'zone-name': zone.ZoneName,
            'zone-id': zone.ZoneId,
            'region-name': zone.RegionName,
            state: zone.State,
            'zone-type': zone.ZoneType,
            'group-name': zone.GroupName,
          };
          return [value[name] ?? ''];
        },
      );
      stopIfDryRun(input);
      const names = input.ZoneNames ?? [];
      const ids = input.ZoneIds ?? [];
      return {
        AvailabilityZones: zones
          .filter((z) => names.length === 0 || names.includes(z.ZoneName ?? ''))
          .filter((z) => ids.length === 0 || ids.includes(z.ZoneId ?? ''))
          .filter(matches),
      };
    },
  });
}
