/** Settings → seat target: the target, the warning threshold and who gets the warning email. */
import React, { useEffect, useState } from 'react';
import { Button, Heading, Stack, Text } from '@forge/react';
import { RESOLVERS, type SettingsAnswer } from '../../contract';
import { call } from '../effects';
import { numberOrText } from '../filterDraft';
import { useLoad } from '../hooks';
import type { Notice } from '../navigation';
import { TextField } from '../components/common';

const seats = (text: string): number | null => (text.trim() === '' ? null : (numberOrText(text) as number));

export function SeatTargetScreen(props: { notify: (notice: Notice) => void }) {
  const loaded = useLoad(() => call<SettingsAnswer>(RESOLVERS.settingsGet, {}), []);
  const [draft, setDraft] = useState({ target: '', threshold: '', recipients: '' });
  const [fields, setFields] = useState<Record<string, string>>({});
  const adopt = (answer: SettingsAnswer) =>
    setDraft({
      target: answer.settings.seatTarget === null ? '' : String(answer.settings.seatTarget),
      threshold: answer.settings.seatWarningThreshold === null ? '' : String(answer.settings.seatWarningThreshold),
      recipients: answer.settings.seatAlertRecipients.join(', '),
    });
  useEffect(() => {
    if (loaded.status === 'ready') adopt(loaded.data);
  }, [loaded]);
  const save = async () => {
    const answer = await call<SettingsAnswer>(RESOLVERS.settingsSave, {
      seatTarget: seats(draft.target),
      seatWarningThreshold: seats(draft.threshold),
      seatAlertRecipients: draft.recipients
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    });
    if (!answer.ok)
      return (setFields(answer.error.fields ?? {}), props.notify({ kind: 'error', text: answer.error.message }));
    setFields({});
    adopt(answer.data);
    props.notify({ kind: 'success', text: 'The seat target is saved.' });
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
        label="Seat target (leave empty for none)"
        type="number"
        value={draft.target}
        fields={fields}
        path="seatTarget"
        onChange={(target) => setDraft((d) => ({ ...d, target }))}
      />
      <TextField
        id="seat-warning-threshold"
        label="Warn at this many seats"
        type="number"
        value={draft.threshold}
        fields={fields}
        path="seatWarningThreshold"
        onChange={(threshold) => setDraft((d) => ({ ...d, threshold }))}
      />
      <TextField
        id="seat-alert-recipients"
        label="Admins to email (account ids, comma-separated)"
        value={draft.recipients}
        fields={fields}
        path="seatAlertRecipients"
        onChange={(recipients) => setDraft((d) => ({ ...d, recipients }))}
      />
      <Button appearance="primary" onClick={() => void save()}>
        Save seat target
      </Button>
    </Stack>
  );
}
