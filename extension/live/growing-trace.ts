// Keeps an open trace up to date while its file grows (a live recording, a followed file): each
// "the file grew" reloads it quietly, one reload at a time and at most once per interval, so a
// fast stream of events never queues up work or freezes the editor (loads run on a worker). Once
// the recording is so large that a reload takes longer than the interval, each is followed by a
// pause as long as it took: reloading then takes at most half of the time. While the file grows,
// what more events may resolve (a receive before its send) is not a warning; once it is complete
// (`settle`), one last reload checks it as a finished trace.

import type * as vscode from 'vscode';
import type { ReloadOptions } from '../trace-document';

/** The shortest time between the starts of two reloads. */
const RELOAD_INTERVAL_MS = 400;

/** What a GrowingTrace needs of the document it keeps up to date. */
export interface ReloadableTrace {
  readonly name: string;
  reload(options: ReloadOptions): Promise<void>;
}

export class GrowingTrace<D extends ReloadableTrace = ReloadableTrace> implements vscode.Disposable {
  private reloading = false;
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastStart = 0;
  /** How long the last reload took. */
  private lastDuration = 0;
  /** The file is complete: the next reload is the last, and checks it as a finished trace. */
  private complete = false;
  private disposed = false;

  constructor(
    readonly document: D,
    private readonly log: Pick<vscode.LogOutputChannel, 'warn'>,
  ) {}

  /** The file grew (or may have): reload once the running reload, if any, is done and the interval has passed. */
  grew(): void {
    this.pending = true;
    this.schedule();
  }

  /** The file will not grow any more (the session ended, following stopped): one last reload, then this stops. */
  settle(): void {
    this.complete = true;
    this.grew();
  }

  private schedule(): void {
    if (this.reloading || this.timer !== undefined || this.disposed) return;
    const wait = Math.max(0, this.lastStart + Math.max(RELOAD_INTERVAL_MS, 2 * this.lastDuration) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, wait);
  }

  private async reload(): Promise<void> {
    if (!this.pending || this.disposed) return;
    this.pending = false;
    this.reloading = true;
    this.lastStart = Date.now();
    try {
      await this.document.reload({ growing: true, recording: !this.complete });
    } catch (err) {
      this.log.warn(`${this.document.name}: could not reload the growing trace: ${(err as Error).message}`);
    } finally {
      this.reloading = false;
      this.lastDuration = Date.now() - this.lastStart;
      if (this.pending) this.schedule();
      else if (this.complete) this.dispose();
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}
