// A client's own connection to one member's worker: requests out, responses back, on a MessagePort
// the hub set up (Hub.openClientPort). The benchmark's load worker uses it, so that its clients,
// like etcd's, are not in the same thread as anything else.
import type { ClientRequest, ClientResult } from '../../etcd/etcdNode';
import type { ClientToMember, MemberToClient } from '../../protocol/worker';
import { etcdErrors } from '../../etcd/errors';

export class ClientPort {
  private readonly pending = new Map<number, { resolve: (r: ClientResult) => void; timer: ReturnType<typeof setTimeout> }>();
  private nextReqId = 1;

  constructor(
    private readonly port: MessagePort,
    private readonly timeoutMs = 5000,
  ) {
    port.onmessage = (e: MessageEvent<MemberToClient>) => {
      const p = this.pending.get(e.data.reqId);
      if (!p) return;
      this.pending.delete(e.data.reqId);
      clearTimeout(p.timer);
      p.resolve(e.data.result);
    };
  }

  /** One request; a member that never answers (crashed, removed) gives etcd's deadline error. */
  request(req: ClientRequest): Promise<ClientResult> {
    const reqId = this.nextReqId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(reqId);
        resolve({ ok: false, error: etcdErrors.deadlineExceeded });
      }, this.timeoutMs);
      this.pending.set(reqId, { resolve, timer });
      const m: ClientToMember = { t: 'req', reqId, req };
      this.port.postMessage(m);
    });
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.port.close();
  }
}
