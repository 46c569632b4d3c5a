/**
 * ec2:DescribeIamInstanceProfileAssociations (aws-behaviour.md §3.2): every association of the account in
 * the region that is not yet `disassociated`, optionally by AssociationId.N, filtered by `instance-id` and
 * `state`, paginated (MaxResults 5–1000).
 */
import type * as Ec2 from '../../../protocol/models/ec2.js';
import type { Operation } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import type { Ec2Deps } from '../ec2-deps.js';
import { ASSOCIATION_ID, ec2Errors } from '../ec2-errors.js';
import { compileFilters } from '../ec2-filters.js';
import { checkMaxResults, paginate } from '../ec2-paginate.js';
import { associationOut } from '../ec2-wire.js';
import { associationStateAt } from '../instance-status.js';

const FILTERS = new Set(['instance-id', 'state']);

export function describeIamInstanceProfileAssociations(deps: Ec2Deps): Operation {
  const { state } = deps;
  return defineOperation<Ec2.DescribeIamInstanceProfileAssociationsRequest, Ec2.DescribeIamInstanceProfileAssociationsResult>({
    name: 'DescribeIamInstanceProfileAssociations',
    authorization: { kind: 'policy', action: 'ec2:DescribeIamInstanceProfileAssociations', resources: () => ['*'] },
    handle: async (input, ctx) => {
      const maxResults = checkMaxResults(input.MaxResults);
      const wanted = input.AssociationIds ?? [];
      for (const id of wanted) if (!ASSOCIATION_ID.test(id)) throw ec2Errors.malformedAssociationId();
      const current = state
        .associations(ctx.account, ctx.region)
        .map((association) => ({ association, now: associationStateAt(association, ctx.nowMs, state.timing) }))
        .filter(({ now }) => now !== 'disassociated');
      for (const id of wanted) if (!current.some(({ association }) => association.id === id)) throw ec2Errors.associationNotFound(id);
      const matches = compileFilters(
        input.Filters,
        (name) => FILTERS.has(name),
        (name, item: (typeof current)[number]) => (name === 'state' ? [item.now] : [item.association.instanceId]),
      );
      const chosen = current.filter(({ association }) => wanted.length === 0 || wanted.includes(association.id)).filter(matches);
      const page = paginate(chosen, ({ association }) => association.id, maxResults, input.NextToken);
      return {
        IamInstanceProfileAssociations: page.items.map(({ association, now }) => associationOut(association, now)),
        ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
      };
    },
  });
}
