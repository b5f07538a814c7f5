/**
 * UI Kit's LineChart and BarChart, drawn by hand as SVG: Confluence draws them with @atlassian/viz-platform-charts,
 * which is not published on npm. Same props as UI Kit (@atlaskit/forge-react-types' chart props): `data` rows,
 * `xAccessor`/`yAccessor` (a key or an index) and an optional `colorAccessor` that splits rows into series.
 */
import React from 'react';
import { token } from '@atlaskit/tokens';
import type { HostComponent } from './render';

const PALETTE = [
  token('color.background.accent.blue.bolder', '#0C66E4'),
  token('color.background.accent.green.bolder', '#22A06B'),
  token('color.background.accent.orange.bolder', '#E56910'),
  token('color.background.accent.purple.bolder', '#8270DB'),
  token('color.background.accent.red.bolder', '#C9372C'),
  token('color.background.accent.teal.bolder', '#2898BD'),
  token('color.background.accent.yellow.bolder', '#B38600'),
  token('color.background.accent.gray.bolder', '#626F86'),
];
const MARGIN = { top: 12, right: 16, bottom: 36, left: 48 };
const DOTS_UP_TO = 60;

type Accessor = string | number | undefined;
interface ChartProps {
  data?: unknown;
  xAccessor?: Accessor;
  yAccessor?: Accessor;
  colorAccessor?: Accessor;
  title?: string;
  subtitle?: string;
  width?: number;
  height?: number;
  showBorder?: boolean;
}

function read(row: unknown, accessor: Accessor): unknown {
  if (accessor === undefined || row === null || typeof row !== 'object') return undefined;
  return (row as Record<string | number, unknown>)[accessor];
}

/** Rows as series of points over one shared, ordered list of x values. */
function seriesOf(props: ChartProps) {
  const rows = Array.isArray(props.data) ? props.data : [];
  const xs: string[] = [];
  const series = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const x = read(row, props.xAccessor);
    const y = Number(read(row, props.yAccessor));
    if (x === undefined || !Number.isFinite(y)) continue;
    const xKey = String(x);
    if (!xs.includes(xKey)) xs.push(xKey);
    const name = props.colorAccessor !== undefined ? String(read(row, props.colorAccessor) ?? '') : '';
    if (!series.has(name)) series.set(name, new Map());
    series.get(name)!.set(xKey, y);
  }
  return { xs, series: [...series.entries()].map(([name, points]) => ({ name, points })) };
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

const formatNumber = (value: number) =>
  new Intl.NumberFormat('en', { notation: value >= 10000 ? 'compact' : 'standard', maximumFractionDigits: 1 }).format(
    value,
  );

const short = (text: string) => (text.length > 12 ? `${text.slice(0, 11)}…` : text);

function Chart(props: {
  chart: ChartProps;
  kind: 'line' | 'bar';
  marks: (layout: Layout) => React.ReactNode;
  labelX: (layout: Layout, index: number) => number;
}) {
  const { chart, kind } = props;
  const width = Number(chart.width) || 640;
  const height = Number(chart.height) || 260;
  const data = seriesOf(chart);
  const max = niceMax(Math.max(0, ...data.series.flatMap((s) => [...s.points.values()])));
  const plot = {
    x: MARGIN.left,
    y: MARGIN.top,
    width: width - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  const layout: Layout = { plot, data, yOf: (value) => plot.y + plot.height - (value / max) * plot.height };
  const labelEvery = Math.max(1, Math.ceil(data.xs.length / 8));
  return (
    <figure className={`chart chart-${kind}${chart.showBorder ? ' chart-bordered' : ''}`}>
      {chart.title && <figcaption className="chart-title">{chart.title}</figcaption>}
      {chart.subtitle && <div className="chart-subtitle">{chart.subtitle}</div>}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={String(chart.title ?? `${kind} chart`)}
        style={{ maxWidth: `${width}px` }}
      >
        {[0, 1, 2, 3, 4].map((tick) => {
          const value = (max / 4) * tick;
          const y = layout.yOf(value);
          return (
            <g key={tick}>
              <line x1={plot.x} x2={plot.x + plot.width} y1={y} y2={y} className="chart-grid" />
              <text x={plot.x - 6} y={y + 4} textAnchor="end" className="chart-tick">
                {formatNumber(value)}
              </text>
            </g>
          );
        })}
        {data.xs.length === 0 && (
          <text x={plot.x + plot.width / 2} y={plot.y + plot.height / 2} textAnchor="middle" className="chart-tick">
            No data
          </text>
        )}
        {data.xs.map((x, index) =>
          index % labelEvery === 0 ? (
            <text
              key={x}
              x={props.labelX(layout, index)}
              y={plot.y + plot.height + 18}
              textAnchor="middle"
              className="chart-tick"
            >
              {short(x)}
            </text>
          ) : null,
        )}
        {props.marks(layout)}
      </svg>
      {data.series.length > 1 && (
        <div className="chart-legend">
          {data.series.map((s, index) => (
            <span key={s.name} className="chart-legend-item">
              <span className="chart-swatch" style={{ background: PALETTE[index % PALETTE.length] }} />
              {s.name}
            </span>
          ))}
        </div>
      )}
    </figure>
  );
}

interface Layout {
  plot: { x: number; y: number; width: number; height: number };
  data: ReturnType<typeof seriesOf>;
  yOf: (value: number) => number;
}

const lineX = ({ plot, data }: Layout, index: number) =>
  plot.x + (data.xs.length > 1 ? (index * plot.width) / (data.xs.length - 1) : plot.width / 2);

export const LineChart: HostComponent = ({ props }) => (
  <Chart
    chart={props as ChartProps}
    kind="line"
    labelX={lineX}
    marks={(layout) =>
      layout.data.series.map((s, seriesIndex) => {
        const colour = PALETTE[seriesIndex % PALETTE.length];
        const points = layout.data.xs.flatMap((x, index) =>
          s.points.has(x)
            ? [{ px: lineX(layout, index), py: layout.yOf(s.points.get(x)!), x, y: s.points.get(x)! }]
            : [],
        );
        return (
          <g key={s.name}>
            <polyline
              points={points.map(({ px, py }) => `${px},${py}`).join(' ')}
              fill="none"
              style={{ stroke: colour }}
              strokeWidth={2}
              className="chart-line"
            />
            {/* A dot per point while they stay apart; a year of days is a line. */}
            {(points.length <= DOTS_UP_TO ? points : []).map(({ px, py, x, y }) => (
              <circle key={x} cx={px} cy={py} r={3} style={{ fill: colour }}>
                <title>{`${s.name ? `${s.name}, ` : ''}${x}: ${y}`}</title>
              </circle>
            ))}
          </g>
        );
      })
    }
  />
);

export const BarChart: HostComponent = ({ props }) => (
  <Chart
    chart={props as ChartProps}
    kind="bar"
    labelX={({ plot, data }, index) => plot.x + ((index + 0.5) * plot.width) / Math.max(1, data.xs.length)}
    marks={({ plot, data, yOf }) => {
      const band = data.xs.length > 0 ? plot.width / data.xs.length : plot.width;
      const barWidth = Math.max(2, (band * 0.7) / Math.max(1, data.series.length));
      return data.xs.flatMap((x, index) =>
        data.series.flatMap((s, seriesIndex) => {
          if (!s.points.has(x)) return [];
          const value = s.points.get(x)!;
          const top = yOf(value);
          return [
            <rect
              key={`${x}/${s.name}`}
              x={plot.x + index * band + band * 0.15 + seriesIndex * barWidth}
              y={top}
              width={barWidth - 1}
              height={plot.y + plot.height - top}
              style={{ fill: PALETTE[seriesIndex % PALETTE.length] }}
              className="chart-bar"
            >
              <title>{`${s.name ? `${s.name}, ` : ''}${x}: ${value}`}</title>
            </rect>,
          ];
        }),
      );
    }}
  />
);
