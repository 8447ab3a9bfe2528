// A text box the diagram drew (see labels.ts), in a module of its own without DOM types, so the
// test probe (checked without the DOM library) can name it too.

export interface LabelBox {
  x: number;
  y: number;
  w: number;
  h: number;
  /** The text drawn, and its measured width (never more than w). */
  text: string;
  width: number;
  /** The event the label belongs to, or -1 (a conflict's caption). */
  event: number;
}
