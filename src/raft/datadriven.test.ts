// Runs the interaction scripts in testdata/raft. REWRITE=1 regenerates their expected output.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTestFile, rewriteTestFile } from './testing/datadriven';
import { InteractionEnv } from './testing/interaction';

const dir = fileURLToPath(new URL('../../testdata/raft/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const rewrite = process.env['REWRITE'] === '1';

describe('raft interaction scripts (testdata/raft)', () => {
  it('has scripts', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const f of files) {
    it(f, () => {
      const path = join(dir, f);
      const text = readFileSync(path, 'utf8');
      const env = new InteractionEnv();
      const cases = parseTestFile(text);
      const actual = cases.map((tc) => env.handle(tc));
      if (rewrite) {
        writeFileSync(path, rewriteTestFile(text, actual));
        return;
      }
      for (let i = 0; i < cases.length; i++) {
        const tc = cases[i]!;
        expect(actual[i], `${f}:${tc.line}: ${tc.cmd} ${tc.args.join(' ')}`).toBe(tc.expected);
      }
    });
  }
});
