// Go's text/tabwriter as etcdctl configures it (minwidth 0, tabwidth 8, padding 1, padchar '\t',
// no flags): tab-terminated cells in consecutive lines form columns, each padded with tabs to the
// widest cell + 1, rounded up to a tab stop. etcdctl's usage text goes through it, so the number
// of tabs after each flag depends on the other flags of the same block.

const TABWIDTH = 8;
const PADDING = 1;

/** Display width in runes, as tabwriter counts (utf8.RuneCount). */
const runeWidth = (s: string) => [...s].length;

export function tabwrite(text: string): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  // every line's last element is trailing text (not a column cell)
  const out: string[] = new Array(lines.length).fill('');
  format(lines, 0, lines.length, [], out);
  return out.join('\n');
}

function format(lines: string[][], line0: number, line1: number, widths: number[], out: string[]): void {
  const column = widths.length;
  for (let i = line0; i < line1; i++) {
    if (column >= lines[i]!.length - 1) continue;
    // a block of consecutive lines that have a cell in this column
    writeLines(lines, line0, i, widths, out);
    let width = 0;
    let j = i;
    for (; j < line1; j++) {
      const line = lines[j]!;
      if (column >= line.length - 1) break;
      width = Math.max(width, runeWidth(line[column]!) + PADDING);
    }
    format(lines, i, j, [...widths, width], out);
    line0 = j;
    i = j - 1;
  }
  writeLines(lines, line0, line1, widths, out);
}

function writeLines(lines: string[][], line0: number, line1: number, widths: number[], out: string[]): void {
  for (let i = line0; i < line1; i++) {
    const line = lines[i]!;
    let s = '';
    line.forEach((cell, j) => {
      s += cell;
      if (j < widths.length && j < line.length - 1) {
        const cellw = Math.ceil(widths[j]! / TABWIDTH) * TABWIDTH;
        s += '\t'.repeat(Math.ceil((cellw - runeWidth(cell)) / TABWIDTH));
      }
    });
    out[i] = s;
  }
}
