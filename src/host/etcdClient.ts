// etcdctl's client interface over a cluster's request path: the same adapter serves the page's
// hub and the Node simulator, so the console and the oracle runner share one etcdctl.
import type { ClientRequest, ClientResult } from '../etcd/etcdNode';
import { EtcdError, type CallOptions, type EtcdClient, type GrpcCodeName } from '../etcdctl';
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
} from '../etcd/api';

export type SendRequest = (req: ClientRequest, opts?: CallOptions) => Promise<ClientResult>;

export class RequestClient implements EtcdClient {
  constructor(private readonly send: SendRequest) {}

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

  private async call(req: ClientRequest, opts?: CallOptions): Promise<unknown> {
    const r = await this.send(req, opts);
    if (!r.ok) throw new EtcdError(r.error.code as GrpcCodeName, r.error.message);
    return r.resp;
  }
}
