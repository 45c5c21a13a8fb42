"""Other facts users ask for: car power, race distance, track length, standings and quotes.

Rules, per sentence:

* ``400 PS`` with a car model named in the sentence → that model's power (``power_ps``);
* ``14-Runden-Rennen``, ``ein Rennen über 22 Runden`` → the race's scheduled laps;
* ``der sieben Kilometer langen`` / ``4,5 km lange`` → the length of the circuit named right
  after it, else of this weekend's circuit;
* ``Tabellenführer``/``Spitzenreiter`` (position 1), ``Tabellenzweiter`` (2), ... → a standing
  of the person named right after it (``die Tabellenführer A und B``), else of the sentence's
  subject when it opens with a description ("Der aktuelle Spitzenreiter ...": the person in
  focus); ``mit 42 Punkten`` in the same sentence gives the points of a single standing;
* quoted speech with ``sagte X``, ``so der Niederländer``, ``erklärte der Titelfavorit``,
  ``freute sich X`` after it (or ``X sagte: "..."`` before it) → a quote and its speaker.
  Descriptions resolve to the nearest earlier person of that nationality (demonyms), to the
  pole sitter or winner (``der Pole-Mann``, ``der Sieger``), or to the championship leader
  (``der Titelfavorit``, ``der Tabellenführer``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from kg.facts.context import QUOTE_RE, Sentence, description_subject
from kg.facts.entities import EntityIndex
from kg.facts.model import Fact, Measure, Quote, Span, Standing
from kg.facts.numbers import NUMBER_WORD_RE, cardinal
from kg.facts.prefilter import Prefiltered
from kg.nlp.model import Mention

POWER = Prefiltered(re.compile(r"\b(\d{2,4})\s*PS\b"))
SCHEDULED_LAPS = Prefiltered(
    re.compile(
        rf"\b(?P<n>{NUMBER_WORD_RE})-Runden-(?:Rennen|Lauf|Distanz)\b"
        rf"|\b(?:Rennen|Lauf|Distanz)\s+über\s+(?P<n2>{NUMBER_WORD_RE})\s+Runden\b",
        re.I,
    )
)
LENGTH = Prefiltered(
    re.compile(rf"\b(?P<n>\d+[,.]\d+|{NUMBER_WORD_RE})\s*(?:Kilometer|km)\s+lange[nrs]?\b", re.I)
)
STANDING = Prefiltered(
    re.compile(
        r"\b(?:Tabellen|Meisterschafts|Gesamt)?(?:führende[rn]?|führer\w*)\b|\bSpitzenreiter\w*\b"
        r"|\bTabellen(?P<ord>zweite|dritte|vierte|fünfte)[rn]?\b"
    )
)
POINTS = Prefiltered(re.compile(r"\bmit\s+(\d{1,4})\s+(?:Punkten|Zählern)\b"))
SPEECH_VERBS = (
    r"(?:so|sagte|sagt|erklärte|erklärt|meinte|meint|berichtete|berichtet|betonte|ergänzte|"
    r"resümierte|kommentierte|freute\s+sich|ärgerte\s+sich|jubelte|strahlte|analysierte)"
)
AFTER_QUOTE = re.compile(rf"\s*,?\s*{SPEECH_VERBS}\s+(?:(?P<det>der|die)\s+(?P<desc>[\w-]+))?")
BEFORE_QUOTE = re.compile(rf"\s+{SPEECH_VERBS}\s*:\s*")
LEADER_WORDS = re.compile(r"Titelfavorit\w*|Tabellenführer\w*|Spitzenreiter\w*|Meisterschaftsführende\w*")
POLE_WORDS = re.compile(r"Pole-?(?:Mann|Setter|sitter)\w*")
WINNER_WORDS = re.compile(r"(?:Renn)?[Ss]ieger\w*")


def _persons(s: Sentence) -> list[Mention]:
    return s.persons()


def extract_measures(
    sents: list[Sentence], index: EntityIndex, race_session: str | None, circuit: str | None
) -> list[Measure]:
    """Power of car models, scheduled laps of this weekend's race, length of circuits."""
    out: list[Measure] = []
    for s in sents:
        span = Span(s.start, s.end)
        for m in POWER.finditer(s.text):
            cars = [c for c in s.mentions if c.label == "CAR"]
            # "den 400 PS starken VIP-Elfer", "der GT3 RSR mit 450 PS"
            car = next((c for c in cars if 0 <= c.start - s.start - m.end() <= 20), None) or next(
                (c for c in reversed(cars) if 0 <= s.start + m.start() - c.end <= 12), None
            )
            eid = index.of(car) if car is not None else None
            if eid:
                out.append(Measure(eid, "power_ps", Decimal(m.group(1)), span))
        for m in SCHEDULED_LAPS.finditer(s.text):
            laps = cardinal(m.group("n") or m.group("n2"))
            if race_session and laps:
                out.append(Measure(race_session, "scheduled_laps", Decimal(laps), span))
        for m in LENGTH.finditer(s.text):
            raw = m.group("n")
            value = Decimal(raw.replace(",", ".")) if re.search(r"[,.]", raw) else cardinal(raw)
            named = next(
                (c for c in s.mentions if c.label == "CIRCUIT" and 0 <= c.start - s.start - m.end() <= 15),
                None,
            )
            target = index.of(named) if named is not None else circuit
            if target and value:
                out.append(Measure(target, "length_km", Decimal(value), span))
    return out


def extract_standings(
    sents: list[Sentence], index: EntityIndex, series: str | None, focus_of: dict[int, str | None]
) -> list[Standing]:
    """Championship standings stated in the text (``focus_of``: the person in focus per sentence)."""
    out: list[Standing] = []
    for s in sents:
        persons = _persons(s)
        found: list[tuple[str, int]] = []
        for m in STANDING.finditer(s.text):
            pos = {"zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5}.get(m.group("ord") or "", 1)
            after = [p for p in persons if p.start - s.start >= m.end()]
            crew: list[Mention] = []
            if after and re.fullmatch(r"\s+", s.text[m.end() : after[0].start - s.start]):
                crew = [after[0]]
                for p in after[1:]:
                    if re.fullmatch(r"\s*(?:und|/)\s*", s.text[crew[-1].end - s.start : p.start - s.start]):
                        crew.append(p)
                    else:
                        break
            if crew:
                found += [(eid, pos) for eid in (index.of(p) for p in crew) if eid]
            elif description_subject(s) or (
                not any(p.start - s.start < m.start() for p in persons)
                and re.match(r"\s*(?:Der|Die)\b", s.text)
                and m.start() < 60
            ):
                who = focus_of.get(s.index)
                if who:
                    found.append((who, pos))
        points = POINTS.search(s.text)
        for eid, pos in dict.fromkeys(found):
            pts = Decimal(points.group(1)) if points and len(found) == 1 else None
            out.append(Standing(eid, Span(s.start, s.end), position=pos, points=pts, series=series))
    return out


def extract_quotes(
    sents: list[Sentence],
    index: EntityIndex,
    text: str,
    facts: list[Fact],
    roles: dict[str, str],
    standings: list[Standing],
) -> list[Quote]:
    """Quoted speech with its speaker, where the attribution names or describes one."""
    persons = sorted(
        (m for s in sents for m in s.persons() if index.of(m)),
        key=lambda m: m.start,
    )
    leaders = {st.driver for st in standings if st.position == 1}
    mentions = [m for s in sents for m in s.mentions]
    out: list[Quote] = []
    for q in QUOTE_RE.finditer(text):
        inner = Span(q.start() + 1, q.end() - 1)
        if len(inner.text(text).split()) < 3:
            continue  # a quoted name or title, not speech
        speaker: str | None = None
        after = AFTER_QUOTE.match(text, q.end())
        if after:
            named = next((p for p in persons if after.end() <= p.start <= after.end() + 1), None)
            if named is not None:  # "sagte Max Muster", "sagte der Österreicher Max Muster"
                speaker = index.of(named)
            elif after.group("desc"):
                norp = next(
                    (m for m in mentions if m.label == "NORP" and m.start == after.start("desc")), None
                )
                country = index.of(norp) if norp is not None else None
                speaker = _describe(
                    after.group("desc"), country, q.start(), persons, index, facts, roles, leaders
                )
        else:
            # 'X sagte: "..."': the person right before the verb
            before = [
                p for p in persons if p.end <= q.start() and BEFORE_QUOTE.fullmatch(text[p.end : q.start()])
            ]
            speaker = index.of(before[-1]) if before else None
        anchor = q.end() - 1
        evidence = next((Span(s.start, s.end) for s in sents if s.start <= anchor < s.end), None)
        if evidence is not None:
            out.append(Quote(inner, evidence, speaker))
    return out


def _describe(
    desc: str,
    country: str | None,
    offset: int,
    persons: list[Mention],
    index: EntityIndex,
    facts: list[Fact],
    roles: dict[str, str],
    leaders: set[str],
) -> str | None:
    """The person a description after a quote refers to ("der Niederländer", "der Sieger")."""
    head = desc.split()[-1]
    if POLE_WORDS.fullmatch(head):
        return roles.get("pole")
    if WINNER_WORDS.fullmatch(head):
        return roles.get("winner")
    if LEADER_WORDS.fullmatch(head):
        return next(iter(leaders)) if len(leaders) == 1 else None
    if country is None:
        return None
    earlier = [index.of(p) for p in persons if p.end <= offset]
    for eid in reversed(earlier):
        known = {f.value for f in facts if f.subject == eid and f.attribute == "nationality"}
        if country in known:
            return eid
    return None
