import { NotificationBlockPacker } from './store/notification-blocks.ts';
import type { PackedNotifications, RejectedNotificationInput } from './store/notification-input.ts';
import { decodeNotification } from './decode-notification.ts';
import { DeliveryRing, releaseRing, type RingRelease } from './delivery-ring.ts';

/** Where a delivery came from (the consumer's queue and the message's exchange and routing key). */
export interface DeliveryOrigin {
  exchange: string;
  queue: string;
  routingKey: string;
}

/**
 * A batch of notification deliveries as they came off the wire, undecoded: what crosses from the
 * engine's thread to the store writer's. Typed arrays and the bodies' bytes, so crossing is no
 * structured clone of thousands of strings and arrays (cloning decoded events cost the engine's
 * thread more than a microsecond each); the bytes are normally the consumer's ring, shared.
 */
export interface NotificationDeliveries {
  /** The bodies: a view of the consumer's ring (delivery-ring.ts), or a buffer of this batch's own. */
  bytes: Uint8Array;
  /** Where each delivery's body starts in `bytes`. */
  starts: Float64Array;
  /** Where each delivery's body ends in `bytes`. */
  ends: Float64Array;
  /** Epoch ms each delivery was received at. */
  receivedAt: Float64Array;
  /** Each delivery's index in `origins`. */
  origin: Uint16Array;
  /** The distinct origins: a queue's deliveries nearly always share one. */
  origins: DeliveryOrigin[];
  /** The ring space the batch holds: given back once it is committed or failed (`settleDeliveries`). */
  release?: RingRelease;
}

/**
 * Ring bytes per consumer: what is in flight between the broker and a commit is at most the
 * prefetch's worth of bodies (5,000 of Nova's usual 1-5 kB); beyond that, bodies are copied.
 */
export const DELIVERY_RING_BYTES = 8 * 1024 * 1024;

/**
 * Gathers deliveries on the engine's thread, copying each body into the consumer's ring.
 * Decoding is left to the writer thread: while a backlog drains, this thread (amqplib, acks) is
 * the bottleneck of ingest and the writer's has time to spare, so the JSON is parsed there.
 */
export class DeliveryBatcher {
  readonly #ringBytes: number;
  /** Made on the first delivery: a consumer that never receives one holds no ring. */
  #ring: DeliveryRing | undefined;
  #starts: number[] = [];
  #ends: number[] = [];
  /** Bodies the ring had no room for, by their index in the batch (nearly always empty). */
  #outside = new Map<number, Buffer>();
  #receivedAt: number[] = [];
  #origin: number[] = [];
  #origins: DeliveryOrigin[] = [];
  #bytes = 0;

  constructor(ringBytes = DELIVERY_RING_BYTES) {
    this.#ringBytes = ringBytes;
  }

  add(body: Buffer, origin: DeliveryOrigin, receivedAt: number): void {
    this.#ring ??= new DeliveryRing(this.#ringBytes);
    const at = this.#ring.write(body);
    if (at < 0) this.#outside.set(this.#starts.length, body);
    this.#starts.push(at);
    this.#ends.push(at + body.length);
    this.#receivedAt.push(receivedAt);
    this.#origin.push(this.#originIndex(origin));
    this.#bytes += body.length;
  }

  get count(): number {
    return this.#starts.length;
  }

  /** Bytes of bodies held since the last `take`. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The deliveries so far; the batcher starts afresh. */
  take(): NotificationDeliveries {
    const ring = this.#ring;
    const deliveries: NotificationDeliveries = {
      bytes: ring?.data ?? new Uint8Array(0),
      starts: Float64Array.from(this.#starts),
      ends: Float64Array.from(this.#ends),
      receivedAt: Float64Array.from(this.#receivedAt),
      origin: Uint16Array.from(this.#origin),
      origins: this.#origins,
      ...(ring ? { release: { ring: ring.buffer, through: ring.written } } : {}),
    };
    if (this.#outside.size > 0) this.#copyOut(deliveries);
    this.#starts = [];
    this.#ends = [];
    this.#outside = new Map();
    this.#receivedAt = [];
    this.#origin = [];
    this.#origins = [];
    this.#bytes = 0;
    return deliveries;
  }

  /**
   * The ring was full for some bodies: the batch gets a buffer of its own with every body in it.
   * Its ring space is still given back through `release`, in order with the other batches.
   */
  #copyOut(deliveries: NotificationDeliveries): void {
    const ring = deliveries.bytes;
    // A copy: amqplib's bodies may be views of a larger socket buffer, which must not be kept or sent.
    const own = Buffer.allocUnsafe(this.#bytes);
    let end = 0;
    for (let i = 0; i < this.#starts.length; i++) {
      const start = this.#starts[i] ?? 0;
      const body = this.#outside.get(i) ?? ring.subarray(start, this.#ends[i]);
      own.set(body, end);
      deliveries.starts[i] = end;
      deliveries.ends[i] = end += body.length;
    }
    deliveries.bytes = own;
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

/**
 * Decodes a batch of deliveries (on the writer thread): each is packed as a notification or
 * rejected with its reason. What it returns may be views of the consumer's ring: use it before
 * `settleDeliveries`.
 */
export function decodeDeliveries(deliveries: NotificationDeliveries): DecodedDeliveries {
  const { bytes, starts, ends, receivedAt, origin, origins } = deliveries;
  // Structured clone turns a Buffer into a plain Uint8Array; a Buffer view of the same bytes costs nothing.
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packer = new NotificationBlockPacker();
  const rejected: RejectedNotificationInput[] = [];
  for (let i = 0; i < ends.length; i++) {
    const body = all.subarray(starts[i], ends[i]);
    const from = origins[origin[i] ?? 0];
    if (!from) throw new Error(`Delivery ${i} names origin ${origin[i]}, which the batch does not have.`);
    const at = receivedAt[i] ?? 0;
    const decoded = decodeNotification(body, at);
    if (decoded.ok) packer.add(decoded.notification, { ...from, receivedAt: at }, body);
    else rejected.push({ ...from, receivedAt: at, reason: decoded.reason, body });
  }
  return { blocks: packer.take(), rejected };
}

/** Once a batch is committed or has failed: the ring space its bodies took is the consumer's again. */
export function settleDeliveries(deliveries: NotificationDeliveries): void {
  if (deliveries.release) releaseRing(deliveries.release);
}
