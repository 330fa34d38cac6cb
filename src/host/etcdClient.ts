// etcdctl's client interface over a cluster's request path: the same adapter serves the page's
// hub and the Node simulator, so the console and the oracle runner share one etcdctl.
import type { ClientRequest, ClientResult } from '../etcd/etcdNode';
import { EtcdError, type CallOptions, type EtcdClient, type GrpcCodeName } from '../etcdctl';
import type {
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseTimeToLiveRequest,
  LeaseTimeToLiveResponse,
  WatchCreateRequest,
  WatchHandle,
  WatchResponse,
} from '../etcdctl/client';
import type {
  CompactionRequest,
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  TxnRequest,
  TxnResponse,
  MemberListResponse,
  MemberAddRequest,
  LeaseGrantRequest,
  LeaseGrantResponse,
  LeaseRevokeRequest,
  LeaseRevokeResponse,
  MemberAddResponse,
  MemberRemoveResponse,
  MemberUpdateResponse,
  MemberPromoteResponse,
  MoveLeaderResponse,
  StatusResponse,
  HashKVResponse,
  ResponseHeader,
  AlarmMember,
  AlarmRequest,
  AlarmResponse,
} from '../etcd/api';

import { runKeepAlive, type Timer } from './keepAlive';

const NO_MEMBER = '0000000000000000';

export type SendRequest = (req: ClientRequest, opts?: CallOptions) => Promise<ClientResult>;

export type OpenWatch = (req: WatchCreateRequest, onResponse: (r: WatchResponse) => void, opts?: CallOptions) => WatchHandle;

/** The host's clock, for client-side loops (lease keep-alive). */
export interface ClientClock {
  timer: Timer;
  nowMs: () => number;
}

export class RequestClient implements EtcdClient {
  constructor(
    private readonly send: SendRequest,
    private readonly openWatch?: OpenWatch,
    private readonly clock?: ClientClock,
  ) {}

  watch(req: WatchCreateRequest, onResponse: (r: WatchResponse) => void, opts?: CallOptions): WatchHandle {
    if (!this.openWatch) throw new EtcdError('Unimplemented', 'unknown method Watch for service etcdserverpb.Watch');
    return this.openWatch(req, onResponse, opts);
  }

  range(req: RangeRequest, opts?: CallOptions): Promise<RangeResponse> {
    return this.call({ op: 'range', req }, opts) as Promise<RangeResponse>;
  }

  put(req: PutRequest, opts?: CallOptions): Promise<PutResponse> {
    return this.call({ op: 'put', req }, opts) as Promise<PutResponse>;
  }

  deleteRange(req: DeleteRangeRequest, opts?: CallOptions): Promise<DeleteRangeResponse> {
    return this.call({ op: 'deleteRange', req }, opts) as Promise<DeleteRangeResponse>;
  }

  txn(req: TxnRequest, opts?: CallOptions): Promise<TxnResponse> {
    return this.call({ op: 'txn', req }, opts) as Promise<TxnResponse>;
  }

  compact(req: CompactionRequest, opts?: CallOptions): Promise<CompactionResponse> {
    return this.call({ op: 'compaction', req }, opts) as Promise<CompactionResponse>;
  }

  leaseGrant(req: LeaseGrantRequest, opts?: CallOptions): Promise<LeaseGrantResponse> {
    return this.call({ op: 'leaseGrant', req }, opts) as Promise<LeaseGrantResponse>;
  }

  leaseRevoke(req: LeaseRevokeRequest, opts?: CallOptions): Promise<LeaseRevokeResponse> {
    return this.call({ op: 'leaseRevoke', req }, opts) as Promise<LeaseRevokeResponse>;
  }

  leaseTimeToLive(req: LeaseTimeToLiveRequest, opts?: CallOptions): Promise<LeaseTimeToLiveResponse> {
    return this.call({ op: 'leaseTimeToLive', id: req.ID, keys: req.keys }, opts) as Promise<LeaseTimeToLiveResponse>;
  }

  leaseLeases(opts?: CallOptions): Promise<LeaseLeasesResponse> {
    return this.call({ op: 'leaseLeases' }, opts) as Promise<LeaseLeasesResponse>;
  }

  leaseKeepAliveOnce(req: { ID: bigint }, opts?: CallOptions): Promise<LeaseKeepAliveResponse> {
    return this.call({ op: 'leaseKeepAlive', id: req.ID }, opts) as Promise<LeaseKeepAliveResponse>;
  }

  /** clientv3's KeepAlive stream (keepAlive.ts); needs the host's clock. */
  leaseKeepAlive(req: { ID: bigint }, onResponse: (r: LeaseKeepAliveResponse | null) => void, opts?: CallOptions): WatchHandle {
    if (!this.clock) throw new EtcdError('Unimplemented', 'unknown method LeaseKeepAlive for service etcdserverpb.Lease');
    return runKeepAlive(this.send, this.clock.timer, this.clock.nowMs, req.ID, onResponse, opts);
  }

  defragment(opts?: CallOptions): Promise<{ header: ResponseHeader }> {
    return this.call({ op: 'defragment' }, opts) as Promise<{ header: ResponseHeader }>;
  }

  hashKV(req: { revision: number }, opts?: CallOptions): Promise<HashKVResponse> {
    return this.call({ op: 'hashKV', revision: req.revision }, opts) as Promise<HashKVResponse>;
  }

  /** `etcdctl snapshot save`: the member's db file with etcd's SHA-256 trailer. */
  snapshotSave(opts?: CallOptions): Promise<{ header: ResponseHeader; blob: Uint8Array }> {
    return this.call({ op: 'snapshot' }, opts) as Promise<{ header: ResponseHeader; blob: Uint8Array }>;
  }

  memberList(opts?: CallOptions): Promise<MemberListResponse> {
    return this.call({ op: 'memberList' }, opts) as Promise<MemberListResponse>;
  }

  memberAdd(req: MemberAddRequest, opts?: CallOptions): Promise<MemberAddResponse> {
    return this.call({ op: 'memberAdd', req }, opts) as Promise<MemberAddResponse>;
  }

  memberRemove(req: { ID: string }, opts?: CallOptions): Promise<MemberRemoveResponse> {
    return this.call({ op: 'memberRemove', id: req.ID }, opts) as Promise<MemberRemoveResponse>;
  }

  memberUpdate(req: { ID: string; peerURLs: string[] }, opts?: CallOptions): Promise<MemberUpdateResponse> {
    return this.call({ op: 'memberUpdate', id: req.ID, peerURLs: req.peerURLs }, opts) as Promise<MemberUpdateResponse>;
  }

  memberPromote(req: { ID: string }, opts?: CallOptions): Promise<MemberPromoteResponse> {
    return this.call({ op: 'memberPromote', id: req.ID }, opts) as Promise<MemberPromoteResponse>;
  }

  moveLeader(req: { targetID: string }, opts?: CallOptions): Promise<MoveLeaderResponse> {
    return this.call({ op: 'moveLeader', targetId: req.targetID }, opts) as Promise<MoveLeaderResponse>;
  }

  private alarm(req: AlarmRequest, opts?: CallOptions): Promise<AlarmResponse> {
    return this.call({ op: 'alarm', req }, opts) as Promise<AlarmResponse>;
  }

  /** clientv3's AlarmList: GET for every member and type. */
  alarmList(opts?: CallOptions): Promise<AlarmResponse> {
    return this.alarm({ action: 'GET', memberID: NO_MEMBER, alarm: 'NONE' }, opts);
  }

  /**
   * clientv3's AlarmDisarm with an empty AlarmMember (what `etcdctl alarm disarm` sends): list the
   * alarms, then deactivate each one; the answer lists the alarms that were cleared.
   */
  async alarmDisarm(opts?: CallOptions, member?: AlarmMember): Promise<AlarmResponse> {
    if (member && (member.memberID !== NO_MEMBER || member.alarm !== 'NONE')) {
      return this.alarm({ action: 'DEACTIVATE', memberID: member.memberID, alarm: member.alarm }, opts);
    }
    const listed = await this.alarmList(opts);
    const alarms: AlarmMember[] = [];
    for (const a of listed.alarms) alarms.push(...(await this.alarm({ action: 'DEACTIVATE', memberID: a.memberID, alarm: a.alarm }, opts)).alarms);
    return { alarms };
  }

  status(opts?: CallOptions): Promise<StatusResponse> {
    return this.call({ op: 'status' }, opts) as Promise<StatusResponse>;
  }

  private async call(req: ClientRequest, opts?: CallOptions): Promise<unknown> {
    const r = await this.send(req, opts);
    if (!r.ok) throw new EtcdError(r.error.code as GrpcCodeName, r.error.message);
    return r.resp;
  }
}

/**
 * Which member an etcdctl endpoint names, in the oracle's layout (client port 23790+i, see
 * src/etcd/ids.ts); undefined for etcdctl's default 127.0.0.1:2379 (the cluster routes it).
 */
export function endpointMember(endpoint: string | undefined): number | undefined {
  if (!endpoint) return undefined;
  const m = /:(\d+)$/.exec(endpoint.replace(/^https?:\/\//, ''));
  if (!m) return undefined;
  const port = Number(m[1]);
  return port > 23790 && port < 23800 ? port - 23790 : undefined;
}
