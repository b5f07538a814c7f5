/** Global exemptions: users and groups no scheme or bulk action may touch, on top of the always-protected categories. */
import { RESOLVERS, type ExemptionsAnswer } from '../../contract';
import { createSettingsStore } from '../../adapters/settingsStore';
import { createEngineDeps } from '../../adapters/engineDeps';
import { define, RefusedError } from './define';
import { recordSettingsChange } from './settingsAudit';
import { refuseUnknownAccounts } from './siteUsers';

/** What src/domain/matching.ts protects whatever any setting says. */
export const ALWAYS_PROTECTED = ['Organization admins', 'App accounts (bots and integrations)'];

define(RESOLVERS.exemptionsGet, async (): Promise<ExemptionsAnswer> => {
  const settings = await createSettingsStore().get();
  return { ...settings.exemptions, alwaysProtected: ALWAYS_PROTECTED };
});

define(RESOLVERS.exemptionsSave, async ({ users, groupIds }, { accountId, cloudId }): Promise<ExemptionsAnswer> => {
  const store = createSettingsStore();
  const exemptions = { users: [...new Set(users)], groupIds: [...new Set(groupIds)] };
  await refuseUnknownAccounts([{ path: 'users', what: 'an exempt user', ids: exemptions.users }]);
  if (exemptions.groupIds.length > 0) {
    const known = new Set((await (await createEngineDeps({ cloudId }).directory()).listAllGroups()).map((g) => g.id));
    const unknown = exemptions.groupIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      const message = `Nothing was saved: ${unknown.map((id) => JSON.stringify(id)).join(', ')} ${unknown.length === 1 ? 'is not a group' : 'are not groups'} of this site; pick the groups from the list.`;
      throw new RefusedError({ code: 'INVALID_INPUT', message, fields: { groupIds: message } });
    }
  }
  const before = await store.get();
  const after = { ...before, exemptions };
  await store.put(after);
  await recordSettingsChange(accountId, 'Exemptions', before, after);
  return { ...exemptions, alwaysProtected: ALWAYS_PROTECTED };
});
