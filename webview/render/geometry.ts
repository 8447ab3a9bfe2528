// Screen geometry of the diagram: the time axis (zoom k pixels per position, offset t0) and the
// lane axis (a strip for the axis, then one band per shown lane), in either orientation. All
// drawing goes through (t, l) coordinates and `xy`, so vertical is horizontal with axes swapped.

import type { Orientation } from '../protocol';
import type { Painter } from './painter';

/** Pixels kept free at both ends of the time axis when fitting. */
export const MARGIN = 28;
/** Size of the axis strip across the lane axis, per orientation. */
export const AXIS_SIZE: Record<Orientation, number> = { horizontal: 22, vertical: 52 };

export class Geometry {
  constructor(
    readonly orientation: Orientation,
    /** Canvas size in CSS pixels. */
    readonly width: number,
    readonly height: number,
    /** Pixels per position along the time axis. */
    readonly k: number,
    /** Screen coordinate of position 0 along the time axis. */
    readonly t0: number,
    /** Scroll along the lane axis, in pixels. */
    readonly laneOffset: number,
    /** Size of the event band of a lane (across the time axis). */
    readonly eventBand: number,
    /** Size of each timeline row under (or beside) the event band. */
    readonly rowSize: number,
    readonly rows: number,
  ) {
    this.axis = AXIS_SIZE[orientation];
  }

  /** Pixels of the axis strip at the start of the lane axis. */
  readonly axis: number;

  get horizontal(): boolean {
    return this.orientation === 'horizontal';
  }
  /** Length of the time axis on screen. */
  get timeLength(): number {
    return this.horizontal ? this.width : this.height;
  }
  /** Length of the lane axis on screen. */
  get laneLength(): number {
    return this.horizontal ? this.height : this.width;
  }
  get laneSize(): number {
    return this.eventBand + this.rows * this.rowSize;
  }
  screenT(p: number): number {
    return this.t0 + p * this.k;
  }
  posAt(t: number): number {
    return (t - this.t0) / this.k;
  }
  laneStart(slot: number): number {
    return this.axis + slot * this.laneSize - this.laneOffset;
  }
  eventCenter(slot: number): number {
    return this.laneStart(slot) + this.eventBand / 2;
  }
  rowStart(slot: number, row: number): number {
    return this.laneStart(slot) + this.eventBand + row * this.rowSize;
  }
  /** Lane slot under lane-axis coordinate l (may be out of range). */
  slotAt(l: number): number {
    return Math.floor((l - this.axis + this.laneOffset) / this.laneSize);
  }
  /** Total lane-axis extent of `lanes` lanes, axis strip included. */
  contentLaneLength(lanes: number): number {
    return this.axis + lanes * this.laneSize;
  }
  x(t: number, l: number): number {
    return this.horizontal ? t : l;
  }
  y(t: number, l: number): number {
    return this.horizontal ? l : t;
  }
  /** Adds to p's path the rectangle of time range [ta, tb] and lane range [la, lb] (no allocation). */
  rectOn(p: Painter, ta: number, tb: number, la: number, lb: number): void {
    if (this.horizontal) p.rect(ta, la, tb - ta, lb - la);
    else p.rect(la, ta, lb - la, tb - ta);
  }
  /** The (t, l) coordinates of a screen point. */
  tl(x: number, y: number): [number, number] {
    return this.horizontal ? [x, y] : [y, x];
  }
}
