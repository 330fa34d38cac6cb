// One etcd member per Web Worker. All logic lives in NodeHost (shared with nothing else in the page);
// terminating this worker is a crash, starting a new one recovers from IndexedDB.
import * as Comlink from 'comlink';
import { NodeHost } from '../src/platform/browser/nodeHost';

Comlink.expose(new NodeHost());
