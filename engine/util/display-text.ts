// Display-safe text: trace strings (names, keys, labels, messages) as terminals, views and the
// diagram may show them, with every invisible or direction-changing character made visible.
// The data itself (JSON output, exports) keeps the exact strings; only what is shown goes through here.

/**
 * Characters that change how the text around them reads or do not show at all: control
 * characters (escape sequences included), format characters (bidi overrides and isolates,
 * zero-width spaces and joiners, the byte order mark, soft hyphens, tag characters), line and
 * paragraph separators, and lone surrogate halves.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** `\uXXXX` for a character of the basic plane, `\u{XXXXX}` beyond it. */
function escaped(c: string): string {
  const code = c.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every hidden character shown as its escape: "abc\u202Eevil.exe" reads as it is, not as "abcexe.live". */
export function displayText(text: string): string {
  return text.replace(HIDDEN, escaped);
}
