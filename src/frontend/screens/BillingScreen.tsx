/**
 * Settings → Billing: how Atlassian bills the site (model, cycle, next billing date, price), which the runs' savings,
 * the Overview's forecast and the "before the bill" schedule use. Saved through the settings resolver like the rest
 * of Settings. (The org API key's expiry date is entered beside the key, in the key's section.)
 */
import React, { useEffect, useState } from 'react';
import {
  Box,
  Button,
  ErrorMessage,
  Heading,
  HelperMessage,
  Inline,
  Label,
  Select,
  Stack,
  Text,
  xcss,
} from '@forge/react';
import { RESOLVERS, type SettingsAnswer } from '../../contract';
import type { BillingCycle, BillingModel } from '../../domain/billing';
import { call } from '../effects';
import { fieldError } from '../filterDraft';
import { useLoad } from '../hooks';
import type { Notice } from '../navigation';
import { DateField, FormActions, TextField } from '../components/common';

const MODELS: Array<{ label: string; value: BillingModel }> = [
  { label: 'Confluence on its own', value: 'perApp' },
  { label: 'Teamwork Collection', value: 'collection' },
];
const CYCLES: Array<{ label: string; value: BillingCycle }> = [
  { label: 'Monthly', value: 'monthly' },
  { label: 'Annual', value: 'annual' },
];

interface BillingDraft {
  model: BillingModel;
  cycle: BillingCycle | null;
  nextBillingDate: string;
  pricePerSeat: string;
  currency: string;
}

const EMPTY: BillingDraft = {
  model: 'perApp',
  cycle: null,
  nextBillingDate: '',
  pricePerSeat: '',
  currency: '',
};

/** Fields as wide as what they hold (size.1000 is 192 px, size.600 96 px). */
const narrow = xcss({ maxWidth: 'size.1000' });
const medium = xcss({ maxWidth: 'size.1000' });
const tiny = xcss({ maxWidth: 'size.600' });

function draftOf(answer: SettingsAnswer): BillingDraft {
  const billing = answer.settings.billing;
  return {
    model: billing?.model ?? 'perApp',
    cycle: billing?.cycle ?? null,
    nextBillingDate: billing?.nextBillingDate ?? '',
    pricePerSeat: billing?.pricePerSeat === undefined ? '' : String(billing.pricePerSeat),
    currency: billing?.currency ?? '',
  };
}

/**
 * What the save sends: an empty price or currency is left out, a billing without cycle and date is not set. A half
 * filled form goes as it is: the resolver says what is missing, beside the field.
 */
function billingOf(draft: BillingDraft): { cycle: BillingCycle; nextBillingDate: string } | null {
  if (draft.cycle === null && draft.nextBillingDate === '') return null;
  return {
    model: draft.model,
    ...(draft.cycle ? { cycle: draft.cycle } : {}),
    ...(draft.nextBillingDate ? { nextBillingDate: draft.nextBillingDate } : {}),
    ...(draft.pricePerSeat.trim() ? { pricePerSeat: decimalOrText(draft.pricePerSeat) } : {}),
    ...(draft.currency.trim() ? { currency: draft.currency.trim().toUpperCase() } : {}),
  } as { cycle: BillingCycle; nextBillingDate: string };
}

/** "6.05" → 6.05; anything else goes as typed, for the resolver to refuse in words. */
function decimalOrText(text: string): number | string {
  const value = Number(text.trim().replace(',', '.'));
  return Number.isFinite(value) ? value : text;
}

export function BillingScreen() {
  const loaded = useLoad(() => call<SettingsAnswer>(RESOLVERS.settingsGet, {}), []);
  const [draft, setDraft] = useState<BillingDraft>(EMPTY);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [feedback, setFeedback] = useState<Notice | null>(null);
  const edit = (patch: Partial<BillingDraft>) => {
    setFeedback(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  useEffect(() => {
    if (loaded.status === 'ready') setDraft(draftOf(loaded.data));
  }, [loaded]);
  const save = async () => {
    const answer = await call<SettingsAnswer>(RESOLVERS.settingsSave, { billing: billingOf(draft) });
    if (!answer.ok)
      return (setFields(answer.error.fields ?? {}), setFeedback({ kind: 'error', text: answer.error.message }));
    setFields({});
    setDraft(draftOf(answer.data));
    setFeedback({ kind: 'success', text: 'Billing is saved.' });
  };
  const error = (path: string) => fieldError(fields, path);
  return (
    <Stack space="space.200">
      <Heading as="h3">Billing</Heading>
      <Text>
        How Atlassian bills this site, so that each run says which removals lower the bill and from which bill on, and
        schemes can run just before the bill is counted.
      </Text>
      <Box xcss={medium}>
        <Stack space="space.050">
          <Label labelFor="billing-model">Sold as</Label>
          <Select
            id="billing-model"
            inputId="billing-model"
            options={MODELS}
            value={MODELS.find((option) => option.value === draft.model)}
            onChange={(option: { value: BillingModel }) => edit({ model: option.value })}
          />
          <HelperMessage>
            Teamwork Collection (Jira, Confluence and Loom together) bills each user once across the three: removing
            Confluence access from someone who keeps Jira frees nothing.
          </HelperMessage>
        </Stack>
      </Box>
      <Box xcss={narrow}>
        <Stack space="space.050">
          <Label labelFor="billing-cycle">Billing cycle</Label>
          <Select
            id="billing-cycle"
            inputId="billing-cycle"
            options={CYCLES}
            value={CYCLES.find((option) => option.value === draft.cycle) ?? null}
            onChange={(option: { value: BillingCycle }) => edit({ cycle: option.value })}
          />
          <HelperMessage>
            Monthly plans bill the most users of the period; annual plans bill a user tier at renewal.
          </HelperMessage>
          {error('billing.cycle') && <ErrorMessage>{error('billing.cycle')}</ErrorMessage>}
        </Stack>
      </Box>
      <Box xcss={medium}>
        <DateField
          id="billing-next-date"
          label="Next billing date"
          value={draft.nextBillingDate}
          helper="From your Atlassian bill. Later bills follow on the same day each month (or year)."
          error={error('billing.nextBillingDate') ?? error('billing')}
          onChange={(nextBillingDate) => edit({ nextBillingDate })}
        />
      </Box>
      <Inline space="space.200" alignBlock="start">
        <Box xcss={narrow}>
          <TextField
            id="billing-price"
            label="Price per seat a month (optional)"
            type="number"
            value={draft.pricePerSeat}
            fields={fields}
            path="billing.pricePerSeat"
            onChange={(pricePerSeat) => edit({ pricePerSeat })}
          />
        </Box>
        <Box xcss={tiny}>
          <TextField
            id="billing-currency"
            label="Currency"
            value={draft.currency}
            placeholder="USD"
            fields={fields}
            path="billing.currency"
            onChange={(currency) => edit({ currency })}
          />
        </Box>
      </Inline>
      <FormActions notice={feedback}>
        <Button appearance="primary" onClick={() => void save()}>
          Save billing
        </Button>
        <Button appearance="subtle" onClick={() => edit(EMPTY)}>
          Clear billing
        </Button>
      </FormActions>
    </Stack>
  );
}
