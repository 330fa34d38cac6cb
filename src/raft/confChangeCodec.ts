// Conf-change entries are encoded with the project's raftpb codec (src/pb/confchange.ts), so the
// WAL holds exactly what etcd writes and there is one ConfChange codec in the tree.
export { encodeConfChange, decodeConfChange } from '../pb/confchange';
