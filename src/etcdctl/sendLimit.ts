// clientv3's default gRPC send limit (MaxCallSendMsgSize, 2 MiB): a request whose encoding is
// larger never leaves the client, and etcdctl prints gRPC's status text.

import { sizeDeleteRangeRequest, sizePutRequest, sizeRangeRequest, sizeTxnRequest } from '../pb/rpc';
import type { DeleteRangeRequest, PutRequest, RangeRequest, TxnRequest } from '../etcd/api';
import { ExitCode, ExitError } from './exit';

export const MAX_CALL_SEND_MSG_SIZE = 2 * 1024 * 1024;

type Sized = { range: RangeRequest } | { put: PutRequest } | { deleteRange: DeleteRangeRequest } | { txn: TxnRequest };

export function checkSendSize(req: Sized): void {
  const n =
    'range' in req ? sizeRangeRequest(req.range) : 'put' in req ? sizePutRequest(req.put) : 'deleteRange' in req ? sizeDeleteRangeRequest(req.deleteRange) : sizeTxnRequest(req.txn);
  if (n > MAX_CALL_SEND_MSG_SIZE) {
    throw new ExitError(ExitCode.Error, `rpc error: code = ResourceExhausted desc = trying to send message larger than max (${n} vs. ${MAX_CALL_SEND_MSG_SIZE})`);
  }
}
