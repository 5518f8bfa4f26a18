import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Collects metrics ({ name, value, unit }, the names) and prints
 * tables. Nothing here passes or fails: benchmarks report.
 */

export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

export interface Report {
  readonly metrics: Metric[];
  add(name: string, value: number, unit: string): void;
  table(
    title: string,
    header: readonly string[],
    rows: readonly (readonly (string | number)[])[],
  ): void;
  note(text: string): void;
  write(path: string): void;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3);
}

export function createReport(print: (line: string) => void = (l) => console.log(l)): Report {
  const metrics: Metric[] = [];
  return {
    metrics,
    add(name, value, unit) {
      if (!Number.isFinite(value)) return; // not measured: leave it out rather than write null
      const rounded = Number.isInteger(value) ? value : Number(value.toPrecision(4));
      metrics.push({ name, value: rounded, unit });
    },
    table(title, header, rows) {
      const cells = [
        header,
        ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c))),
      ];
      const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
      const line = (r: readonly (string | number)[]): string =>
        `| ${r.map((c, i) => (typeof c === 'string' && i === 0 ? c.padEnd(widths[i] ?? 0) : String(c).padStart(widths[i] ?? 0))).join(' | ')} |`;
      print('');
      print(`### ${title}`);
      print(line(cells[0] ?? []));
      print(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
      for (const r of cells.slice(1)) print(line(r));
    },
    note: (text) => print(text),
    write(path) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(metrics, null, 2)}\n`);
    },
  };
}
