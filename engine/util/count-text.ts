// Whole numbers with thousands separators ("1,234,567"), exactly as toLocaleString('en-US') writes
// them, without that call's first-use cost: it loads the ICU locale data (tens of milliseconds at
// start-up, paid by every `causeway check` whose budget messages or report count something).

/** `count` as toLocaleString('en-US') writes it: safe integers grouped here, other numbers by ICU. */
export function groupedCount(count: number): string {
  if (!Number.isSafeInteger(count) || Object.is(count, -0)) return count.toLocaleString('en-US');
  const digits = String(Math.abs(count));
  const head = ((digits.length - 1) % 3) + 1;
  let text = digits.slice(0, head);
  for (let k = head; k < digits.length; k += 3) text += `,${digits.slice(k, k + 3)}`;
  return count < 0 ? `-${text}` : text;
}
