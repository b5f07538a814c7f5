/**
 * Which route serves a request: every operation the site serves (Admin API, user management lifecycle API,
 * Confluence), the public list of them (SITE_OPERATIONS), and the path matching that picks a route and reads its
 * path parameters. The site tries routes with more literal segments first.
 */
import { ADMIN_ROUTES } from './adminApi';
import { confluenceRoutes, DEFAULT_APP_ACCOUNT_ID } from './confluence';
import type { Route } from './http';
import type { SiteOperation } from './types';
import { USER_MANAGEMENT_ROUTES } from './userManagement';

export function allRoutes(appAccountId: string): Route[] {
  return [...ADMIN_ROUTES, ...USER_MANAGEMENT_ROUTES, ...confluenceRoutes(appAccountId)];
}

export const SITE_OPERATIONS: ReadonlyArray<SiteOperation> = allRoutes(DEFAULT_APP_ACCOUNT_ID).map(
  ({ operation, method, family, path, spec, bucket, write, errorStyle }) => ({
    operation,
    method,
    family,
    path,
    spec,
    bucket,
    write,
    errorStyle,
  }),
);

export interface CompiledRoute {
  route: Route;
  segments: string[];
  literals: number;
}

export function compile(route: Route): CompiledRoute {
  const segments = route.path.split('/').slice(1);
  return { route, segments, literals: segments.filter((segment) => !segment.startsWith('{')).length };
}

export function matchPath(compiled: CompiledRoute, segments: string[]): Record<string, string> | undefined {
  if (compiled.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index += 1) {
    const pattern = compiled.segments[index] as string;
    const actual = segments[index] as string;
    if (pattern.startsWith('{')) {
      if (actual === '') return undefined;
      params[pattern.slice(1, -1)] = decodeURIComponent(actual);
    } else if (pattern !== actual) return undefined;
  }
  return params;
}
