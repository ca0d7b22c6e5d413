/** What every page gets: the session, the live feed, a status line (aria-live) and navigation. */
import type { LiveFeed } from "./live";
import type { Session } from "./session";

export interface Page {
  element: HTMLElement;
  /** called when the user leaves the page */
  dispose?: () => void;
}

export interface Context {
  session: Session;
  live: LiveFeed;
  announce(message: string, kind?: "info" | "error"): void;
  navigate(route: string): void;
  /** after a sign-in: the live feed starts, the files page opens */
  signedIn(): void;
}

export type PageFactory = (ctx: Context, params: string[]) => Promise<Page> | Page;
