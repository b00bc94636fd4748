import type { HTMLAttributes, ReactNode } from 'react';

export interface Column<T> {
  id: string;
  header: ReactNode;
  /** A header only screen readers hear (an actions column). */
  hiddenHeader?: boolean;
  cell: (row: T) => ReactNode;
  /** The cell that names the row: a `<th scope="row">`. */
  rowHeader?: boolean;
  className?: string;
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
  caption?: ReactNode;
}

/** The console's table: one header row, a row per item, each cell named for the phone's card view. */
export function DataTable<T>({ className, columns, rows, rowKey, rowProps, caption }: DataTableProps<T>) {
  return (
    <div className="table-wrap">
      <table className={className}>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.id} scope="col">
                {column.hiddenHeader ? <span className="visually-hidden">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
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
