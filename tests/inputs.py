"""Hand-written inputs of every format the build reads (invented German reports).

Each writer puts one kind of file into a folder and returns its path; the texts name drivers,
teams and circuits the extraction knows how to find, so tests can check what was built.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

QUALI = (
    "Jan Kowalski hat sich am Samstag auf dem Sachsenring die Pole-Position gesichert. "
    "Der Pole fuhr im Qualifying mit 1:28,321 Minuten die schnellste Runde. "
    "Zweiter wurde Lukas Brenner vor Anna Vogel. Das Rennen startet am Sonntag um 14 Uhr."
)
RACE = (
    "Lukas Brenner hat das Rennen auf dem Nürburgring gewonnen. Der Deutsche setzte sich "
    "nach 30 Runden vor Anna Vogel und Jan Kowalski durch. Vogel verlor in der letzten Runde "
    "noch eine Position, sagte aber nach dem Rennen, sie sei mit dem Ergebnis zufrieden."
)
TRANSFER = (
    "Anna Vogel fährt in der kommenden Saison für ein neues Team. Die Schweizerin aus Luzern "
    "war in diesem Jahr bei jedem Rennen unter den besten fünf und gilt als Favoritin für die "
    "Meisterschaft. Ihr neuer Teamkollege wird Jan Kowalski, der bisher für die Konkurrenz fuhr."
)
PREVIEW = (
    "Am Wochenende gastiert die Meisterschaft auf dem Lausitzring. Tabellenführer ist Lukas "
    "Brenner, der die letzten beiden Läufe gewonnen hat. Anna Vogel liegt nur vier Punkte "
    "zurück und will beim Heimspiel ihres Teams den Abstand verkürzen."
)
ENGLISH = (
    "Jan Kowalski took pole position at the Sachsenring on Saturday. The Pole set the fastest "
    "lap in qualifying, ahead of Lukas Brenner and Anna Vogel. The race starts on Sunday at two "
    "in the afternoon, and the weather forecast promises a dry track for the whole weekend."
)

PAGE = f"""<!DOCTYPE html>
<html lang="de-DE"><head><meta charset="utf-8">
<title>Kowalski holt die Pole am Sachsenring | Rennsport Aktuell</title>
<meta property="og:site_name" content="Rennsport Aktuell">
<meta property="og:title" content="Kowalski holt die Pole am Sachsenring">
<link rel="canonical" href="https://rennsport.example/gt/kowalski-pole.html">
<meta name="author" content="Karla Schmidt">
<meta property="article:published_time" content="2024-05-11T14:30:00+02:00">
</head><body>
<header><nav><ul><li><a href="/">Startseite</a></li><li><a href="/gt">GT Masters</a></li>
<li><a href="/f1">Formel 1 Silverstone</a></li></ul></nav></header>
<main><article><h1>Kowalski holt die Pole am Sachsenring</h1>
<p>{QUALI}</p>
</article>
<aside><h2>Mehr zum Thema</h2><ul><li><a href="/a">Hofer siegt in Monza</a></li>
<li><a href="/b">Lindqvist wechselt zu Team Falken</a></li></ul></aside></main>
<footer><p>© 2024 Rennsport Aktuell · Impressum · Datenschutz · Kontakt</p></footer>
</body></html>
"""

FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Rennsport Aktuell</title><link>https://rennsport.example/</link>
<language>de-de</language>
<item><title>Brenner gewinnt am Nürburgring</title>
<link>https://rennsport.example/gt/brenner-nuerburgring.html</link>
<guid>https://rennsport.example/?p=101</guid>
<pubDate>Sun, 12 May 2024 16:05:00 +0200</pubDate><dc:creator>Karla Schmidt</dc:creator>
<description>Kurz: Brenner siegt.</description>
<content:encoded><![CDATA[<p>{RACE}</p><p><a href="/mehr">Mehr Bilder</a></p>]]></content:encoded></item>
<item><title>Vogel wechselt das Team</title>
<link>https://rennsport.example/gt/vogel-team.html</link>
<pubDate>Mon, 13 May 2024 09:00:00 +0200</pubDate>
<description>&lt;p&gt;{TRANSFER}&lt;/p&gt;</description></item>
</channel></rss>
"""


def write_page(folder: Path, name: str = "kowalski-pole.html") -> Path:
    path = folder / name
    path.write_text(PAGE, encoding="utf-8")
    return path


def write_feed(folder: Path, name: str = "rennsport.rss") -> Path:
    path = folder / name
    path.write_text(FEED, encoding="utf-8")
    return path


RECORDS = [
    {"id": "vorschau-lausitz", "title": "Vorschau Lausitzring", "text": PREVIEW, "date": "2024-05-17",
     "url": "https://cms.example/vorschau-lausitz", "site": "CMS Motorsport"},
    {"url": "https://cms.example/news/vogel-transfer", "body": f"<p>{TRANSFER}</p>",
     "published": "2024-05-20T08:00:00Z", "author": {"name": "Karla Schmidt"}},
]  # fmt: skip


def write_jsonl(folder: Path, name: str = "export.jsonl", records: list[dict] | None = None) -> Path:
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records or RECORDS), "utf-8")
    return path


def write_warc(folder: Path, name: str = "crawl.warc.gz") -> Path:
    """A WARC file with a request, an HTML response, an image response and a 404."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = folder / name
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=name.endswith(".gz"))
        page = PAGE.replace(QUALI, RACE).replace("Kowalski holt die Pole am Sachsenring", "Brenner siegt")
        page = page.replace(
            '<link rel="canonical" href="https://rennsport.example/gt/kowalski-pole.html">', ""
        )
        page = page.replace('<meta property="og:title" content="Brenner siegt">', "")
        page = page.replace(
            '<meta property="article:published_time" content="2024-05-11T14:30:00+02:00">', ""
        )
        for uri, status, ctype, body in (
            ("https://rennsport.example/gt/brenner-siegt.html", "200 OK", "text/html; charset=utf-8",
             page.encode("utf-8")),
            ("https://rennsport.example/bild.jpg", "200 OK", "image/jpeg", b"\xff\xd8\xff\xe0 not really"),
            ("https://rennsport.example/fehlt.html", "404 Not Found", "text/html", b"<html>weg</html>"),
        ):  # fmt: skip
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-05-12T18:00:00Z"},
            )  # fmt: skip
            writer.write_record(record)
        get = b"GET /gt/brenner-siegt.html HTTP/1.1\r\nHost: rennsport.example\r\n\r\n"
        request = writer.create_warc_record(
            "https://rennsport.example/gt/brenner-siegt.html",
            "request",
            payload=io.BytesIO(get),
            length=len(get),
        )
        writer.write_record(request)
    return path
