// The raft core's configuration (etcd-io/raft's Config, the subset etcdscope uses).
import type { NodeId } from './types';
import type { Prng } from '../lib/prng';
import { ReadOnlyOption } from './readOnly';
import type { RaftLogger } from './logger';

export interface Config {
  id: NodeId;
  /** Voters when bootstrapping a fresh node. Ignored when storage already holds a ConfState. */
  peers?: NodeId[];
  /** Learners when bootstrapping a fresh node. */
  learners?: NodeId[];
  /** Followers campaign after a randomized timeout in [electionTick, 2*electionTick) ticks. */
  electionTick: number;
  /** A leader sends heartbeats every heartbeatTick ticks. Must be < electionTick. */
  heartbeatTick: number;
  /** Source of the randomized election timeout: the only randomness in the core. */
  prng: Prng;
  /** Run a pre-election first, so a partitioned node rejoining does not bump everyone's term. */
  preVote?: boolean;
  /** A leader steps down when a quorum was not heard from for an election timeout; voters then
   *  ignore vote requests while they have a live leader (the leader lease). */
  checkQuorum?: boolean;
  /** Byte limit of entries in one MsgApp (0 means one entry per message). Default 1 MiB. */
  maxSizePerMsg?: number;
  /** Limit of MsgApps in flight to one follower in replicate state. Default 256. */
  maxInflightMsgs?: number;
  /** The index the host's state machine has applied (on restart). */
  applied?: number;
  /** Limit of uncommitted payload bytes on the leader; proposals beyond are dropped. Default unlimited. */
  maxUncommittedEntriesSize?: number;
  /** Byte limit of committed entries per Ready. Default: maxSizePerMsg. */
  maxCommittedSizePerReady?: number;
  readOnlyOption?: ReadOnlyOption;
  /** Narration of state changes and decisions (see logger.ts). */
  logger?: RaftLogger;
}

export interface ResolvedConfig {
  id: NodeId;
  electionTick: number;
  heartbeatTick: number;
  preVote: boolean;
  checkQuorum: boolean;
  maxSizePerMsgBytes: number;
  maxInflightMsgs: number;
  applied: number;
  maxUncommittedEntriesSizeBytes: number;
  maxCommittedSizePerReadyBytes: number;
  readOnlyOption: ReadOnlyOption;
}

const DEFAULT_MAX_SIZE_PER_MSG_BYTES = 1024 * 1024;
const DEFAULT_MAX_INFLIGHT_MSGS = 256;

/** Validates a Config and fills in defaults (etcd's Config.validate). */
export function resolveConfig(c: Config): ResolvedConfig {
  if (c.id === 0) throw new Error('cannot use none as id');
  if (!(c.heartbeatTick > 0)) throw new Error('heartbeat tick must be greater than 0');
  if (!(c.electionTick > c.heartbeatTick)) throw new Error('election tick must be greater than heartbeat tick');
  const maxInflightMsgs = c.maxInflightMsgs ?? DEFAULT_MAX_INFLIGHT_MSGS;
  if (!(maxInflightMsgs > 0)) throw new Error('max inflight messages must be greater than 0');
  const maxSizePerMsgBytes = c.maxSizePerMsg ?? DEFAULT_MAX_SIZE_PER_MSG_BYTES;
  const readOnlyOption = c.readOnlyOption ?? ReadOnlyOption.Safe;
  const checkQuorum = c.checkQuorum ?? false;
  if (readOnlyOption === ReadOnlyOption.LeaseBased && !checkQuorum) {
    throw new Error('CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased');
  }
  return {
    id: c.id,
    electionTick: c.electionTick,
    heartbeatTick: c.heartbeatTick,
    preVote: c.preVote ?? false,
    checkQuorum,
    maxSizePerMsgBytes,
    maxInflightMsgs,
    applied: c.applied ?? 0,
    maxUncommittedEntriesSizeBytes: c.maxUncommittedEntriesSize || Infinity,
    maxCommittedSizePerReadyBytes: c.maxCommittedSizePerReady ?? maxSizePerMsgBytes,
    readOnlyOption,
  };
}
