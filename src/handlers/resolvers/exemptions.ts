/** Global exemptions: users and groups no scheme or bulk action may touch, on top of the always-protected categories. */
import { RESOLVERS, type ExemptionsAnswer } from '../../contract';
import { createSettingsStore } from '../../adapters/settingsStore';
import { define } from './define';
import { recordSettingsChange } from './settingsAudit';
import { refuseUnknownAccounts } from './siteUsers';

/** What src/domain/matching.ts protects whatever any setting says. */
export const ALWAYS_PROTECTED = ['Organization admins', 'App accounts (bots and integrations)'];

define(RESOLVERS.exemptionsGet, async (): Promise<ExemptionsAnswer> => {
  const settings = await createSettingsStore().get();
  return { ...settings.exemptions, alwaysProtected: ALWAYS_PROTECTED };
});

define(RESOLVERS.exemptionsSave, async ({ users, groupIds }, { accountId }): Promise<ExemptionsAnswer> => {
  const store = createSettingsStore();
  const exemptions = { users: [...new Set(users)], groupIds: [...new Set(groupIds)] };
  await refuseUnknownAccounts([{ path: 'users', what: 'an exempt user', ids: exemptions.users }]);
  const before = await store.get();
  const after = { ...before, exemptions };
  await store.put(after);
  await recordSettingsChange(accountId, 'Exemptions', before, after);
  return { ...exemptions, alwaysProtected: ALWAYS_PROTECTED };
});
