// Regexes a user supplies (log headers, --regex, --delimiter, settings, custom picks) run with a
// bounded cost: RE2's linear-time engine (re2js), never a backtracking one. Only the regexes
// Causeway ships itself (trusted, known to be safe) run on JavaScript's faster RegExp.

import type { RE2JS } from 're2js';
import { re2 } from './libraries';

/** One match: where it starts and ends in the text, and its named groups (undefined: did not take part). */
export interface RegexMatch {
  index: number;
  end: number;
  groups: Record<string, string | undefined>;
}

export interface RegexFlags {
  ignoreCase?: boolean;
  dotAll?: boolean;
}

/** A compiled regex, multi-line (`^`/`$` at line ends), searched from a position onwards. */
export interface BoundedRegex {
  /** The leftmost match starting at `from` or later, or null. */
  find(text: string, from: number): RegexMatch | null;
}

/** Why a construct of JavaScript regexes cannot run in linear time, for the error message. */
const UNSUPPORTED: { pattern: RegExp; name: string }[] = [
  { pattern: /\\[1-9]/, name: 'a backreference (\\1 ...)' },
  { pattern: /\\k<|\(\?P=/, name: 'a named backreference (\\k<name>)' },
  { pattern: /\(\?<[=!]/, name: 'a lookbehind ((?<= or (?<!)' },
  { pattern: /\(\?[=!]/, name: 'a lookahead ((?= or (?!)' },
];

/** The first unsupported construct in `source` (escaped characters and classes skipped), or undefined. */
function unsupportedConstruct(source: string): string | undefined {
  // Blank out escaped pairs other than \digit and \k, and character classes, so that `\(?=` or `[(?=]` do not count.
  const plain = source.replace(/\\([^1-9k])|\[(?:\\.|[^\]\\])*\]/g, '__');
  return UNSUPPORTED.find((u) => u.pattern.test(plain))?.name;
}

/**
 * Compiles `source` (JavaScript / Go / Python spelling, already translated to `(?<name>...)`).
 * `what` names the regex and where it came from, for errors (e.g. `the parser regex "..." given
 * with --regex`). Throws an Error whose message says what is wrong, in words.
 */
export function compileBoundedRegex(source: string, flags: RegexFlags, trusted: boolean, what: string): BoundedRegex {
  if (trusted) return nativeRegex(source, flags, what);
  const construct = unsupportedConstruct(source);
  if (construct) {
    throw new Error(
      `${what} uses ${construct}. Causeway runs the regexes you give it with a linear-time engine (RE2), so that no regex can hang the import, and RE2 has no backreferences or lookaround: rewrite the regex without it.`,
    );
  }
  let re: RE2JS;
  try {
    const { RE2JS: engine } = re2();
    re = engine.compile(withJavaScriptMeanings(source, flags.dotAll === true), engine.MULTILINE | (flags.ignoreCase ? engine.CASE_INSENSITIVE : 0) | (flags.dotAll ? engine.DOTALL : 0));
  } catch (e) {
    // RE2 quotes the regex it compiled (with `.` and `\s` spelled out): the user's own is already named.
    const why = (e as Error).message.replace(/^error parsing regexp: /, '').replace(/: `[\s\S]*`$/, '');
    throw new Error(`${what} is not a valid regular expression: ${why}.`, { cause: e });
  }
  const names = Object.keys(re.namedGroups());
  return {
    find(text, from) {
      const m = re.matcher(text);
      if (!m.find(from)) return null;
      const groups: Record<string, string | undefined> = {};
      for (const name of names) groups[name] = m.group(name) ?? undefined;
      return { index: m.start(), end: m.end(), groups };
    },
  };
}

/** What `\s` matches in JavaScript (RE2's `\s` is ASCII only), as the inside of a class. */
const JS_SPACE = '\\t-\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';

/**
 * The regex with `.`, `\s` and `\S` spelled as JavaScript means them (ShiViz runs in a browser):
 * in RE2, `.` also matches \r, U+2028 and U+2029, and `\s` misses the Unicode spaces.
 */
function withJavaScriptMeanings(source: string, dotAll: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (next === 's') out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (next === 'S' && !inClass) out += `[^${JS_SPACE}]`;
      else out += c + next;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      // A `]` or `^]` right after the opening bracket is a literal.
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += source[++i];
    } else {
      out += c === '.' && !dotAll ? '[^\\n\\r\\x{2028}\\x{2029}]' : c;
    }
  }
  return out;
}

function nativeRegex(source: string, flags: RegexFlags, what: string): BoundedRegex {
  let re: RegExp;
  try {
    re = new RegExp(source, `gm${flags.ignoreCase ? 'i' : ''}${flags.dotAll ? 's' : ''}`);
  } catch (e) {
    throw new Error(`${what} is not a valid regular expression: ${(e as Error).message}.`, { cause: e });
  }
  return {
    find(text, from) {
      re.lastIndex = from;
      const m = re.exec(text);
      if (!m) return null;
      return { index: m.index, end: m.index + m[0].length, groups: m.groups ?? {} };
    },
  };
}
