// window.etcdscope.bench.runLoad: the closed-loop load generator (loadGen.ts), with its clients in a
// worker of their own (default) or on the page's main thread through the hub.
import * as Comlink from 'comlink';
import type { Hub } from './hub';
import { checkSpec, runLoad, type LoadResult, type LoadSpec } from './loadGen';
import type { LoadWorkerApi } from '../../../workers/load.worker';

export async function runBenchLoad(hub: Hub, spec: LoadSpec): Promise<LoadResult> {
  checkSpec(spec);
  if (spec.clientThread === 'page') return runLoad((req) => hub.request(req), spec);
  const port = hub.openClientPort();
  if (!port) throw new Error('runLoad: no live member to connect the clients to');
  const worker = new Worker(new URL('../../../workers/load.worker.ts', import.meta.url), { type: 'module', name: 'etcd-clients' });
  try {
    const api = Comlink.wrap<LoadWorkerApi>(worker);
    return await api.run(spec, Comlink.transfer(port, [port]));
  } finally {
    worker.terminate();
  }
}
