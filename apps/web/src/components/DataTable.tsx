import type { HTMLAttributes, ReactNode } from 'react';

export interface Column<T> {
  id: string;
  header: ReactNode;
  /** A header only screen readers hear (an actions column). */
  hiddenHeader?: boolean;
  cell: (row: T) => ReactNode;
  /** The cell that names the row: a `<th scope="row">`. */
  rowHeader?: boolean;
  /** The class of the column's cells; `headerClassName` of its header (by default none). */
  className?: string;
  headerClassName?: string;
  /**
   * The column's name on the row's card on a phone (`data-label`); by default the header when it
   * is text. `false` for none (the row header, the actions).
   */
  label?: string | false;
}

interface DataTableProps<T> {
  /** `table` and `table-cards` (rows become cards on a phone) plus the list's own class. */
  className: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Data attributes of a row (its status, its id) for styles and the browser tests. */
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | number | undefined>;
  /** The table's name for screen readers (a visually hidden `<caption>`). */
  caption?: ReactNode;
  /** The wrapper's classes: `table-wrap` plus e.g. a height limit under which the header sticks. */
  wrapClassName?: string;
  /** Checkboxes in a first column, to act on several rows at once (by their `rowKey`). */
  selection?: RowSelection<T>;
}

export interface RowSelection<T> {
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  /** The accessible names of the "all" checkbox and of a row's checkbox. */
  allLabel: string;
  rowLabel: (row: T) => string;
}

/** The console's table: one header row, a row per item, each cell named for the phone's card view. */
export function DataTable<T>({
  className,
  columns,
  rows,
  rowKey,
  rowProps,
  caption,
  wrapClassName,
  selection,
}: DataTableProps<T>) {
  const allChecked = selection !== undefined && rows.length > 0 && rows.every((r) => selection.selected.has(rowKey(r)));
  function toggle(id: string, on: boolean) {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (on) next.add(id);
    else next.delete(id);
    selection.onChange(next);
  }
  return (
    <div className={wrapClassName ? `table-wrap ${wrapClassName}` : 'table-wrap'}>
      <table className={className}>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="cell-select">
                <input
                  type="checkbox"
                  aria-label={selection.allLabel}
                  checked={allChecked}
                  onChange={(event) => selection.onChange(event.target.checked ? new Set(rows.map(rowKey)) : new Set())}
                />
              </th>
            )}
            {columns.map((column) => (
              <th key={column.id} scope="col" className={column.headerClassName}>
                {column.hiddenHeader ? <span className="visually-hidden">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {selection && (
                <td className="cell-select">
                  <input
                    type="checkbox"
                    aria-label={selection.rowLabel(row)}
                    checked={selection.selected.has(rowKey(row))}
                    onChange={(event) => toggle(rowKey(row), event.target.checked)}
                  />
                </td>
              )}
              {columns.map((column) => {
                if (column.rowHeader) {
                  return (
                    <th key={column.id} scope="row" className={column.className}>
                      {column.cell(row)}
                    </th>
                  );
                }
                const label =
                  column.label === false
                    ? undefined
                    : (column.label ?? (typeof column.header === 'string' ? column.header : undefined));
                return (
                  <td key={column.id} data-label={label} className={column.className}>
                    {column.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
