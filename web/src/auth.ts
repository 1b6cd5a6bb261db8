// Where the explorer keeps the API key: localStorage, shared with the GraphiQL page (same
// origin). `make run` prints a URL with `#key=...`; the key is taken from the fragment
// (never sent to the server in a URL, so never in its logs) and the fragment removed.

export const KEY_STORAGE = "stsgraph.apiKey";

export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class KeyStore {
  constructor(private readonly storage: KeyStorage) {}

  get(): string | null {
    return this.storage.getItem(KEY_STORAGE);
  }

  set(key: string): void {
    this.storage.setItem(KEY_STORAGE, key.trim());
  }

  clear(): void {
    this.storage.removeItem(KEY_STORAGE);
  }
}

/** The key in a `#key=...` fragment (alone or before a route: `#key=K&/entity/x`), and the
 *  fragment left once it is removed. */
export function keyFromFragment(hash: string): { key: string | null; rest: string } {
  const match = /^#key=([^&]+)(?:&(.*))?$/.exec(hash);
  if (!match) return { key: null, rest: hash };
  return { key: decodeURIComponent(match[1]), rest: match[2] ? `#${match[2]}` : "#/" };
}
