// Text as the painters draw it: cut to fit a measured width (with an ellipsis), and escaped for
// SVG (markup characters, and characters XML 1.0 cannot hold, such as control characters).

import { displayText } from '../../engine/util/display-text';

/** A cut text shows at least this many characters before its ellipsis ("{…" says nothing). */
const MIN_SHOWN = 4;

/**
 * The longest prefix of `text` whose display (hidden characters escaped, an ellipsis added) is at
 * most `maxWidth` wide by `measure`, or '' when fewer than MIN_SHOWN characters would show. Cut
 * before escaping, so an escape is never split, and measured after, so it counts in the width.
 */
export function cutToWidth(text: string, maxWidth: number, measure: (shown: string) => number): string {
  const shown = displayText(text);
  if (measure(shown) <= maxWidth) return text;
  // Text with nothing to escape (most) is cut as it is, without escaping each candidate again.
  const display = shown === text ? (cut: string) => cut : displayText;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(display(`${text.slice(0, mid)}…`)) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo < MIN_SHOWN ? '' : `${text.slice(0, lo).trimEnd()}…`;
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

