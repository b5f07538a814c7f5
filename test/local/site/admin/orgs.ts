/**
 * The org and its directories in the simulated Admin API: `GET /v1/orgs`, `GET /v1/orgs/{orgId}` and
 * `GET /v2/orgs/{orgId}/directories`. The simulated org has one directory, named after the org.
 */
import type { HandlerContext, Reply } from '../http';
import type { SiteState } from '../state';
import { ADMIN, directoryUser, orgProblem } from './shared';

// ---- orgs ----

function orgModel(state: SiteState): unknown {
  const self = `${ADMIN}/v1/orgs/${state.org.id}`;
  return {
    id: state.org.id,
    type: 'orgs',
    attributes: { name: state.org.name },
    relationships: {
      domains: { links: { related: `${self}/domains` } },
      users: { links: { related: `${self}/users` } },
    },
    links: { self },
  };
}

export const getOrgs = (context: HandlerContext): Reply => ({
  status: 200,
  json: { data: [orgModel(context.state)], links: { self: `${ADMIN}/v1/orgs` } },
});

export const getOrg = (context: HandlerContext): Reply =>
  orgProblem(context) ?? { status: 200, json: { data: orgModel(context.state) } };

/**
 * `GET /v2/orgs/{orgId}/directories`: the org's directories; with `accountId`, only those holding that user.
 * The simulated org has one directory, named after the org. App and customer accounts are in none.
 */
export function listDirectories(context: HandlerContext): Reply {
  const problem = orgProblem(context);
  if (problem) return problem;
  const state = context.state;
  const accountId = context.query.get('accountId');
  const limitText = context.query.get('limit');
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return context.error(400, 'ADMIN-400-1', 'limit must be a whole number from 1 to 100.');
  const holds = accountId === null || directoryUser(context, accountId) !== undefined;
  const data = holds ? [{ directoryId: state.directoryId, name: `${state.org.name} directory` }] : [];
  return { status: 200, json: { data, links: {} } };
}
