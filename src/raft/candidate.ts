// Candidate and pre-candidate message handling (etcd-io/raft stepCandidate).
import type { Message } from './types';
import { MessageType, NONE, StateType } from './types';
import type { Raft } from './raft';
import { CampaignType, poll } from './election';
import { VoteResult } from './tracker/tracker';
import { ErrProposalDropped } from './errors';
import { handleAppendEntries, handleHeartbeat, handleSnapshot } from './follower';

export function stepCandidate(r: Raft, m: Message): void {
  // Only answers to our own kind of request count: a pre-candidate ignores stale MsgVoteResps.
  const myVoteRespType = r.state === StateType.PreCandidate ? MessageType.MsgPreVoteResp : MessageType.MsgVoteResp;
  switch (m.type) {
    case MessageType.MsgProp:
      throw new ErrProposalDropped('raft proposal dropped: no leader (candidate)');
    case MessageType.MsgApp:
      // A leader exists at our term (a higher term already made us a follower in step).
      r.becomeFollower(m.term, m.from);
      handleAppendEntries(r, m);
      return;
    case MessageType.MsgHeartbeat:
      r.becomeFollower(m.term, m.from);
      handleHeartbeat(r, m);
      return;
    case MessageType.MsgSnap:
      r.becomeFollower(m.term, m.from);
      handleSnapshot(r, m);
      return;
    case myVoteRespType: {
      const res = poll(r, m.from, m.type, !m.reject);
      if (res === VoteResult.Won) {
        if (r.state === StateType.PreCandidate) {
          r.campaign(CampaignType.Election);
        } else {
          r.becomeLeader();
          r.bcastAppend();
        }
      } else if (res === VoteResult.Lost) {
        // A pre-vote response carries a future term; keep ours.
        r.becomeFollower(r.term, NONE);
      }
      return;
    }
    case MessageType.MsgTimeoutNow:
      // Only followers act on it.
      return;
  }
}
