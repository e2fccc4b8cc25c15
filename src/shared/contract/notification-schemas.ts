import { z } from 'zod';
import { timeWindow } from './primitives.ts';
import { id } from './schemas.ts';

// Inputs of the notifications.* channels (events browser, lifecycle, timings, KPIs).

const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time, like 2026-11-23T10:00:00Z' });
const text = (max: number) => z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const limit = (max: number) =>
  z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`);

export const notificationsByDeployment = z.strictObject({ deploymentId: id });

export const notificationEventsQuery = timeWindow(z.strictObject({
  deploymentId: id,
  eventType: text(255).optional(),
  instance: text(255).optional(),
  requestId: text(255).optional(),
  tenant: text(255).optional(),
  host: text(255).optional(),
  service: text(255).optional(),
  priority: text(20).transform((p) => p.toUpperCase()).optional(),
  /** Only `.error` events and ERROR/CRITICAL notifications. */
  errorsOnly: z.boolean({ error: 'must be true or false' }).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: limit(1000).optional(),
  /** The `next` cursor of the previous page. */
  before: z.string().regex(/^\d{1,16}:\d{1,15}$/, 'must be the "next" value of a previous page').optional(),
}));

export const notificationEventInput = z.strictObject({ id });

export const notificationInstanceInput = z.strictObject({ deploymentId: id, uuid: text(255) });

export const notificationTimingsQuery = timeWindow(z.strictObject({
  deploymentId: id,
  /** The operation, e.g. compute.instance.create (no .start/.end). */
  name: text(255).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: limit(10_000).optional(),
}));

export const notificationSummaryQuery = timeWindow(z.strictObject({ deploymentId: id, since: isoTime.optional(), until: isoTime.optional() }));

export const notificationKpiQuery = z.strictObject({
  deploymentId: id,
  tenant: text(255).optional(),
  /** Default: the last 24 hours, as stacky's kpi. */
  since: isoTime.optional(),
  limit: limit(1000).optional(),
});

export const notificationRejectedInput = z.strictObject({ deploymentId: id, limit: limit(1000).optional() });

export type NotificationEventsQuery = z.infer<typeof notificationEventsQuery>;
export type NotificationTimingsQuery = z.infer<typeof notificationTimingsQuery>;
export type NotificationSummaryQuery = z.infer<typeof notificationSummaryQuery>;
export type NotificationKpiQuery = z.infer<typeof notificationKpiQuery>;
