/** Overview → Next bill: billed seats now and after the schemes that run before the bill is counted. Renders only. */
import React from 'react';
import { DynamicTable, Heading, Stack, Text } from '@forge/react';
import type { BillingForecast } from '../../contract';
import { formatBillDate, formatMoney } from '../../domain/billing';
import { dateTime } from '../format';

const seats = (n: number) => `${n} ${n === 1 ? 'seat' : 'seats'}`;

/** The forecast in sentences, for the panel and its tests. */
export function forecastSentences(forecast: BillingForecast): string[] {
  const bill = formatBillDate(forecast.nextBillingDate);
  const counted =
    forecast.countedBy === forecast.nextBillingDate
      ? `The renewal of ${bill} counts the seats held then.`
      : `The bill of ${bill} counts the seats held on ${formatBillDate(forecast.countedBy)}.`;
  if (forecast.seatsNow === null)
    return [counted, 'No site snapshot yet: measure the site to see the seats billed now.'];
  const now = `Billed now: ${seats(forecast.seatsNow)} (measured ${formatBillDate(forecast.seatsMeasuredOn ?? '')}).`;
  const live = forecast.schemes.filter((scheme) => scheme.freesSeats);
  if (live.length === 0)
    return [counted, now, 'No live scheme runs before then: the bill stays at the seats held that day.'];
  const saving =
    forecast.monthlySaving !== null && forecast.seatsFreed > 0
      ? `, about ${formatMoney(forecast.monthlySaving, forecast.currency)} a month less`
      : '';
  const source =
    live.length === 1
      ? 'from its latest test run'
      : 'from their latest test runs; at most, as a user two schemes match is counted by each';
  const after = `After the ${live.length === 1 ? 'live scheme that runs' : `${live.length} live schemes that run`} before it: ${seats(forecast.seatsAfter ?? forecast.seatsNow)}${saving} (${source}).`;
  return [counted, now, after];
}

export function BillingForecastPanel({ forecast }: { forecast: BillingForecast }) {
  return (
    <Stack space="space.100">
      <Heading as="h3">Next bill</Heading>
      {forecastSentences(forecast).map((line) => (
        <Text key={line}>{line}</Text>
      ))}
      {forecast.schemes.length > 0 && (
        <DynamicTable
          head={{
            cells: [
              { key: 'name', content: 'Scheme' },
              { key: 'runs', content: 'Runs' },
              { key: 'frees', content: 'Frees (latest test run)' },
            ],
          }}
          rows={forecast.schemes.map((scheme) => ({
            key: scheme.id,
            cells: [
              { key: 'name', content: scheme.name },
              { key: 'runs', content: dateTime(scheme.runsAt) },
              {
                key: 'frees',
                content:
                  scheme.seatsFreed === null
                    ? 'not tested yet'
                    : `${seats(scheme.seatsFreed)}${scheme.freesSeats ? '' : ' once live (test mode: frees nothing when it runs)'}`,
              },
            ],
          }))}
        />
      )}
    </Stack>
  );
}
