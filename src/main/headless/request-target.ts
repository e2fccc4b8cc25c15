/**
 * The one reading of a request's target in the door: its path, and its query as the router reads
 * it. Split by hand, not with `new URL`: a target such as "//x:99999/" is no URL and must not make
 * a hook throw, and a "#" is not a fragment here (browsers never send one; the router reads it as text).
 */
export function requestTarget(url: string): { pathname: string; query: URLSearchParams } {
  const queryAt = url.indexOf('?');
  if (queryAt === -1) return { pathname: url, query: new URLSearchParams() };
  return { pathname: url.slice(0, queryAt), query: new URLSearchParams(url.slice(queryAt + 1)) };
}
