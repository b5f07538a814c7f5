/** Wires Settings: the key (saved, never read back), connection test, access groups, retention, time zone. */
import React, { useEffect, useState } from 'react';
import { Stack } from '@forge/react';
import { RESOLVERS, type ConnectionAnswer, type GroupsAnswer, type SettingsAnswer } from '../../contract';
import { call } from '../effects';
import { numberOrText } from '../filterDraft';
import { useLoad } from '../hooks';
import type { Notice } from '../navigation';
import { WhenLoaded } from '../components/common';
import { SettingsTab, type SettingsDraft } from '../components/Settings';
import { EmailSettingsScreen } from './EmailSettingsScreen';
import { SeatTargetScreen } from './SeatTargetScreen';
import { BillingScreen } from './BillingScreen';

export function SettingsScreen() {
  const loaded = useLoad(() => call<SettingsAnswer>(RESOLVERS.settingsGet, {}), []);
  const groups = useLoad(() => call<GroupsAnswer>(RESOLVERS.groupsList, {}), []);
  const [saved, setSaved] = useState<SettingsAnswer | null>(null);
  const [draft, setDraft] = useState<SettingsDraft>({
    apiKey: '',
    apiKeyExpiresOn: '',
    detectAccessGroups: true,
    accessGroupIds: [],
    retentionDays: '90',
    defaultTimeZone: 'UTC',
    auditRetentionDays: '365',
    keepAccessDays: '90',
    freshTestHours: '24',
  });
  const [fields, setFields] = useState<Record<string, string>>({});
  /** What "Save settings" said, shown under it; cleared by the next edit. */
  const [saveFeedback, setSaveFeedback] = useState<Notice | null>(null);
  /** What "Save key" said, shown under it; cleared by the next edit. */
  const [keyFeedback, setKeyFeedback] = useState<Notice | null>(null);
  const [connection, setConnection] = useState<{
    busy: boolean;
    result: ConnectionAnswer | null;
    error: string | null;
  }>({ busy: false, result: null, error: null });
  const adopt = (answer: SettingsAnswer) => {
    setSaved(answer);
    setDraft({
      apiKey: '',
      apiKeyExpiresOn: answer.settings.apiKeyExpiresOn ?? '',
      detectAccessGroups: answer.settings.accessGroupIds === null,
      accessGroupIds: answer.settings.accessGroupIds ?? [],
      retentionDays: String(answer.settings.retentionDays),
      defaultTimeZone: answer.settings.defaultTimeZone,
      auditRetentionDays: String(answer.settings.auditRetentionDays),
      keepAccessDays: String(answer.settings.keepAccessDays),
      freshTestHours: String(answer.settings.freshTestHours),
    });
  };
  useEffect(() => {
    if (loaded.status === 'ready') adopt(loaded.data);
  }, [loaded]);
  // The key and its expiry date are saved together; an empty key field leaves the stored key as it is. A new key
  // without a newly picked date goes alone: the old key's date is not the new one's (the resolver clears it).
  const saveKey = async () => {
    const newKey = draft.apiKey.trim().length > 0;
    const dateChanged = draft.apiKeyExpiresOn !== (saved?.settings.apiKeyExpiresOn ?? '');
    const answer = await call<SettingsAnswer>(RESOLVERS.settingsSave, {
      ...(newKey ? { apiKey: draft.apiKey } : {}),
      ...(!newKey || dateChanged ? { apiKeyExpiresOn: draft.apiKeyExpiresOn || null } : {}),
    });
    // A refusal shows beside the field it is about (the key, or its date), once.
    if (!answer.ok) return setFields(answer.error.fields ?? { apiKey: answer.error.message });
    setFields({});
    setSaved(answer.data);
    setDraft((d) => ({ ...d, apiKey: '', apiKeyExpiresOn: answer.data.settings.apiKeyExpiresOn ?? '' }));
    setKeyFeedback({
      kind: 'success',
      text: draft.apiKey.trim()
        ? 'The API key is saved. Test the connection to check what it can do.'
        : 'The expiry date is saved.',
    });
  };
  const test = async () => {
    setConnection({ busy: true, result: null, error: null });
    const answer = await call<ConnectionAnswer>(RESOLVERS.connectionTest, {});
    setConnection(
      answer.ok
        ? { busy: false, result: answer.data, error: null }
        : { busy: false, result: null, error: answer.error.message },
    );
  };
  const save = async () => {
    const retention = numberOrText(draft.retentionDays);
    const answer = await call<SettingsAnswer>(RESOLVERS.settingsSave, {
      accessGroupIds: draft.detectAccessGroups ? null : draft.accessGroupIds,
      retentionDays: retention as number,
      defaultTimeZone: draft.defaultTimeZone.trim(),
      auditRetentionDays: numberOrText(draft.auditRetentionDays) as number,
      keepAccessDays: numberOrText(draft.keepAccessDays) as number,
      freshTestHours: numberOrText(draft.freshTestHours) as number,
    });
    if (!answer.ok)
      return (setFields(answer.error.fields ?? {}), setSaveFeedback({ kind: 'error', text: answer.error.message }));
    setFields({});
    adopt(answer.data);
    setSaveFeedback({ kind: 'success', text: 'Settings saved.' });
  };
  return (
    <WhenLoaded loaded={loaded} what="the settings">
      {() =>
        saved && (
          <Stack space="space.400">
            <SettingsTab
              saved={saved}
              draft={draft}
              fields={fields}
              saveFeedback={saveFeedback}
              keyFeedback={keyFeedback}
              groups={groups.status === 'ready' ? groups.data.groups : []}
              detectedAccessGroupIds={groups.status === 'ready' ? groups.data.detectedAccessGroupIds : []}
              connection={connection}
              handlers={{
                onChange: (patch) => {
                  setSaveFeedback(null);
                  setKeyFeedback(null);
                  setDraft((d) => ({ ...d, ...patch }));
                },
                onSaveKey: () => void saveKey(),
                onTest: () => void test(),
                onSave: () => void save(),
              }}
            />
            <SeatTargetScreen />
            <BillingScreen />
            <EmailSettingsScreen />
          </Stack>
        )
      }
    </WhenLoaded>
  );
}
