/** Media operations on a stored image with a before/after view, and batch jobs with their status. */
import { ApiError, type FileInfo, type Schemas } from "@design-agent/client";

import type { Context, Page } from "../app";
import { field, h, replace } from "../dom";
import { t } from "../i18n";
import { reason } from "../session";
import { listFiles } from "./files";

// the API's defaults, which the generated request type lists as required
const WATERMARK = { anchor: "bottom-right", color: "#ffffff", margin: 0.02, opacity: 0.5, rotation: 0, scale: 0.25,
  spacing: 0.5, tiled: false } as const;
type Operation = "remove-background" | "smart-crop" | "watermark";

export async function mediaPage(ctx: Context): Promise<Page> {
  const api = ctx.session.sdk.api;
  const images = (await listFiles(ctx)).filter((f) => f.status === "stored" && f.kind === "image");
  const source = h("select", { id: "media-source" }, ...images.map((f) => h("option", { value: f.file_id }, f.filename)));
  const text = h("input", { id: "watermark-text", value: "© Design Agent", maxlength: "200" });
  const compare = h("div", { class: "compare", id: "media-compare", "aria-live": "polite" });
  const jobs = h("ul", { id: "batch-jobs" });
  const chosen = (): FileInfo | undefined => images.find((f) => f.file_id === source.value);

  const run = async (operation: Operation): Promise<void> => {
    const before = chosen();
    if (!before) return;
    replace(compare, t("working"));
    const file_id = before.file_id;
    const { data, response } = operation === "remove-background"
      ? await api.POST("/api/v1/media/remove-background", { body: { file_id } })
      : operation === "smart-crop"
        ? await api.POST("/api/v1/media/smart-crop", { body: { file_id, aspect: "1:1", allow_upscale: false } })
        : await api.POST("/api/v1/media/watermark", { body: { ...WATERMARK, file_id, text: text.value } });
    if (!data) throw await ApiError.of(response);
    replace(compare,
      h("figure", {}, before.url ? h("img", { src: before.url, alt: t("before") }) : null, h("figcaption", {}, t("before"))),
      h("figure", {}, data.file.url ? h("img", { src: data.file.url, alt: t("after"), id: "media-after" }) : null,
        h("figcaption", {}, t("after"), ` (${data.width} × ${data.height}, ${data.format})`)));
  };
  const guarded = (operation: Operation) => () => void run(operation).catch((error: unknown) => {
    replace(compare);
    ctx.announce(reason(error), "error");
  });

  const showJob = (job: Schemas["BatchJobSummary"] | Schemas["BatchJobOut"]): HTMLLIElement => h("li", { "data-job-id": job.job_id },
    t("jobLine", { id: job.job_id, status: job.status, succeeded: job.succeeded, total: job.total, failed: job.failed }));
  const refreshJobs = async (): Promise<void> => {
    const { data } = await api.GET("/api/v1/media/jobs", {});
    replace(jobs, ...(data?.items.length ? data.items.map(showJob) : [h("li", {}, t("noJobs"))]));
  };
  const batch = async (): Promise<void> => {
    const before = chosen();
    if (!before) return;
    const { data, response } = await api.POST("/api/v1/media/jobs", { body: { items: [{ file_id: before.file_id,
      operations: [{ op: "remove_background" }, { op: "smart_crop", aspect: "1:1", allow_upscale: false }] }] } });
    if (!data) throw await ApiError.of(response);
    await refreshJobs();
  };
  const stop = ctx.live.listen((message) => {
    if (message.type.startsWith("media.")) void refreshJobs();
  });
  await refreshJobs();

  return {
    element: h("section", {}, h("h1", {}, t("mediaTitle")),
      field(t("sourceFile"), source),
      h("div", { class: "row" },
        h("button", { type: "button", onclick: guarded("remove-background") }, t("removeBackground")),
        h("button", { type: "button", onclick: guarded("smart-crop") }, t("smartCrop")),
        field(t("watermarkText"), text),
        h("button", { type: "button", onclick: guarded("watermark") }, t("watermark"))),
      compare,
      h("h2", {}, t("batchTitle"), " ", h("button", { type: "button", onclick: () => void refreshJobs() }, t("refresh"))),
      h("button", { type: "button", onclick: () => void batch().catch((error: unknown) => ctx.announce(reason(error), "error")) }, t("runBatch")),
      jobs),
    dispose: stop,
  };
}
