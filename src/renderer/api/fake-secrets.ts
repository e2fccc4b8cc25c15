import { SECRET_MASK } from '../../shared/domain/names.ts';

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
  const [, scheme = '', user = '', , rest = ''] = match;
  return `${scheme}${user}:${SECRET_MASK}@${rest}`;
}

/** Applies the "omitted or the mask keeps, empty removes" rule to a stored secret. */
export function nextSecret(stored: string | null, fromUrl: string | undefined, explicit: string | undefined): string | null {
  const given = explicit ?? fromUrl;
  if (given === undefined || given === SECRET_MASK) return stored;
  return given === '' ? null : given;
}
