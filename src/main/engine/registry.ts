import { brokerHealthCapability } from './capabilities/broker-health/index.ts';
import { celeryCapability } from './capabilities/celery/index.ts';
import { jobboardsCapability } from './capabilities/jobboards/index.ts';
import { notificationsCapability } from './capabilities/notifications/index.ts';
import type { Capability } from './kernel/capability.ts';

/**
 * Every capability of the console, by name. Adding one is a folder under capabilities/ and a
 * line here. They start in this order, after the kernel, and stop in the reverse order.
 */
export const CAPABILITIES = {
  celery: celeryCapability,
  brokerHealth: brokerHealthCapability,
  notifications: notificationsCapability,
  jobboards: jobboardsCapability,
} as const;

export type Capabilities = typeof CAPABILITIES;
/** Each registered capability, running, with what its module says it offers beyond the common instance. */
export type CapabilityInstances = { [K in keyof Capabilities]: Capabilities[K] extends Capability<infer I> ? I : never };
/** The request channels the registered capabilities handle between them. */
export type CapabilityChannel = { [K in keyof CapabilityInstances]: keyof CapabilityInstances[K]['handlers'] }[keyof CapabilityInstances];
