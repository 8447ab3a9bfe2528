// Whole numbers with thousands separators ("1,234,567"), exactly as toLocaleString('en-US') writes
// them, without that call's first-use cost: it loads the ICU locale data (tens of milliseconds,
// paid by every `causeway check` whose report counts something, and by the extension host's thread
// as the first trace opens and its views count events).

/** `count` as toLocaleString('en-US') writes it: safe integers grouped here, other numbers by ICU. */
export function groupedCount(count: number): string {
  // eslint-disable-next-line no-restricted-syntax -- the rare number this does not group itself
  if (!Number.isSafeInteger(count) || Object.is(count, -0)) return count.toLocaleString('en-US');
  const digits = String(Math.abs(count));
  const head = ((digits.length - 1) % 3) + 1;
  let text = digits.slice(0, head);
  for (let k = head; k < digits.length; k += 3) text += `,${digits.slice(k, k + 3)}`;
  return count < 0 ? `-${text}` : text;
}
