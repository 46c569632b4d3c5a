/**
 * LookupEvents' one lookup attribute, matched exactly against an event (aws-behaviour.md §13.4)
 * [D: CloudTrail API reference, LookupAttribute].
 */
import type { LookupView } from './cloudtrail-record.js';

export const LOOKUP_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;

export type LookupKey = (typeof LOOKUP_KEYS)[number];

export interface LookupAttributeFilter {
  readonly key: LookupKey;
  readonly value: string;
}

export function matchesAttribute(view: LookupView, filter: LookupAttributeFilter): boolean {
  const { value } = filter;
  switch (filter.key) {
    case 'EventId':
      return view.eventId === value;
    case 'EventName':
      return view.eventName === value;
    case 'ReadOnly':
      return String(view.readOnly) === value;
    case 'Username':
      return view.username === value;
    case 'ResourceType':
      return view.resources.some((resource) => resource.type === value);
    case 'ResourceName':
      return view.resources.some((resource) => resource.name === value);
    case 'EventSource':
      return view.eventSource === value;
    case 'AccessKeyId':
      return view.accessKeyId === value;
  }
}

/** Whether `viewer` in `region` sees the event: it is delivered to that account, and recorded in that Region. */
export function isVisibleTo(view: LookupView, viewer: string, region: string): boolean {
  return view.region === region && view.recipients.includes(viewer);
}
