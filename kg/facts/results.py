"""Sessions and results: who finished or qualified where, from German sentences.

Rules, per sentence (quoted speech masked):

* a position expression ("Pole", "den siebten Startplatz", "auf Platz vier", "als Dritter",
  "Dritter wurden", "gewann das Rennen", "die schnellste Zeit") gives a position;
* its session kind comes from the expression itself (Startplatz/Pole → qualifying, Sieg →
  race), else the nearest session word before it in the sentence, else the last one seen;
* its drivers are, in this order: the antecedent of a relative clause it stands in ("X, der als
  Dritter ..."); the person right after a clause-initial position ("Zweiter wurde X", "Dritter
  X"); the nearest person (or crew "A/B", "A und B" with a plural verb) before it who is no
  object ("gegen Pole-Mann X"); the person in focus when the sentence opens with a description
  ("Der Österreicher ...", "Der 24-jährige Rosenheimer ..."); the person after it;
* "vor X sowie Y" and "gefolgt von X und Y" rank the named persons behind it; "auf den Plätzen
  drei und vier folgen A und B" aligns positions and names;
* one position per driver per session; one session per (kind, event, class); an earlier race
  ("beim letzten Lauf in X", "vor zwei Wochen", "im Vorjahr", another year) is its own event;
* "aus der zweiten Startreihe" is qualifying 3 or 4, kept only when the other slot is taken;
* "mit 2,4 Sekunden Vorsprung" is the gap of P2 (applied in ``kg.facts.extract``);
* running order ("lag auf", "Kampf um P4", "durchgereicht") and hypotheticals are no results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from kg.facts.context import Sentence, description_subject, is_genitive, relative_antecedent
from kg.facts.entities import EntityIndex
from kg.facts.model import Event, Session, SessionKind, Span
from kg.facts.numbers import NUMBER_WORD_RE, ORDINAL_RE, gap, lap_time, ordinal, position
from kg.nlp.model import Mention

ORD = ORDINAL_RE.pattern.removeprefix("(?i)")
NOMINAL_ORD = (
    r"(?:Erster|Zweiter|Dritter|Vierter|Fünfter|Sechster|Siebter|Siebenter|Achter|Neunter|Zehnter|Elfter"
    r"|Zwölfter)"
)

# (pattern, kind or None); group "n" or "n2" hold numbers, a missing group means P1
POSITION_PATTERNS: list[tuple[re.Pattern[str], SessionKind | None]] = [
    # "Pole-Mann X", "Pole-Setter X" describe a driver; they state no new result
    (re.compile(r"\b(?:die\s+|der\s+)?Pole(?:-Position\b|(?![-\w]))"), "qualifying"),
    (re.compile(rf"\b(?:den|dem)\s+(?P<n>{ORD})\s+Startplatz\b", re.I), "qualifying"),
    (re.compile(rf"\bStartplatz\s+(?P<n>{NUMBER_WORD_RE})\b"), "qualifying"),
    (re.compile(r"\b(?:die\s+)?(?:schnellste\s+Zeit|Trainingsbestzeit|Bestzeit)\b"), "qualifying"),
    (re.compile(r"\b(?P<n>zweit|dritt|viert|fünft)schnellste\s+Zeit\b"), "qualifying"),
    (re.compile(r"\b(?:gewann|gewinnt)\s+(?:das|den|beim)\s+(?:[\w-]*[Rr]ennen|Lauf|Finale)\b"), "race"),
    (re.compile(r"\b(?:siegte|triumphierte)\b"), "race"),
    (
        re.compile(
            r"\b(?:hat|haben|hatte)\s+(?:[\w-]+\s+){0,3}?(?:das|den)\s+(?:\w*[Rr]ennen|Lauf|Finale)\b[^.;,]*?\bgewonnen\b"
        ),
        "race",
    ),
    (
        re.compile(
            r"\b(?:feierte|holte|errang|fuhr)\s+(?:sich\s+)?(?:[\w-]+\s+){0,4}?(?:den|seinen|ihren)\s+(?:\w+\s+)?Sieg\b"
        ),
        "race",
    ),
    (
        re.compile(
            r"\b(?:(?:wurde|ist|heißt)\s+Sieger\b|Sieger\s+(?:wurde|ist|heißt|des\s+(?:\w*[Rr]ennens|Laufs)|im\s+Rennen)\b"
            r"|als\s+Sieger\s+(?:ins\s+Ziel|über\s+die\s+Ziellinie|abgewinkt))"
        ),
        "race",
    ),
    (re.compile(r"\bschlug\b[^,.]*\b\w*[Rr]ennen\b"), "race"),
    (
        re.compile(
            rf"\b(?:Positionen|Plätzen|Plätze|Rängen|Ränge)\s+(?P<n>{NUMBER_WORD_RE})\s+und\s+(?P<n2>{NUMBER_WORD_RE})\b"
        ),
        None,
    ),
    (re.compile(rf"\b(?:Platz|Rang|Position|Startposition)\s+(?P<n>{NUMBER_WORD_RE})\b"), None),
    (re.compile(r"\bP(?P<n>\d{1,2})\b"), None),
    (re.compile(rf"\b(?:den|dem)\s+(?P<n>{ORD})\s+(?:Platz|Rang)\b", re.I), None),
    (re.compile(rf"\b(?P<n>{NOMINAL_ORD})(?:\s+und\s+(?P<n2>{NOMINAL_ORD}))?\b"), None),
]
SESSION_WORDS: list[tuple[re.Pattern[str], SessionKind]] = [
    (re.compile(r"Qualifikationsrennen|Qualifying-Rennen"), "qualifying_race"),
    (re.compile(r"Shoot-?[Oo]ut"), "shootout"),
    (re.compile(r"Warm-?[Uu]p"), "warmup"),
    (re.compile(r"Freie[sn]?\s+Training|Training\s+am\s+Freitag"), "practice"),
    (
        re.compile(r"Qualifying|Zeittrain\w*|Qualifikationstraining|qualifizierte|Zeitenjagd|Startplatz"),
        "qualifying",
    ),
    (
        re.compile(
            r"\w*[Rr]ennen\w*|\bLauf\b|Siegerpodest|karierte\s+Flagge|Ergebnisliste\w*|Zielflagge|\bSieg\b"
        ),
        "race",
    ),
]
# race words that look ahead to a race, not back at one
FUTURE_RACE = re.compile(r"\b(?:für|ins|in\s+das)\s+(?:das\s+)?[\w-]*[Rr]ennen\b")
RUNNING = re.compile(
    r"\b(?:lag|lagen|kämpf\w*|Kampf|durchgereicht|Führende[rn]?|schnappte|fand\s+sich|jagte|Schlepptau|"
    r"Spitzengruppe|Runde\s+später|um\s+P\d)\b"
)
HYPOTHETICAL = re.compile(r"\b(?:etwaig\w*|würde\w*|falls|Punktgleichheit|hätte\w*)\b|\(\d+\s+Punkte\)")
PLURAL_VERB = re.compile(
    r"\b(?:wurden|waren|konnten|stehen|gehen|starten|belegten|holten|fuhren|teilen|teilten|deren|kamen|"
    r"landeten|erreichten|sicherten|gewannen|siegten)\b"
)
YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass
class Pending:
    session_key: tuple[str, SessionKind, str | None]
    position: int
    drivers: tuple[str, ...]
    evidence: Span
    team: str | None = None
    car_model: str | None = None
    lap_time: Decimal | None = None
    gap: Decimal | None = None


@dataclass
class ResultBuilder:
    index: EntityIndex
    full_text: str
    events: dict[tuple[str | None, str | None, int | None], Event] = field(default_factory=dict)
    sessions: dict[tuple[str, SessionKind, str | None], Session] = field(default_factory=dict)
    rows: list[Pending] = field(default_factory=list)
    margins: list[tuple[tuple, Decimal]] = field(default_factory=list)
    # "aus der zweiten Startreihe": (session key, row, drivers, evidence); positions 2r-1 or 2r
    grid_rows: list[tuple[tuple, int, tuple[str, ...], Span]] = field(default_factory=list)

    def event_id(self, series: str | None, circuit: str | None, year: int | None) -> str:
        key = (series, circuit, year)
        if key not in self.events:
            self.events[key] = Event(f"event:{len(self.events) + 1}", series, circuit, None, year)
        return self.events[key].id

    def session_key(self, event: str, kind: SessionKind, race_class: str | None, evidence: Span):
        key = (event, kind, race_class)
        if key not in self.sessions:
            self.sessions[key] = Session(
                f"session:{len(self.sessions) + 1}", kind, event, race_class, evidence
            )
        return key


def _crew_at(s: Sentence, persons: list[Mention], i: int, text: str) -> list[Mention]:
    """The person ``persons[i]`` plus those joined to it by "/" (or "und" when plural)."""
    group = [persons[i]]
    j = i
    while j + 1 < len(persons):
        between = text[persons[j].end - s.start : persons[j + 1].start - s.start]
        if between.strip() == "/" or (between.strip() == "und" and PLURAL_VERB.search(s.text)):
            group.append(persons[j + 1])
            j += 1
        else:
            break
    return group


def _groups(s: Sentence, persons: list[Mention]) -> list[list[Mention]]:
    out: list[list[Mention]] = []
    i = 0
    while i < len(persons):
        g = _crew_at(s, persons, i, s.text)
        out.append(g)
        i += len(g)
    return out


# the text talks about an earlier race than this weekend's
EARLIER_RACE = re.compile(
    r"\b(?:(?:beim|im|am)\s+(?:letzten|vorigen|vergangenen|vorherigen)\s+(?:Lauf|Rennen|Wochenende)"
    r"|vor\s+(?:einer|zwei|drei|vier|fünf|\d+)\s+Wochen?|im\s+Vorjahr|(?:letztes|vergangenes)\s+Jahr)\b"
)
PRESENT = re.compile(r"\b(?:an\s+diesem|am)\s+Wochenende\b|\bheute\b")
# a person who is the object, not the subject: "gegen Pole-Mann X", "hinter X"
OBJECT_BEFORE = re.compile(r"\b(?:gegen|hinter|neben)\s+(?:(?:dem|den|seinen?|ihren?)\s+)?(?:[\w-]+\s+)?$")
# between a clause-initial position and its post-posed subject: "Zweiter des Rennens wurde der Niederländer"
POSTPOSED = re.compile(
    r"\s*(?:(?:wurden?|ist|war|wird|des|der|dem|die|im|in|beim)\s+|[A-ZÄÖÜ][\w-]*\s+){0,5}"
)
# what "... gewann." can have won besides a race
NOT_A_RACE_WIN = re.compile(
    r"\b(?:Meisterschaft|Titel|Punkte|Platz|Plätze|Positionen|Zeit|Duell|Start|Wertung|Pokal)\w*"
)
GRID_ROW = re.compile(rf"\b(?:aus|in|von)\s+der\s+(?P<n>{ORD})\s+(?:Start)?[Rr]eihe\b", re.I)
MARGIN = re.compile(
    r"\bmit\s+(?:knapp\s+|nur\s+|rund\s+)?(?P<g>[\d,.]+\s+(?:Sekunden?|s)|\w+\s+(?:Zehntel|Hundertstel|Tausendstel)\w*)"
    r"\s+Vorsprung\b"
)


def _event_key(series: str | None, circuit: str | None, year: int | None, earlier: int) -> tuple:
    return (series, circuit, year, earlier)


def extract_results(sents: list[Sentence], index: EntityIndex, full_text: str) -> ResultBuilder:
    rb = ResultBuilder(index, full_text)
    article_has_qrace = bool(re.search(r"Qualifikationsrennen", full_text))
    series_ids = [index.of(m) for s in sents for m in s.mentions if m.label == "SERIES"]
    default_series = next((x for x in series_ids if x), None)
    circuit_ids = [index.of(m) for s in sents for m in s.mentions if m.label == "CIRCUIT"]
    circuit = next((x for x in circuit_ids if x), None)
    earlier = 0  # > 0 while the text is about an earlier race
    race_class = None
    context_kind: SessionKind | None = None
    focus: list[Mention] = []
    placed: dict[tuple, set[tuple[tuple[str, ...], int]]] = {}
    for s in sents:
        text = s.text
        s_circuits = [index.of(m) for m in s.mentions if m.label == "CIRCUIT"]
        if EARLIER_RACE.search(text):
            earlier += 1
            circuit_now = s_circuits[0] if s_circuits else None
            earlier_circuit = circuit_now
        elif earlier and not (s_circuits or PRESENT.search(text)):
            circuit_now = earlier_circuit
        else:
            earlier = 0
            if s_circuits:
                circuit = s_circuits[-1]
            circuit_now = circuit
        for m in s.mentions:
            if m.label == "CLASS":
                race_class = index.of(m)
        years = YEAR_RE.findall(re.sub(r"\([^)]*\)", " ", text))
        sentence_year = int(years[0]) if years else None
        ekey = (default_series, circuit_now, sentence_year, earlier)
        if ekey not in rb.events:
            rb.events[ekey] = Event(
                f"event:{len(rb.events) + 1}", default_series, circuit_now, None, sentence_year
            )  # type: ignore[index]
        event = rb.events[ekey].id  # type: ignore[index]
        # session words, without forward-looking race words
        words: list[tuple[int, SessionKind]] = []
        future = [(m.start(), m.end()) for m in FUTURE_RACE.finditer(text)]
        for pat, kind in SESSION_WORDS:
            for m in pat.finditer(text):
                if kind == "race" and any(a <= m.start() < b for a, b in future):
                    continue
                words.append((m.start(), kind))
        words.sort()
        persons = [p for p in s.persons() if not is_genitive(p, index)]
        subjects = [p for p in persons if not OBJECT_BEFORE.search(text[: p.start - s.start])]
        described = description_subject(s)
        skip = bool(HYPOTHETICAL.search(text))
        found: list[tuple[int, int, list[int], SessionKind | None]] = []
        taken: list[tuple[int, int]] = []
        for pat, kind in POSITION_PATTERNS:
            for m in pat.finditer(text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                if pat.pattern.startswith(r"\bschlug") and not persons:
                    continue
                if pat.pattern.startswith(r"\bgewann(?=") and NOT_A_RACE_WIN.search(
                    re.split(r"[,;]", text[: m.start()])[-1]
                ):
                    continue
                nums = []
                for g in ("n", "n2"):
                    if g in pat.groupindex and m.group(g):
                        raw = m.group(g)
                        val = {"zweit": 2, "dritt": 3, "viert": 4, "fünft": 5}.get(raw) or position(raw)
                        if val:
                            nums.append(val)
                if "n" not in pat.groupindex:
                    nums = [1]
                if not nums:
                    continue
                before = text[max(0, m.start() - 5) : m.start()]
                if re.search(r"\bum\s*$", before) or RUNNING.search(text):
                    continue
                taken.append((m.start(), m.end()))
                found.append((m.start(), m.end(), nums, kind))
        found.sort()
        last_kind: SessionKind | None = None
        for start, end, nums, kind in found:
            if skip:
                break
            if kind is None:
                prev = [k for o, k in words if o <= start]
                nxt = [k for o, k in words if o > start]
                kind = prev[-1] if prev else (nxt[0] if nxt else context_kind or "race")
            if kind == "qualifying" and article_has_qrace and "Hauptrennen" in text:
                kind = "qualifying_race"
            last_kind = kind
            cls = race_class if (race_class and (kind in ("qualifying", "race"))) else None
            key = rb.session_key(event, kind, cls, Span(s.start, s.end))
            done = placed.setdefault(key, set())
            abs_start = s.start + start
            groups = _groups(s, subjects)
            behind = _behind_groups(s, persons, end)
            behind_ids = {id(p) for g in behind for p in g}
            cands = [g for g in groups if not any(id(p) in behind_ids for p in g)]
            before_g = [g for g in cands if g[-1].start < abs_start]
            after_g = [g for g in cands if g[0].start >= abs_start]
            if len(nums) > 1:
                n_pos = len(nums)
                before_s = [[p] for g in before_g for p in g]
                after_s = [[p] for g in after_g for p in g]
                if len(before_g) >= n_pos or len(before_s) >= n_pos:
                    flat = (before_g if len(before_g) >= n_pos else before_s)[-n_pos:]
                else:
                    flat = (after_g if len(after_g) >= n_pos else after_s)[:n_pos]
                if len(flat) == len(nums):
                    for n, g in zip(nums, flat, strict=True):
                        rb.rows.append(Pending(key, n, _ids(g, index), Span(s.start, s.end)))
                continue
            chosen = _subject_of(s, start, end, subjects, before_g, after_g, described, focus)
            if not chosen:
                continue
            ids = _ids(chosen, index)
            if any(set(ids) & set(d) for d, n in done if n != nums[0]):
                continue  # one position per driver per session
            done.add((ids, nums[0]))
            row = Pending(key, nums[0], ids, Span(s.start, s.end))
            lt = lap_time(text)
            if (
                lt is not None
                and nums[0] == 1
                and kind != "race"
                and re.search(r"bestzeit|schnellste|pole", text, re.I)
            ):
                row.lap_time = lt
            g = gap(text)
            if (
                g is not None
                and nums[0] > 1
                and g < 10
                and re.search(r"Abstand|Rückstand|zurück|langsamer|dahinter|\+", text)
            ):
                row.gap = g
            rb.rows.append(row)
            pos = nums[0]
            for bg in behind:
                pos += 1
                bids = _ids(bg, index)
                if any(set(bids) & set(d) for d, n in done if n != pos):
                    continue
                done.add((bids, pos))
                rb.rows.append(Pending(key, pos, bids, Span(s.start, s.end)))
            if nums[0] == 1 and kind == "race":
                mm = MARGIN.search(text)
                g2 = gap(mm.group("g")) if mm else None
                if g2 is not None:
                    rb.margins.append((key, g2))
        for gm in GRID_ROW.finditer(text):
            row_no = ordinal(gm.group("n"))
            if skip or row_no is None or RUNNING.search(text):
                continue
            key = rb.session_key(event, "qualifying", None, Span(s.start, s.end))
            chosen = _subject_of(
                s, gm.start(), gm.end(), subjects, *_split(s, subjects, gm.start()), described, focus
            )
            if chosen:
                rb.grid_rows.append((key, row_no, _ids(chosen, index), Span(s.start, s.end)))
        if not found and not skip and context_kind is not None:
            _attach_lap_time(rb, s, persons, described, focus, context_kind, index)
        # the session of the last result carries over; before any result, the first session word
        if found and not skip and last_kind is not None:
            context_kind = last_kind
        elif context_kind is None and words:
            context_kind = words[0][1]
        if s.persons():
            focus = _groups(s, [p for p in s.persons() if not is_genitive(p, index)])[-1:][0:1]
            focus = focus[0] if focus else []
    return rb


def _split(
    s: Sentence, persons: list[Mention], start: int
) -> tuple[list[list[Mention]], list[list[Mention]]]:
    groups = _groups(s, persons)
    return (
        [g for g in groups if g[-1].start < s.start + start],
        [g for g in groups if g[0].start >= s.start + start],
    )


def _subject_of(
    s: Sentence,
    start: int,
    end: int,
    persons: list[Mention],
    before_g: list[list[Mention]],
    after_g: list[list[Mention]],
    described: bool,
    focus: list[Mention],
) -> list[Mention]:
    """The driver(s) a position expression at ``start:end`` (sentence-relative) is about."""
    text = s.text
    ante = relative_antecedent(s, persons, s.start + start)
    if ante is not None:
        return [ante]
    clause_initial = re.search(r"(?:^|[,;]|\bund)\s*$", text[:start]) is not None
    if clause_initial and after_g:
        nxt = after_g[0]
        between = text[end : nxt[0].start - s.start]
        if re.fullmatch(POSTPOSED, between) and "," not in between:
            return nxt
    if before_g:
        return before_g[-1]
    if described:
        return focus
    return after_g[0] if after_g else focus


def _attach_lap_time(
    rb: ResultBuilder,
    s: Sentence,
    persons: list[Mention],
    described: bool,
    focus: list[Mention],
    kind: SessionKind,
    index: EntityIndex,
) -> None:
    """A lap time in a sentence about a driver who already has a result: that result's time."""
    lt = lap_time(s.text)
    if lt is None or kind == "race" or not re.search(r"schnellste|Bestzeit|Runde", s.text):
        return
    who = persons[:1] if persons else (focus if described else [])
    ids = _ids(who, index)
    if len(ids) != 1:
        return
    rows = [r for r in rb.rows if r.session_key[1] == kind and ids[0] in r.drivers]
    if len(rows) == 1 and rows[0].lap_time is None and rows[0].position == 1:
        rows[0].lap_time = lt


def _ids(group: list[Mention], index: EntityIndex) -> tuple[str, ...]:
    out: list[str] = []
    for m in group:
        eid = index.of(m)
        if eid and eid not in out:
            out.append(eid)
    return tuple(out)


def _behind_groups(s: Sentence, persons: list[Mention], after: int) -> list[list[Mention]]:
    """Persons ranked behind: "vor X sowie Y", "vor dem Auto von A und B", "gefolgt von A und B"."""
    text = s.text
    m = re.search(r"\b(?:vor|gefolgt\s+von)\b", text[after:])
    if not m:
        m2 = re.search(r"\bvor\b", text)
        if not m2:
            return []
        m_start = m2.start()
    else:
        m_start = after + m.start()
    tail_end = len(text)
    stop = re.search(r"[;:]|\s(?:auf|und\s+(?:war|ist|fuhr|wurde))\s", text[m_start:])
    if stop:
        tail_end = m_start + stop.start()
    inside = [p for p in persons if m_start <= p.start - s.start < tail_end]
    if not inside:
        return []
    crew = (
        bool(re.search(r"\bvon\s*$", text[m_start : inside[0].start - s.start]))
        and "gefolgt" not in text[m_start : m_start + 8]
    )
    if crew:
        group = [inside[0]]
        for p in inside[1:]:
            between = text[group[-1].end - s.start : p.start - s.start].strip()
            if between in ("und", "/"):
                group.append(p)
            else:
                break
        return [group]
    return [[p] for p in inside]
