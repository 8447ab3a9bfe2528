// Parser and delimiter regexes of ShiViz / GoVector logs: translation to JavaScript/RE2 spelling,
// the number of lines a match can span (the matching window), the presets Causeway trusts, and
// GoVector's regex header line. Matching itself runs with a bounded cost (bounded-regex.ts).

import { type BoundedRegex, compileBoundedRegex, type RegexMatch } from './bounded-regex';
import { TraceReadError } from './types';

/** ShiViz's default parser regex: the event text, then `host {clock}` on the next line. */
export const SHIVIZ_DEFAULT_REGEX = '(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})';
/** What GoVector writes as the first line of its ShiViz-mode logs. */
export const GOVECTOR_REGEX = '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)';
/** The delimiter of ShiViz's multi-execution logs: a `=== name ===` line. */
export const SHIVIZ_DELIMITER = '^=== (?<trace>.*) ===$';

/** Parser regexes Causeway offers as presets (GoVector, ShiViz, one line, TSViz). */
export const SHIVIZ_REGEX_PRESETS = {
  govector: GOVECTOR_REGEX,
  shiviz: SHIVIZ_DEFAULT_REGEX,
  oneLine: '(?<host>\\S+) (?<clock>\\{.*?\\}) (?<event>.*)',
  tsviz: '(?<timestamp>\\d*) (?<event>.*)\\n(?<host>\\w*) (?<clock>.*)',
} as const;

/** Regexes Causeway ships, known to match in linear time: they run on the faster native engine. */
const TRUSTED: ReadonlySet<string> = new Set([...Object.values(SHIVIZ_REGEX_PRESETS), SHIVIZ_DELIMITER]);

/** Named groups with a meaning of their own; every other named group becomes an event field. */
export const SPECIAL_GROUPS = ['host', 'clock', 'event', 'causeway'] as const;

export interface CompiledRegex {
  /** The text as the user wrote it. */
  source: string;
  /** GoVector's or ShiViz's default regex, which `quickMatch` matches without the regex engine. */
  shape?: RegexShape;
  /** Multi-line (`^`/`$` at line ends), searched from a position onwards, as ShiViz searches a log. */
  regex: BoundedRegex;
  /** How many lines a match can span: 1 + the number of `\n` in the regex. */
  lines: number;
  /** Named groups in order of appearance. */
  groups: string[];
}

/**
 * Compiles a ShiViz regex. Go/Python spellings are translated: `(?P<name>...)`, leading inline
 * flags `(?i)` / `(?s)`, and `\r\n` (lines are read without their line ends). `from` says where the
 * regex came from, for errors (e.g. "given with --regex"). Throws TraceReadError for a regex that
 * cannot be used, saying why.
 */
export function compileShivizRegex(source: string, role: 'parser' | 'delimiter', from = 'given for this file'): CompiledRegex {
  let text = source.replace(/\(\?P<([A-Za-z_$][\w$]*)>/g, '(?<$1>');
  text = text.replace(/\\r\\n|\\r\?\\n/g, '\\n');
  const flags = { ignoreCase: false, dotAll: false };
  const inline = /^\(\?([imsx]+)\)/.exec(text);
  if (inline) {
    text = text.slice(inline[0].length);
    flags.ignoreCase = inline[1].includes('i');
    flags.dotAll = inline[1].includes('s');
  }
  const groups = namedGroups(text);
  const what = `The ${role === 'parser' ? 'parser regex' : 'delimiter regex'} ${shown(source)} ${from}`;
  if (role === 'parser') {
    const missing = ['host', 'clock', 'event'].filter((g) => !groups.includes(g));
    if (missing.length > 0) throw new TraceReadError(`${what} needs the named groups host, clock and event (e.g. ${GOVECTOR_REGEX}); it lacks ${missing.join(', ')}.`);
  }
  let regex: BoundedRegex;
  try {
    regex = compileBoundedRegex(text, flags, !inline && TRUSTED.has(text), what);
  } catch (e) {
    throw new TraceReadError((e as Error).message);
  }
  const shape = inline ? undefined : text === GOVECTOR_REGEX ? 'govector' : text === SHIVIZ_DEFAULT_REGEX ? 'shiviz' : undefined;
  return { source, shape, regex, lines: 1 + countNewlines(text), groups };
}

function shown(source: string): string {
  return source.length > 120 ? `"${source.slice(0, 117)}..."` : `"${source}"`;
}

/** Named capture groups, skipping lookbehinds `(?<=` and `(?<!`. */
function namedGroups(text: string): string[] {
  const names: string[] = [];
  const re = /\\.|\(\?<([A-Za-z_$][\w$]*)>/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[1] !== undefined) names.push(m[1]);
  return names;
}

/** `\n` escapes and literal line breaks in a regex source (an escaped backslash is not one). */
function countNewlines(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      if (text.charCodeAt(i + 1) === 110 /* n */) count++;
      i++;
    } else if (c === 10) {
      count++;
    }
  }
  return count;
}

/** Whether a line is a regex header as GoVector writes it: a regex with host, clock and event groups. */
export function isRegexHeader(line: string): boolean {
  return /\(\?P?<host>/.test(line) && /\(\?P?<clock>/.test(line) && /\(\?P?<event>/.test(line);
}

/** The leftmost match in `text` starting at `from` or later (ShiViz searches, it does not anchor), or null. */
export function findMatch(regex: CompiledRegex, text: string, from = 0): RegexMatch | null {
  return regex.regex.find(text, from);
}

export type RegexShape = 'govector' | 'shiviz';

export interface QuickMatch {
  host: string;
  clock: string;
  event: string;
}

/** Characters `.` does not match besides \n (lines never contain \n). */
const TERMINATOR = /[\r\u2028\u2029]/;

/** Whether a UTF-16 unit is JavaScript whitespace (what `\s` matches). */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The end of `\S*` when a space follows it, else -1 (then `\S* ` cannot match). */
function hostEnd(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (isSpace(c)) return c === 32 ? i : -1;
  }
  return -1;
}

/**
 * Matches GoVector's regex (`host {clock}` then the event line) or ShiViz's default (the event line
 * then `host {clock}`) on two lines, as the regex would, without running it: null when the regex
 * would not match, undefined when a line holds a character this shortcut leaves to the regex.
 */
export function quickMatch(shape: RegexShape, first: string, second: string): QuickMatch | null | undefined {
  if (TERMINATOR.test(first) || TERMINATOR.test(second)) return undefined;
  if (shape === 'govector') {
    const sp = hostEnd(first);
    if (sp < 0 || first.charCodeAt(sp + 1) !== 123 || first.length < sp + 3 || first.charCodeAt(first.length - 1) !== 125) return null;
    return { host: first.slice(0, sp), clock: first.slice(sp + 1), event: second };
  }
  const sp = hostEnd(second);
  if (sp < 0 || second.charCodeAt(sp + 1) !== 123) return null;
  const close = second.lastIndexOf('}');
  if (close < sp + 2) return null;
  // Text after the clock is searched on (ShiViz may find an event in it): left to the regex.
  if (close !== second.length - 1) return undefined;
  return { host: second.slice(0, sp), clock: second.slice(sp + 1, close + 1), event: first };
}

/** Where `quickMatchBytes` found the groups in the `host {clock}` line: host [start, hostEnd), clock [hostEnd + 1, clockEnd). */
export interface PlainMatch {
  hostEnd: number;
  clockEnd: number;
}

/**
 * quickMatch's fast lane on UTF-8 bytes, for the lines text logs are made of: a `host {clock}` line
 * (GoVector's first line, ShiViz's second) whose host is printable ASCII, and an event line without
 * \r or U+2028/U+2029. Returns true (and fills `out`) when quickMatch would match with these groups,
 * provided the clock holds no \r and no byte above 0x7e (ClockTextReader.readBytes reads only such
 * clocks); false when it would not match or cannot tell from the bytes alone (then ask quickMatch).
 */
export function quickMatchBytes(line: Uint8Array, start: number, end: number, event: Uint8Array, eventStart: number, eventEnd: number, out: PlainMatch): boolean {
  let sp = start;
  while (sp < end && line[sp] > 32 && line[sp] < 127) sp++;
  if (sp === start || sp + 2 >= end || line[sp] !== 32 || line[sp + 1] !== 123) return false;
  // The clock ends the line (ShiViz's `{.*}` ends at its last `}`; text after it is left to the regex).
  const close = end - 1;
  if (close < sp + 2 || line[close] !== 125) return false;
  for (let i = eventStart; i < eventEnd; i++) if (event[i] === 13 || event[i] === 0xe2) return false;
  out.hostEnd = sp;
  out.clockEnd = close + 1;
  return true;
}
