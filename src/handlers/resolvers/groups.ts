/** The site's groups, for pickers (filters, exemptions, access groups), and which of them grant Confluence access. */
import { RESOLVERS, type GroupsAnswer } from '../../contract';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define } from './define';

define(RESOLVERS.groupsList, async (_payload, { cloudId }): Promise<GroupsAnswer> => {
  const directory = await createEngineDeps({ cloudId }).directory();
  const [groups, access] = await Promise.all([directory.listAllGroups(), directory.listAccessGroups()]);
  return {
    groups: groups.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    detectedAccessGroupIds: access.map((group) => group.id),
  };
});
