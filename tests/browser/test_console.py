"""A person uses the web console in Chromium: sign up, upload by drag and drop straight to the bucket (the
browser's form POST to the presigned URL, CORS of the bucket), generate with progress over the browser's
WebSocket, open and edit the poster (an If-Match conflict shown), export and download the PNG, the inbox count
live; an administrator blocks a user, whose open console is signed out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import requests
from playwright.sync_api import Page, expect

from tests.browser.conftest import WAIT_MS, screenshot
from tests.browser.console import drop_file, new_person, open_console, photo, register, sign_in, unread_count
from tests.integration.conftest import Platform, login
from tests.integration.tasks_support import Workers

OpenPage = Callable[..., Page]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_sign_up_upload_generate_edit_export(platform: Platform, workers: Workers, new_page: OpenPage) -> None:
    workers.start(1, step_delay_s=0.2)  # steps slow enough that the browser sees progress between 0 and 100
    page = new_page()
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    open_console(page, platform)
    screenshot(page, "sign-in")
    person = new_person()
    register(page, person)
    assert any(url.startswith(platform.ws_url) for url in sockets), sockets  # the live feed is open
    expect(page.locator("#unread-count")).to_have_text("0")

    # upload: dropped on the drop zone, POSTed by the browser to the presigned URL, confirmed, listed with its thumbnail
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    drop_file(page, "#dropzone", "harbour.jpg", photo(), "image/jpeg")
    upload = page.locator("#uploads li[data-name='harbour.jpg']")
    expect(upload).to_contain_text("harbour.jpg: stored")
    expect(upload.locator("progress")).to_have_attribute("value", "100")
    assert any(url.startswith(platform.moto_url) for url in posts), posts  # straight to the bucket, not the API
    stored = page.locator("#file-list li.stored", has_text="harbour.jpg")
    expect(stored).to_be_visible()
    thumbnail = stored.locator("img.thumb")
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0  # the preview URL loads in an <img>
    screenshot(page, "files")

    # generate with the upload as a reference: progress over the browser's WebSocket up to 100 %
    page.get_by_role("link", name="Generate").click()
    page.get_by_label("What the poster is about").fill("Harbour lights festival")
    page.get_by_label("Title", exact=True).fill("Harbour Lights")
    page.get_by_label("Subtitle").fill("Friday 7pm, Pier 9")
    page.get_by_label("Style").select_option("bold")
    page.get_by_label("harbour.jpg").check()
    sockets.clear()
    page.get_by_role("button", name="Generate").click()
    expect(page.locator("#progress-text")).to_contain_text("via websocket")
    progress = page.locator("#generation-progress")
    expect(progress).to_have_attribute("value", "100")
    expect(page.locator("#progress-text")).to_contain_text("100%")
    assert any("token=" in url for url in sockets), sockets  # the task was followed over a WebSocket with a token
    poster = page.locator("#generated-poster")
    expect(poster).to_have_js_property("complete", True)
    assert poster.evaluate("img => img.naturalWidth") > 0
    screenshot(page, "generate")
    expect(page.locator("#unread-count")).not_to_have_text("0")  # task messages arrived live

    # the poster: layers and elements, a text edited, layers reordered
    page.locator("#open-poster").click()
    expect(page.locator("#layers li.layer").first).to_be_visible()
    text = page.locator(".text-element input").first
    expect(text).to_be_visible()
    version = page.locator("#poster-version").inner_text()
    text.fill("Harbour Lights 2026")
    page.locator(".text-element").first.get_by_role("button", name="Save").click()
    expect(page.locator("#status")).to_have_text("Saved.")
    expect(page.locator("#poster-version")).not_to_have_text(version)
    expect(page.locator(".text-element input").first).to_have_value("Harbour Lights 2026")
    layers = page.locator("#layers > li.layer")
    if layers.count() > 1:
        first = layers.first.get_attribute("data-layer-id")
        layers.first.get_by_role("button", name="Move").last.click()
        expect(layers.nth(1)).to_have_attribute("data-layer-id", str(first))

    # someone else changes the poster: the next edit here is refused with 412 and shown, not lost silently
    poster_id = page.url.rsplit("/", 1)[-1]
    other = login(platform, person.email, person.password)
    changed = requests.patch(platform.api(f"/api/v1/designs/posters/{poster_id}"), headers=other.auth,
                             json={"title": "Renamed elsewhere"}, timeout=30)
    assert changed.status_code == 204, changed.text
    page.locator("#poster-title").fill("Renamed here")
    page.get_by_role("button", name="Rename").click()
    expect(page.locator("#conflict")).to_contain_text("changed this poster")
    screenshot(page, "poster-conflict")
    page.locator("#conflict").get_by_role("button", name="Reload").click()
    expect(page.locator("main h1")).to_have_text("Renamed elsewhere")
    page.locator("#poster-title").fill("Renamed here")
    page.get_by_role("button", name="Rename").click()
    expect(page.locator("main h1")).to_have_text("Renamed here")

    # export and download
    page.get_by_role("button", name="Export PNG").click()
    exported = page.locator("#exported-png")
    expect(exported).to_have_js_property("complete", True)
    assert exported.evaluate("img => img.naturalWidth") > 0
    with page.expect_download(timeout=WAIT_MS) as download:
        page.get_by_role("button", name="Download the PNG").click()
    saved = Path(download.value.path())
    assert saved.read_bytes()[:8] == PNG_SIGNATURE
    assert download.value.suggested_filename == f"{poster_id}.png"
    screenshot(page, "poster")

    # the inbox: the count falls to 0 when all is read
    assert unread_count(page) > 0
    page.get_by_role("link", name="Inbox").click()
    expect(page.locator("#inbox-list li.unread").first).to_be_visible()
    screenshot(page, "inbox")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator("#unread-count")).to_have_text("0")


def test_admin_blocks_a_user_whose_console_is_signed_out(platform: Platform, admin_email: str,
                                                         new_page: OpenPage) -> None:
    user_page = new_page()
    open_console(user_page, platform)
    person = new_person("blocked")
    register(user_page, person)
    expect(user_page.locator("#dropzone")).to_be_visible()

    admin_page = new_page()
    open_console(admin_page, platform)
    sign_in(admin_page, admin_email, "admin password 123")
    admin_page.get_by_role("link", name="Users").click()
    row = admin_page.locator(f"#users tr[data-email='{person.email}']")
    expect(row).to_be_visible()
    screenshot(admin_page, "admin-users")
    row.get_by_role("button", name=f"Block {person.username}").click()
    expect(row.locator(".user-status")).to_have_text("blocked")

    # the server closes the user's WebSocket; the console finds its session over and signs out, untouched
    expect(user_page.locator("#signin-email")).to_be_visible()
    expect(user_page.locator("#status")).to_have_text("Your session has ended. Please sign in again.")
    expect(user_page.get_by_role("button", name="Sign out")).to_have_count(0)

    row.get_by_role("button", name=f"Unblock {person.username}").click()
    expect(row.locator(".user-status")).to_have_text("active")


def test_rejected_upload_shows_its_reason(platform: Platform, new_page: OpenPage) -> None:
    page = new_page()
    open_console(page, platform)
    register(page, new_person("reject"))
    page.locator("#file-picker").set_input_files(files=[{"name": "not-a-picture.png", "mimeType": "image/png",
                                                        "buffer": b"this is text, not a PNG" * 10}])
    # the bucket took it (the browser's POST succeeded); the platform's confirmation rejected it, with the reason
    rejected = page.locator("#uploads li.rejected[data-name='not-a-picture.png']")
    expect(rejected.locator(".state")).to_contain_text("content-type-mismatch")
    expect(page.locator("#file-list")).to_contain_text("No files yet.")  # the list shows stored files only


def test_keyboard_and_simplified_chinese(platform: Platform, new_page: OpenPage) -> None:
    page = new_page(locale="zh-CN")
    open_console(page, platform)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")  # the browser's language is the default
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    person = new_person("zh")
    page.locator("#register-email").fill(person.email)
    page.get_by_label("用户名").fill(person.username)
    page.locator("#register-password").fill(person.password)
    page.locator("#register-password").press("Enter")  # a form submits from the keyboard
    expect(page.get_by_role("link", name="文件", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="文件", exact=True)).to_be_visible()
    screenshot(page, "files-zh")
    page.get_by_label("语言").select_option("en")
    expect(page.get_by_role("heading", name="Files", exact=True)).to_be_visible()
    expect(page.locator("#dropzone")).to_contain_text("Drop images here")
    with page.expect_file_chooser() as chooser:
        # the drop zone opens the file picker from the keyboard (focused and pressed in one step: a re-render
        # between a separate focus() and the key press left the focus nowhere)
        page.locator("#dropzone").press("Enter")
    assert chooser.value.is_multiple()


def test_cors_lets_the_console_origin_in_and_no_other(platform: Platform, new_page: OpenPage) -> None:
    """The console at http://localhost:<port> (another origin than the API's http://127.0.0.1:<port>): every call
    is cross-origin, preflighted with its Authorization header, and the upload to the bucket too. A page of any
    other origin cannot read the API."""
    console = platform.url.replace("127.0.0.1", "localhost")
    page = new_page()
    cross_origin: list[str] = []
    page.on("request", lambda request: cross_origin.append(request.url)
            if request.url.startswith(f"{platform.url}/api/") else None)
    open_console(page, platform, origin=console)
    register(page, new_person("cors"))
    page.locator("#file-picker").set_input_files(files=[{"name": "cors.jpg", "mimeType": "image/jpeg",
                                                        "buffer": photo(320, 240)}])
    expect(page.locator("#uploads li.stored[data-name='cors.jpg']")).to_be_visible()
    assert cross_origin  # the API was called at 127.0.0.1 from the localhost page
    assert any("/api/v1/storage/files" in url for url in cross_origin)

    stranger = new_page()
    stranger.route("http://stranger.example/", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>stranger</title>"))
    stranger.goto("http://stranger.example/")
    answer = stranger.evaluate("""async (url) => {
        try { await fetch(url); return "read"; } catch (error) { return "blocked: " + error.name; }
    }""", f"{platform.url}/api/v1/users/health")
    assert answer == "blocked: TypeError"  # the API's answer carries no Access-Control-Allow-Origin for it


def test_media_before_and_after_and_a_batch_job(platform: Platform, new_page: OpenPage) -> None:
    page = new_page()
    open_console(page, platform)
    register(page, new_person("media"))
    page.locator("#file-picker").set_input_files(files=[{"name": "square.jpg", "mimeType": "image/jpeg",
                                                        "buffer": photo(400, 300)}])
    expect(page.locator("#uploads li.stored[data-name='square.jpg']")).to_be_visible()
    page.get_by_role("link", name="Media").click()
    expect(page.get_by_label("Image").locator("option")).to_have_text(["square.jpg"])
    page.get_by_role("button", name="Smart crop (square)").click()
    after = page.locator("#media-after")
    expect(after).to_have_js_property("complete", True)
    assert after.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [300, 300]  # 1:1 of a 400 x 300 photo
    expect(page.locator("#media-compare figure")).to_have_count(2)  # before and after, side by side
    screenshot(page, "media")
    page.get_by_role("button", name="Run as a batch job").click()
    expect(page.locator("#batch-jobs li[data-job-id]")).to_have_count(1)
    # the job's completion arrives as a notification over the live WebSocket: the list updates by itself
    expect(page.locator("#batch-jobs li[data-job-id]")).to_contain_text("completed (1/1 done, 0 failed)")


def test_tokens_renew_transparently(platform: Platform, new_page: OpenPage) -> None:
    page = new_page()
    open_console(page, platform)
    register(page, new_person("renew"))
    refreshes: list[int] = []
    page.on("response", lambda response: refreshes.append(response.status)
            if response.url.endswith("/api/v1/auth/refresh") else None)
    # an access token about to expire is renewed before the call; one the API refuses (401) is renewed and the call
    # repeated: the person sees the page either way
    for tokens_change in ("tokens.expiresAt = Date.now()", "tokens.accessToken = 'not-a-token'"):
        page.evaluate(f"""() => {{
            const tokens = JSON.parse(sessionStorage.getItem("design-agent.tokens"));
            {tokens_change};
            sessionStorage.setItem("design-agent.tokens", JSON.stringify(tokens));
        }}""")
        before = len(refreshes)
        page.get_by_role("link", name="Posters").click()
        expect(page.get_by_role("heading", name="Posters", exact=True)).to_be_visible()
        expect(page.locator("#poster-list")).to_contain_text("No posters yet.")
        assert refreshes[before:] == [200], refreshes
        page.get_by_role("link", name="Files").click()
        expect(page.locator("#dropzone")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
