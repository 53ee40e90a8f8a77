#!/usr/bin/env python3
"""Compare the morphology options for matching Finnish rule vocabulary.

For inflected forms of the words our rules look for, it checks whether each
option recognises the form: Voikko (Debian libvoikko1 + voikko-fi, PyPI
libvoikko) and simplemma (pure pip) by lemma, and the stem patterns the rule
files use (pure regex). It also times each option's cold start (in a fresh
interpreter) and its per-word cost. Run: python3 scripts/bench_morphology.py
"""
from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time

# (inflected form, base form, stem pattern as written in rules/*.yaml)
VOCABULARY = [
    ("henkilötietolain", "henkilötietolaki", r"henkilötietola(?:ki|i)\w*"),
    ("henkilötietolakia", "henkilötietolaki", r"henkilötietola(?:ki|i)\w*"),
    ("henkilötietolaissa", "henkilötietolaki", r"henkilötietola(?:ki|i)\w*"),
    ("henkilötietolakiin", "henkilötietolaki", r"henkilötietola(?:ki|i)\w*"),
    ("henkilötietolailla", "henkilötietolaki", r"henkilötietola(?:ki|i)\w*"),
    ("rekisteriselosteen", "rekisteriseloste", r"rekisteriselost\w*"),
    ("rekisteriselosteessa", "rekisteriseloste", r"rekisteriselost\w*"),
    ("suostumuksesi", "suostumus", r"suostumu\w*"),
    ("suostumuksella", "suostumus", r"suostumu\w*"),
    ("suostumukseen", "suostumus", r"suostumu\w*"),
    ("suostumusta", "suostumus", r"suostumu\w*"),
    ("tietosuojavaltuutetulle", "tietosuojavaltuutettu", r"tietosuojavaltuute\w*"),
    ("tietosuojavaltuutetun", "tietosuojavaltuutettu", r"tietosuojavaltuute\w*"),
    ("valituksen", "valitus", r"valitu\w*"),
    ("kantelun", "kantelu", r"kantelu\w*"),
    ("oikeutetun", "oikeutettu", r"oikeutet\w*"),
    ("oikeutettuun", "oikeutettu", r"oikeutet\w*"),
    ("edun", "etu", r"e(?:tu|du)\w*"),
    ("etuun", "etu", r"e(?:tu|du)\w*"),
    ("sopimukseen", "sopimus", r"sopimu\w*"),
    ("sopimuksen", "sopimus", r"sopimu\w*"),
    ("säilytysajan", "säilytysaika", r"säilytysaj\w*|säilytysai\w*"),
    ("vakiosopimuslausekkeisiin", "vakiosopimuslauseke", r"vakiosopimuslausek\w*"),
    ("tietosuojavastaavan", "tietosuojavastaava", r"tietosuojavastaa\w*"),
    ("profilointiin", "profilointi", r"profilointi\w*|profiloi\w*"),
    ("profiloinnin", "profilointi", r"profilointi\w*|profiloi\w*"),
    ("päätöksentekoon", "päätöksenteko", r"päätöksente\w*"),
    ("rajoittamista", "rajoittaminen", r"rajoit\w*"),
    ("oikaisemista", "oikaiseminen", r"oikai\w*"),
    ("poistamista", "poistaminen", r"poist\w*"),
    ("Väestörekisterikeskuksen", "väestörekisterikeskus", r"Väestörekisterikeskuk\w*"),
    ("maistraatista", "maistraatti", r"maistraat\w*"),
    ("Viestintävirastolle", "viestintävirasto", r"Viestintävirasto\w*"),
    ("tietosuojalautakunnan", "tietosuojalautakunta", r"tietosuojalautakun\w*"),
    ("allekirjoitettava", "allekirjoittaa", r"allekirjoitettava"),
]

COLD = {
    "voikko": "import libvoikko; libvoikko.Voikko('fi').analyze('henkilötietolain')",
    "simplemma": "import simplemma; simplemma.lemmatize('henkilötietolain', lang='fi')",
    "stems (re)": "import re; re.compile(r'henkilötietola(?:ki|i)\\w*', re.I).search('henkilötietolain')",
}


def cold_start(code: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    baseline = cold_start("pass")
    options = {}
    try:
        import libvoikko

        v = libvoikko.Voikko("fi")
        options["voikko"] = lambda w: {a["BASEFORM"].lower() for a in v.analyze(w)}
    except Exception as exc:  # not installed here
        print(f"voikko: not available ({type(exc).__name__})")
    import simplemma

    options["simplemma"] = lambda w: {simplemma.lemmatize(w, lang="fi").lower()}
    print(f"{'option':12} {'recognised':>10} {'cold start':>11} {'per word':>9}")
    print(f"{'(python)':12} {'':>10} {baseline * 1000:9.0f}ms")
    for name, fn in options.items():
        fn("lämmitys")  # load dictionaries before timing words
        ok = sum(1 for form, lemma, _ in VOCABULARY if lemma in fn(form))
        t = time.perf_counter()
        for form, _, _ in VOCABULARY:
            fn(form)
        per = (time.perf_counter() - t) / len(VOCABULARY)
        print(f"{name:12} {ok:4}/{len(VOCABULARY):<5} {cold_start(COLD[name]) * 1000:9.0f}ms "
              f"{per * 1e6:7.1f}µs")
    ok = sum(1 for form, _, stem in VOCABULARY if re.fullmatch(stem, form, re.I))
    print(f"{'stems (re)':12} {ok:4}/{len(VOCABULARY):<5} {cold_start(COLD['stems (re)']) * 1000:9.0f}ms")


if __name__ == "__main__":
    main()
