"""Shared steps of the storefront theme tests: signing in through the form, copying a theme,
reading rendered pages."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import httpx

from graphql_api.services.themes import BUILT_IN_DIR
from tests.identity_helpers import BUYER_PASSWORD

BUYER = "ana@cliente.com.br"
BASE = "http://testserver"
STOREFRONT = """mutation($input: UpdateStorefrontInput!) { updateStorefront(input: $input) {
  storefront { theme } userErrors { field message code } } }"""


def text(page: str) -> str:
    """A page's visible text on one line."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]


def cookies_set(response: httpx.Response) -> dict[str, str]:
    return {line.split("=", 1)[0]: line for line in response.headers.get_list("set-cookie")}


def copy_theme(name: str, target: Path, new_name: str | None = None) -> Path:
    """A copy of a built-in theme to change in a test."""
    folder = target / (new_name or name)
    shutil.copytree(BUILT_IN_DIR / name, folder)
    if new_name:
        manifest = folder / "theme.toml"
        text_ = manifest.read_text(encoding="utf-8")
        manifest.write_text(text_.replace(f'name = "{name}"', f'name = "{new_name}"'), "utf-8")
    return folder


async def sign_in(http: httpx.AsyncClient, prefix: str = "", **fields: str) -> httpx.Response:
    data = {"email": BUYER, "password": BUYER_PASSWORD, **fields}
    return await http.post(f"{prefix}/sign-in", data=data)
