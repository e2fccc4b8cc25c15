/**
 * Hash routing keeps a view's query string (the tasks filters) in location.search, before the
 * '#': that is where wouter's navigate puts it. A link's href, though, carries it inside the
 * hash ("#/deployments/1/celery/tasks?state=FAILURE"), and that is what a link opened in a new
 * tab, a bookmark or a pasted URL loads. This moves such a query to where the app reads it,
 * before the router sees the hash. "#/path?" (an empty query) clears a stale one.
 */
export function normalizeHashQuery(target: Window = window): void {
  const { hash, href } = target.location;
  const mark = hash.indexOf('?');
  if (mark < 0) return;
  const url = new URL(href);
  url.hash = hash.slice(0, mark);
  url.search = hash.slice(mark + 1);
  target.history.replaceState(target.history.state, '', url.href);
}

/** Runs now and on every hash change; registered before the router so it reads the result. */
export function installHashQueryNormalizer(target: Window = window): void {
  normalizeHashQuery(target);
  target.addEventListener('hashchange', () => normalizeHashQuery(target));
}
