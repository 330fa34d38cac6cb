// Prints golden encodings made by etcd 3.4.23's own gogoproto-generated Marshal code, as JSON
// {name: hex}. The TypeScript codecs in src/pb and src/wal are checked byte-for-byte against them
// (src/pb/testdata/gogo-golden.json). Regenerate (GOPATH mode, etcd 3.4.23 source as the oracle tools
// build it, see /work/shared/oracle-tools/build-oracle-tools.sh):
//
//   GOPATH=/tmp/oracle-tools-build/gopath:/usr/share/gocode GO111MODULE=off GOPROXY=off \
//     go run ./src/pb/testdata/gogo-golden > src/pb/testdata/gogo-golden.json
package main

import (
	"encoding/hex"
	"encoding/json"
	"os"

	pb "go.etcd.io/etcd/etcdserver/etcdserverpb"
	"go.etcd.io/etcd/mvcc/mvccpb"
	"go.etcd.io/etcd/raft/raftpb"
	"go.etcd.io/etcd/wal/walpb"
)

type marshaler interface{ Marshal() ([]byte, error) }

func main() {
	out := map[string]string{}
	add := func(name string, m marshaler) {
		b, err := m.Marshal()
		if err != nil {
			panic(err)
		}
		out[name] = hex.EncodeToString(b)
	}

	// raftpb
	add("entry.noop", &raftpb.Entry{Term: 2, Index: 2, Type: raftpb.EntryNormal})
	add("entry.zero", &raftpb.Entry{})
	add("entry.confchange", &raftpb.Entry{Term: 5, Index: 300, Type: raftpb.EntryConfChange, Data: []byte("abc")})
	add("entry.big", &raftpb.Entry{Term: 1 << 40, Index: 1<<53 - 1, Type: raftpb.EntryNormal, Data: make([]byte, 200)})
	add("hardstate.boot", &raftpb.HardState{Term: 1, Vote: 0, Commit: 1})
	add("hardstate.zero", &raftpb.HardState{})
	add("hardstate.big", &raftpb.HardState{Term: 1 << 40, Vote: 3, Commit: 99999})
	add("confstate.empty", &raftpb.ConfState{})
	add("confstate.simple", &raftpb.ConfState{Voters: []uint64{1, 2, 3}, Learners: []uint64{4}})
	add("confstate.joint", &raftpb.ConfState{Voters: []uint64{1, 2}, VotersOutgoing: []uint64{1, 3}, LearnersNext: []uint64{3}, AutoLeave: true})
	add("confchange.add", &raftpb.ConfChange{Type: raftpb.ConfChangeAddNode, NodeID: 1, Context: []byte(`{"id":1,"peerURLs":["http://n1"],"name":"n1"}`)})
	add("confchange.learner", &raftpb.ConfChange{ID: 77, Type: raftpb.ConfChangeAddLearnerNode, NodeID: 4, Context: []byte(`{"isLearner":true}`)})
	add("confchange.remove", &raftpb.ConfChange{Type: raftpb.ConfChangeRemoveNode, NodeID: 2})
	add("confchangev2.joint", &raftpb.ConfChangeV2{Transition: raftpb.ConfChangeTransitionJointExplicit,
		Changes: []raftpb.ConfChangeSingle{{Type: raftpb.ConfChangeAddNode, NodeID: 4}, {Type: raftpb.ConfChangeRemoveNode, NodeID: 2}}, Context: []byte("x")})
	add("confchangev2.leave", &raftpb.ConfChangeV2{})
	snap := raftpb.Snapshot{Data: []byte("snapdata"), Metadata: raftpb.SnapshotMetadata{ConfState: raftpb.ConfState{Voters: []uint64{1, 2, 3}}, Index: 100, Term: 7}}
	add("snapshot.full", &snap)
	add("snapshot.empty", &raftpb.Snapshot{})
	add("message.zero", &raftpb.Message{})
	add("message.heartbeat", &raftpb.Message{Type: raftpb.MsgHeartbeat, To: 2, From: 1, Term: 3, Commit: 5})
	add("message.app", &raftpb.Message{Type: raftpb.MsgApp, To: 3, From: 1, Term: 4, LogTerm: 4, Index: 10, Commit: 9,
		Entries: []raftpb.Entry{{Term: 4, Index: 11, Data: []byte("put a")}, {Term: 4, Index: 12, Type: raftpb.EntryConfChange, Data: []byte{1, 2, 3}}}})
	add("message.appresp.reject", &raftpb.Message{Type: raftpb.MsgAppResp, To: 1, From: 3, Term: 4, Index: 10, Reject: true, RejectHint: 7})
	add("message.readindex", &raftpb.Message{Type: raftpb.MsgReadIndex, To: 1, From: 2, Term: 4, Entries: []raftpb.Entry{{Data: []byte{0, 0, 0, 0, 0, 0, 0, 42}}}})
	add("message.timeoutnow.context", &raftpb.Message{Type: raftpb.MsgTimeoutNow, To: 2, From: 1, Term: 9, Context: []byte("CampaignTransfer")})
	add("message.snap", &raftpb.Message{Type: raftpb.MsgSnap, To: 3, From: 1, Term: 7, Snapshot: snap})
	add("message.vote", &raftpb.Message{Type: raftpb.MsgPreVote, To: 3, From: 1, Term: 8, LogTerm: 7, Index: 120})

	// walpb and etcdserverpb.Metadata
	add("walpb.record.crc0", &walpb.Record{Type: 4, Crc: 0})
	add("walpb.record.entry", &walpb.Record{Type: 2, Crc: 0x5581a8ce, Data: []byte{8, 0, 16, 2, 24, 2}})
	add("walpb.snapshot.zero", &walpb.Snapshot{})
	add("walpb.snapshot.11", &walpb.Snapshot{Index: 11, Term: 2})
	add("metadata.real", &pb.Metadata{NodeID: 0x667880157b8812c8, ClusterID: 0xdc50b8daae93b3e0})
	add("metadata.small", &pb.Metadata{NodeID: 1, ClusterID: 0x1000})

	// mvccpb
	kv := mvccpb.KeyValue{Key: []byte("foo"), CreateRevision: 2, ModRevision: 3, Version: 2, Value: []byte("bar2")}
	add("kv.foo", &kv)
	add("kv.tombstone", &mvccpb.KeyValue{Key: []byte("hello")})
	add("kv.lease", &mvccpb.KeyValue{Key: []byte("k"), CreateRevision: 9, ModRevision: 9, Version: 1, Value: []byte("v"), Lease: 0x12c8a20c7f6bc90a})
	add("event.put", &mvccpb.Event{Type: mvccpb.PUT, Kv: &kv})
	add("event.delete", &mvccpb.Event{Type: mvccpb.DELETE, Kv: &mvccpb.KeyValue{Key: []byte("foo"), ModRevision: 4}, PrevKv: &kv})

	// etcdserverpb.InternalRaftRequest
	hdr := &pb.RequestHeader{ID: 0x63d8a7f1c2b4e501}
	add("irr.put", &pb.InternalRaftRequest{Header: hdr, Put: &pb.PutRequest{Key: []byte("foo"), Value: []byte("bar")}})
	add("irr.put.flags", &pb.InternalRaftRequest{Header: &pb.RequestHeader{ID: 5, Username: "root", AuthRevision: 7},
		Put: &pb.PutRequest{Key: []byte("k"), Value: nil, Lease: 7587, PrevKv: true, IgnoreValue: true, IgnoreLease: true}})
	add("irr.put.empty", &pb.InternalRaftRequest{Header: &pb.RequestHeader{}, Put: &pb.PutRequest{}})
	add("irr.del", &pb.InternalRaftRequest{Header: hdr, DeleteRange: &pb.DeleteRangeRequest{Key: []byte("hello")}})
	add("irr.delrange", &pb.InternalRaftRequest{Header: hdr, DeleteRange: &pb.DeleteRangeRequest{Key: []byte("a"), RangeEnd: []byte("b"), PrevKv: true}})
	add("irr.range", &pb.InternalRaftRequest{Header: hdr, Range: &pb.RangeRequest{Key: []byte("a"), RangeEnd: []byte{0}, Limit: 10, Revision: 4,
		SortOrder: pb.RangeRequest_DESCEND, SortTarget: pb.RangeRequest_MOD, Serializable: true, KeysOnly: true, CountOnly: true,
		MinModRevision: 1, MaxModRevision: 2, MinCreateRevision: 3, MaxCreateRevision: 4}})
	add("irr.compaction", &pb.InternalRaftRequest{Header: hdr, Compaction: &pb.CompactionRequest{Revision: 5, Physical: true}})
	add("irr.leasegrant", &pb.InternalRaftRequest{Header: hdr, LeaseGrant: &pb.LeaseGrantRequest{TTL: 60, ID: 7587}})
	add("irr.leaserevoke", &pb.InternalRaftRequest{Header: hdr, LeaseRevoke: &pb.LeaseRevokeRequest{ID: 7587}})
	txn := &pb.TxnRequest{
		Compare: []*pb.Compare{
			{Result: pb.Compare_EQUAL, Target: pb.Compare_VALUE, Key: []byte("foo"), TargetUnion: &pb.Compare_Value{Value: []byte("bar2")}},
			{Result: pb.Compare_GREATER, Target: pb.Compare_VERSION, Key: []byte("a"), TargetUnion: &pb.Compare_Version{Version: 0}},
			{Result: pb.Compare_LESS, Target: pb.Compare_CREATE, Key: []byte("a"), RangeEnd: []byte("z"), TargetUnion: &pb.Compare_CreateRevision{CreateRevision: 3}},
			{Result: pb.Compare_NOT_EQUAL, Target: pb.Compare_MOD, Key: []byte("m"), TargetUnion: &pb.Compare_ModRevision{ModRevision: -1}},
			{Target: pb.Compare_LEASE, Key: []byte("l"), TargetUnion: &pb.Compare_Lease{Lease: 7587}},
			{Target: pb.Compare_VALUE, Key: []byte("e"), TargetUnion: &pb.Compare_Value{Value: []byte{}}},
		},
		Success: []*pb.RequestOp{
			{Request: &pb.RequestOp_RequestPut{RequestPut: &pb.PutRequest{Key: []byte("t1"), Value: []byte("x")}}},
			{Request: &pb.RequestOp_RequestRange{RequestRange: &pb.RangeRequest{Key: []byte("t1")}}},
			{Request: &pb.RequestOp_RequestDeleteRange{RequestDeleteRange: &pb.DeleteRangeRequest{}}},
		},
		Failure: []*pb.RequestOp{
			{Request: &pb.RequestOp_RequestTxn{RequestTxn: &pb.TxnRequest{Success: []*pb.RequestOp{
				{Request: &pb.RequestOp_RequestPut{RequestPut: &pb.PutRequest{Key: []byte("t3"), Value: []byte("z")}}}}}}},
		},
	}
	add("irr.txn", &pb.InternalRaftRequest{Header: hdr, Txn: txn})
	add("irr.txn.empty", &pb.InternalRaftRequest{Header: hdr, Txn: &pb.TxnRequest{}})

	// ResponseOp (part of TxnResponse)
	rh := &pb.ResponseHeader{ClusterId: 0xdc50b8daae93b3e0, MemberId: 0x667880157b8812c8, Revision: 17, RaftTerm: 2}
	add("txnresp", &pb.TxnResponse{Header: rh, Succeeded: true, Responses: []*pb.ResponseOp{
		{Response: &pb.ResponseOp_ResponseRange{ResponseRange: &pb.RangeResponse{Header: rh, Kvs: []*mvccpb.KeyValue{&kv}, More: true, Count: 3}}},
		{Response: &pb.ResponseOp_ResponsePut{ResponsePut: &pb.PutResponse{Header: rh, PrevKv: &kv}}},
		{Response: &pb.ResponseOp_ResponseDeleteRange{ResponseDeleteRange: &pb.DeleteRangeResponse{Header: rh, Deleted: 1, PrevKvs: []*mvccpb.KeyValue{&kv}}}},
		{Response: &pb.ResponseOp_ResponseTxn{ResponseTxn: &pb.TxnResponse{Header: rh}}},
	}})

	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
