// Direct worker-to-worker links for raft messages, so that the cluster's hot path does not wait for
// the main thread (which also renders the page: on two cores a busy frame used to hold every MsgApp
// and MsgAppResp for up to a frame).
//
// Every pair of live member workers shares a MessageChannel. The hub turns the links on only when it
// has nothing to do with a message: free-run (no latency to animate, not paused, not lockstep) and
// no partition or other network fault. Whenever any of that changes, it turns them off first and
// routes through itself again. A message already posted on a link when that happens is delivered
// anyway — as a packet already on the wire is when a cable is pulled — which raft tolerates.
import type { NodeId } from '../../raft/types';
import type { HubToWorker } from '../../protocol/worker';

export interface LinkEndpoint {
  post(m: HubToWorker, transfer?: Transferable[]): void;
}

export class PeerLinks {
  private on = false;

  /** Whether the workers currently send to each other directly. */
  get direct(): boolean {
    return this.on;
  }

  /**
   * A member's worker has just started: give it and each live peer a fresh channel to each other
   * (a restarted member's old ports died with its old worker), and tell it the current mode.
   */
  connect(id: NodeId, worker: LinkEndpoint, peers: Iterable<[NodeId, LinkEndpoint]>): void {
    for (const [peer, other] of peers) {
      if (peer === id) continue;
      const ch = new MessageChannel();
      worker.post({ t: 'peerPort', peer, port: ch.port1 }, [ch.port1]);
      other.post({ t: 'peerPort', peer: id, port: ch.port2 }, [ch.port2]);
    }
    worker.post({ t: 'direct', on: this.on });
  }

  /** Switches every live worker to direct (true) or hub-routed (false) sending. */
  set(on: boolean, workers: Iterable<LinkEndpoint>): void {
    if (on === this.on) return;
    this.on = on;
    for (const w of workers) w.post({ t: 'direct', on });
  }
}
