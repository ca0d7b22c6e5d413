/** Posters: the list, and one poster's document (layers and elements) with edits guarded by If-Match. */
import { ApiError, type Schemas } from "@design-agent/client";

import type { Context, Page } from "../app";
import { h, replace } from "../dom";
import { t } from "../i18n";
import { reason } from "../session";
import { fileUrl } from "./files";

type Document = Schemas["PosterDocument"];
type Layer = Schemas["Layer"];
type Element = Schemas["Element"];

export async function postersPage(ctx: Context): Promise<Page> {
  const { data, response } = await ctx.session.sdk.api.GET("/api/v1/designs/posters", { params: { query: { limit: 50 } } });
  if (!data) throw await ApiError.of(response);
  const items = await Promise.all(data.items.map(async (poster) => {
    const preview = poster.preview_file_id ? await fileUrl(ctx, poster.preview_file_id) : null;
    return h("li", { class: "poster" },
      preview ? h("img", { src: preview, alt: "", class: "thumb" }) : h("span", { class: "thumb placeholder", "aria-hidden": "true" }),
      h("a", { href: `#/posters/${poster.poster_id}` }, poster.title),
      h("span", {}, t("size", { width: poster.width, height: poster.height }), " · ", t("version", { version: poster.version })));
  }));
  return { element: h("section", {}, h("h1", {}, t("postersTitle")),
    h("ul", { class: "posters", id: "poster-list" }, ...(items.length ? items : [h("li", {}, t("noPosters"))]))) };
}

/** The text an element shows, when it is a text element. */
function textOf(element: Element): string | null {
  const body = element.body as { kind?: string; content?: string };
  return body.kind === "text" && typeof body.content === "string" ? body.content : null;
}

export async function posterPage(ctx: Context, [posterId]: string[]): Promise<Page> {
  const id = posterId ?? "";
  const api = ctx.session.sdk.api;
  const section = h("section", { id: "poster-page" });
  let etag = "*";

  const load = async (): Promise<void> => {
    const { data, response } = await api.GET("/api/v1/designs/posters/{poster_id}", { params: { path: { poster_id: id } } });
    if (!data) throw await ApiError.of(response);
    etag = response.headers.get("ETag") ?? "*";
    await render(data);
  };

  /** Run an edit with If-Match; a 412 is shown, never retried blindly (the other edit would be lost). */
  const edit = async (run: (ifMatch: string) => Promise<{ response: Response }>): Promise<void> => {
    const { response } = await run(etag);
    if (response.status === 412) { // shown (role=alert), never retried blindly: the other edit would be lost
      ctx.announce("");
      section.querySelector(".conflict")?.remove();
      section.prepend(h("div", { class: "conflict", role: "alert", id: "conflict" }, t("conflict"), " ",
        h("button", { type: "button", onclick: () => void load() }, t("reload"))));
      return;
    }
    if (!response.ok) throw await ApiError.of(response);
    etag = response.headers.get("ETag") ?? etag;
    ctx.announce(t("saved"));
    await load();
  };
  const guarded = (run: () => Promise<void>): void => void run().catch((error: unknown) => ctx.announce(reason(error), "error"));
  const header = (ifMatch: string): { "If-Match": string } => ({ "If-Match": ifMatch });

  const exported = h("div", { id: "export-result" });
  const exportPng = async (): Promise<void> => {
    ctx.announce(t("exporting"));
    const { data, response } = await api.POST("/api/v1/designs/posters/{poster_id}/export", {
      params: { path: { poster_id: id } }, body: { scale: 1 } });
    if (!data?.url) throw await ApiError.of(response);
    const url = data.url;
    // a cross-origin link's `download` is ignored, so the PNG is fetched (the bucket's CORS allows the console) and
    // saved from a blob; where the files come through a CDN without CORS, the link opens instead
    const download = h("button", { type: "button", id: "download-png", onclick: () => void (async () => {
      const png = await fetch(url);
      if (!png.ok) throw new Error(`${png.status}`);
      const link = h("a", { href: URL.createObjectURL(await png.blob()), download: `${id}.png` });
      document.body.append(link);
      link.click();
      link.remove();
    })().catch(() => window.open(url, "_blank", "noopener")) }, t("download"));
    replace(exported, h("img", { src: url, alt: t("export"), class: "poster-preview", id: "exported-png" }), download);
    ctx.announce(t("download"));
  };

  const render = async (doc: Document): Promise<void> => {
    const poster = doc.poster;
    const layers = [...doc.layers].sort((a, b) => a.order - b.order);
    const preview = poster.preview_file_id ? await fileUrl(ctx, poster.preview_file_id) : null;
    const title = h("input", { id: "poster-title", value: poster.title, maxlength: "200" });
    const move = (index: number, by: number): void => guarded(async () => {
      const order = layers.map((layer) => layer.layer_id);
      const [moved] = order.splice(index, 1);
      if (moved === undefined) return;
      order.splice(index + by, 0, moved);
      await edit((ifMatch) => api.PUT("/api/v1/designs/posters/{poster_id}/layer-order", {
        params: { path: { poster_id: id }, header: header(ifMatch) }, body: { layer_ids: order } }));
    });
    const elementRow = (element: Element): HTMLLIElement => {
      const text = textOf(element);
      if (text === null) return h("li", {}, `${element.element_id} (${(element.body as { kind?: string }).kind ?? "?"})`);
      const input = h("input", { value: text, "aria-label": t("textOf", { id: element.element_id }), "data-element-id": element.element_id });
      return h("li", { class: "text-element" }, input, h("button", { type: "button", onclick: () => guarded(() =>
        edit((ifMatch) => api.PATCH("/api/v1/designs/posters/{poster_id}/elements/{element_id}", {
          params: { path: { poster_id: id, element_id: element.element_id }, header: header(ifMatch) },
          body: { body: { ...(element.body as Schemas["TextElement"]), content: input.value } } }))) }, t("save")));
    };
    const layerRow = (layer: Layer, index: number): HTMLLIElement => h("li", { class: "layer", "data-layer-id": layer.layer_id },
      h("span", { class: "name" }, layer.name),
      h("button", { type: "button", disabled: index === 0, "aria-label": t("moveUp", { name: layer.name }), onclick: () => move(index, -1) }, "↑"),
      h("button", { type: "button", disabled: index === layers.length - 1, "aria-label": t("moveDown", { name: layer.name }), onclick: () => move(index, 1) }, "↓"),
      h("ul", { class: "elements", "aria-label": t("elements") },
        ...doc.elements.filter((e) => e.layer_id === layer.layer_id).sort((a, b) => a.z - b.z).map(elementRow)));
    replace(section,
      h("h1", {}, poster.title),
      h("p", { id: "poster-version" }, t("size", { width: poster.width, height: poster.height }), " · ", t("version", { version: poster.version })),
      preview ? h("img", { src: preview, alt: poster.title, class: "poster-preview" }) : null,
      h("form", { class: "inline", onsubmit: (event: Event) => {
        event.preventDefault();
        guarded(() => edit((ifMatch) => api.PATCH("/api/v1/designs/posters/{poster_id}", {
          params: { path: { poster_id: id }, header: header(ifMatch) }, body: { title: title.value } })));
      } }, h("label", { for: "poster-title" }, t("title")), title, h("button", { type: "submit" }, t("rename"))),
      h("h2", {}, t("layers")),
      h("ol", { class: "layers", id: "layers" }, ...layers.map(layerRow)),
      h("button", { type: "button", id: "export-png", onclick: () => guarded(exportPng) }, t("export")),
      exported);
  };

  await load();
  return { element: section };
}
