// The Txn builder's request and outcome as plain data: the UI fills a TxnSpec in a form, the
// controller turns it into etcd's TxnRequest (src/host/txnSpec.ts), runs it and reports back.

export type TxnTarget = 'value' | 'version' | 'create' | 'mod' | 'lease';
export type TxnCmp = '=' | '!=' | '<' | '>';

export interface TxnCompareSpec {
  key: string;
  target: TxnTarget;
  cmp: TxnCmp;
  /** Text for `value`; a decimal integer for the others (a lease id in hex or decimal for `lease`). */
  operand: string;
}

export interface TxnOpSpec {
  op: 'put' | 'get' | 'del';
  key: string;
  /** put only. */
  value?: string;
}

export interface TxnSpec {
  compare: TxnCompareSpec[];
  success: TxnOpSpec[];
  failure: TxnOpSpec[];
}

export type TxnOutcome =
  | {
      ok: true;
      /** Which branch ran: then (success) or else (failure). */
      succeeded: boolean;
      /** The response header's revision: the store's revision after the txn. */
      revision: number;
      /** True when the branch that ran wrote something (the txn made `revision`). */
      wrote: boolean;
      /** One per op of the branch that ran. */
      results: TxnOpResult[];
      /** The member the client sent the txn to. */
      member: number;
    }
  | { ok: false; error: string; member: number };

export interface TxnOpResult {
  op: 'put' | 'get' | 'del';
  key: string;
  /** e.g. `put foo → OK`, `get foo → bar (mod 7, ver 2)`. */
  text: string;
  /** get: the value and revisions read (absent when the key does not exist). */
  value?: string;
  modRevision?: number;
  version?: number;
  /** del: keys deleted. */
  deleted?: number;
}
