import { type ResolutionTexts, resolutionChapters } from './resolution-model.ts';

export type DiffLine = { op: 'same' | 'added' | 'removed'; text: string };

export interface TextChange {
  /** `chapter.media`, `recommendations`, `followUps`, `conclusions`. */
  field: string;
  lines: DiffLine[];
}

export interface FigureChange {
  key: string;
  before: string | null;
  after: string | null;
}

export interface ResolutionDiff {
  texts: TextChange[];
  figures: FigureChange[];
}

/** Line diff by longest common subsequence (texts here are a few hundred lines at most). */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before ? before.split('\n') : [];
  const b = after ? after.split('\n') : [];
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lcs = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * cols + j] ?? 0, lcs[i * cols + j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i] as string });
      i++;
      j++;
    } else if ((lcs[(i + 1) * cols + j] ?? 0) >= (lcs[i * cols + j + 1] ?? 0))
      out.push({ op: 'removed', text: a[i++] as string });
    else out.push({ op: 'added', text: b[j++] as string });
  }
  while (i < a.length) out.push({ op: 'removed', text: a[i++] as string });
  while (j < b.length) out.push({ op: 'added', text: b[j++] as string });
  return out;
}

function recommendationsText(t: ResolutionTexts): string {
  return t.recommendations.map((r, i) => `${i + 1}. [${r.chapter}] ${r.text.replace(/\n+/g, ' ')}`).join('\n');
}

function followUpsText(t: ResolutionTexts): string {
  return t.followUps.map((f) => `${f.recommendationId}: ${f.status} — ${f.evidence.replace(/\n+/g, ' ')}`).join('\n');
}

/** What changed from one version to another: the HQ's texts line by line, and every figure. */
export function diffResolutions(
  before: { texts: ResolutionTexts; figures: Record<string, string> },
  after: { texts: ResolutionTexts; figures: Record<string, string> },
): ResolutionDiff {
  const texts: TextChange[] = [];
  const push = (field: string, x: string, y: string) => {
    if (x !== y) texts.push({ field, lines: diffLines(x, y) });
  };
  for (const c of resolutionChapters)
    push(`chapter.${c}`, before.texts.chapters[c] ?? '', after.texts.chapters[c] ?? '');
  push('recommendations', recommendationsText(before.texts), recommendationsText(after.texts));
  push('followUps', followUpsText(before.texts), followUpsText(after.texts));
  push('conclusions', before.texts.conclusions, after.texts.conclusions);

  const figures: FigureChange[] = [];
  const keys = [...new Set([...Object.keys(before.figures), ...Object.keys(after.figures)])].sort();
  for (const key of keys) {
    if (key.startsWith('recommendation.')) continue;
    const x = before.figures[key] ?? null;
    const y = after.figures[key] ?? null;
    if (x !== y) figures.push({ key, before: x, after: y });
  }
  return { texts, figures };
}
