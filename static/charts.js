// UI Kit's LineChart and BarChart as inline SVG: `data` rows, `xAccessor`/`yAccessor` (a key or an index) and an
// optional `colorAccessor` that splits rows into series, as in @atlaskit/forge-react-types' chart props.
const SVG = 'http://www.w3.org/2000/svg';
const PALETTE = ['#0C66E4', '#22A06B', '#E56910', '#8270DB', '#C9372C', '#2898BD', '#B38600', '#626F86'];
const MARGIN = { top: 12, right: 16, bottom: 36, left: 48 };

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

function read(row, accessor) {
  if (accessor === undefined || accessor === null || row === null || typeof row !== 'object') return undefined;
  return row[accessor];
}

/** Rows as series of { x, y } points over one shared, ordered list of x values. */
function seriesOf(props) {
  const rows = Array.isArray(props.data) ? props.data : [];
  const xs = [];
  const seen = new Set();
  const series = new Map();
  for (const row of rows) {
    const x = read(row, props.xAccessor);
    const y = Number(read(row, props.yAccessor));
    if (x === undefined || !Number.isFinite(y)) continue;
    const xKey = String(x);
    if (!seen.has(xKey)) {
      seen.add(xKey);
      xs.push(xKey);
    }
    const name = props.colorAccessor !== undefined ? String(read(row, props.colorAccessor) ?? '') : '';
    if (!series.has(name)) series.set(name, new Map());
    series.get(name).set(xKey, y);
  }
  return { xs, series: [...series.entries()].map(([name, points]) => ({ name, points })) };
}

function niceMax(value) {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function formatNumber(value) {
  return new Intl.NumberFormat('en', {
    notation: value >= 10000 ? 'compact' : 'standard',
    maximumFractionDigits: 1,
  }).format(value);
}

/** Title, subtitle, axes and gridlines; returns what the plot needs to place marks. */
function frame(figure, props, kind) {
  figure.replaceChildren();
  figure.className = `chart chart-${kind}${props.showBorder ? ' chart-bordered' : ''}`;
  if (props.title)
    figure.append(
      Object.assign(document.createElement('figcaption'), {
        className: 'chart-title',
        textContent: String(props.title),
      }),
    );
  if (props.subtitle)
    figure.append(
      Object.assign(document.createElement('div'), {
        className: 'chart-subtitle',
        textContent: String(props.subtitle),
      }),
    );
  const width = Number(props.width) || 640;
  const height = Number(props.height) || 260;
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    role: 'img',
    'aria-label': String(props.title ?? `${kind} chart`),
  });
  root.style.maxWidth = `${width}px`;
  figure.append(root);
  const data = seriesOf(props);
  const max = niceMax(Math.max(0, ...data.series.flatMap((s) => [...s.points.values()])));
  const plot = {
    x: MARGIN.left,
    y: MARGIN.top,
    width: width - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  const yOf = (value) => plot.y + plot.height - (value / max) * plot.height;
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (max / 4) * tick;
    const y = yOf(value);
    root.append(svg('line', { x1: plot.x, x2: plot.x + plot.width, y1: y, y2: y, class: 'chart-grid' }));
    root.append(
      svg('text', { x: plot.x - 6, y: y + 4, 'text-anchor': 'end', class: 'chart-tick' }, formatNumber(value)),
    );
  }
  const labelEvery = Math.max(1, Math.ceil(data.xs.length / 8));
  if (data.xs.length === 0)
    root.append(
      svg(
        'text',
        { x: plot.x + plot.width / 2, y: plot.y + plot.height / 2, 'text-anchor': 'middle', class: 'chart-tick' },
        'No data',
      ),
    );
  if (data.series.length > 1) {
    const legend = document.createElement('div');
    legend.className = 'chart-legend';
    data.series.forEach((s, index) => {
      const item = document.createElement('span');
      item.className = 'chart-legend-item';
      const swatch = document.createElement('span');
      swatch.className = 'chart-swatch';
      swatch.style.background = PALETTE[index % PALETTE.length];
      item.append(swatch, document.createTextNode(s.name));
      legend.append(item);
    });
    figure.append(legend);
  }
  return { root, plot, data, yOf, labelEvery };
}

function xLabel(root, text, x, y) {
  const short = text.length > 12 ? `${text.slice(0, 11)}…` : text;
  root.append(svg('text', { x, y, 'text-anchor': 'middle', class: 'chart-tick' }, short));
}

export function drawLineChart(figure, props) {
  const { root, plot, data, yOf, labelEvery } = frame(figure, props, 'line');
  const step = data.xs.length > 1 ? plot.width / (data.xs.length - 1) : 0;
  const xOf = (index) => plot.x + (data.xs.length > 1 ? index * step : plot.width / 2);
  data.xs.forEach((x, index) => {
    if (index % labelEvery === 0) xLabel(root, x, xOf(index), plot.y + plot.height + 18);
  });
  data.series.forEach((s, seriesIndex) => {
    const colour = PALETTE[seriesIndex % PALETTE.length];
    const points = data.xs
      .map((x, index) => (s.points.has(x) ? [xOf(index), yOf(s.points.get(x)), x, s.points.get(x)] : null))
      .filter(Boolean);
    root.append(
      svg('polyline', {
        points: points.map(([px, py]) => `${px},${py}`).join(' '),
        fill: 'none',
        stroke: colour,
        'stroke-width': 2,
        class: 'chart-line',
      }),
    );
    for (const [px, py, x, y] of points) {
      const dot = svg('circle', { cx: px, cy: py, r: 3, fill: colour });
      dot.append(svg('title', {}, `${s.name ? `${s.name}, ` : ''}${x}: ${y}`));
      root.append(dot);
    }
  });
}

export function drawBarChart(figure, props) {
  const { root, plot, data, yOf, labelEvery } = frame(figure, props, 'bar');
  const band = data.xs.length > 0 ? plot.width / data.xs.length : plot.width;
  const barWidth = Math.max(2, (band * 0.7) / Math.max(1, data.series.length));
  data.xs.forEach((x, index) => {
    const left = plot.x + index * band + band * 0.15;
    if (index % labelEvery === 0) xLabel(root, x, plot.x + index * band + band / 2, plot.y + plot.height + 18);
    data.series.forEach((s, seriesIndex) => {
      if (!s.points.has(x)) return;
      const value = s.points.get(x);
      const top = yOf(value);
      const bar = svg('rect', {
        x: left + seriesIndex * barWidth,
        y: top,
        width: barWidth - 1,
        height: plot.y + plot.height - top,
        fill: PALETTE[seriesIndex % PALETTE.length],
        class: 'chart-bar',
      });
      bar.append(svg('title', {}, `${s.name ? `${s.name}, ` : ''}${x}: ${value}`));
      root.append(bar);
    });
  });
}
