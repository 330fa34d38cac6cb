// Fallback for builds whose window.etcdscope has no `bench.runLoad` yet: bundle
// src/platform/browser/loadGen.ts with esbuild, load it into the page, find the page's Hub through the
// DevTools protocol (the [[Scopes]] of a window.etcdscope method hold the `hub` its closure captured;
// the object is recognized by its methods, since the bundle's variable names are minified), and attach
// `window.etcdscope.bench = { runLoad }`. The load generator code is the same file either way.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function injectRunLoad(page) {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [join(ROOT, 'src/platform/browser/loadGen.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__etcdscopeLoadGen',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  await page.addScriptTag({ content: out.outputFiles[0].text });
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result: fn } = await cdp.send('Runtime.evaluate', { expression: 'window.etcdscope && window.etcdscope.status' });
    if (!fn.objectId) throw new Error('window.etcdscope.status not found');
    const own = await cdp.send('Runtime.getProperties', { objectId: fn.objectId, ownProperties: true });
    const scopes = (own.internalProperties ?? []).find((p) => p.name === '[[Scopes]]');
    if (!scopes?.value?.objectId) throw new Error('no [[Scopes]] on window.etcdscope.status');
    const list = await cdp.send('Runtime.getProperties', { objectId: scopes.value.objectId, ownProperties: true });
    const isHub =
      'function () { return typeof this.request === "function" && typeof this.leader === "function" && typeof this.snapshot === "function" && typeof this.kill === "function"; }';
    for (const scope of list.result) {
      if (!scope.value?.objectId) continue;
      const vars = await cdp.send('Runtime.getProperties', { objectId: scope.value.objectId, ownProperties: true });
      for (const v of vars.result) {
        if (v.value?.type !== 'object' || !v.value.objectId) continue;
        const { result: ok } = await cdp.send('Runtime.callFunctionOn', { objectId: v.value.objectId, functionDeclaration: isHub, returnByValue: true });
        if (ok.value !== true) continue;
        await cdp.send('Runtime.callFunctionOn', {
          objectId: v.value.objectId,
          functionDeclaration:
            'function () { const hub = this; window.etcdscope.bench = { runLoad: (spec) => window.__etcdscopeLoadGen.runLoad((r) => hub.request(r), spec), injected: true }; }',
        });
        return true;
      }
    }
    throw new Error('the hub was not found in the closure of window.etcdscope.status');
  } finally {
    await cdp.detach().catch(() => {});
  }
}
