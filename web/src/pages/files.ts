/** Upload by drag and drop (or the file picker) straight to the bucket, a progress bar per file, then the list. */
import { ApiError, type FileInfo } from "@design-agent/client";

import type { Context, Page } from "../app";
import { h, replace } from "../dom";
import { type MessageKey, t } from "../i18n";
import { reason } from "../session";

/** The user's files, newest first; the stored images with their (short-lived) URLs, which a listing leaves out. */
export async function listFiles(ctx: Context): Promise<FileInfo[]> {
  const { data, response } = await ctx.session.sdk.api.GET("/api/v1/storage/files", { params: { query: { limit: 100 } } });
  if (!data) throw await ApiError.of(response);
  return Promise.all(data.items.map(async (file) =>
    file.status === "stored" && file.content_type.startsWith("image/") && !file.url
      ? { ...file, url: await fileUrl(ctx, file.file_id) } : file));
}

/** A file's current download URL (presigned or CDN-signed: they expire, so read them when shown). */
export async function fileUrl(ctx: Context, fileId: string): Promise<string | null> {
  const { data } = await ctx.session.sdk.api.GET("/api/v1/storage/files/{file_id}", { params: { path: { file_id: fileId } } });
  return data?.url ?? null;
}

export function statusText(status: string): string {
  const key = `status_${status}`;
  return ["status_stored", "status_pending", "status_rejected"].includes(key) ? t(key as MessageKey) : status;
}

function fileRow(file: FileInfo): HTMLLIElement {
  const thumbnail = file.status === "stored" && file.url && file.content_type.startsWith("image/")
    ? h("img", { src: file.url, alt: file.filename, class: "thumb", loading: "lazy" })
    : h("span", { class: "thumb placeholder", "aria-hidden": "true" });
  return h("li", { class: `file ${file.status}`, "data-file-id": file.file_id },
    thumbnail,
    h("span", { class: "name" }, file.filename),
    h("span", { class: "state" }, statusText(file.status), file.reason ? `: ${file.reason}` : null));
}

export async function filesPage(ctx: Context): Promise<Page> {
  const list = h("ul", { class: "files", id: "file-list", "aria-labelledby": "file-list-title" });
  const uploads = h("ul", { class: "uploads", id: "uploads", "aria-label": t("uploading", { name: "" }) });
  const refresh = async (): Promise<void> => {
    const files = await listFiles(ctx);
    replace(list, ...(files.length ? files.map(fileRow) : [h("li", {}, t("noFiles"))]));
  };

  const upload = async (file: File): Promise<void> => {
    const bar = h("progress", { max: "100", value: "0", "aria-label": t("uploading", { name: file.name }) });
    const state = h("span", { class: "state" }, "0%");
    const row = h("li", { "data-name": file.name, class: "pending" }, h("span", { class: "name" }, file.name), bar, state);
    uploads.append(row);
    try {
      await ctx.session.sdk.upload(file, { onProgress: (sent, total) => {
        const percent = total ? Math.round((sent / total) * 100) : 0;
        bar.value = percent;
        state.textContent = `${percent}%`;
      } });
      bar.value = 100;
      state.textContent = t("uploadStored", { name: file.name });
      row.className = "stored";
    } catch (error) { // refused by the bucket or the API, or rejected by the confirmation (its reason shown)
      state.textContent = t("uploadFailed", { name: file.name, reason: reason(error) });
      row.className = "rejected";
    }
    await refresh();
  };
  const uploadAll = (files: FileList | null): void => {
    for (const file of Array.from(files ?? [])) void upload(file);
  };

  const picker = h("input", { type: "file", id: "file-picker", multiple: true, accept: "image/*", class: "visually-hidden",
    onchange: (event: Event) => uploadAll((event.target as HTMLInputElement).files) });
  const drop = h("div", {
    class: "dropzone", id: "dropzone", role: "button", tabindex: "0", "aria-describedby": "drop-hint",
    ondragover: (event: Event) => {
      event.preventDefault();
      drop.classList.add("over");
    },
    ondragleave: () => drop.classList.remove("over"),
    ondrop: (event: Event) => {
      event.preventDefault();
      drop.classList.remove("over");
      uploadAll((event as DragEvent).dataTransfer?.files ?? null);
    },
    onclick: () => picker.click(),
    onkeydown: (event: Event) => {
      const key = (event as KeyboardEvent).key;
      if (key === "Enter" || key === " ") {
        event.preventDefault();
        picker.click();
      }
    },
  }, h("span", { id: "drop-hint" }, t("dropHere")));

  await refresh();
  return { element: h("section", {},
    h("h1", {}, t("filesTitle")),
    drop,
    h("label", { for: "file-picker", class: "button" }, t("chooseFiles")), picker,
    uploads,
    h("h2", { id: "file-list-title" }, t("fileList"), " ",
      h("button", { type: "button", onclick: () => void refresh() }, t("refresh"))),
    list) };
}
