// Text on the diagram without text over text: each frame, event labels and conflict captions ask
// for a box; a box is granted only where it overlaps no other, inside its lane's band and the
// canvas, and the text is cut (with an ellipsis) to the box's measured width. The granted boxes
// are kept for the test probe, which checks that no label overflows its box or meets another.

import type { LabelBox } from './label-box';
import type { Painter, TextStyle } from './painter';
import { cutToWidth } from './text';


/** Labels narrower than this many pixels are left out (a letter and an ellipsis say nothing). */
const MIN_WIDTH = 28;

/** The text cut to `maxWidth` pixels in `style` (see cutToWidth), measured by the painter. */
export function cutForPainter(p: Painter, text: string, style: TextStyle, maxWidth: number): string {
  return cutToWidth(text, maxWidth, (shown) => p.measure(shown, style));
}

/** Width free from x (up to maxWidth) in the row [y, y + h), given the boxes from index `from` on. */
function roomBeside(boxes: readonly LabelBox[], from: number, x: number, y: number, h: number, maxWidth: number): number {
  let room = maxWidth;
  for (let i = from; i < boxes.length; i++) {
    const b = boxes[i];
    if (y < b.y + b.h && b.y < y + h && b.x + b.w > x && b.x < x + room) room = Math.max(0, b.x - x - 4);
  }
  return room;
}

export class LabelLayer {
  readonly boxes: LabelBox[] = [];
  /** Marks that text must leave visible (finding markers), looked at by every label. */
  private readonly reserved: LabelBox[] = [];

  reset(): void {
    this.boxes.length = 0;
    this.reserved.length = 0;
  }

  /** Keeps a rectangle free of text (a mark drawn there must stay visible). */
  reserve(x: number, y: number, w: number, h: number): void {
    this.reserved.push({ x, y, w, h, text: '', width: 0, event: -1 });
  }

  /**
   * Draws `text` left-aligned in the first candidate box (x, y, maxWidth) that is free, cut to
   * what fits; the box is `h` high from y. Only boxes from index `since` on are looked at (a
   * lane's labels cannot meet another lane's). Returns false when no candidate could take it.
   */
  place(p: Painter, text: string, style: TextStyle, h: number, candidates: [x: number, y: number, maxWidth: number][], event: number, alpha = 1, since = 0): boolean {
    if (!text) return false;
    for (const [x, y, maxWidth] of candidates) {
      if (maxWidth < MIN_WIDTH) continue;
      // The widest free box from x, up to maxWidth: shrink to the nearest box in the way.
      const room = Math.min(roomBeside(this.reserved, 0, x, y, h, maxWidth), roomBeside(this.boxes, since, x, y, h, maxWidth));
      if (room < MIN_WIDTH) continue;
      const shown = cutForPainter(p, text, style, room);
      if (!shown) continue;
      const width = p.measure(shown, style);
      this.boxes.push({ x, y, w: Math.ceil(width) + 1, h, text: shown, width, event });
      p.text(shown, x, y + h / 2, { ...style, align: 'left', baseline: 'middle' }, alpha);
      return true;
    }
    return false;
  }
}
