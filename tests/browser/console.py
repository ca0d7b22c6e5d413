"""Steps of a person using the web console, written once for the browser tests."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.integration.conftest import Platform


@dataclass(frozen=True)
class Person:
    email: str
    username: str
    password: str


def new_person(prefix: str = "web") -> Person:
    name = f"{prefix}{uuid.uuid4().hex[:10]}"
    return Person(email=f"{name}@example.com", username=name, password="a long enough password")


def open_console(page: Page, platform: Platform, origin: str | None = None) -> None:
    page.goto(f"{origin or platform.url}/console/")
    expect(page.locator("main h1").first).to_be_visible()


def register(page: Page, person: Person) -> None:
    page.locator("#register-email").fill(person.email)
    page.get_by_label("User name").fill(person.username)
    page.locator("#register-password").fill(person.password)
    page.get_by_role("button", name="Register").click()
    expect(page.locator("#whoami")).to_contain_text(person.username)


def sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("E-mail").first.fill(email)  # the sign-in form comes first
    page.get_by_label("Password").first.fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def photo(width: int = 640, height: int = 480) -> bytes:
    """A real JPEG photo-like image (a gradient with shapes)."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=(30 + y * 200 // height, 80, 200 - y * 150 // height))
    draw.ellipse([width // 4, height // 4, 3 * width // 4, 3 * height // 4], fill=(240, 200, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def drop_file(page: Page, selector: str, name: str, data: bytes, mime: str) -> None:
    """Drag and drop a file onto ``selector``: a DataTransfer holding a File, dispatched as the browser would."""
    transfer = page.evaluate_handle(
        """([name, bytes, mime]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, { type: mime }));
            return transfer;
        }""", [name, list(data), mime])
    page.dispatch_event(selector, "dragover", {"dataTransfer": transfer})
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def unread_count(page: Page) -> int:
    return int(page.locator("#unread-count").inner_text())
