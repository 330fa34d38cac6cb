// The client one etcdctl job talks through. Every way an answer can reach etcdctl — a settled
// promise or a streamed callback (watch, lease keep-alive) — marks the driver "kicked" so it runs
// etcdctl's continuations before the next simulator event. Once the job is cut off, callbacks are
// dropped and open streams are cancelled: a killed process hears nothing and keeps nothing open.

import type { EtcdClient } from '../etcdctl';

export interface JobLink {
  /** Called whenever something reaches etcdctl. */
  kick(): void;
  /** False once the job has been cut off. */
  alive(): boolean;
  /** Registers a stream handle to cancel when the job is cut off. */
  track(cancel: () => void): void;
}

export function linkClient(client: EtcdClient, link: JobLink): EtcdClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const wrapped = args.map((a) =>
          typeof a === 'function'
            ? (...cb: unknown[]) => {
                if (!link.alive()) return undefined;
                link.kick();
                return (a as (...x: unknown[]) => unknown)(...cb);
              }
            : a,
        );
        const r: unknown = (v as (...x: unknown[]) => unknown).apply(target, wrapped);
        if (r && typeof r === 'object' && typeof (r as { cancel?: unknown }).cancel === 'function') {
          const handle = r as { cancel: () => void };
          link.track(() => handle.cancel());
        }
        return r;
      };
    },
  });
}
