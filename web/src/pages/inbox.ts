/** The inbox: messages newest first, marked read one by one or all at once; new ones arrive live. */
import { ApiError, type InboxMessage } from "@design-agent/client";

import type { Context, Page } from "../app";
import { h, replace } from "../dom";
import { t } from "../i18n";
import { reason } from "../session";

export async function inboxPage(ctx: Context): Promise<Page> {
  const api = ctx.session.sdk.api;
  const list = h("ul", { class: "inbox", id: "inbox-list" });
  const refresh = async (): Promise<void> => {
    const { data, response } = await api.GET("/api/v1/notifications/inbox", { params: { query: { limit: 50 } } });
    if (!data) throw await ApiError.of(response);
    replace(list, ...(data.items.length ? data.items.map(row) : [h("li", {}, t("noMessages"))]));
  };
  const act = (run: () => Promise<{ response: Response }>): void => void (async () => {
    const { response } = await run();
    if (!response.ok) throw await ApiError.of(response);
    await refresh();
    ctx.live.changed();
  })().catch((error: unknown) => ctx.announce(reason(error), "error"));
  const row = (message: InboxMessage): HTMLLIElement => h("li", { class: message.read ? "read" : "unread" },
    h("strong", {}, message.title), " ", message.body ?? "", " ",
    h("time", { datetime: message.created_at }, new Date(message.created_at).toLocaleString()),
    message.read ? null : h("span", { class: "sr-only" }, t("unread")),
    message.read ? null : h("button", { type: "button", onclick: () => act(() => api.POST(
      "/api/v1/notifications/inbox/{message_id}/read", { params: { path: { message_id: message.message_id } } })) }, t("markRead")));
  const stop = ctx.live.listen(() => void refresh().catch(() => undefined));
  await refresh();
  return {
    element: h("section", {}, h("h1", {}, t("inboxTitle")),
      h("button", { type: "button", id: "mark-all-read", onclick: () => act(() => api.POST("/api/v1/notifications/inbox/read-all")) },
        t("markAllRead")),
      list),
    dispose: stop,
  };
}
