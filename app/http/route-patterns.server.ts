import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";

/** A route as the Remix build's manifest (`build.routes`) describes it. */
export type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };

/** What is logged when no route matches (Remix answers 404). */
export const NO_ROUTE = "(no route)";

/**
 * Turns a path into the pattern of the route that serves it (`/bookings/abc…` → `/bookings/:token`),
 * with Remix's own matcher over the build's route manifest, so logs name routes, never the
 * tokens and ids inside paths.
 */
export function routePatternMatcher(manifest: Record<string, ManifestRoute | undefined>): (pathname: string) => string {
  const routes = Object.values(manifest).filter((route): route is ManifestRoute => route !== undefined);
  const childrenOf = (parentId: string | undefined): AgnosticRouteObject[] =>
    routes
      .filter((route) => route.parentId === parentId)
      .map((route) =>
        route.index
          ? { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: childrenOf(route.id) },
      );
  const tree = childrenOf(undefined);
  const match = (pathname: string) => {
    const matches = matchRoutes(tree, pathname);
    if (!matches) return NO_ROUTE;
    const parts = matches.map((found) => found.route.path).filter((path): path is string => Boolean(path));
    return `/${parts.join("/")}`.replace(/\/{2,}/g, "/");
  };
  // Every request is matched (its logger is made before we know whether it will log), and the
  // matcher flattens the whole route tree each time: the pages people visit are remembered.
  const recent = new Map<string, string>();
  return (pathname) => {
    let pattern = recent.get(pathname);
    if (pattern === undefined) {
      pattern = match(pathname);
      if (recent.size >= RECENT_PATHS) recent.delete(recent.keys().next().value!);
      recent.set(pathname, pattern);
    }
    return pattern;
  };
}

/** How many paths' patterns are remembered (oldest forgotten first); tokens make most paths unique. */
const RECENT_PATHS = 500;
