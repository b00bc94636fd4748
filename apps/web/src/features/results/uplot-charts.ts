import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSpec } from './chart-spec.ts';

/**
 * The only module that imports uPlot: the charts load it on demand, so neither the rest of the HQ
 * console nor the observer's field app pays for it.
 */

const AXIS = { stroke: '#556072', grid: '#e5e9ef', ticks: '#c4ccd7' } as const;
const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';

export interface ChartHandle {
  setSize: (width: number) => void;
  destroy: () => void;
}

/** Counts are whole: ticks at 1, 2, 5, 10, 20, 50… never at 1.5 stations. */
const WHOLE_STEPS = Array.from({ length: 27 }, (_, i) => [1, 2, 5][i % 3] ?? 1).map(
  (step, i) => step * 10 ** Math.floor(i / 3),
);
const NARROW = 480;

function heightFor(width: number): number {
  return Math.round(Math.max(200, Math.min(320, width * 0.5)));
}

/** Draws the chart into `target`; `onHover` gets the index of the point under the cursor (or null). */
export function drawChart(
  target: HTMLElement,
  spec: ChartSpec,
  width: number,
  onHover: (index: number | null) => void,
): ChartHandle {
  const bars = uPlot.paths.bars;
  const series: uPlot.Series[] = [
    {},
    ...spec.series.map(
      (s): uPlot.Series => ({
        label: s.label,
        stroke: s.color,
        width: s.kind === 'bars' ? 0 : 2,
        ...(s.kind === 'bars' && { fill: `${s.color}cc` }),
        ...(s.dash && { dash: [6, 4] }),
        points: { show: false },
        ...(s.kind === 'bars' &&
          bars && { paths: bars({ size: [spec.barWidth ?? 1, Infinity], align: spec.barAlign ?? 1 }) }),
      }),
    ),
  ];
  const axis = (label: string, values: (v: number) => string): uPlot.Axis => ({
    label,
    stroke: AXIS.stroke,
    font: FONT,
    labelFont: FONT,
    grid: { stroke: AXIS.grid, width: 1 },
    ticks: { stroke: AXIS.ticks, width: 1 },
    values: (_u, splits) => splits.map((v) => values(v)),
  });
  const options: uPlot.Options = {
    width,
    height: heightFor(width),
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      x: { time: false, range: () => spec.xRange },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] },
    },
    axes: [
      {
        ...axis(spec.xLabel, spec.formatX),
        ...(spec.xSplits && {
          // On a phone every other tick of a long row, so that "90" and "100" do not run together.
          splits: (u: uPlot) => {
            const splits = spec.xSplits ?? [];
            return u.width < NARROW && splits.length > 6 ? splits.filter((_, i) => i % 2 === 0) : splits;
          },
        }),
      },
      {
        ...axis(spec.yLabel, spec.formatY),
        incrs: WHOLE_STEPS,
        size: (u: uPlot) => (u.width < NARROW ? 48 : 64),
      },
    ],
    series,
    hooks: {
      setCursor: [
        (u) => {
          const index = u.cursor.idx;
          onHover(index === undefined || index === null ? null : index);
        },
      ],
    },
  };
  const data: uPlot.AlignedData = [spec.x, ...spec.series.map((s) => s.values)];
  const chart = new uPlot(options, data, target);
  chart.root.setAttribute('aria-hidden', 'true');
  return {
    setSize: (w) => chart.setSize({ width: w, height: heightFor(w) }),
    destroy: () => chart.destroy(),
  };
}
