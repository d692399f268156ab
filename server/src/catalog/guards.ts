// Rules every reader of a repository's files shares: which keys must never be copied into a
// plain object, and what a code may be made of. Free of Node built-ins: the core uses it.

/**
 * Keys that, assigned on a plain object, reach its prototype (`o.__proto__ = v` replaces it;
 * `o.constructor.prototype` is every object's): a file that names one is an attack or a
 * mistake, never a setting or a catalog field, so no reader copies one.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key);
}

/** The first prototype key `obj` holds as its own, if any (JSON.parse and YAML keep `__proto__` as a plain key). */
export function prototypeKeyOf(obj: object): string | undefined {
  for (const key of PROTOTYPE_KEYS) if (Object.hasOwn(obj, key)) return key;
  return undefined;
}

/** What `obj` itself holds under `key`: never what it inherits. */
export function ownValue(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}
