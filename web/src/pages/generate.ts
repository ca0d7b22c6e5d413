/** Start a generation and follow it live over the WebSocket (the client's watchTask), then show the poster. */
import type { PosterGenerateParams, TaskUpdate } from "@design-agent/client";

import type { Context, Page } from "../app";
import { field, formValues, h, replace } from "../dom";
import { t } from "../i18n";
import { reason } from "../session";
import { listFiles } from "./files";

const STYLES: PosterGenerateParams["style"][] = ["minimal", "bold", "elegant", "playful", "retro"];

export async function generatePage(ctx: Context): Promise<Page> {
  const images = (await listFiles(ctx)).filter((f) => f.status === "stored" && f.kind === "image");
  const bar = h("progress", { id: "generation-progress", max: "100", value: "0", "aria-labelledby": "progress-label" });
  const progressText = h("span", { id: "progress-text" }, "");
  const result = h("div", { id: "generation-result" });
  const references = images.length
    ? h("fieldset", {}, h("legend", {}, t("references")), ...images.map((file) =>
      h("label", { class: "reference" },
        h("input", { type: "checkbox", name: "reference", value: file.file_id }),
        file.url ? h("img", { src: file.url, alt: "", class: "thumb" }) : null, file.filename)))
    : h("p", {}, t("noReferences"));
  const submit = h("button", { type: "submit" }, t("start"));

  const show = (update: TaskUpdate): void => {
    bar.value = update.progress;
    bar.setAttribute("aria-valuenow", String(update.progress));
    progressText.textContent = t("progressText", { progress: update.progress, stage: update.stage ?? update.status, via: update.via });
  };

  const form = h("form", { id: "generate-form", onsubmit: (event: Event) => {
    event.preventDefault();
    const values = formValues(form);
    const params: PosterGenerateParams = {
      prompt: values.prompt ?? "",
      title: values.title || null,
      subtitle: values.subtitle || null,
      style: (values.style ?? "minimal") as PosterGenerateParams["style"],
      size: { width: Number(values.width), height: Number(values.height) },
      reference_file_ids: Array.from(form.querySelectorAll<HTMLInputElement>("input[name=reference]:checked"), (c) => c.value),
    };
    submit.disabled = true;
    replace(result);
    bar.value = 0;
    void ctx.session.sdk.generate(params, { onUpdate: show })
      .then((task) => {
        const posterId = task.result?.poster_id;
        ctx.announce(t("generated"));
        replace(result, h("h2", {}, t("generated")),
          task.result?.preview_url ? h("img", { src: task.result.preview_url, alt: params.title ?? params.prompt, class: "poster-preview", id: "generated-poster" }) : null,
          posterId ? h("p", {}, h("a", { href: `#/posters/${posterId}`, id: "open-poster" }, t("openPoster"))) : null);
      }, (error: unknown) => ctx.announce(reason(error), "error"))
      .finally(() => (submit.disabled = false));
  } },
  field(t("prompt"), h("textarea", { name: "prompt", required: true, maxlength: "2000", rows: "2" })),
  field(t("title"), h("input", { name: "title", maxlength: "120" })),
  field(t("subtitle"), h("input", { name: "subtitle", maxlength: "240" })),
  field(t("style"), h("select", { name: "style" }, ...STYLES.map((style) => h("option", { value: style }, style)))),
  h("div", { class: "row" },
    field(t("width"), h("input", { name: "width", type: "number", min: "64", max: "4096", value: "540", required: true })),
    field(t("height"), h("input", { name: "height", type: "number", min: "64", max: "4096", value: "960", required: true }))),
  references,
  submit);

  return { element: h("section", {}, h("h1", {}, t("generateTitle")), form,
    h("div", { class: "progress" }, h("span", { id: "progress-label" }, t("progress")), " ", bar, " ", progressText),
    result) };
}
