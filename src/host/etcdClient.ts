// etcdctl's client interface over a cluster's request path: the same adapter serves the page's
// hub and the Node simulator, so the console and the oracle runner share one etcdctl.
import type { ClientRequest, ClientResult } from '../etcd/etcdNode';
import type { RequestMetadata } from '../etcd/nodeTypes';
import type { AuthPermission, AuthRaftRequests, PermType } from '../auth/types';
import { EtcdError, type CallOptions, type EtcdClient, type GrpcCodeName } from '../etcdctl';
import type {
  AuthRequest,
  AuthResponse,
  PermissionType,
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

const PERM_NAMES: PermissionType[] = ['READ', 'WRITE', 'READWRITE'];
const EMPTY_HEADER: ResponseHeader = { clusterId: '0000000000000000', memberId: '0000000000000000', revision: 0, raftTerm: 0 };

/** etcdctl's Auth request → the InternalRaftRequest field clientv3's call ends up as. */
function authRaftRequest(r: AuthRequest): AuthRaftRequests {
  switch (r.op) {
    case 'authEnable': return { authEnable: {} };
    case 'authDisable': return { authDisable: {} };
    // clientv3 always sends options (empty unless --no-password)
    case 'userAdd': return { authUserAdd: { name: r.name, password: r.password, options: { noPassword: r.noPassword } } };
    case 'userDelete': return { authUserDelete: { name: r.name } };
    case 'userChangePassword': return { authUserChangePassword: { name: r.name, password: r.password } };
    case 'userGet': return { authUserGet: { name: r.name } };
    case 'userList': return { authUserList: {} };
    case 'userGrantRole': return { authUserGrantRole: { user: r.user, role: r.role } };
    case 'userRevokeRole': return { authUserRevokeRole: { name: r.name, role: r.role } };
    case 'roleAdd': return { authRoleAdd: { name: r.name } };
    case 'roleDelete': return { authRoleDelete: { role: r.role } };
    case 'roleGet': return { authRoleGet: { role: r.role } };
    case 'roleList': return { authRoleList: {} };
    case 'roleGrantPermission':
      return { authRoleGrantPermission: { name: r.name, perm: { permType: PERM_NAMES.indexOf(r.perm.permType) as PermType, key: r.perm.key, rangeEnd: r.perm.rangeEnd } } };
    case 'roleRevokePermission': return { authRoleRevokePermission: { role: r.role, key: r.key, rangeEnd: r.rangeEnd } };
  }
}

/**
 * clientv3's error: an etcd error (status text "etcdserver: …") or the raw gRPC status text for
 * anything else the server sends with code Unknown (e.g. "auth: permission denied").
 */
function clientError(code: string, message: string, phase?: 'connect'): EtcdError {
  const text = code === 'Unknown' && !message.startsWith('etcdserver:') && !message.startsWith('rpc error:') ? `rpc error: code = Unknown desc = ${message}` : message;
  return new EtcdError(code as GrpcCodeName, text, phase);
}

/** Errors after which clientv3 fetches a new token and retries the call once. */
const REFRESH_TOKEN = new Set(['etcdserver: invalid auth token', 'etcdserver: revision of auth store is old']);

export class RequestClient implements EtcdClient {
  /** Tokens from Authenticate, by endpoint and user (clientv3 authenticates once per connection). */
  private readonly tokens = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly send: SendRequest,
    private readonly openWatch?: OpenWatch,
    private readonly clock?: ClientClock,
  ) {}

  watch(req: WatchCreateRequest, onResponse: (r: WatchResponse) => void, opts?: CallOptions): WatchHandle {
    const open = this.openWatch;
    if (!open) throw new EtcdError('Unimplemented', 'unknown method Watch for service etcdserverpb.Watch');
    if (!this.credentials(opts)) return open(req, onResponse, opts);
    // authenticate first, then open the stream with the token
    let inner: WatchHandle | null = null;
    let canceled = false;
    this.token(opts).then(
      (token) => {
        if (!canceled) inner = open(token ? { ...req, token } : req, onResponse, opts);
      },
      (e: unknown) => {
        if (!canceled) onResponse({ header: EMPTY_HEADER, events: [], compactRevision: 0, canceled: true, cancelReason: (e as Error).message });
      },
    );
    return {
      cancel: () => {
        canceled = true;
        inner?.cancel();
      },
      requestProgress: () => inner?.requestProgress?.(),
    };
  }

  /** The Auth service (etcdctl auth/user/role), each request through raft as in etcd 3.4. */
  async auth(req: AuthRequest, opts?: CallOptions): Promise<AuthResponse> {
    const r = (await this.call({ op: 'auth', req: authRaftRequest(req) }, opts)) as {
      header: ResponseHeader;
      roles?: string[];
      users?: string[];
      perm?: AuthPermission[];
    };
    const out: AuthResponse = { header: r.header };
    if (r.roles) out.roles = r.roles;
    if (r.users) out.users = r.users;
    if (r.perm) out.perm = r.perm.map((p) => ({ permType: PERM_NAMES[p.permType] ?? 'READ', key: p.key, rangeEnd: p.rangeEnd }));
    return out;
  }

  /** clientv3 authenticates only when both a user name and a password are given. */
  private credentials(opts?: CallOptions): { name: string; password: string } | null {
    const u = opts?.user;
    return u && u.name !== '' && u.password !== '' ? u : null;
  }

  /**
   * The token for this endpoint and user, authenticating on first use. A refusal is a connection
   * failure (etcdctl exits 2); "authentication is not enabled" is ignored, as clientv3 does.
   */
  private token(opts?: CallOptions, fresh = false): Promise<string | undefined> {
    const cred = this.credentials(opts);
    if (!cred) return Promise.resolve(undefined);
    const key = `${opts?.endpoint ?? ''}\u0000${cred.name}\u0000${cred.password}`;
    let t = fresh ? undefined : this.tokens.get(key);
    if (!t) {
      t = this.send({ op: 'authenticate', name: cred.name, password: cred.password }, opts).then((r) => {
        if (r.ok) return (r.resp as { token: string }).token;
        if (r.error.message === 'etcdserver: authentication is not enabled') return undefined;
        throw clientError(r.error.code, r.error.message, 'connect');
      });
      this.tokens.set(key, t);
      t.catch(() => this.tokens.delete(key));
    }
    return t;
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
    let token = await this.token(opts);
    let r = await this.send(this.withToken(req, token), opts);
    if (!r.ok && token && REFRESH_TOKEN.has(r.error.message)) {
      token = await this.token(opts, true);
      r = await this.send(this.withToken(req, token), opts);
    }
    if (!r.ok) throw clientError(r.error.code, r.error.message);
    return r.resp;
  }

  private withToken(req: ClientRequest, token: string | undefined): ClientRequest {
    if (!token) return req;
    const withMeta: ClientRequest & RequestMetadata = { ...req, token };
    return withMeta;
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
