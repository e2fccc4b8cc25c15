import { NotificationBlockPacker } from '../store/notification-blocks.ts';
import type { PackedNotifications, RejectedNotificationInput } from '../store/notification-store.ts';
import { decodeNotification } from './decode-notification.ts';

/** Where a delivery came from (the consumer's queue and the message's exchange and routing key). */
export interface DeliveryOrigin {
  exchange: string;
  queue: string;
  routingKey: string;
}

/**
 * A batch of notification deliveries as they came off the wire, undecoded: what crosses from the
 * engine's thread to the store writer's. Typed arrays and one buffer of bodies, so crossing is a
 * copy of bytes, not a structured clone of thousands of strings and arrays (cloning decoded
 * events cost the engine's thread more than a microsecond each).
 */
export interface NotificationDeliveries {
  /** Every body, concatenated. */
  bodies: Uint8Array;
  /** Where each delivery's body ends in `bodies` (it starts where the one before ends). */
  ends: Float64Array;
  /** Epoch ms each delivery was received at. */
  receivedAt: Float64Array;
  /** Each delivery's index in `origins`. */
  origin: Uint16Array;
  /** The distinct origins: a queue's deliveries nearly always share one. */
  origins: DeliveryOrigin[];
}

/**
 * Gathers deliveries on the engine's thread. Decoding is left to the writer thread: while a
 * backlog drains, this thread (amqplib, acks) is the bottleneck of ingest and the writer's has
 * time to spare, so the JSON is parsed there.
 */
export class DeliveryBatcher {
  #bodies: Buffer[] = [];
  #receivedAt: number[] = [];
  #origin: number[] = [];
  #origins: DeliveryOrigin[] = [];
  #bytes = 0;

  add(body: Buffer, origin: DeliveryOrigin, receivedAt: number): void {
    this.#bodies.push(body);
    this.#receivedAt.push(receivedAt);
    this.#origin.push(this.#originIndex(origin));
    this.#bytes += body.length;
  }

  get count(): number {
    return this.#bodies.length;
  }

  /** Bytes of bodies held since the last `take`. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The deliveries so far; the batcher starts afresh. */
  take(): NotificationDeliveries {
    const ends = new Float64Array(this.#bodies.length);
    let end = 0;
    this.#bodies.forEach((body, i) => (ends[i] = end += body.length));
    // A copy: amqplib's bodies may be views of a larger socket buffer, which must not be kept or sent.
    const deliveries: NotificationDeliveries = {
      bodies: Buffer.concat(this.#bodies, this.#bytes),
      ends,
      receivedAt: Float64Array.from(this.#receivedAt),
      origin: Uint16Array.from(this.#origin),
      origins: this.#origins,
    };
    this.#bodies = [];
    this.#receivedAt = [];
    this.#origin = [];
    this.#origins = [];
    this.#bytes = 0;
    return deliveries;
  }

  #originIndex(origin: DeliveryOrigin): number {
    // Called for every delivery on the engine's busiest path: no closure, the last origin first.
    const last = this.#origins.length - 1;
    const lastOrigin = this.#origins[last];
    if (lastOrigin && sameOrigin(lastOrigin, origin)) return last;
    const found = this.#origins.findIndex((o) => sameOrigin(o, origin));
    if (found >= 0) return found;
    this.#origins.push({ exchange: origin.exchange, queue: origin.queue, routingKey: origin.routingKey });
    return this.#origins.length - 1;
  }
}

function sameOrigin(a: DeliveryOrigin, b: DeliveryOrigin): boolean {
  return a.exchange === b.exchange && a.queue === b.queue && a.routingKey === b.routingKey;
}

/** Decoded deliveries: the notifications packed in blocks, and the messages that are not notifications. */
export interface DecodedDeliveries extends PackedNotifications {
  rejected: RejectedNotificationInput[];
}

/** Decodes a batch of deliveries (on the writer thread): each is packed as a notification or rejected with its reason. */
export function decodeDeliveries(deliveries: NotificationDeliveries): DecodedDeliveries {
  const { bodies, ends, receivedAt, origin, origins } = deliveries;
  // Structured clone turns a Buffer into a plain Uint8Array; a Buffer view of the same bytes costs nothing.
  const all = Buffer.from(bodies.buffer, bodies.byteOffset, bodies.byteLength);
  const packer = new NotificationBlockPacker();
  const rejected: RejectedNotificationInput[] = [];
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] ?? start;
    const body = all.subarray(start, end);
    start = end;
    const from = origins[origin[i] ?? 0];
    if (!from) throw new Error(`Delivery ${i} names origin ${origin[i]}, which the batch does not have.`);
    const at = receivedAt[i] ?? 0;
    const decoded = decodeNotification(body);
    if (decoded.ok) packer.add(decoded.notification, { ...from, receivedAt: at }, body);
    else rejected.push({ ...from, receivedAt: at, reason: decoded.reason, body });
  }
  return { blocks: packer.take(), rejected };
}
