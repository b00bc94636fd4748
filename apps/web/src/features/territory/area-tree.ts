import { type AreaDto, areaPath, type Locale, localized } from '@pollwatch/core';

/** One row of the tree as the screens list it: the area, how deep it is, and whether it has children. */
export interface AreaRow {
  area: AreaDto;
  depth: number;
  hasChildren: boolean;
}

/**
 * The flat list from the API in tree order: each area followed by its children, siblings sorted by
 * name in the UI language. Areas whose parent is missing (or that sit in a cycle) are shown as roots,
 * so nothing the server returns is ever hidden.
 */
export function areaRows(areas: readonly AreaDto[], locale: Locale): AreaRow[] {
  const byId = new Map(areas.map((a) => [a.id, a]));
  const children = new Map<string | null, AreaDto[]>();
  for (const a of areas) {
    const parent = a.parentId !== null && byId.has(a.parentId) ? a.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(a);
    children.set(parent, list);
  }
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  for (const list of children.values()) {
    list.sort((a, b) => collator.compare(localized(a.name, locale), localized(b.name, locale)));
  }
  const rows: AreaRow[] = [];
  const seen = new Set<string>();
  const visit = (area: AreaDto, depth: number) => {
    if (seen.has(area.id)) return;
    seen.add(area.id);
    const kids = children.get(area.id) ?? [];
    rows.push({ area, depth, hasChildren: kids.length > 0 });
    for (const child of kids) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  // A cycle has no root: list what is left at the top rather than lose it.
  for (const a of areas) if (!seen.has(a.id)) visit(a, 0);
  return rows;
}

/** Rows whose every ancestor is expanded. */
export function visibleRows(rows: readonly AreaRow[], expanded: ReadonlySet<string>): AreaRow[] {
  const out: AreaRow[] = [];
  let hiddenBelow: number | null = null;
  for (const row of rows) {
    if (hiddenBelow !== null) {
      if (row.depth > hiddenBelow) continue;
      hiddenBelow = null;
    }
    out.push(row);
    if (row.hasChildren && !expanded.has(row.area.id)) hiddenBelow = row.depth;
  }
  return out;
}

/** Options of an area `<select>`: tree order, indented with no-break spaces (a select has no other way). */
export function areaOptions(
  areas: readonly AreaDto[],
  locale: Locale,
  exclude: ReadonlySet<string> = new Set(),
): { id: string; label: string }[] {
  return areaRows(areas, locale)
    .filter((row) => !exclude.has(row.area.id))
    .map((row) => ({
      id: row.area.id,
      label: `${'\u00a0\u00a0\u00a0'.repeat(row.depth)}${localized(row.area.name, locale)}`,
    }));
}

/**
 * "Алматы / Әуезов ауданы": the names from the top down, leaving out the country, which every
 * station shares.
 */
export function areaPathLabel(areaId: string, byId: ReadonlyMap<string, AreaDto>, locale: Locale): string {
  return areaPath(areaId, byId)
    .filter((a, _index, path) => !(a.level === 'country' && path.length > 1))
    .map((a) => localized(a.name, locale))
    .join(' / ');
}
