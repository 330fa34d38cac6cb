// Messages between the main-thread hub and a node worker over the member's MessagePort (the hot path).
// Raft messages travel as one encoded ArrayBuffer each, transferred, never as object graphs.
// Commands (start, inspect) go through comlink instead (see src/platform/browser/nodeHost.ts).
import type { ClientRequest, ClientResult, EtcdNodeConfig, NodeEvent, WatchRequest } from '../etcd/etcdNode';
import type { WatchResponse } from '../etcdctl/client';
import type { MemberInspect } from './view';
import type { CrashPoint, DiskFault } from './faults';

export const PROTOCOL_VERSION = 3;

/** What the hub needs to draw a message without decoding it. */
export interface MessageMeta {
  to: number;
  type: number;
  term: number;
  logTerm: number;
  index: number;
  commit: number;
  entries: number;
  reject: boolean;
}

/** A MessagePort, typed by shape: this file is shared with DOM-free cores (tsconfig.core.json). */
export interface PortLike {
  postMessage(message: unknown, transfer?: unknown[]): void;
  close(): void;
}

export type HubToWorker =
  /** A raft tick; `atMs` is its virtual time (the worker's clock follows it). */
  | { t: 'tick'; atMs?: number }
  /** The hub's clock changed pace (start, speed, pause, resume). */
  | { t: 'clock'; atMs: number; speed: number; paused: boolean; tickMs: number; lockstep?: boolean }
  /** The member's disk faults (src/host/faultyDisk.ts): fsync latency and an armed crash point. */
  | { t: 'diskFault'; fault: DiskFault }
  /** Lockstep: virtual time reached `atMs`, when a slow disk's write the worker reported is due. */
  | { t: 'wake'; atMs: number }
  | { t: 'msg'; buf: ArrayBuffer }
  | { t: 'req'; reqId: number; req: ClientRequest }
  | { t: 'watch'; w: WatchRequest }
  /** Lockstep: answer `idle` once everything sent before this is handled and its WAL record durable. */
  | { t: 'sync'; seq: number }
  /** Benchmark sanity row only: 'relaxed' shows what the WAL fsync costs. */
  | { t: 'walDurability'; durability: 'strict' | 'relaxed' }
  /** A MessagePort straight to a peer's worker (replaces any older one for that peer). */
  | { t: 'peerPort'; peer: number; port: PortLike }
  /**
   * Direct (true): raft messages to peers with a port go straight to them, not through the hub.
   * Only in free-run with nothing to show or fault on the network (see src/platform/browser/peerLinks.ts).
   */
  | { t: 'direct'; on: boolean }
  /** A client's own connection (a load-generator worker): requests in, responses out on this port. */
  | { t: 'clientPort'; port: PortLike };

/** Over a peer port: raft messages, one encoded buffer each. */
export interface PeerToPeer {
  t: 'msgs';
  bufs: ArrayBuffer[];
}

/** Over a client port (src/platform/browser/clientPort.ts). */
export type ClientToMember = { t: 'req'; reqId: number; req: ClientRequest };
export type MemberToClient = { t: 'resp'; reqId: number; result: ClientResult };

export type WorkerToHub =
  | { t: 'msgs'; bufs: ArrayBuffer[]; metas: MessageMeta[] }
  | { t: 'resp'; reqId: number; result: ClientResult }
  | { t: 'watchResp'; streamId: number; response: WatchResponse }
  | { t: 'events'; events: NodeEvent[] }
  | { t: 'status'; status: MemberInspect; storage: StorageStatus }
  /** `wakeAtMs`: a slow disk holds a completion until then (the hub sends `wake` at that virtual time). */
  | { t: 'idle'; seq: number; status: MemberInspect; wakeAtMs?: number }
  /** An armed crash point fired: the member stopped itself; the hub ends its worker. */
  | { t: 'crashPoint'; point: CrashPoint }
  | { t: 'fatal'; error: string };

export interface StorageStatus {
  walRecords: number;
  /** IDBTransaction.durability of the last WAL transaction, as the browser reports it. */
  walDurability: string;
  tornTail?: string;
}

export interface StartOptions {
  cfg: EtcdNodeConfig;
  /** A db file from `etcdctl snapshot save` to bootstrap from (`snapshot restore`); only for a new member. */
  snapshot?: Uint8Array;
  dbName: string;
  protocolVersion: number;
  /** The member's disk faults, kept by the hub across restarts (a slow device stays slow). */
  diskFault?: DiskFault;
  /** Peers this member can reach as it starts (for etcd's election tick advance, EtcdNode.adjustTicks). */
  activePeers?: number;
}

export interface StartResult {
  recoveredRecords: number;
  tornTail?: string;
}
