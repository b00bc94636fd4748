import type { Density2d } from '@pollwatch/analytics';
import { useEffect, useId, useRef } from 'react';

const MARGIN = { left: 48, right: 12, top: 10, bottom: 40 } as const;
const MAX_SIZE = 520;
const LOW = [231, 237, 245] as const;
const HIGH = [22, 43, 71] as const;

/** Light to dark blue; counts on a log scale so single stations stay visible beside the peak. */
export function densityColor(count: number, max: number): string {
  if (count <= 0 || max <= 0) return '#ffffff';
  const share = Math.log1p(count) / Math.log1p(max);
  const mix = (i: 0 | 1 | 2) => Math.round(LOW[i] + (HIGH[i] - LOW[i]) * share);
  return `rgb(${mix(0)} ${mix(1)} ${mix(2)})`;
}

/**
 * Turnout (x) × leader share (y), one cell per bin of the density: the "comet" plot of Kobak et
 * al. A plain canvas; the figure around it carries the caption and the table.
 */
export function DensityHeatmap({
  density,
  xLabel,
  yLabel,
  label,
}: {
  density: Density2d;
  xLabel: string;
  yLabel: string;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const labelId = useId();

  useEffect(() => {
    const element = canvas.current;
    const box = wrap.current;
    if (!element || !box) return;
    const max = Math.max(0, ...density.stations);
    const draw = () => {
      const width = Math.min(MAX_SIZE, box.clientWidth || MAX_SIZE);
      const plot = width - MARGIN.left - MARGIN.right;
      const height = plot + MARGIN.top + MARGIN.bottom;
      const ratio = window.devicePixelRatio || 1;
      element.width = Math.round(width * ratio);
      element.height = Math.round(height * ratio);
      element.style.width = `${width}px`;
      element.style.height = `${height}px`;
      const g = element.getContext('2d');
      if (!g) return;
      g.setTransform(ratio, 0, 0, ratio, 0, 0);
      g.clearRect(0, 0, width, height);
      g.fillStyle = '#ffffff';
      g.fillRect(MARGIN.left, MARGIN.top, plot, plot);
      const cell = plot / density.size;
      for (let t = 0; t < density.size; t += 1) {
        for (let l = 0; l < density.size; l += 1) {
          const count = density.stations[t * density.size + l] ?? 0;
          if (count === 0) continue;
          g.fillStyle = densityColor(count, max);
          // Turnout along x; leader share up the y axis (0 at the bottom).
          g.fillRect(
            MARGIN.left + t * cell,
            MARGIN.top + plot - (l + 1) * cell,
            Math.max(1, cell + 0.5),
            Math.max(1, cell + 0.5),
          );
        }
      }
      g.strokeStyle = '#8e99a9';
      g.lineWidth = 1;
      g.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, plot - 1, plot - 1);
      g.fillStyle = '#556072';
      g.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';
      for (let p = 0; p <= 100; p += 20) {
        const x = MARGIN.left + (p / 100) * plot;
        const y = MARGIN.top + plot - (p / 100) * plot;
        g.textAlign = 'center';
        g.textBaseline = 'top';
        g.fillText(`${p}`, x, MARGIN.top + plot + 4);
        g.textAlign = 'right';
        g.textBaseline = 'middle';
        g.fillText(`${p}`, MARGIN.left - 6, y);
      }
      g.textAlign = 'center';
      g.textBaseline = 'bottom';
      g.fillText(xLabel, MARGIN.left + plot / 2, height - 2);
      g.save();
      g.translate(12, MARGIN.top + plot / 2);
      g.rotate(-Math.PI / 2);
      g.textBaseline = 'middle';
      g.fillText(yLabel, 0, 0);
      g.restore();
    };
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(box);
    return () => observer.disconnect();
  }, [density, xLabel, yLabel]);

  const max = Math.max(0, ...density.stations);
  return (
    <div className="heatmap" ref={wrap}>
      <canvas ref={canvas} role="img" aria-labelledby={labelId} />
      <span id={labelId} className="visually-hidden">
        {label}
      </span>
      <div className="heatmap-scale" aria-hidden="true">
        <span>1</span>
        <span className="heatmap-gradient" />
        <span>{max}</span>
      </div>
    </div>
  );
}
