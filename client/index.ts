// causeway/client: instrument a Node service so Causeway can replay and check what its replicas
// did. A tracer per replica records operations, sends and receives with vector clocks, and
// streams them to a live session in VS Code or writes a native trace file; captures record real
// CRDT libraries (Automerge's sync protocol, a Yjs document's updates). No vscode here.

export { createTracer, Tracer, type Envelope, type EventDetails, type SendOptions, type TracerOptions } from './tracer';
export { liveSink, LiveSink, type LiveSinkOptions } from './live-sink';
export { fileSink, FileSink, type FileSinkOptions } from './file-sink';
export type { TracedEvent, TraceSink } from './sink';
export { automergeSyncPeer, AutomergeSyncPeer, syncPeers, type AutomergeSyncApi, type AutomergeSyncPeerOptions, type CapturedSyncMessage } from './automerge-sync';
export { captureYjs, YjsCapture, yjsMessageId, type YjsCaptureOptions } from './yjs-capture';
export { yjsUpdateLog, YjsUpdateLog, type CapturedYDoc, type YjsLogOptions, type YjsUpdateLine } from './yjs-update-log';
export type { HelloAccepted, ObjectTypes } from '../extension/live/protocol';
export type { VectorClock } from '../engine/clock/vector';
export type { CrdtOp, Json } from '../engine/crdt/types';
