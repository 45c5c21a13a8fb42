"""Generated German motorsport articles for the benchmarks: invented sentences, names drawn
from a fixed pool, the same text for the same seed on every machine."""

from __future__ import annotations

import random

FIRST = ["Jan", "Anna", "Lukas", "Marie", "Tim", "Lena", "Felix", "Sophie", "Jonas", "Clara", "Ben", "Mia"]
LAST = ["Kowalski", "Vogel", "Brenner", "Hofmann", "Berger", "Wagner", "Roth", "Keller", "Lindner", "Wolf",
        "Krüger", "Seidel", "Hartmann", "Franke", "Lorenz", "Busch"]  # fmt: skip
CIRCUITS = ["Sachsenring", "Nürburgring", "Hockenheimring", "Lausitzring", "Norisring", "Oschersleben"]
TEAMS = ["Team Falken", "Rennsport Berger", "Racing Lindner", "Motorsport Wolf"]

SENTENCES = [
    "{a} hat sich am Samstag auf dem {c} die Pole-Position gesichert.",
    "Im Qualifying fuhr {a} mit 1:{m:02d},{ms:03d} Minuten die schnellste Runde.",
    "Zweiter wurde {b} vor {d}, der in der letzten Runde noch einen Platz verlor.",
    "Das Rennen über {n} Runden gewann {a} mit {s},{ms:03d} Sekunden Vorsprung auf {b}.",
    "{b} ({t}) beklagte nach dem Rennen Probleme mit den Bremsen.",
    "Der {age}-jährige {d} fährt in dieser Saison für {t}.",
    "In der Meisterschaft liegt {a} nun {p} Punkte vor {b}.",
    "Am Sonntag startet das zweite Rennen des Wochenendes um 13 Uhr.",
    "Die Strecke war nach einem Regenschauer am Morgen zunächst noch feucht.",
    "Teamchef {e} zeigte sich mit dem Ergebnis seiner Fahrer zufrieden.",
    "Die Zuschauer erlebten bei sommerlichen Temperaturen ein spannendes Rennen mit vielen Überholmanövern.",
    "Nach einer Unterbrechung wegen eines Unfalls in der ersten Kurve wurde das Rennen neu gestartet.",
    "Die Organisatoren zählten am ganzen Wochenende mehr als zwanzigtausend Besucher an der Strecke.",
    "Der nächste Lauf der Meisterschaft findet in drei Wochen statt.",
    "Mehrere Fahrer hatten im Training mit der Abstimmung ihrer Fahrzeuge zu kämpfen.",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sentence(rng: random.Random) -> str:
    a, b, d, e = (_name(rng) for _ in range(4))
    return rng.choice(SENTENCES).format(
        a=a, b=b, d=d, e=e, c=rng.choice(CIRCUITS), t=rng.choice(TEAMS), n=rng.randint(10, 40),
        m=rng.randint(20, 59), s=rng.randint(1, 30), ms=rng.randint(0, 999), age=rng.randint(17, 40),
        p=rng.randint(1, 60),
    )  # fmt: skip


def article(rng: random.Random, chars: int) -> str:
    """An article of about ``chars`` characters: paragraphs of four sentences."""
    paragraphs, size = [], 0
    while size < chars:
        paragraph = " ".join(sentence(rng) for _ in range(4))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:chars].rsplit(" ", 1)[0] + "."
