/** Settings → seat target: the target, the warning threshold and who gets the warning email. */
import React, { useEffect, useState } from 'react';
import { Button, Heading, Stack, Text } from '@forge/react';
import { RESOLVERS, type SettingsAnswer } from '../../contract';
import { call } from '../effects';
import { numberOrText } from '../filterDraft';
import { useLoad } from '../hooks';
import type { Notice } from '../navigation';
import { TextField, FormActions } from '../components/common';
import { AccountIdsField } from '../components/AccountIdsField';

const seats = (text: string): number | null => (text.trim() === '' ? null : (numberOrText(text) as number));

export function SeatTargetScreen() {
  const loaded = useLoad(() => call<SettingsAnswer>(RESOLVERS.settingsGet, {}), []);
  const [draft, setDraft] = useState<{ target: string; threshold: string; recipients: string[] }>({
    target: '',
    threshold: '',
    recipients: [],
  });
  const [names, setNames] = useState<Record<string, string>>({});
  const [fields, setFields] = useState<Record<string, string>>({});
  const [feedback, setFeedback] = useState<Notice | null>(null);
  /** An edit clears what the last save said: an error is gone once the admin starts fixing it. */
  const edit = (change: (d: typeof draft) => typeof draft) => {
    setFeedback(null);
    setDraft(change);
  };
  const adopt = (answer: SettingsAnswer) =>
    setDraft({
      target: answer.settings.seatTarget === null ? '' : String(answer.settings.seatTarget),
      threshold: answer.settings.seatWarningThreshold === null ? '' : String(answer.settings.seatWarningThreshold),
      recipients: answer.settings.seatAlertRecipients,
    });
  useEffect(() => {
    if (loaded.status === 'ready') adopt(loaded.data);
  }, [loaded]);
  const save = async () => {
    const answer = await call<SettingsAnswer>(RESOLVERS.settingsSave, {
      seatTarget: seats(draft.target),
      seatWarningThreshold: seats(draft.threshold),
      seatAlertRecipients: draft.recipients,
    });
    if (!answer.ok)
      return (setFields(answer.error.fields ?? {}), setFeedback({ kind: 'error', text: answer.error.message }));
    setFields({});
    adopt(answer.data);
    setFeedback({ kind: 'success', text: 'The seat target is saved.' });
  };
  return (
    <Stack space="space.200">
      <Heading as="h3">Seat target</Heading>
      <Text>
        Seats are what Atlassian bills: active Atlassian accounts in a group that grants Confluence access. When a daily
        snapshot finds the warning threshold reached, the admins below get one email (again only after seats went back
        below it).
      </Text>
      <TextField
        id="seat-target"
        width="small"
        label="Seat target (leave empty for none)"
        type="number"
        value={draft.target}
        fields={fields}
        path="seatTarget"
        helper="At most 150,000 (Confluence Cloud's largest licence tier)."
        onChange={(target) => edit((d) => ({ ...d, target }))}
      />
      <TextField
        id="seat-warning-threshold"
        width="small"
        label="Warn at this many seats"
        type="number"
        value={draft.threshold}
        fields={fields}
        path="seatWarningThreshold"
        helper="At most the seat target: the warning comes before the target is passed."
        onChange={(threshold) => edit((d) => ({ ...d, threshold }))}
      />
      <AccountIdsField
        name="seat-alert-recipients"
        label="Admins to email"
        description="Find each admin by name; they get the warning email at the address the site knows."
        accountIds={draft.recipients}
        userNames={names}
        fields={fields}
        path="seatAlertRecipients"
        onAdd={(users) => {
          setNames((known) => ({ ...known, ...Object.fromEntries(users.map((user) => [user.id, user.name])) }));
          edit((d) => ({
            ...d,
            recipients: [...d.recipients, ...users.map((user) => user.id).filter((id) => !d.recipients.includes(id))],
          }));
        }}
        onRemove={(id) => edit((d) => ({ ...d, recipients: d.recipients.filter((other) => other !== id) }))}
      />
      <FormActions notice={feedback}>
        <Button appearance="primary" onClick={() => void save()}>
          Save seat target
        </Button>
      </FormActions>
    </Stack>
  );
}
