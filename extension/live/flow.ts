// Back-pressure for a live session: its connections stop reading while the recording's backlog is
// above a high mark (until it falls below a low one), while the host holds the session, and for
// the rest of an event-loop turn once the turn has taken in its share of bytes. So a flood fills
// the clients' socket buffers instead of the session's memory, and never holds the event loop long.

/** A connection as the gate sees it. */
export interface Throttled {
  setSessionPaused(paused: boolean): void;
}

export class FlowGate {
  /** How many times reading was paused. */
  pauses = 0;
  private holds = 0;
  private backlogHigh = false;
  /** Characters taken in during this turn of the event loop, and whether the turn is over budget. */
  private spentThisTurn = 0;
  private turnSpent = false;
  private readonly members = new Set<Throttled>();

  constructor(
    private readonly highMark: number,
    private readonly lowMark: number,
    private readonly turnBudget: number,
  ) {}

  /** Back-pressure: the backlog is high or the host holds the session. */
  get paused(): boolean {
    return this.backlogHigh || this.holds > 0;
  }

  private get stopped(): boolean {
    return this.paused || this.turnSpent;
  }

  join(member: Throttled): void {
    this.members.add(member);
    member.setSessionPaused(this.stopped);
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

  /** Counts what a line cost; past the turn's budget, reading waits for the next turn. */
  spend(size: number): void {
    if (this.spentThisTurn === 0) {
      setImmediate(() => {
        this.spentThisTurn = 0;
        this.change(() => (this.turnSpent = false));
      });
    }
    this.spentThisTurn += size;
    if (this.spentThisTurn > this.turnBudget) this.change(() => (this.turnSpent = true));
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
    const [paused, stopped] = [this.paused, this.stopped];
    update();
    if (this.paused && !paused) this.pauses++;
    if (this.stopped === stopped) return;
    for (const member of this.members) member.setSessionPaused(this.stopped);
  }
}
