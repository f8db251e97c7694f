"""What the page tests share: a logged-in client and the page as a reader sees it."""

from __future__ import annotations

import html as html_lib
import re

from django.test import Client


def client_for(user, language: str = "vi") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def plain(fragment: str) -> str:
    """HTML as a reader sees it: tags dropped, entities read, whitespace collapsed."""
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip())


def text(response) -> str:
    """The page as a reader sees it (scripts, styles and drawings left out)."""
    return plain(re.sub(r"<(script|style|svg)\b.*?</\1>", " ", response.content.decode(), flags=re.S))


def options(response, name: str, *, within: str = "") -> list[str]:
    """The options of the select named `name` (in the element of id `within`, if given)."""
    page = response.content.decode()
    if within:
        page = page[page.index(f'id="{within}"'):]
    select = page[page.index(f'name="{name}"'):]
    select = select[:select.index("</select>")]
    return [html_lib.unescape(o).strip() for o in re.findall(r"<option[^>]*>([^<]*)</option>", select)]
