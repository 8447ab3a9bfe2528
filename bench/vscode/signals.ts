// What the two halves of `npm run bench:vscode` tell each other through files in the bench's
// folder: the driver (run.ts, drives the window) signals each stage, the probe (probe.ts, in the
// extension host) answers with its timings.

/** Steps timed after the debugger paused on entry (the median is reported). */
export const STEPS_TIMED = 5;

/**
 * A stage one side reached for one trace: the driver's `opening` just before quick open, `views` once
 * Conflicts and Findings show, `stepped` after clicking Step Over (`clicks`: when); the probe's `paused` on entry.
 */
export interface BenchSignal {
  path: string;
  at: number;
  clicks?: number[];
}

/** What the probe measured for one trace (times are the extension host's Date.now()). */
export interface ProbeResult {
  /** When the webview reported the whole trace's first full frame (the extension's onDidDrawTrace). */
  drawnAt: number;
  /** When it reported the first frame of the file's first lines while the rest was read (`drawnAt` when there was no first view). */
  firstViewAt: number;
  /** Events in that first view (the whole trace's count when there was none). */
  firstViewEvents: number;
  /** The longest stall of the extension host's event loop from quick open until the views were filled and the trace drawn. */
  openHostStallMs: number;
  /** Peak resident memory of the extension host process, its worker threads included: until the views were filled, and until the debugging ended. */
  hostOpenPeakRssMB: number;
  hostPeakRssMB: number;
  /** The same until the steps were timed (the Variables view hidden): `hostPeakRssMB` is after a replica's states were shown too. */
  hostDebugPeakRssMB: number;
  /** After the steps, the stopped replica's states asked for as the Variables view does (stack frame, scopes, variables): until the adapter answered. */
  debugStatesMs: number;
  /** Debug This Trace until the adapter's first `stopped` event. */
  debugPausedMs: number;
  /** From Debug This Trace until VS Code sent the adapter its `launch` request, and from then until the adapter answered it. */
  debugLaunchAskedMs: number;
  debugLaunchMs: number;
  /** Median of STEPS_TIMED clicks on Step Over, each until the adapter's `stopped` event. */
  debugStepMs: number;
  /** Median of the same steps from the adapter's receiving `next` to its `stopped` event (the rest is VS Code's routing through the window). */
  debugStepAdapterMs: number;
  /** The longest stall of the extension host's event loop while the debug session started. */
  debugHostStallMs: number;
}

export function signalFile(stage: 'opening' | 'views' | 'paused' | 'stepped' | 'result', index: number): string {
  return `${stage}-${index}.json`;
}
