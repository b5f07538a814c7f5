/**
 * The billing settings' schema (Settings → Billing, and the CLI's `--settings` file), with errors an admin reads.
 * A function, not a constant: src/contract/ builds its payload schemas lazily so that the page leaves zod out.
 */
import { z } from 'zod';
import { BILLING_CYCLES, BILLING_MODELS, isCalendarDay } from '../domain/billing';

const calendarDay = (what: string) =>
  z
    .string({ error: `${what} is a date written YYYY-MM-DD, e.g. "2026-12-10"` })
    .refine(isCalendarDay, { error: `${what} is a date written YYYY-MM-DD, e.g. "2026-12-10"` });

export function billingSettingsSchema() {
  return z
    .strictObject(
      {
        model: z
          .enum(BILLING_MODELS, {
            error:
              'The billing model is "perApp" (Confluence billed on its own) or "collection" (Teamwork Collection).',
          })
          .default('perApp'),
        cycle: z.enum(BILLING_CYCLES, { error: 'The billing cycle is "monthly" or "annual".' }),
        nextBillingDate: calendarDay('The next billing date'),
        pricePerSeat: z
          .number({ error: 'The price per seat is a number, e.g. 6.05.' })
          .positive('The price per seat is more than 0.')
          .max(10_000, 'The price per seat is at most 10,000 a month.')
          .optional(),
        currency: z
          .string({ error: 'The currency is a three-letter code, e.g. "USD".' })
          .regex(/^[A-Z]{3}$/, 'The currency is a three-letter code in capitals, e.g. "USD".')
          .optional(),
      },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeys(issue.keys) : undefined) },
    )
    .refine((billing) => billing.pricePerSeat === undefined || billing.currency !== undefined, {
      error: 'Give the currency with the price per seat, e.g. "USD".',
      path: ['currency'],
    });
}

function unknownKeys(keys: readonly string[]): string {
  return `Billing has no setting ${keys.map((key) => JSON.stringify(key)).join(', ')}; it knows model, cycle, nextBillingDate, pricePerSeat and currency.`;
}

/** The org API key's expiry date as the admin copies it from admin.atlassian.com. */
export function keyExpirySchema() {
  return calendarDay('The API key expiry date');
}
