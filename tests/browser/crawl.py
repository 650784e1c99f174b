"""Every page a visitor can reach by following links, one page per address pattern."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from playwright.sync_api import Page

# Not pages: files, feeds, the API, the static folder.
SKIPPED = re.compile(r"^/(static|api)/|\.(ics|csv|xlsx|json|pdf|svg|png|txt)$")
DIGITS = re.compile(r"\d+")
MAX_PAGES = 60


@dataclass(frozen=True)
class Visit:
    """A page reached: its address and the HTTP status it answered with."""

    path: str
    status: int


def pattern(path: str) -> str:
    """The address without its query and with its numbers blanked: /my/notices/ALA-2021-000164
    -> /my/notices/ALA-#-#, /admin/outbox?status=sent&page=2 -> /admin/outbox. One notice
    stands for all, a list for its filters and pages (the same template)."""
    return DIGITS.sub("#", urlsplit(path).path)


def local_links(page: Page, origin: str) -> list[str]:
    """The same-site page addresses the current page links to (without fragments)."""
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]:not([download])", "links => links.map(a => a.href)"
    )
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or SKIPPED.search(parts.path):
            continue
        found.append(urlunsplit(("", "", parts.path, parts.query, "")))
    return found


def crawl(page: Page, origin: str, seeds: list[str], skip: tuple[str, ...] = ()
          ) -> Iterator[Visit]:
    """Open the seeds, then each page they lead to (breadth first) but those whose path
    starts with one of `skip`; the caller inspects `page` at each visit."""
    seen = {pattern(s) for s in seeds}
    queue = deque(seeds)
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        response = page.goto(origin + path)
        visited += 1
        status = response.status if response is not None else 0
        if "text/html" not in (response.headers.get("content-type", "") if response else ""):
            continue
        yield Visit(path, status)
        for link in local_links(page, origin):
            if not link.startswith(skip) and pattern(link) not in seen:
                seen.add(pattern(link))
                queue.append(link)
