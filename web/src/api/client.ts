// The GraphQL client: one POST per request, credentials from the key store, and errors
// sorted into what the interface does about them (sign in, not found, banner and retry).

export type ErrorCode =
  | "BAD_USER_INPUT" | "NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED"
  | "DATABASE_UNAVAILABLE" | "QUERY_TOO_COMPLEX" | "INTERNAL";

export interface GraphQLErrorBody {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string };
}

/** The API answered with an error the user can act on; `code` is extensions.code. */
export class ApiError extends Error {
  constructor(message: string, readonly code: ErrorCode | string, readonly status: number) {
    super(message);
    this.name = "ApiError";
  }
}

/** The API (or its database) cannot be reached right now: show the banner and retry. */
export class ApiDown extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "ApiDown";
  }
}

export interface KeyStore {
  get(): string | null;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Where a request's time went (performance.now() values), filled in by `request`: sent,
 * its whole body received, and parsed. The explorer's benchmark reads them. */
export interface RequestTiming {
  sent?: number;
  received?: number;
  parsed?: number;
}

export class GraphQLClient {
  constructor(readonly base: string, readonly keys: KeyStore,
              private readonly fetcher: Fetch = (i, init) => fetch(i, init)) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const key = this.keys.get();
    return key ? { ...extra, "X-API-Key": key } : extra;
  }

  async request<T>(query: string, variables: Record<string, unknown> = {},
                   timing?: RequestTiming): Promise<T> {
    let response: Response;
    if (timing) timing.sent = performance.now();
    try {
      response = await this.fetcher(`${this.base}/graphql`, {
        method: "POST",
        headers: this.headers({
          "Content-Type": "application/json",
          Accept: "application/graphql-response+json, application/json",
        }),
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new ApiDown(error instanceof Error ? error.message : String(error));
    }
    return readResponse<T>(response, timing);
  }

  /** A file from /export (GraphML, GEXF, ...) with the same credentials. */
  async download(path: string): Promise<Blob> {
    let response: Response;
    try {
      response = await this.fetcher(`${this.base}${path}`, { headers: this.headers() });
    } catch (error) {
      throw new ApiDown(error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) await readResponse(response);
    return response.blob();
  }
}

async function readBody(response: Response, timing?: RequestTiming):
    Promise<Record<string, unknown> | null> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return null;
  try {
    const text = await response.text();
    if (timing) timing.received = performance.now();
    const body = JSON.parse(text) as Record<string, unknown>;
    if (timing) timing.parsed = performance.now();
    return body;
  } catch {
    return null;
  }
}

/** The data of a GraphQL response, or the error it stands for. */
export async function readResponse<T>(response: Response, timing?: RequestTiming): Promise<T> {
  const body = await readBody(response, timing);
  const errors = (body?.errors ?? []) as GraphQLErrorBody[];
  if (!body || (!("data" in body) && errors.length === 0)) {
    if (response.status >= 500 || response.status === 0) {
      throw new ApiDown(`HTTP ${response.status}`);
    }
    throw new ApiError(`HTTP ${response.status}`, "INTERNAL", response.status);
  }
  if (errors.length > 0) {
    const first = errors[0];
    const code = first.extensions?.code ?? "INTERNAL";
    if (code === "DATABASE_UNAVAILABLE") throw new ApiDown(first.message);
    throw new ApiError(first.message, code, response.status);
  }
  return body.data as T;
}

/** Retry `run` while the API is down, telling `onDown` / `onUp`; other errors pass through. */
export async function withRetry<T>(
  run: () => Promise<T>,
  hooks: {
    onDown(reason: string, seconds: number, retryNow: () => void): void;
    onUp(): void;
    sleep?: (ms: number, wake: (resume: () => void) => void) => Promise<void>;
  },
  delays: readonly number[] = [2, 4, 8, 15],
): Promise<T> {
  const sleep = hooks.sleep ?? ((ms, wake) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake(() => { clearTimeout(timer); resolve(); });
  }));
  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = await run();
      if (attempt > 0) hooks.onUp();
      return result;
    } catch (error) {
      if (!(error instanceof ApiDown)) {
        if (attempt > 0) hooks.onUp();
        throw error;
      }
      const seconds = delays[Math.min(attempt, delays.length - 1)];
      let resume: () => void = () => undefined;
      const waiting = sleep(seconds * 1000, (r) => { resume = r; });
      hooks.onDown(error.message, seconds, () => resume());
      await waiting;
    }
  }
}
