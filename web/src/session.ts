/**
 * The signed-in session: the TypeScript client with its tokens in sessionStorage (a reload keeps the session, a
 * new tab signs in again), the user, and the moment the session ends — a refresh the server refuses (signed out
 * elsewhere, blocked by an administrator, revoked) signs the console out.
 */
import { ApiError, DesignAgent, type Schemas, type TokenStorage, type Tokens } from "@design-agent/client";

import type { ConsoleConfig } from "./config";

const TOKENS = "design-agent.tokens";
const USER = "design-agent.user";
export type User = Schemas["UserOut"];

function sessionStore(): TokenStorage {
  return {
    load: () => {
      const raw = sessionStorage.getItem(TOKENS);
      return raw ? (JSON.parse(raw) as Tokens) : null;
    },
    save: (tokens) => (tokens ? sessionStorage.setItem(TOKENS, JSON.stringify(tokens)) : sessionStorage.removeItem(TOKENS)),
  };
}

export class Session {
  readonly sdk: DesignAgent;
  private ended: (() => void) | null = null;

  constructor(readonly config: ConsoleConfig) {
    const refreshUrl = `${config.apiUrl}/api/v1/auth/refresh`;
    this.sdk = new DesignAgent({
      baseUrl: config.apiUrl,
      wsUrl: config.wsUrl,
      storage: sessionStore(),
      fetch: async (request) => {
        const response = await globalThis.fetch(request);
        if (request.url === refreshUrl && response.status >= 400 && response.status < 500) this.end();
        return response;
      },
    });
  }

  get user(): User | null {
    const raw = sessionStorage.getItem(USER);
    return raw ? (JSON.parse(raw) as User) : null;
  }

  get signedIn(): boolean {
    return this.user !== null && sessionStorage.getItem(TOKENS) !== null;
  }

  /** What happens when the server ends the session (set by the app shell). */
  onEnded(callback: () => void): void {
    this.ended = callback;
  }

  async signIn(email: string, password: string): Promise<User> {
    const user = await this.sdk.signIn(email, password);
    sessionStorage.setItem(USER, JSON.stringify(user));
    return user;
  }

  async signOut(): Promise<void> {
    try {
      await this.sdk.signOut();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    } finally {
      this.forget();
    }
  }

  private forget(): void {
    sessionStorage.removeItem(TOKENS);
    sessionStorage.removeItem(USER);
  }

  private end(): void {
    if (!this.signedIn) return;
    this.forget();
    this.ended?.();
  }
}

/** The message of anything a call threw, for the user. */
export function reason(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title;
  return error instanceof Error ? error.message : String(error);
}
