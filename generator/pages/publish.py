"""Render, files for publishing: robots.txt and the Atom feed of event reports.

Both are deterministic: the feed's dates come from the data (event months), not the clock.
"""

from __future__ import annotations

from ..model.names import event_anchor
from .derive import SiteView
from .derive_tracker import month_label
from .render import page_url

FEED_PATH = "feed.xml"
FEED_SIZE = 50


def robots_txt(site_url: str | None, noindex: bool) -> bytes:
    """Allow crawling of the published site and name its sitemap; refuse it for previews."""
    if noindex:
        return b"User-agent: *\nDisallow: /\n"
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode()


def atom_feed(site: SiteView, site_name: str) -> bytes:
    """The newest event reports of all countries as an Atom 1.0 feed.

    Links are absolute when the site URL is known, else relative to the feed (xml:base "./").
    """
    # Imported here: xml.sax.saxutils brings urllib.request and http.client, slow to import,
    # which the incremental render, which writes no feed, need not load.
    from xml.sax.saxutils import escape, quoteattr

    base = site.site_url or "./"
    entries = []
    for country in site.countries:
        if not country.tracker_path:
            continue
        for month in country.months:
            for event in month.events:
                entries.append((event.month, country, event))
    entries.sort(key=lambda e: (e[0], e[1].slug, e[2].id), reverse=True)
    entries = entries[:FEED_SIZE]
    updated = f"{entries[0][0]}-01T00:00:00Z" if entries else "2000-01-01T00:00:00Z"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base={quoteattr(base)}>',
           f"<title>{escape(site_name)}: event reports</title>",
           f"<id>{escape(base + FEED_PATH)}</id>",
           f'<link rel="self" href="{escape(FEED_PATH)}"/>',
           '<link rel="alternate" href=""/>',
           f"<updated>{updated}</updated>"]
    for month, country, event in entries:
        page = page_url(country.tracker_path)
        link = page + "#" + event_anchor(event.id)  # the event's heading on the tracker page
        summary = event.body if len(event.body) <= 600 else event.body[:597] + "..."
        out += ["<entry>",
                f"<title>{escape(country.country.name)}: {escape(event.title)}</title>",
                # the id an entry has always had: a new one would show it again as new
                f"<id>{escape(base + page + '#' + event.id)}</id>",
                f'<link href="{escape(link)}"/>',
                f"<updated>{month}-01T00:00:00Z</updated>",
                f"<author><name>{escape(country.country.name)} event reports</name></author>",
                f"<category term={quoteattr(country.slug)}/>",
                f"<summary>{escape(month_label(month))}{' (event to watch)' if event.watch else ''}:"
                f" {escape(summary)}</summary>",
                "</entry>"]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode()
