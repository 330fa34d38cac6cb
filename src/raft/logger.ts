// Optional narration of what the state machine decides ("1 became leader at term 2"), in the
// spirit of etcd-io/raft's log lines. A callback, not I/O: the host decides where lines go
// (datadriven test output, the UI event log) and nothing is formatted when no logger is set.
export interface RaftLogger {
  info(line: string): void;
  /** Chattier detail (rejections, progress changes); optional. */
  debug?(line: string): void;
}
