"""The partner catalog embed (SPEC E5): the rules of where it may show.

A partner pastes `<script src=".../s/<slug>/embed.js?key=<embed key>">`; the script puts a
frame of `.../s/<slug>/embed?key=...` in the page. The key names a live partner client bound to
the storefront; the frame shows the storefront's catalog as that client sees it (public
prices). Where it may show is the client's `allowed_origins`, enforced twice: the page's
Content-Security-Policy `frame-ancestors` lists exactly them (the browser refuses to frame it
anywhere else), and a request whose Origin or Referer names another origin, or a cross-site one
that names none, is refused before anything runs. The engine (engine.py) serves both routes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from starlette.requests import Request

from graphql_api.models import PartnerClient
from graphql_api.services.partners import client_origin_allowed
from graphql_api.web.identity import is_own_origin

PAGE = "/embed"
LOADER = "/embed.js"
SCRIPT = "/embed/frame.js"
STYLESHEET = "/embed/embed.css"
ROUTES = (PAGE, LOADER, SCRIPT, STYLESHEET)
KEY_PARAM = "key"
FILES = Path(__file__).parent / "embed_files"
# The engine's layout replaces this template of the theme when it renders the embed.
THEME_LAYOUT = "base.html"
_PREFIXED = re.compile(r"^/s/[^/]+/embed$")
_CROSS = {"cross-site", "same-site"}


def is_embed_path(path: str) -> bool:
    """The one page other sites may frame (SecurityHeaders leaves its framing rules to it)."""
    return path == PAGE or _PREFIXED.match(path) is not None


def read(name: str) -> str:
    return (FILES / name).read_text(encoding="utf-8")


def loader_script(title: str) -> str:
    """The script partners include; `title` names the frame for screen readers."""
    return "var DEFAULT_TITLE = " + json.dumps(title) + ";\n" + read("loader.js")


def frame_ancestors(client: PartnerClient | None) -> str:
    origins = list(client.allowed_origins or ()) if client is not None else []
    return " ".join(origins) if origins else "'none'"


def page_policy(client: PartnerClient | None) -> str:
    """The page's Content-Security-Policy: the storefront pages' own, framed by the client's
    origins only."""
    return (
        "default-src 'self'; img-src 'self' https: data:; style-src 'self'; "
        "script-src 'self'; form-action 'self'; base-uri 'self'; "
        f"frame-ancestors {frame_ancestors(client)}"
    )


def _allowed(request: Request, client: PartnerClient, url: str) -> bool:
    """Whether the origin of `url` (an Origin header, or a Referer's page) is ours or the
    client's."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    origin = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
    return is_own_origin(request, origin) or client_origin_allowed(client, origin)


def refusal(request: Request, client: PartnerClient) -> str | None:
    """Why this request may not have the embed, or None. The loader's and the frame's requests
    carry the partner page's origin in their Referer (the loader sets the frame's Referer
    policy to `strict-origin`); a browser request from another site without one cannot show
    where it comes from and is refused too. A request without Fetch metadata or Referer is no
    browser's page (curl, a monitor): it may read the public catalog, not frame it."""
    origin = request.headers.get("origin")
    if origin is not None and not _allowed(request, client, origin):
        return f"origin {origin} is not allowed"
    referer = request.headers.get("referer")
    if referer:
        if not _allowed(request, client, referer):
            return "the page's origin is not allowed"
    elif request.headers.get("sec-fetch-site", "").lower() in _CROSS:
        return "a request from another site must name its origin"
    return None
