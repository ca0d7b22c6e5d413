/** The shell: header (navigation, unread count, language, sign out), a status line, and a hash router. */
import "./style.css";

import type { Context, Page, PageFactory } from "./app";
import { loadConfig } from "./config";
import { h, replace } from "./dom";
import { LANGUAGES, type Language, language, setLanguage, t } from "./i18n";
import { LiveFeed } from "./live";
import { adminPage } from "./pages/admin";
import { filesPage } from "./pages/files";
import { generatePage } from "./pages/generate";
import { inboxPage } from "./pages/inbox";
import { mediaPage } from "./pages/media";
import { posterPage, postersPage } from "./pages/posters";
import { signInPage } from "./pages/signin";
import { Session, reason } from "./session";

const ROUTES: [RegExp, PageFactory][] = [
  [/^\/signin$/, signInPage],
  [/^\/files$/, filesPage],
  [/^\/generate$/, generatePage],
  [/^\/posters$/, postersPage],
  [/^\/posters\/(pst_[0-9A-Za-z]+)$/, posterPage],
  [/^\/media$/, mediaPage],
  [/^\/inbox$/, inboxPage],
  [/^\/admin$/, adminPage],
];

async function main(): Promise<void> {
  setLanguage(language());
  const root = document.getElementById("app") as HTMLElement;
  const config = await loadConfig();
  const session = new Session(config);
  const header = h("header", { class: "top" });
  const status = h("div", { id: "status", role: "status", "aria-live": "polite" });
  const main = h("main", { id: "main", tabindex: "-1" });
  const skip = h("a", { class: "skip", href: "#main", onclick: (event: Event) => {
    event.preventDefault();
    main.focus();
  } }, "Skip to content");
  replace(root, skip, header, status, main);

  let unread = 0;
  let page: Page | null = null;
  const refreshUnread = async (): Promise<void> => {
    if (!session.signedIn) return;
    const { data } = await session.sdk.api.GET("/api/v1/notifications/inbox/unread-count");
    if (data) {
      unread = data.unread;
      renderHeader();
    }
  };
  const live = new LiveFeed(session, () => void refreshUnread().catch(() => undefined));
  const ctx: Context = {
    session, live,
    announce(message, kind = "info") {
      status.className = kind;
      status.textContent = message;
    },
    signedIn() {
      void live.start().catch(() => undefined);
      ctx.navigate("/files");
    },
    navigate(route) {
      if (location.hash === `#${route}`) void render();
      else location.hash = route;
    },
  };

  function renderHeader(): void {
    const user = session.user;
    const languages = h("select", { id: "language", "aria-label": t("language"), onchange: (event: Event) => {
      setLanguage((event.target as HTMLSelectElement).value as Language);
      renderHeader();
      void render();
    } }, ...Object.entries(LANGUAGES).map(([code, name]) =>
      h("option", { value: code, selected: code === language() }, name)));
    const nav = user ? h("nav", { "aria-label": t("appName") },
      h("a", { href: "#/files" }, t("navFiles")),
      h("a", { href: "#/generate" }, t("navGenerate")),
      h("a", { href: "#/posters" }, t("navPosters")),
      h("a", { href: "#/media" }, t("navMedia")),
      h("a", { href: "#/inbox" }, t("navInbox"), " ",
        h("span", { class: "badge", id: "unread-count", "aria-label": t("unreadLabel", { count: unread }) }, unread)),
      user.role === "admin" ? h("a", { href: "#/admin" }, t("navAdmin")) : null) : null;
    replace(header, h("strong", {}, t("appName")), nav,
      h("span", { class: "spacer" }),
      user ? h("span", { id: "whoami" }, t("signedInAs", { name: user.username })) : null,
      languages,
      user ? h("button", { type: "button", id: "sign-out", onclick: () => void signOut() }, t("signOut")) : null);
  }

  async function signOut(): Promise<void> {
    live.stop();
    await session.signOut();
    ctx.navigate("/signin");
  }

  session.onEnded(() => {
    live.stop();
    renderHeader();
    location.hash = "/signin";
    void render().then(() => ctx.announce(t("sessionEnded"), "error"));
  });

  let rendering = 0; // only the latest navigation places its page (an older one may finish later)
  async function render(): Promise<void> {
    const turn = ++rendering;
    const route = location.hash.replace(/^#/, "") || "/files";
    if (!session.signedIn && route !== "/signin") {
      location.hash = "/signin";
      return;
    }
    page?.dispose?.();
    page = null;
    renderHeader();
    const found = ROUTES.map(([pattern, factory]) => [pattern.exec(route), factory] as const)
      .find(([match]) => match !== null);
    if (!found) {
      location.hash = session.signedIn ? "/files" : "/signin";
      return;
    }
    const [match, factory] = found;
    replace(main, h("p", {}, t("loading")));
    try {
      const next = await factory(ctx, match?.slice(1) ?? []);
      if (turn !== rendering) {
        next.dispose?.();
        return;
      }
      page = next;
      replace(main, page.element);
    } catch (error) {
      if (turn === rendering) replace(main, h("p", { class: "error" }, t("error", { message: reason(error) })));
    }
    document.title = `${main.querySelector("h1")?.textContent ?? ""} · ${t("appName")}`;
  }

  window.addEventListener("hashchange", () => void render());
  if (session.signedIn) {
    void live.start().catch(() => undefined);
  }
  await render();
}

void main().catch((error: unknown) => {
  document.body.textContent = `The console could not start: ${error instanceof Error ? error.message : String(error)}`;
});

