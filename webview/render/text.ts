// Text as the painters draw it: cut to fit a width without measuring, and escaped for SVG
// (markup characters, and characters XML 1.0 cannot hold, such as control characters).

import { displayText } from '../../engine/util/display-text';

/** Cuts text to about `maxWidth` pixels at `size` (an estimate, so it costs no measuring). */
export function fitText(text: string, maxWidth: number, size: number): string {
  const s = displayText(text);
  const chars = Math.floor(maxWidth / (size * 0.6));
  if (chars <= 1) return '';
  return s.length > chars ? `${s.slice(0, chars - 1)}…` : s;
}

/** Characters XML 1.0 does not allow, and markup characters, made safe for SVG text and attributes. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex -- naming the control characters XML allows is the point
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

