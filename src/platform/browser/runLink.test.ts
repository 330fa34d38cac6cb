import { describe, expect, test } from 'vitest';
import { decodeRunLink, encodeRunLink, runCodeFromHash, runLinkURL } from './runLink';
import { RUN_FORMAT, RunFileError, toBase64, type RunFile } from '../../protocol/run';

const run: RunFile = {
  format: RUN_FORMAT,
  version: 1,
  seed: 7,
  config: {
    members: 5,
    raft: { preVote: true, checkQuorum: true, snapshotCount: 20, snapshotCatchUpEntries: 5 },
    network: { latencyMs: 25, jitterMs: 10 },
    tickMs: 100,
    electionTicks: 10,
    heartbeatTicks: 1,
  },
  actions: Array.from({ length: 200 }, (_, i) => ({ step: 10 + i * 3, atMs: 500 + i * 100, op: 'run', args: [`put key${i % 7} value-${i}`] })),
  end: { step: 900, atMs: 30000 },
};

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RunFileError);
    return `${(e as RunFileError).code}: ${(e as Error).message}`;
  }
  return 'accepted';
}

describe('run link', () => {
  test('a run survives its link and the link is compact', async () => {
    const code = await encodeRunLink(run);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await decodeRunLink(code)).toEqual(run);
    const json = JSON.stringify(run).length;
    console.log(`run link: ${json} bytes of JSON → ${code.length} characters`);
    expect(code.length).toBeLessThan(json / 4);
  });

  test('the URL keeps the page and language, drops lesson and seed parameters, and carries the run in the fragment', async () => {
    const url = await runLinkURL(run, 'https://example.org/etcdscope/?lang=zh-CN&seed=3&scenario=x#old');
    const u = new URL(url);
    expect(u.pathname).toBe('/etcdscope/');
    expect(u.searchParams.get('lang')).toBe('zh-CN');
    expect(u.searchParams.has('seed')).toBe(false);
    expect(u.searchParams.has('scenario')).toBe(false);
    const code = runCodeFromHash(u.hash);
    expect(code).not.toBeNull();
    expect(await decodeRunLink(code!)).toEqual(run);
    expect(runCodeFromHash('#lang=en')).toBeNull();
  });

  test('damaged and foreign links are refused with the reason', async () => {
    const code = await encodeRunLink(run);
    expect(await refusal(decodeRunLink(code.slice(0, code.length >> 1)))).toMatch(/^invalid: the link is damaged: its run does not decompress/);
    expect(await refusal(decodeRunLink('!!!'))).toMatch(/^invalid: .*not base64url/);
    expect(await refusal(decodeRunLink(''))).toMatch(/^empty/);
    expect(await refusal(decodeRunLink(toBase64(new TextEncoder().encode('hello'), true)))).toMatch(/^invalid: .*does not decompress/);
    // A well-formed link to something that is not a run.
    const foreign = await encodeRunLink({ hello: 'world' } as unknown as RunFile);
    expect(await refusal(decodeRunLink(foreign))).toMatch(/^foreign: not an etcdscope run/);
  });
});
