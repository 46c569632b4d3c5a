/**
 * LookupEvents' errors (aws-behaviour.md §13.4). The codes are the model's; all are 400. AWS's message texts
 * for them were not found in any public record (searched: issues, pages, code, the LocalStack snapshots), so the
 * messages are iamlab's, in Cedar's style.
 */
import { AwsError } from '../../errors/aws-error.js';

const invalid = (code: string, message: string): AwsError => new AwsError({ code, status: 400, message });

export const cloudTrailErrors = {
  lookupAttributes: (message: string): AwsError => invalid('InvalidLookupAttributesException', message),
  timeRange: (message: string): AwsError => invalid('InvalidTimeRangeException', message),
  maxResults: (message: string): AwsError => invalid('InvalidMaxResultsException', message),
  nextToken: (message: string): AwsError => invalid('InvalidNextTokenException', message),
  eventCategory: (message: string): AwsError => invalid('InvalidEventCategoryException', message),
};
