/** Administrators: every user with role, status and quota; block/unblock and change the role. */
import { ApiError, type Schemas } from "@design-agent/client";

import type { Context, Page } from "../app";
import { h, replace } from "../dom";
import { t } from "../i18n";
import { reason } from "../session";

type User = Schemas["UserOut"];
const ROLES = ["user", "vip", "admin"] as const;
const MB = 1024 * 1024;

export async function adminPage(ctx: Context): Promise<Page> {
  const api = ctx.session.sdk.api;
  const body = h("tbody", {});
  const refresh = async (): Promise<void> => {
    const { data, response } = await api.GET("/api/v1/users", { params: { query: { limit: 100 } } });
    if (!data) throw await ApiError.of(response);
    replace(body, ...data.items.map(row));
  };
  const act = (run: () => Promise<{ response: Response }>): void => void (async () => {
    const { response } = await run();
    if (!response.ok) throw await ApiError.of(response);
    await refresh();
  })().catch((error: unknown) => ctx.announce(reason(error), "error"));
  const row = (user: User): HTMLTableRowElement => {
    const path = { params: { path: { user_id: user.id } } };
    const blocked = user.status === "blocked";
    const role = h("select", { "aria-label": t("roleOf", { name: user.username }), onchange: () => act(() =>
      api.PUT("/api/v1/users/{user_id}", { ...path, body: { role: role.value as User["role"] & typeof ROLES[number] } })) },
    ...ROLES.map((name) => h("option", { value: name, selected: user.role === name }, name)));
    const quota = user.quota;
    return h("tr", { "data-user-id": user.id, "data-email": user.email },
      h("td", {}, user.email), h("td", {}, user.username), h("td", {}, role),
      h("td", { class: "user-status" }, user.status),
      h("td", {}, t("quotaLine", { usedTasks: quota.used_tasks, maxTasks: quota.max_tasks,
        usedStorage: (quota.used_storage / MB).toFixed(1), maxStorage: Math.round(quota.max_storage / MB) })),
      h("td", {}, h("button", { type: "button", onclick: () => act(() => blocked
        ? api.POST("/api/v1/users/{user_id}/unblock", path) : api.POST("/api/v1/users/{user_id}/block", path)) },
      blocked ? t("unblock", { name: user.username }) : t("block", { name: user.username }))));
  };
  await refresh();
  return { element: h("section", {}, h("h1", {}, t("adminTitle")),
    h("table", { id: "users" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("email")), h("th", { scope: "col" }, t("username")),
        h("th", { scope: "col" }, t("role")), h("th", { scope: "col" }, t("status")), h("th", { scope: "col" }, t("quota")),
        h("th", { scope: "col" }, ""))),
      body)) };
}
