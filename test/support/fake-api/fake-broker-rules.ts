import type { BrokerInput } from '../../../src/shared/contract/schemas.ts';
import { SECRET_MASK } from '../../../src/shared/domain/names.ts';
import type { ConnectionKind } from '../../../src/shared/domain/types.ts';

// The engine's storage rules for broker settings and secrets, mirrored for the fake Api.

export interface StoredBroker {
  url: string;
  password: string | null;
  managementUrl: string | null;
  managementPassword: string | null;
  tls: { caPath: string | null; verify: boolean };
}

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)(?:([^:@/]*)(?::([^@/]*))?@)?(.*)$/i;

/** Splits a password out of a URL: `undefined` when the URL had none, the mask when it asked to keep one. */
export function splitPassword(url: string): { url: string; password: string | undefined } {
  const match = USERINFO.exec(url);
  if (!match) return { url, password: undefined };
  const [, scheme = '', user, password, rest = ''] = match;
  const userinfo = user ? `${user}@` : '';
  return { url: `${scheme}${userinfo}${rest}`, password: password === undefined ? undefined : decodeURIComponent(password) };
}

/** As the engine shows a URL: the stored password replaced by the mask. */
export function maskPassword(url: string, hasPassword: boolean): string {
  if (!hasPassword) return url;
  const match = USERINFO.exec(url);
  if (!match) return url;
  const [, scheme = '', user, , rest = ''] = match;
  // As the engine does: a password needs a user in front of it, and amqplib's default is guest.
  return `${scheme}${user || 'guest'}:${SECRET_MASK}@${rest}`;
}

/** An explicit password wins ('' clears it), else one inside the URL; the mask or nothing keeps the stored one. */
export function nextSecret(stored: string | null, fromUrl: string | undefined, explicit: string | undefined): string | null {
  if (explicit !== undefined && explicit !== SECRET_MASK) return explicit === '' ? null : explicit;
  if (fromUrl !== undefined && fromUrl !== SECRET_MASK) return fromUrl;
  return stored;
}

/** An omitted management URL or CA path keeps the stored one; null or '' clears it. */
export function toStoredBroker(input: BrokerInput, stored: StoredBroker | null): StoredBroker {
  const amqp = splitPassword(input.url);
  const keepManagement = input.managementUrl === undefined && stored !== null;
  const management = input.managementUrl ? splitPassword(input.managementUrl) : null;
  const caPath = input.tls?.caPath ?? (input.tls ? '' : (stored?.tls.caPath ?? ''));
  return {
    url: amqp.url,
    password: nextSecret(stored?.password ?? null, amqp.password, input.password),
    managementUrl: keepManagement ? stored.managementUrl : (management?.url ?? null),
    managementPassword: keepManagement
      ? stored.managementPassword
      : management
        ? nextSecret(stored?.managementUrl ? stored.managementPassword : null, management.password, input.managementPassword)
        : null,
    tls: { caPath: caPath === '' ? null : caPath, verify: input.tls?.verify ?? stored?.tls.verify ?? true },
  };
}

interface Connections {
  broker: StoredBroker | null;
  zookeeper: { hosts: string } | null;
}

/** Which connections point elsewhere after an update, so their last check no longer applies. */
export function changedKinds(before: Connections, after: Connections): ConnectionKind[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const kinds: ConnectionKind[] = [];
  if (!same({ ...before.broker, managementUrl: 0, managementPassword: 0 }, { ...after.broker, managementUrl: 0, managementPassword: 0 })) {
    kinds.push('broker');
  }
  const management = (d: typeof before) => [d.broker?.managementUrl, d.broker?.managementPassword];
  if (!same(management(before), management(after))) kinds.push('management');
  if (!same(before.zookeeper, after.zookeeper)) kinds.push('zookeeper');
  return kinds;
}
