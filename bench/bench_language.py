"""Language check benchmark: how often the build's detector (``kg.ingest.language``) skips a
German text (it must not) and lets a text in another language through, and what it costs.

    python bench/bench_language.py [--per-language 20]

German texts: GermEval 2014 dev and UD German GSD test (six sentences a text, and single
GermEval sentences of 20 words or more: the shortest text the detector judges), the example
articles, ``../shared/seeds`` and ``/work/devset/texts`` where they are there, and generated
results tables (f1db driver names, times, few words: the hard case). Other languages: texts
generated from the invented motorsport sentences below (English, French, Italian, Spanish,
Dutch, Portuguese, Polish, Czech, Danish, Swedish). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

DRIVERS = ["Jan Kowalski", "Anna Vogel", "Lukas Brenner", "Marco Rossi", "Sophie Martin", "Tom Jensen"]
CIRCUITS = ["Monza", "Spa", "Silverstone", "Zandvoort", "Le Mans", "Brno", "Estoril", "Jarama"]

SENTENCES: dict[str, list[str]] = {
    "en": [
        "{d} took pole position at {c} on Saturday.",
        "The race was stopped after a heavy crash in the first corner.",
        "{d} finished second, just ahead of {e}, who had started from the back of the grid.",
        "The team said the car had been difficult to drive in the wet conditions.",
        "After the final pit stops {d} was able to extend the lead to almost ten seconds.",
        "The championship leader now has a gap of twelve points before the next round at {c}.",
    ],
    "fr": [
        "{d} a décroché la pole position samedi à {c}.",
        "La course a été interrompue après un violent accident dans le premier virage.",
        "{d} a terminé deuxième, juste devant {e}, parti du fond de la grille.",
        "L'équipe a expliqué que la voiture était difficile à piloter sous la pluie.",
        "Après les derniers arrêts aux stands, {d} a creusé l'écart jusqu'à presque dix secondes.",
        "Le leader du championnat compte désormais douze points d'avance avant la prochaine manche à {c}.",
    ],
    "it": [
        "{d} ha conquistato la pole position sabato a {c}.",
        "La gara è stata interrotta dopo un brutto incidente alla prima curva.",
        "{d} ha chiuso secondo, appena davanti a {e}, partito dal fondo della griglia.",
        "La squadra ha detto che la macchina era difficile da guidare sul bagnato.",
        "Dopo gli ultimi pit stop {d} ha allungato fino a quasi dieci secondi di vantaggio.",
        "Il leader del campionato ha ora dodici punti di vantaggio prima della prossima gara a {c}.",
    ],
    "es": [
        "{d} consiguió la pole position el sábado en {c}.",
        "La carrera se detuvo tras un fuerte accidente en la primera curva.",
        "{d} terminó segundo, justo por delante de {e}, que salió desde el fondo de la parrilla.",
        "El equipo dijo que el coche había sido difícil de conducir con la pista mojada.",
        "Tras las últimas paradas en boxes, {d} amplió la ventaja a casi diez segundos.",
        "El líder del campeonato tiene ahora doce puntos de ventaja antes de la próxima cita en {c}.",
    ],
    "nl": [
        "{d} pakte zaterdag op {c} de pole position.",
        "De race werd stilgelegd na een zware crash in de eerste bocht.",
        "{d} werd tweede, net voor {e}, die achteraan was gestart.",
        "Het team zei dat de auto in de natte omstandigheden moeilijk te besturen was.",
        "Na de laatste pitstops kon {d} de voorsprong uitbouwen tot bijna tien seconden.",
        "De leider in het kampioenschap heeft nu twaalf punten voorsprong voor de volgende race op {c}.",
    ],
    "pt": [
        "{d} conquistou a pole position no sábado em {c}.",
        "A corrida foi interrompida depois de um forte acidente na primeira curva.",
        "{d} terminou em segundo, logo à frente de {e}, que largou do fundo do grid.",
        "A equipe disse que o carro estava difícil de guiar na pista molhada.",
        "Depois das últimas paradas nos boxes, {d} ampliou a vantagem para quase dez segundos.",
        "O líder do campeonato tem agora doze pontos de vantagem antes da próxima etapa em {c}.",
    ],
    "pl": [
        "{d} wywalczył w sobotę pole position na torze {c}.",
        "Wyścig został przerwany po groźnym wypadku w pierwszym zakręcie.",
        "{d} zajął drugie miejsce, tuż przed {e}, który startował z końca stawki.",
        "Zespół powiedział, że samochód był trudny do prowadzenia na mokrej nawierzchni.",
        "Po ostatnich postojach w boksach {d} powiększył przewagę do prawie dziesięciu sekund.",
        "Lider mistrzostw ma teraz dwanaście punktów przewagi przed kolejną rundą na torze {c}.",
    ],
    "cs": [
        "{d} získal v sobotu na okruhu {c} pole position.",
        "Závod byl přerušen po těžké nehodě v první zatáčce.",
        "{d} dojel druhý, těsně před {e}, který startoval z konce pole.",
        "Tým uvedl, že se auto na mokré trati řídilo velmi obtížně.",
        "Po posledních zastávkách v boxech {d} zvýšil náskok na téměř deset sekund.",
        "Vedoucí jezdec šampionátu má nyní dvanáct bodů náskok před dalším závodem na okruhu {c}.",
    ],
    "da": [
        "{d} tog lørdag pole position på {c}.",
        "Løbet blev stoppet efter et voldsomt uheld i første sving.",
        "{d} blev nummer to, lige foran {e}, som startede bagerst i feltet.",
        "Holdet sagde, at bilen havde været svær at køre i det våde vejr.",
        "Efter de sidste pitstop kunne {d} øge føringen til næsten ti sekunder.",
        "Føreren af mesterskabet har nu tolv point ned til de andre før næste afdeling på {c}.",
    ],
    "sv": [
        "{d} tog pole position på {c} i lördags.",
        "Loppet stoppades efter en svår krasch i första kurvan.",
        "{d} slutade tvåa, precis före {e}, som startade längst bak.",
        "Teamet sa att bilen hade varit svår att köra i det blöta vädret.",
        "Efter de sista depåstoppen kunde {d} öka ledningen till nästan tio sekunder.",
        "Mästerskapsledaren har nu tolv poängs försprång inför nästa deltävling på {c}.",
    ],
}


def generated(language: str, n: int, rng: random.Random) -> list[str]:
    texts = []
    for _ in range(n):
        picked = rng.sample(SENTENCES[language], k=rng.randint(3, 6))
        d, e = rng.sample(DRIVERS, 2)
        texts.append(" ".join(s.format(d=d, e=e, c=rng.choice(CIRCUITS)) for s in picked))
    return texts


def grouped_sentences(sentences: list[str], size: int = 6) -> list[str]:
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences) - size + 1, size)]


def germeval_sentences() -> list[str]:
    path = SHARED / "data" / "germeval2014" / "NER-de-dev.tsv"
    if not path.is_file():
        return []
    sentences, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(" ".join(words))
            words = []
        elif not line.startswith("#"):
            words.append(line.split("\t")[1])
    return sentences


def ud_gsd() -> list[str]:
    path = SHARED / "data" / "ud_german_gsd" / "de_gsd-ud-test.conllu"
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return grouped_sentences([line[len("# text = ") :] for line in lines if line.startswith("# text = ")])


def articles() -> list[str]:
    folders = [REPO / "examples" / "articles", SHARED / "seeds", Path("/work/devset/texts")]
    return [p.read_text(encoding="utf-8") for f in folders if f.is_dir() for p in sorted(f.glob("*.txt"))]


def results_tables(n: int, rng: random.Random) -> list[str]:
    """``Ergebnis Qualifying: 1. Name (Land) 1:28,321 …``: names and numbers, few German words."""
    path = SHARED / "data" / "f1db" / "drivers.tsv"
    names = DRIVERS
    if path.is_file():
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        names = [r.get("name") or r.get("full_name") or "" for r in rows]
        names = [x for x in names if x] or DRIVERS
    tables = []
    for _ in range(n):
        lines = [f"Ergebnis {rng.choice(['Qualifying', 'Rennen', 'Training'])} {rng.choice(CIRCUITS)}:"]
        for pos, name in enumerate(rng.sample(names, 12), 1):
            lines.append(f"{pos}. {name} 1:{rng.randint(20, 59)},{rng.randint(100, 999)} Min.")
        tables.append("\n".join(lines))
    return tables


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-language", type=int, default=20, help="generated texts per other language")
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from kg.ingest.language import _identifier, detect

    rng = random.Random(args.seed)
    started = time.perf_counter()
    _identifier()
    load = time.perf_counter() - started
    sentences = germeval_sentences()
    german = {
        "GermEval 2014 dev (6 sentences)": grouped_sentences(sentences),
        "GermEval 2014 dev (1 sentence, 20+ w.)": [s for s in sentences if len(s.split()) >= 20],
        "UD German GSD test (6 sentences)": ud_gsd(),
        "articles (examples, seeds, devset)": articles(),
        "results tables (f1db names)": results_tables(50, rng),
    }
    others = {lang: generated(lang, args.per_language, rng) for lang in SENTENCES}
    print(f"py3langid model loaded in {load:.2f} s")
    print(f"\n{'German texts':<38}{'texts':>7}{'skipped':>9}{'raw not de':>12}")
    seconds, chars = 0.0, 0
    for name, texts in german.items():
        t0 = time.perf_counter()
        verdicts = [detect(t) for t in texts]
        seconds += time.perf_counter() - t0
        chars += sum(len(t) for t in texts)
        skipped = sum(1 for v in verdicts if not v.german)
        raw = sum(1 for v in verdicts if v.language not in (None, "de"))
        print(f"{name:<38}{len(texts):>7}{skipped:>9}{raw:>12}")
    print(f"\n{'other languages':<38}{'texts':>7}{'caught':>9}  detected as")
    total = caught = 0
    for lang, texts in others.items():
        t0 = time.perf_counter()
        verdicts = [detect(t) for t in texts]
        seconds += time.perf_counter() - t0
        chars += sum(len(t) for t in texts)
        hits = sum(1 for v in verdicts if not v.german)
        total, caught = total + len(texts), caught + hits
        found = ", ".join(f"{k} {n}" for k, n in Counter(v.language for v in verdicts).most_common(3))
        print(f"{lang:<38}{len(texts):>7}{hits:>9}  {found}")
    n_texts = sum(len(t) for t in german.values()) + total
    print(f"\nother languages caught: {caught} of {total} ({caught / total:.1%})")
    print(f"time: {1000 * seconds / n_texts:.2f} ms per text ({chars / seconds / 1e6:.2f} M characters/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
