/** The Overview's chart rows, from the daily snapshots: pure, so tests can check exactly what the charts draw. */
import type { OverviewAnswer, SiteSnapshot } from '../contract';
import { AWAY_BUCKETS, AWAY_BUCKET_LABELS, adoptionPercent } from '../domain/snapshot';

export type ChartRow = [string, number, string];

/** Seats held per day, with the seat target and warning threshold as flat lines when settings have them. */
export function seatRows(
  overview: Pick<OverviewAnswer, 'history' | 'seatTarget' | 'seatWarningThreshold'>,
): ChartRow[] {
  return overview.history.flatMap((day) => [
    [day.day, day.seats, 'Seats held'] as ChartRow,
    ...(overview.seatTarget !== null ? [[day.day, overview.seatTarget, 'Seat target'] as ChartRow] : []),
    ...(overview.seatWarningThreshold !== null
      ? [[day.day, overview.seatWarningThreshold, 'Warning threshold'] as ChartRow]
      : []),
  ]);
}

/** Adoption (active in the last 30 days ÷ seats, in %) per day. */
export function adoptionRows(history: OverviewAnswer['history']): ChartRow[] {
  return history.map((day) => [day.day, adoptionPercent(day), 'Adoption (%)'] as ChartRow);
}

/** Seat holders by how long they have been away from Confluence, on the latest day. */
export function awayRows(latest: SiteSnapshot): ChartRow[] {
  return AWAY_BUCKETS.map((bucket) => [AWAY_BUCKET_LABELS[bucket], latest.away[bucket], 'Seat holders'] as ChartRow);
}
