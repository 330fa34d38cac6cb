// olekukonko/tablewriter as etcdctl renders its tables: borders of '+' and '-', header cells
// upper-cased and centred, data cells right-aligned, one space of padding, width = widest cell.
// A cell wider than 30 characters that contains spaces is wrapped onto continuation lines.

const MAX_WIDTH = 30;

const width = (s: string) => [...s].length;

function pad(s: string, w: number, align: 'center' | 'right'): string {
  const gap = w - width(s);
  if (gap <= 0) return s;
  if (align === 'right') return ' '.repeat(gap) + s;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}

/** tablewriter's WrapString: words split on single spaces (empty words kept), filled up to `limit`. */
function wrap(s: string, limit: number): string[] {
  const words = s.replace(/\n/g, ' ').split(' ');
  const lim = Math.max(limit, ...words.map(width));
  const lines: string[] = [];
  let cur: string[] = [];
  let curW = -1;
  for (const w of words) {
    if (cur.length > 0 && curW + 1 + width(w) > lim) {
      lines.push(cur.join(' '));
      cur = [];
      curW = -1;
    }
    cur.push(w);
    curW += 1 + width(w);
  }
  lines.push(cur.join(' '));
  return lines;
}

/** A cell's lines and the width tablewriter reserves for it. */
function cellLines(s: string): { lines: string[]; w: number } {
  const limit = Math.min(width(s), MAX_WIDTH);
  const lines = width(s) > MAX_WIDTH ? wrap(s, limit) : [s];
  return { lines, w: Math.max(limit, ...lines.map(width)) };
}

export function renderTable(header: string[], rows: string[][]): string {
  const head = header.map((h) => h.toUpperCase());
  const parsed = rows.map((r) => r.map(cellLines));
  const cells = parsed.map((r) => r.map((c) => c.lines));
  const widths = head.map((h, i) => Math.max(cellLines(h).w, ...parsed.map((r) => r[i]?.w ?? 0)));
  const border = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+\n';
  let out = border;
  out += '|' + head.map((h, i) => ` ${pad(h, widths[i]!, 'center')} `).join('|') + '|\n';
  out += border;
  for (const r of cells) {
    const height = Math.max(...r.map((c) => c.length));
    for (let line = 0; line < height; line++) {
      out += '|' + widths.map((w, i) => ` ${pad(r[i]?.[line] ?? '', w, 'right')} `).join('|') + '|\n';
    }
  }
  return out + border;
}
