"""Entity typing and within-article coreference, from the nlp stage's mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.facts.model import Entity, EntityKind, Span
from kg.nlp.model import AnalyzedArticle, Mention

_KIND_OF: dict[str, EntityKind] = {
    "PER": "person",
    "TEAM": "team",
    "BRAND": "manufacturer",
    "CAR": "car_model",
    "SERIES": "series",
    "CIRCUIT": "circuit",
    "COUNTRY": "country",
    "NORP": "country",
    "CLASS": "race_class",
    "PLACE": "place",
}


@dataclass
class Cluster:
    kind: EntityKind
    label: str
    forms: set[str] = field(default_factory=set)
    mentions: list[Span] = field(default_factory=list)
    global_name: bool = True


@dataclass
class EntityIndex:
    """Entities of one article and the entity id of each mention."""

    clusters: dict[str, Cluster] = field(default_factory=dict)
    by_mention: dict[tuple[int, int], str] = field(default_factory=dict)
    counter: int = 0

    def new(self, kind: EntityKind, label: str, global_name: bool = True) -> str:
        self.counter += 1
        eid = f"{kind}:{self.counter}"
        self.clusters[eid] = Cluster(kind, label, {label}, [], global_name)
        return eid

    def find(self, kind: EntityKind, label: str) -> str | None:
        for eid, c in self.clusters.items():
            if c.kind == kind and label in c.forms:
                return eid
        return None

    def get_or_new(self, kind: EntityKind, label: str) -> str:
        return self.find(kind, label) or self.new(kind, label)

    def attach(self, eid: str, m: Mention, form: str | None = None) -> None:
        c = self.clusters[eid]
        c.forms.add(form or m.text)
        c.mentions.append(Span(m.start, m.end))
        self.by_mention[(m.start, m.end)] = eid

    def of(self, m: Mention) -> str | None:
        return self.by_mention.get((m.start, m.end))

    def entities(self) -> tuple[Entity, ...]:
        out = []
        for eid, c in self.clusters.items():
            alts = tuple(sorted(f for f in c.forms if f != c.label))
            spans = tuple(sorted(set(c.mentions), key=_offsets))  # not Span's own order: a tenth of the time
            out.append(Entity(eid, c.kind, c.label, alts, spans, c.global_name))
        return tuple(out)


def _offsets(span: Span) -> tuple[int, int]:
    return span.start, span.end


#: the first words of surnames with a particle; capitalised at a sentence start ("Di Grassis Auto")
_PARTICLE_WORDS = frozenset({"van", "von", "de", "di", "da", "del", "der", "den", "la", "le"})


def _full_name(name: str) -> bool:
    """A given name and a surname: "Paul di Resta", not "di Resta" nor, opening a sentence, "Di
    Resta" (a surname with its particle)."""
    return " " in name and name.split()[0].lower() not in _PARTICLE_WORDS


def _base(word: str, known: set[str]) -> str:
    """Strip a genitive ending (``Westbrooks``, ``Bartels'``) when the base is a known form."""
    if word.endswith("'"):
        return word[:-1]
    if word.endswith("s") and word[:-1] in known:
        return word[:-1]
    return word


def build_entities(analyzed: AnalyzedArticle) -> EntityIndex:
    """Cluster mentions into entities (persons all typed ``person`` here; drivers come later)."""
    index = EntityIndex()
    mentions = sorted(analyzed.mentions, key=lambda m: m.start)
    persons = [m for m in mentions if m.label == "PER"]
    full = [m for m in persons if _full_name(m.text)]
    # full names first: one entity per full name
    for m in full:
        # the norm of a genitive: "Ralf Schumacher" for "Ralf Schumachers Williams-BMW"
        index.attach(index.get_or_new("person", m.norm or m.text), m)
    surnames: dict[str, list[str]] = {}
    whole: dict[str, list[str]] = {}  # the surname as a whole: "Costa", not the "Costa" of "da Costa"
    firsts: dict[str, list[str]] = {}
    for eid, c in index.clusters.items():
        words = c.label.split()
        whole.setdefault(c.label[len(words[0]) + 1 :], []).append(eid)
        surnames.setdefault(c.label[len(words[0]) + 1 :], []).append(eid)
        surnames.setdefault(words[-1], []).append(eid)
        firsts.setdefault(words[0], []).append(eid)
    known = set(surnames) | set(firsts)
    for m in persons:
        if _full_name(m.text):
            continue
        word = _base(m.text, known)
        lowered = _base(m.text[:1].lower() + m.text[1:], known)
        if word not in known and lowered in known:
            word = lowered  # "Di Grassis" at a sentence start: the genitive of "Lucas di Grassi"
        cands = (
            list(dict.fromkeys(whole.get(word, [])))  # "Costa" is Albert Costa, not Antonio Felix da Costa
            or list(dict.fromkeys(surnames.get(word, [])))
            or list(dict.fromkeys(firsts.get(word, [])))
        )
        if cands:
            # two people of one surname: the nearest full mention before wins
            def last_before(eid: str, m: Mention = m) -> int:
                starts = [s.start for s in index.clusters[eid].mentions if s.start <= m.start]
                return max(starts) if starts else -1

            eid = max(cands, key=last_before)
            index.attach(eid, m, word if word in surnames else None)
        else:
            eid = index.find("person", word) or index.new("person", word, global_name=False)
            index.attach(eid, m, word)
    # other kinds
    for m in mentions:
        if m.label == "PER":
            continue
        kind = _KIND_OF.get(m.label)
        if kind is None:
            continue
        if m.label in ("COUNTRY", "NORP"):
            eid = index.get_or_new("country", m.norm or m.text)
            index.attach(eid, m, m.norm or m.text)
            continue
        if kind == "manufacturer":
            maker = m.norm or m.text
            index.attach(index.get_or_new(kind, maker), m, maker)
            continue
        if kind == "car_model":
            _attach_car(index, m, mentions)
            continue
        if kind == "team":
            team = _find_prefix(index, "team", m.text) or index.new("team", m.text)
            index.attach(team, m)
            if m.text.startswith("Team ") and len(m.text.split()) > 2:
                index.clusters[team].forms.add(m.text[5:])  # "(Team ART Grand Prix)": "ART Grand Prix"
            continue
        key = m.norm or m.text
        eid = index.find(kind, key) or index.find(kind, m.text) or index.new(kind, key)
        # "24 Stunden von" of "24 Stunden von Le Mans" (its place is a circuit mention): no name
        partial = m.label == "SERIES" and m.norm.startswith(m.text) and m.norm != m.text
        index.attach(eid, m, key if partial else None)
        c = index.clusters[eid]
        name = key if m.text in (key + "s", key + "es") else m.text  # not a genitive "des Nürburgrings"
        if kind == "circuit" and len(name) > len(c.label):
            c.label = name
        c.forms.add(key)
    _merge_team_prefixes(index)
    return index


def _find_prefix(index: EntityIndex, kind: EntityKind, text: str) -> str | None:
    """The cluster a team's name is the whole or a part of ("Red-Bull" of a "Red-Bull-Pilot" is
    "Red Bull": hyphens and spaces are one); its label becomes the longer, spaced form."""
    spaced = text.replace("-", " ")
    for eid, c in index.clusters.items():
        if c.kind == kind and any(
            g == spaced or g.startswith(spaced + " ") or spaced.startswith(g + " ")
            for g in (f.replace("-", " ") for f in c.forms)
        ):
            if len(text) > len(c.label) or (len(text) == len(c.label) and "-" in c.label and "-" not in text):
                c.label = text
            return eid
    return None


def _merge_team_prefixes(index: EntityIndex) -> None:
    teams = [eid for eid, c in index.clusters.items() if c.kind == "team"]
    for a in teams:
        for b in teams:
            ca, cb = index.clusters.get(a), index.clusters.get(b)
            if a == b or ca is None or cb is None:
                continue
            if cb.label.startswith(ca.label + " "):
                cb.forms |= ca.forms
                cb.mentions += ca.mentions
                for k, v in list(index.by_mention.items()):
                    if v == a:
                        index.by_mention[k] = b
                del index.clusters[a]


def _attach_car(index: EntityIndex, m: Mention, mentions: list[Mention]) -> None:
    brand = m.norm
    if brand and m.text.startswith(brand + " "):
        index.attach(index.get_or_new("manufacturer", brand), m, brand)
        eid = index.find("car_model", m.text)
        if eid is None:
            # a longer full form of the same model ("Porsche 911 GT3 RSR" for "Porsche GT3 RSR")
            for other in mentions:
                if (
                    other.label == "CAR"
                    and other.text.startswith(brand + " ")
                    and other.text.endswith(m.text[len(brand) :])
                ):
                    eid = index.find("car_model", other.text)
                    if eid:
                        break
        eid = eid or index.new("car_model", m.text)
        index.attach(eid, m)
        return
    # a bare model ("RS Spyder", "MC12", "Corvette"): join a full form ending in it
    for other in mentions:
        if (
            other.label == "CAR"
            and other.text != m.text
            and re.search(rf"(?:^|\s){re.escape(m.text)}$", other.text)
        ):
            eid = index.find("car_model", other.text) or index.new("car_model", other.text)
            index.attach(eid, m)
            return
    index.attach(index.get_or_new("car_model", m.text), m)
