/**
 * EC2's MaxResults/NextToken: an opaque token naming the last item returned; the next page starts after it.
 * A token that names nothing current is refused.
 */
import { ec2Errors } from './ec2-errors.js';

interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken: string | undefined;
}

const PREFIX = 'iamlab1:';

export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, maxResults: number | undefined, nextToken: string | undefined): Page<T> {
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = Buffer.from(nextToken, 'base64url').toString('utf8');
    const at = decoded.startsWith(PREFIX) ? items.findIndex((item) => keyOf(item) === decoded.slice(PREFIX.length)) : -1;
    if (at === -1) throw ec2Errors.invalidNextToken(nextToken);
    start = at + 1;
  }
  if (maxResults === undefined) return { items: items.slice(start), nextToken: undefined };
  const page = items.slice(start, start + maxResults);
  const last = page[page.length - 1];
  const more = start + maxResults < items.length && last !== undefined;
  return { items: page, nextToken: more ? Buffer.from(PREFIX + keyOf(last), 'utf8').toString('base64url') : undefined };
}

/** MaxResults 5–1000 (EC2-MODEL); AWS answers InvalidParameterValue outside. */
export function checkMaxResults(maxResults: number | undefined): number | undefined {
  if (maxResults === undefined) return undefined;
  if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 1000) {
    throw ec2Errors.invalidParameterValue(`Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
  }
  return maxResults;
}
