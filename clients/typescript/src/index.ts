/**
 * The Design Agent API for the web app: `paths`/`components` are generated from the OpenAPI document by
 * openapi-typescript (`make openapi`), `api` is an openapi-fetch client over them, and a small typed layer adds
 * what a generator cannot know — tokens that renew themselves (one refresh at a time: the refresh token
 * rotates and a second use of a used one ends the session), uploads by presigned POST with progress, and a
 * task's progress over the WebSocket, replayed from the inbox after a reconnect.
 */
import createClient, { type Client } from "openapi-fetch";

import type { components, paths } from "./schema";

export type { components, operations, paths } from "./schema";
export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type FileInfo = Schemas["FileInfo"];
export type InboxMessage = Schemas["InboxMessage"];
export type PosterGenerateParams = Schemas["PosterGenerateParams"];
export type TaskOut = Schemas["TaskOut"];
export type TaskStatusOut = Schemas["TaskStatusOut"];

/** The tokens of a session; `expiresAt` is in epoch milliseconds. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

/** Where the web app keeps the tokens (memory, sessionStorage...). */
export interface TokenStorage {
  load(): Tokens | null;
  save(tokens: Tokens | null): void;
}

export function memoryStorage(initial: Tokens | null = null): TokenStorage {
  let tokens = initial;
  return { load: () => tokens, save: (next) => void (tokens = next) };
}

/** A refusal of the API, from its problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`);
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  static async of(response: Response): Promise<ApiError> {
    let problem: Problem;
    try {
      problem = (await response.json()) as Problem;
    } catch {
      problem = { type: "about:blank", title: response.statusText, status: response.status, code: `http-${response.status}` };
    }
    const header = response.headers.get("Retry-After");
    return new ApiError(problem, header !== null && /^\d+$/.test(header) ? Number(header) : null);
  }
}

const RENEW_MARGIN_MS = 30_000;

function expiring(tokens: Tokens, now: number): boolean {
  return now >= tokens.expiresAt - RENEW_MARGIN_MS;
}

function fromPair(pair: Schemas["TokenPair"] | Schemas["LoginResult"], now: number): Tokens {
  return { accessToken: pair.access_token, refreshToken: pair.refresh_token, expiresAt: now + pair.expires_in * 1000 };
}

export interface DesignAgentOptions {
  /** e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** e.g. ws://127.0.0.1:3001 (the WebSocket API's URL; a stack output when deployed) */
  wsUrl?: string;
  storage?: TokenStorage;
  fetch?: (input: Request) => Promise<Response>;
  now?: () => number;
}

export interface UploadOptions {
  kind?: Schemas["UploadTokenRequest"]["kind"];
  onProgress?: (sent: number, total: number) => void;
  confirmTimeoutMs?: number;
}

export interface TaskUpdate {
  taskId: string;
  type: InboxMessage["type"] | "task.status";
  status: string;
  attempt: number;
  progress: number;
  stage: string | null;
  via: "websocket" | "replay" | "poll";
  messageId: string | null;
}

export interface WatchOptions {
  /** the newest inbox message id before the task was created: replays start after it */
  since?: string | null;
  onUpdate?: (update: TaskUpdate) => void;
  reconnectDelayMs?: number;
  pollIntervalMs?: number;
}

const TERMINAL: Record<string, string> = { "task.completed": "succeeded", "task.failed": "failed", "task.cancelled": "cancelled" };
const END = 101; // where an ended attempt stands: after any progress

export class DesignAgent {
  readonly api: Client<paths>;
  private readonly storage: TokenStorage;
  private readonly send: (input: Request) => Promise<Response>;
  private readonly now: () => number;
  private renewing: Promise<Tokens> | null = null;

  constructor(private readonly options: DesignAgentOptions) {
    this.storage = options.storage ?? memoryStorage();
    this.send = options.fetch ?? ((input) => globalThis.fetch(input));
    this.now = options.now ?? Date.now;
    this.api = createClient<paths>({ baseUrl: options.baseUrl, fetch: (input) => this.signed(input) });
  }

  /** Sign in with e-mail and password; the tokens go to the storage. */
  async signIn(email: string, password: string): Promise<Schemas["UserOut"]> {
    const { data, response } = await createClient<paths>({ baseUrl: this.options.baseUrl, fetch: this.send })
      .POST("/api/v1/users/login", { body: { email, password } });
    if (!data) throw await ApiError.of(response);
    this.storage.save(fromPair(data, this.now()));
    return data.user;
  }

  /** End the session on the server and forget its tokens. */
  async signOut(): Promise<void> {
    if (this.storage.load()) await this.api.POST("/api/v1/auth/logout");
    this.storage.save(null);
  }

  /** A good access token (renewed first when about to expire); what the WebSocket's `?token=` needs. */
  async accessToken(): Promise<string> {
    const tokens = this.storage.load();
    if (!tokens) throw new ApiError({ type: "about:blank", title: "Not signed in", status: 401, code: "not-signed-in" }, null);
    return (expiring(tokens, this.now()) ? await this.renew(tokens) : tokens).accessToken;
  }

  /** New tokens for `stale`, one renewal at a time: concurrent callers share the one in flight. */
  renew(stale: Tokens | null): Promise<Tokens> {
    const current = this.storage.load();
    if (current && stale && current.accessToken !== stale.accessToken && !expiring(current, this.now())) {
      return Promise.resolve(current); // renewed while this caller waited
    }
    this.renewing ??= (async () => {
      try {
        const tokens = this.storage.load();
        if (!tokens) throw new ApiError({ type: "about:blank", title: "Not signed in", status: 401, code: "not-signed-in" }, null);
        const response = await this.send(new Request(`${this.options.baseUrl}/api/v1/auth/refresh`, {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ refresh_token: tokens.refreshToken }),
        }));
        if (!response.ok) throw await ApiError.of(response);
        const fresh = fromPair((await response.json()) as Schemas["TokenPair"], this.now());
        this.storage.save(fresh);
        return fresh;
      } finally {
        this.renewing = null;
      }
    })();
    return this.renewing;
  }

  private async signed(request: Request): Promise<Response> {
    const tokens = this.storage.load();
    if (!tokens) return this.send(request); // a public operation (health, the document, jwks...)
    const retry = request.clone();
    const token = await this.accessToken();
    request.headers.set("Authorization", `Bearer ${token}`);
    const response = await this.send(request);
    if (response.status !== 401) return response;
    const fresh = await this.renew({ ...tokens, accessToken: token });
    retry.headers.set("Authorization", `Bearer ${fresh.accessToken}`);
    return this.send(retry);
  }

  /**
   * Upload a file straight to the bucket (a presigned POST; XMLHttpRequest, for upload progress) and wait for
   * the platform's confirmation: the stored file, or an error with the rejection's reason.
   */
  async upload(file: File, options: UploadOptions = {}): Promise<FileInfo> {
    const kind = options.kind ?? (file.type.startsWith("image/") ? "image" : "other");
    const { data: token, response } = await this.api.POST("/api/v1/storage/upload-tokens", {
      body: { filename: file.name, content_type: file.type || "application/octet-stream", kind, size: file.size || null },
    });
    if (!token) throw await ApiError.of(response);
    const form = new FormData();
    for (const [name, value] of Object.entries(token.fields)) form.append(name, value);
    form.append("file", file);
    await new Promise<void>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", token.url);
      xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.total || file.size);
      xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(`the bucket refused ${file.name}: ${xhr.status} ${xhr.responseText.slice(0, 200)}`)));
      xhr.onerror = () => reject(new Error(`the upload of ${file.name} failed`));
      xhr.send(form);
    });
    const deadline = this.now() + (options.confirmTimeoutMs ?? 60_000);
    for (let pause = 100; ; pause = Math.min(pause * 1.5, 2000)) {
      const { data: info, response: read } = await this.api.GET("/api/v1/storage/files/{file_id}", {
        params: { path: { file_id: token.file_id } },
      });
      if (!info) throw await ApiError.of(read);
      if (info.status === "stored") return info;
      if (info.status !== "pending") throw new Error(`${file.name} was not stored: ${info.reason ?? info.status}`);
      if (this.now() > deadline) throw new Error(`${file.name} was not confirmed in time`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** The newest inbox message id: a watch started after a create replays from it. */
  async inboxCursor(): Promise<string | null> {
    const { data, response } = await this.api.GET("/api/v1/notifications/inbox", { params: { query: { limit: 1 } } });
    if (!data) throw await ApiError.of(response);
    return data.items[0]?.message_id ?? null;
  }

  /**
   * Follow a task to its end: its messages over the WebSocket, the inbox replayed after every (re)connect (so
   * nothing is lost while the socket was down), polling when no socket can be had. Resolves with the final update.
   */
  watchTask(taskId: string, options: WatchOptions = {}): Promise<TaskUpdate> {
    let cursor = options.since ?? null;
    let last: TaskUpdate | null = null;
    const handled = new Set<string>();
    const position = (u: TaskUpdate): [number, number] => [u.attempt, u.status in TERMINAL_STATUS ? END : u.progress];
    const show = (update: TaskUpdate): boolean => {
      if (last) {
        const [a, p] = position(last), [b, q] = position(update);
        if (b < a || (b === a && q <= p)) return false;
      }
      last = update;
      options.onUpdate?.(update);
      return update.status in TERMINAL_STATUS;
    };
    const message = (m: InboxMessage, via: TaskUpdate["via"]): boolean => {
      if (handled.has(m.message_id)) return false;
      handled.add(m.message_id);
      if (cursor === null || m.message_id > cursor) cursor = m.message_id;
      if (m.task_id !== taskId || !m.type.startsWith("task.")) return false;
      const data = (m.data ?? {}) as Record<string, unknown>;
      return show({
        taskId, type: m.type, via, messageId: m.message_id,
        status: typeof data.status === "string" ? data.status : (TERMINAL[m.type] ?? "running"),
        attempt: typeof data.attempt === "number" ? data.attempt : 1,
        progress: typeof data.progress === "number" ? data.progress : m.type === "task.completed" ? 100 : 0,
        stage: typeof data.stage === "string" ? data.stage : null,
      });
    };
    const replay = async (): Promise<boolean> => {
      const query = cursor === null ? { limit: 100 } : { limit: 100, since: cursor };
      const { data, response } = await this.api.GET("/api/v1/notifications/inbox", { params: { query } });
      if (!data) throw await ApiError.of(response);
      const items = cursor === null ? [...data.items].reverse() : data.items;
      return items.map((m) => message(m, "replay")).some(Boolean);
    };
    const poll = async (): Promise<boolean> => {
      const { data, response } = await this.api.GET("/api/v1/tasks/{task_id}/status", { params: { path: { task_id: taskId } } });
      if (!data) throw await ApiError.of(response);
      return show({ taskId, type: "task.status", status: data.status, attempt: data.attempt, progress: data.progress,
        stage: data.stage ?? null, via: "poll", messageId: null });
    };
    const pollUntilDone = async (): Promise<TaskUpdate> => {
      while (!(await poll())) await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 1000));
      return last as TaskUpdate;
    };
    const wsUrl = this.options.wsUrl;
    if (!wsUrl) return pollUntilDone();
    return new Promise<TaskUpdate>((resolve, reject) => {
      let failures = 0;
      const connect = async (): Promise<void> => {
        const socket = new WebSocket(`${wsUrl.replace(/\/$/, "")}/?token=${encodeURIComponent(await this.accessToken())}`);
        let done = false;
        const finish = (): void => {
          done = true;
          socket.close();
          resolve(last as TaskUpdate);
        };
        socket.onopen = () => {
          failures = 0;
          socket.send(JSON.stringify({ action: "subscribe", task_id: taskId }));
          replay().then((ended) => ended && finish(), reject);
        };
        socket.onmessage = (event: MessageEvent<string>) => {
          const frame = JSON.parse(event.data) as { type?: string; message?: InboxMessage };
          if (frame.type === "notification" && frame.message && message(frame.message, "websocket")) finish();
        };
        socket.onclose = () => {
          if (done) return;
          failures += 1;
          if (failures > 5) {
            pollUntilDone().then(resolve, reject);
            return;
          }
          const delay = (options.reconnectDelayMs ?? 500) * 2 ** (failures - 1);
          setTimeout(() => void connect().catch(reject), delay);
        };
      };
      connect().catch(reject);
    });
  }

  /** Create a generation task (with an Idempotency-Key, so a retried create is the same task) and follow it. */
  async generate(params: PosterGenerateParams, options: Omit<WatchOptions, "since"> = {}): Promise<TaskOut> {
    const since = await this.inboxCursor();
    const { data: task, response } = await this.api.POST("/api/v1/tasks", {
      body: { type: "poster.generate", params },
      params: { header: { "Idempotency-Key": crypto.randomUUID() } },
    });
    if (!task) throw await ApiError.of(response);
    const final = await this.watchTask(task.task_id, { ...options, since });
    const { data: ended, response: read } = await this.api.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: task.task_id } } });
    if (!ended) throw await ApiError.of(read);
    if (final.status !== "succeeded") throw new Error(`task ${task.task_id} ${final.status}: ${ended.error?.message ?? ""}`);
    return ended;
  }
}

const TERMINAL_STATUS: Record<string, true> = { succeeded: true, failed: true, cancelled: true };
