/** Sign in, or register and sign in. */
import { ApiError } from "@design-agent/client";

import type { Context, Page } from "../app";
import { field, formValues, h } from "../dom";
import { t } from "../i18n";
import { reason } from "../session";

function input(name: string, type: string, autocomplete: string, extra: Record<string, string> = {}): HTMLInputElement {
  return h("input", { name, type, autocomplete, required: true, ...extra });
}

export function signInPage(ctx: Context): Page {
  const signIn = h("form", { "aria-labelledby": "signin-title", onsubmit: (event: Event) => {
    event.preventDefault();
    const values = formValues(signIn);
    void ctx.session.signIn(values.email ?? "", values.password ?? "")
      .then(() => ctx.signedIn(), (error: unknown) => ctx.announce(reason(error), "error"));
  } },
  h("h1", { id: "signin-title" }, t("signInTitle")),
  field(t("email"), input("email", "email", "username", { id: "signin-email" })),
  field(t("password"), input("password", "password", "current-password", { id: "signin-password" })),
  h("button", { type: "submit" }, t("signIn")));

  const register = h("form", { "aria-labelledby": "register-title", onsubmit: (event: Event) => {
    event.preventDefault();
    const values = formValues(register);
    const body = { email: values.email ?? "", username: values.username ?? "", password: values.password ?? "" };
    void (async () => {
      const { data, response } = await ctx.session.sdk.api.POST("/api/v1/users/register", { body });
      if (!data) throw await ApiError.of(response);
      if (response.status === 202) {
        ctx.announce(t("registrationAccepted"));
        return;
      }
      await ctx.session.signIn(body.email, body.password);
      ctx.announce(t("registered"));
      ctx.signedIn();
    })().catch((error: unknown) => ctx.announce(reason(error), "error"));
  } },
  h("h2", { id: "register-title" }, t("registerTitle")),
  field(t("email"), input("email", "email", "email", { id: "register-email" })),
  field(t("username"), input("username", "text", "username", { id: "register-username", pattern: "[\\w.\\-]{3,32}" })),
  field(t("password"), input("password", "password", "new-password", { id: "register-password", minlength: "8" })),
  h("button", { type: "submit" }, t("register")));

  return { element: h("div", { class: "columns" }, signIn, register) };
}
