// Starts one member's Web Worker and wires its MessagePort; terminate() is a crash.
import * as Comlink from 'comlink';
import type { NodeHost } from './nodeHost';
import type { InspectArgMap, InspectKind, InspectResultMap, MemberFiles } from '../../protocol/inspect';
import type { StartOptions, StartResult, WorkerToHub, HubToWorker } from '../../protocol/worker';

export class MemberWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly api: Comlink.Remote<NodeHost>;
  private closed = false;

  constructor(name: string, onMessage: (m: WorkerToHub) => void) {
    this.worker = new Worker(new URL('../../../workers/node.worker.ts', import.meta.url), { type: 'module', name });
    this.api = Comlink.wrap<NodeHost>(this.worker);
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.onmessage = (e: MessageEvent<WorkerToHub>) => {
      if (!this.closed) onMessage(e.data);
    };
    this.remotePort = channel.port2;
  }

  private remotePort: MessagePort | null;

  start(opts: StartOptions): Promise<StartResult> {
    const port = this.remotePort!;
    this.remotePort = null;
    return this.api.start(opts, Comlink.transfer(port, [port]));
  }

  inspectDetail<K extends InspectKind>(kind: K, arg?: InspectArgMap[K]): Promise<InspectResultMap[K] | null> {
    return this.api.inspectDetail(kind, arg) as Promise<InspectResultMap[K] | null>;
  }

  files(): Promise<MemberFiles | null> {
    return this.api.files();
  }

  post(m: HubToWorker, transfer: Transferable[] = []): void {
    if (!this.closed) this.port.postMessage(m, transfer);
  }

  terminate(): void {
    this.closed = true;
    this.worker.terminate();
    this.port.close();
  }
}
