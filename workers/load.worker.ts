// The benchmark's clients in their own thread, talking straight to one member's worker over a
// client port — as etcd's benchmark clients are their own process. Same closed loop as the page's.
import * as Comlink from 'comlink';
import { runLoad, type LoadResult, type LoadSpec } from '../src/platform/browser/loadGen';
import { ClientPort } from '../src/platform/browser/clientPort';

const api = {
  async run(spec: LoadSpec, port: MessagePort): Promise<LoadResult> {
    const client = new ClientPort(port);
    try {
      return await runLoad((req) => client.request(req), spec);
    } finally {
      client.close();
    }
  },
};

export type LoadWorkerApi = typeof api;
Comlink.expose(api);
