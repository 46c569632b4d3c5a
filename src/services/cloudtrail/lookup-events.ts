/**
 * cloudtrail:LookupEvents over the lab's audit trail (aws-behaviour.md §13): the management events of the
 * caller's account recorded in the request's Region, newest first, optionally narrowed by one lookup attribute and
 * a time window on the virtual clock, in pages of up to 50. Authorized by the caller's policies as
 * `cloudtrail:LookupEvents` on `*` [D: Service Authorization Reference, CloudTrail: LookupEvents has no resource
 * type]. Unlike CloudTrail, which takes minutes to show an event, the trail is read after everything recorded so
 * far was written: a call is visible to the next lookup.
 */
import type { AuditEvent } from '../../audit/audit-event.js';
import type { Event, LookupEventsRequest, LookupEventsResponse } from '../../protocol/models/cloudtrail.js';
import type { Operation, ServiceContext } from '../operation.js';
import { defineOperation } from '../operation.js';
import type { CloudTrailDeps } from './cloudtrail-deps.js';
import type { LookupView } from './cloudtrail-record.js';
import { lookupView } from './cloudtrail-record.js';
import { isVisibleTo, matchesAttribute } from './lookup-filter.js';
import type { LookupRequest } from './lookup-request.js';
import { checkLookupInput, readLookupRequest } from './lookup-request.js';
import { encodeNextToken } from './next-token.js';

/** Events read from the store at a time while a page fills up. */
const CHUNK = 500;

export function lookupEvents(deps: CloudTrailDeps): Operation {
  return defineOperation<LookupEventsRequest, LookupEventsResponse>({
    name: 'LookupEvents',
    validate: checkLookupInput,
    authorization: { kind: 'policy', action: 'cloudtrail:LookupEvents', resources: () => ['*'] },
    handle: async (input, ctx) => {
      const read = readLookupRequest(input, ctx.nowMs);
      if (read.kind === 'error') throw read.error;
      const { request } = read;
      // The lab records no Insights events: asking for them alone finds none [D: LookupEvents, EventCategory].
      if (request.insightsOnly) return { Events: [] };
      await deps.flushEvents();
      const page = await findPage(deps, request, ctx);
      const last = page.events[page.events.length - 1];
      return {
        Events: page.events.map(({ view }) => eventOut(view, ctx.account)),
        ...(page.more && last !== undefined
          ? { NextToken: encodeNextToken({ beforeSeq: last.seq, startMs: request.startMs, endMs: request.endMs }, request.binding) }
          : {}),
      };
    },
  });
}

interface Page {
  readonly events: readonly { readonly view: LookupView; readonly seq: number }[];
  /** Whether an event past the page matches too. */
  readonly more: boolean;
}

/** The newest matching events older than the cursor, one more looked for to know whether there is a next page. */
async function findPage(deps: CloudTrailDeps, request: LookupRequest, ctx: ServiceContext): Promise<Page> {
  const events: { view: LookupView; seq: number }[] = [];
  let before = request.beforeSeq;
  for (;;) {
    const rows = await deps.queryEvents({
      newestFirst: true,
      limit: CHUNK,
      fromTimeMs: request.startMs,
      toTimeMs: request.endMs,
      ...(before === undefined ? {} : { beforeSeq: before }),
    });
    for (const row of rows) {
      before = row.seq;
      const view = lookupView(row.body as unknown as AuditEvent, ctx.iam);
      if (view === undefined || !isVisibleTo(view, ctx.account, ctx.region)) continue;
      if (request.attribute !== undefined && !matchesAttribute(view, request.attribute)) continue;
      if (events.length === request.maxResults) return { events, more: true };
      events.push({ view, seq: row.seq });
    }
    if (rows.length < CHUNK) return { events, more: false };
  }
}

function eventOut(view: LookupView, viewer: string): Event {
  return {
    EventId: view.eventId,
    EventName: view.eventName,
    ReadOnly: String(view.readOnly),
    ...(view.accessKeyId === undefined ? {} : { AccessKeyId: view.accessKeyId }),
    EventTime: view.eventTimeMs,
    EventSource: view.eventSource,
    ...(view.username === undefined ? {} : { Username: view.username }),
    Resources: view.resources.map((resource) => ({ ResourceType: resource.type, ResourceName: resource.name })),
    CloudTrailEvent: JSON.stringify(view.record(viewer)),
  };
}
