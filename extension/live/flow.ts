// Back-pressure for a live session: its connections stop reading while the recording's backlog is
// above a high mark (until it falls below a low one) or while the host holds the session, so a
// flood fills the clients' socket buffers instead of the session's memory.

/** A connection as the gate sees it. */
export interface Throttled {
  setSessionPaused(paused: boolean): void;
}

export class FlowGate {
  /** How many times reading was paused. */
  pauses = 0;
  private holds = 0;
  private backlogHigh = false;
  private readonly members = new Set<Throttled>();

  constructor(
    private readonly highMark: number,
    private readonly lowMark: number,
  ) {}

  get paused(): boolean {
    return this.backlogHigh || this.holds > 0;
  }

  join(member: Throttled): void {
    this.members.add(member);
    member.setSessionPaused(this.paused);
  }

  leave(member: Throttled): void {
    this.members.delete(member);
  }

  /** Tells the gate the recording's current backlog. */
  backlog(size: number): void {
    this.change(() => {
      this.backlogHigh = size > (this.backlogHigh ? this.lowMark : this.highMark);
    });
  }

  /** Pauses reading until the returned function is called (the host's own back-pressure). */
  hold(): () => void {
    this.change(() => this.holds++);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.change(() => this.holds--);
    };
  }

  private change(update: () => void): void {
    const before = this.paused;
    update();
    if (this.paused === before) return;
    if (this.paused) this.pauses++;
    for (const member of this.members) member.setSessionPaused(this.paused);
  }
}
