// The live session's token: random, and compared in constant time so that how long a refusal
// takes says nothing about how much of a guess was right.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new session token: 24 random bytes, URL-safe base64 (32 characters). */
export function createSessionToken(): string {
  return randomBytes(24).toString('base64url');
}

/** True when `given` is the token. Both are hashed first, so their lengths leak nothing either. */
export function tokenMatches(given: string, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(token));
}
