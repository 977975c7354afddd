// One CSV cell for every export (findings, permissions). RFC 4180 quoting, plus the OWASP
// CSV-injection rule: a cell a spreadsheet would read as a formula (starting with = + - @,
// tab or carriage return) gets a leading ' and is quoted, so it stays text. Role, binding
// and resource names come from the cluster, so anyone who may create a Role could plant one.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  if (FORMULA_START.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(",");
}
