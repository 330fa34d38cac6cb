// etcd's write-ahead log format: record framing, CRC chain, record types, and segment files.
export { WalEncoder } from './encoder';
export {
  decodeWalRecords,
  WalCorruptError,
  type DecodeWalOptions,
  type DecodedWal,
  type WalCorruptionDetail,
  type WalTornTail,
} from './decoder';
export {
  RecordType,
  RECORD_TYPE_NAMES,
  encodeWalSnapshot,
  decodeWalSnapshot,
  encodeWalMetadata,
  decodeWalMetadata,
  idToHex,
  type WalRecord,
  type WalSnapshot,
  type WalMetadata,
} from './record';
export { readFrame, frameSize, padBytes, MAX_RECORD_BYTES, type Frame } from './frame';
export {
  exportWalFile,
  importWalFile,
  walFileName,
  FIRST_WAL_FILE_PATH,
  SEGMENT_SIZE_BYTES,
  type ExportWalOptions,
  type ImportedWal,
} from './file';
