"""Tokenizer tweaks for motorsport text (on top of spaCy's German rules).

* lap times stay one token: ``2:24,869``, ``1.41,670``, ``1:28.320`` (spaCy's defaults already
  keep them; the ``token_match`` makes it explicit);
* compounds whose right part is a capitalised name are split at the hyphen, so that
  ``MadCroc-Corvette`` gives a team token and a car token; ``14-Runden-Rennen`` and
  ``25-jährige`` stay one token;
* crews ``Maassen/Menten`` are split at the slash (spaCy's default), ``(NL)`` into three tokens,
  and so is a name from a time or gap after it: ``Russian Time/+0,218``;
* ``jun.``, ``jr.``, ``sen.`` stay one token (name suffixes).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_suffix_regex

TOKEN_MATCH = re.compile(
    r"^(?:\d{1,2}[:.]\d{2}[,.]\d{1,3}"  # lap times
    r"|\d+-[A-ZÄÖÜ][a-zäöüß]+-[A-Za-zÄÖÜäöüß]+"  # 14-Runden-Rennen
    r"|\d+-jährige[rnms]?)$"  # 25-jährige
)
# a hyphen between a letter or digit and a capital letter
HYPHEN_INFIX = r"(?<=[A-Za-zÄÖÜäöüß0-9])-(?=[A-ZÄÖÜ])"
# a slash between a name and a time or gap: "(Russian Time/+0,218 Sekunden)", "(5./McLaren)"
SLASH_INFIX = r"(?<=[A-Za-zÄÖÜäöüß.])/(?=[+\-–\d])|(?<=\.)/(?=[A-ZÄÖÜ])"
# a closing quote before a crew's slash: "‚Tiger’/Tom Dix" (a pseudonym in quotes)
QUOTE_SLASH_INFIX = r"(?<=[A-Za-zÄÖÜäöüß])[’'‘](?=/)|(?<=[’'‘])/"
# the point after a model code ends a sentence ("im Audi R8 LMS GT3. Damit", "im Fabia S2000."); a
# number's stays
CODE_POINT_SUFFIX = "|".join(rf"(?<=[A-Za-z][0-9]{{{n}}})\." for n in range(1, 5))


#: spaCy exceptions that are names in motorsport news (Daniel Abt, Abt Sportsline)
NAMES_NOT_ABBREVIATIONS = frozenset({"Abt."})


def customize_tokenizer(nlp: Language) -> None:
    """Install the motorsport tokenizer rules on ``nlp`` (a blank German pipeline)."""
    tokenizer: Tokenizer = nlp.tokenizer
    infixes = list(nlp.Defaults.infixes or []) + [HYPHEN_INFIX, SLASH_INFIX, QUOTE_SLASH_INFIX]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    tokenizer.token_match = TOKEN_MATCH.match
    suffixes = [*(nlp.Defaults.suffixes or []), CODE_POINT_SUFFIX]
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    abbreviations = (
        "Dr.",
        "Nr.",
        "ca.",
        "min.",
        "Min.",
        "sek.",
        "Sek.",
        "bzw.",
        "km/h",
        "St.",
        "Prof.",
        "z.B.",
    )
    for abbr in (*abbreviations, "jun.", "Jun.", "jr.", "Jr.", "sen.", "Sen."):
        tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    # names of the sport that spaCy's German exceptions read as abbreviations: "… als Dritter vor
    # Daniel Abt." ends with a name and a full stop, not with "Abt." (Abteilung)
    rules = tokenizer.rules or {}
    tokenizer.rules = {k: v for k, v in rules.items() if k not in NAMES_NOT_ABBREVIATIONS}
