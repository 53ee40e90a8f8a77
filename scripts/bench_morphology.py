#!/usr/bin/env python3
"""Compare the morphology options for matching Finnish rule vocabulary.

For inflected forms of the words our rules look for, it checks whether each
option recognises the form, and for look-alikes (other words that begin the
same or resemble an inflected form) whether it wrongly accepts them:
Voikko (Debian libvoikko1 + voikko-fi, PyPI libvoikko) and simplemma (pip) by
lemma, the stem patterns the rule files use (pure regex), and the word notation
(noticeaudit/words.py: the lemma compiled to a regex). Options not installed
are skipped. It also times each option's cold start (in a fresh interpreter),
its per-word cost, and compiling the word notation for the rule vocabulary.
Run from the repository root: python3 scripts/bench_morphology.py
"""
from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from noticeaudit import words  # noqa: E402

# lemma -> stem pattern as written in rules/*.yaml (or in issue 8, for käyttää)
STEMS = {
    "henkilötietolaki": r"henkilötietola(?:ki|i)\w*",
    "rekisteriseloste": r"rekisteriselost\w*",
    "suostumus": r"suostumu\w*",
    "tietosuojavaltuutettu": r"tietosuojavaltuute\w*",
    "valitus": r"valitu\w*",
    "kantelu": r"kantelu\w*",
    "oikeutettu": r"oikeutet\w*",
    "etu": r"e(?:tu|du)\w*",
    "sopimus": r"sopimu\w*",
    "säilytysaika": r"säilytysaj\w*|säilytysai\w*",
    "vakiosopimuslauseke": r"vakiosopimuslausek\w*",
    "tietosuojavastaava": r"tietosuojavastaa\w*",
    "profilointi": r"profilointi\w*|profiloi\w*",
    "päätöksenteko": r"päätöksente\w*",
    "rajoittaminen": r"rajoit\w*",
    "oikaiseminen": r"oikai\w*",
    "poistaminen": r"poist\w*",
    "väestörekisterikeskus": r"Väestörekisterikeskuk\w*",
    "maistraatti": r"maistraat\w*",
    "viestintävirasto": r"Viestintävirasto\w*",
    "tietosuojalautakunta": r"tietosuojalautakun\w*",
    "allekirjoittaa": r"allekirjoitettava",
    "käyttää": r"käytä\w*",
    "säilyttää": r"säilyt\w*",
    "oikeus": r"oikeu\w*",
    "tarkoitus": r"tarkoitu\w*",
    "laki": r"la(?:ki|i)\w*",
    "seloste": r"selost\w*",
    "henkilökohtainen": r"henkilökohtai\w*",
    "kerätä": r"kerä\w*",
    "luovuttaa": r"luovut\w*",
    "siirtää": r"siir\w*",
    "eväste": r"eväst\w*",
    "vastustaa": r"vastust\w*",
    "käsitellä": r"käsit\w*",
    "vuosi": r"vuo\w*",
    "kolmas": r"kolman\w*",
    "maa": r"ma(?:a|i)\w*",
    "tietosuoja-asetus": r"tietosuoja-asetu\w*",
}

# (inflected form, lemma): the 35 forms of the first comparison, then forms from
# issue 8 and from the vocabulary of rules/*.yaml (purposes, retention, rights,
# legal bases, complaint, transfers, cookies)
VOCABULARY = [
    ("henkilötietolain", "henkilötietolaki"), ("henkilötietolakia", "henkilötietolaki"),
    ("henkilötietolaissa", "henkilötietolaki"), ("henkilötietolakiin", "henkilötietolaki"),
    ("henkilötietolailla", "henkilötietolaki"), ("rekisteriselosteen", "rekisteriseloste"),
    ("rekisteriselosteessa", "rekisteriseloste"), ("suostumuksesi", "suostumus"),
    ("suostumuksella", "suostumus"), ("suostumukseen", "suostumus"), ("suostumusta", "suostumus"),
    ("tietosuojavaltuutetulle", "tietosuojavaltuutettu"), ("tietosuojavaltuutetun", "tietosuojavaltuutettu"),
    ("valituksen", "valitus"), ("kantelun", "kantelu"), ("oikeutetun", "oikeutettu"),
    ("oikeutettuun", "oikeutettu"), ("edun", "etu"), ("etuun", "etu"), ("sopimukseen", "sopimus"),
    ("sopimuksen", "sopimus"), ("säilytysajan", "säilytysaika"),
    ("vakiosopimuslausekkeisiin", "vakiosopimuslauseke"), ("tietosuojavastaavan", "tietosuojavastaava"),
    ("profilointiin", "profilointi"), ("profiloinnin", "profilointi"), ("päätöksentekoon", "päätöksenteko"),
    ("rajoittamista", "rajoittaminen"), ("oikaisemista", "oikaiseminen"), ("poistamista", "poistaminen"),
    ("Väestörekisterikeskuksen", "väestörekisterikeskus"), ("maistraatista", "maistraatti"),
    ("Viestintävirastolle", "viestintävirasto"), ("tietosuojalautakunnan", "tietosuojalautakunta"),
    ("allekirjoitettava", "allekirjoittaa"),
    # added with the word notation
    ("käyttää", "käyttää"), ("käytetään", "käyttää"), ("käytämme", "käyttää"), ("käyttämällä", "käyttää"),
    ("käytetty", "käyttää"), ("käytti", "käyttää"), ("käyttäen", "käyttää"),
    ("säilytetään", "säilyttää"), ("säilytämme", "säilyttää"), ("säilyttämme", "säilyttää"),
    ("säilytysaikaa", "säilytysaika"), ("säilytysajat", "säilytysaika"),
    ("oikeus", "oikeus"), ("oikeutta", "oikeus"), ("oikeuden", "oikeus"), ("oikeuksia", "oikeus"),
    ("oikeuteen", "oikeus"),
    ("tarkoitus", "tarkoitus"), ("tarkoituksiin", "tarkoitus"), ("tarkoituksen", "tarkoitus"),
    ("tarkoitusta", "tarkoitus"),
    ("lain", "laki"), ("lakia", "laki"), ("lakiin", "laki"), ("lait", "laki"),
    ("selosteen", "seloste"), ("selosteita", "seloste"),
    ("henkilökohtaisen", "henkilökohtainen"), ("henkilökohtaisia", "henkilökohtainen"),
    ("kerätään", "kerätä"), ("keräämme", "kerätä"), ("kerättävät", "kerätä"),
    ("luovutetaan", "luovuttaa"), ("luovutamme", "luovuttaa"), ("luovuttaa", "luovuttaa"),
    ("siirretään", "siirtää"), ("siirrämme", "siirtää"), ("siirtää", "siirtää"),
    ("evästeet", "eväste"), ("evästeitä", "eväste"), ("evästeiden", "eväste"),
    ("vastustaa", "vastustaa"), ("vastustamalla", "vastustaa"),
    ("käsitellään", "käsitellä"), ("käsittelemme", "käsitellä"),
    ("vuotta", "vuosi"), ("vuoden", "vuosi"),
    ("kolmansiin", "kolmas"), ("maihin", "maa"),
    ("valitusta", "valitus"), ("tietosuoja-asetuksen", "tietosuoja-asetus"),
]

# (word, lemma it is NOT a form of): derived words, compounds and look-alikes
LOOKALIKES = [
    ("käyttäjä", "käyttää"), ("käyttö", "käyttää"), ("käyttäminen", "käyttää"), ("käytäntö", "käyttää"),
    ("käytettävyys", "käyttää"), ("säilytys", "säilyttää"), ("tarkoittaa", "tarkoitus"),
    ("tarkoitettu", "tarkoitus"), ("oikeutettu", "oikeus"), ("oikeutetun", "oikeus"),
    ("lakimies", "laki"), ("laina", "laki"), ("lakisääteinen", "laki"), ("suostua", "suostumus"),
    ("profiloida", "profilointi"), ("vuotaa", "vuosi"), ("vuokra", "vuosi"), ("valita", "valitus"),
    ("valitut", "valitus"), ("sopia", "sopimus"), ("sopimusehdot", "sopimus"), ("edustaja", "etu"),
    ("etuoikeus", "etu"), ("käsittely", "käsitellä"), ("käsittelijä", "käsitellä"), ("käsite", "käsitellä"),
    ("keräys", "kerätä"), ("luovutus", "luovuttaa"), ("siirto", "siirtää"), ("siirrettävyys", "siirtää"),
    ("maja", "maa"), ("maksu", "maa"), ("kolmannes", "kolmas"), ("selostus", "seloste"),
    ("poisto", "poistaminen"), ("rajoitus", "rajoittaminen"), ("vastustaja", "vastustaa"),
    ("henkilökohtaisesti", "henkilökohtainen"), ("evästeetön", "eväste"), ("kantelija", "kantelu"),
]

COLD = {
    "voikko": "import libvoikko; libvoikko.Voikko('fi').analyze('henkilötietolain')",
    "simplemma": "import simplemma; simplemma.lemmatize('henkilötietolain', lang='fi')",
    "stems (re)": "import re; re.compile(r'henkilötietola(?:ki|i)\\w*', re.I).search('henkilötietolain')",
    "words": "from noticeaudit.words import compile_words; import re; "
             "re.compile(compile_words('henkilötietolaki', 'fi'), re.I).search('henkilötietolain')",
}


def cold_start(code: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def lemmatisers() -> dict[str, Callable[[str], set[str]]]:
    """The dictionary-based options that are installed here (others are reported and skipped)."""
    options: dict[str, Callable[[str], set[str]]] = {}
    try:
        import libvoikko  # type: ignore[import-not-found]

        v = libvoikko.Voikko("fi")
        options["voikko"] = lambda w: {a["BASEFORM"].lower() for a in v.analyze(w)}
    except Exception as exc:  # library or dictionary not installed
        print(f"voikko: skipped, not available ({type(exc).__name__})")
    try:
        import simplemma  # type: ignore[import-not-found]

        options["simplemma"] = lambda w: {simplemma.lemmatize(w, lang="fi").lower()}
    except ImportError:
        print("simplemma: skipped, not installed (pip install simplemma)")
    return options


def notation(lemma: str) -> re.Pattern[str]:
    return re.compile(words.compile_words(lemma, "fi"), re.IGNORECASE)


def compile_time() -> tuple[int, float, float, float]:
    """Expressions built from the rule files' Finnish, Swedish and English words: how long to compile them all.

    Every distinct word of four letters or more in rules/*.yaml is taken as a
    Finnish lemma, which is more work than the converted catalogue's few hundred
    expressions (many are prefixes, exact forms or Swedish/English). Returns
    (count, notation ms median, notation ms fastest, notation + re.compile ms
    median) over 7 runs from empty caches; the fastest run is the least
    disturbed by other load on the machine.
    """
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "rules").glob("*.yaml")))
    tokens = sorted({t.lower() for t in re.findall(r"(?<![\\\w])[a-zäöå]{4,}(?![\w(])", text)})
    exprs = [(t, "fi") for t in tokens[:400]]
    runs_words, runs_total = [], []
    for _ in range(7):
        words.compile_words.cache_clear()
        words._lemma_regex.cache_clear()
        re.purge()
        t = time.perf_counter()
        sources = [words.compile_words(e, lang) for e, lang in exprs]
        runs_words.append(time.perf_counter() - t)
        for s in sources:
            re.compile(s, re.IGNORECASE | re.MULTILINE)
        runs_total.append(time.perf_counter() - t)
    return (len(exprs), statistics.median(runs_words) * 1000, min(runs_words) * 1000,
            statistics.median(runs_total) * 1000)


def main() -> None:
    baseline = cold_start("pass")
    n, m = len(VOCABULARY), len(LOOKALIKES)
    print(f"{len(VOCABULARY)} inflected forms of {len({lem for _, lem in VOCABULARY})} lemmas, "
          f"{len(LOOKALIKES)} look-alikes")
    print(f"{'option':12} {'recognised':>10} {'wrongly accepted':>17} {'cold start':>11} {'per word':>9}")
    print(f"{'(python)':12} {'':>10} {'':>17} {baseline * 1000:9.0f}ms")
    misses: dict[str, list[str]] = {}
    for name, fn in lemmatisers().items():
        fn("lämmitys")  # load dictionaries before timing words
        ok = sum(1 for form, lemma in VOCABULARY if lemma in fn(form))
        wrong = sum(1 for form, lemma in LOOKALIKES if lemma in fn(form))
        t = time.perf_counter()
        for form, _ in VOCABULARY:
            fn(form)
        per = (time.perf_counter() - t) / n
        print(f"{name:12} {ok:4}/{n:<5} {wrong:9}/{m:<7} {cold_start(COLD[name]) * 1000:9.0f}ms "
              f"{per * 1e6:7.1f}µs")
    stems = {lemma: re.compile(stem, re.IGNORECASE) for lemma, stem in STEMS.items()}
    ok = sum(1 for form, lemma in VOCABULARY if stems[lemma].fullmatch(form))
    wrong = sum(1 for form, lemma in LOOKALIKES if stems[lemma].fullmatch(form))
    print(f"{'stems (re)':12} {ok:4}/{n:<5} {wrong:9}/{m:<7} {cold_start(COLD['stems (re)']) * 1000:9.0f}ms")
    misses["stems (re)"] = [f for f, lem in VOCABULARY if not stems[lem].fullmatch(f)]
    compiled = {lemma: notation(lemma) for lemma in STEMS}
    ok = sum(1 for form, lemma in VOCABULARY if compiled[lemma].fullmatch(form))
    wrong_forms = [f for f, lem in LOOKALIKES if compiled[lem].fullmatch(f)]
    t = time.perf_counter()
    for form, lemma in VOCABULARY:
        compiled[lemma].fullmatch(form)
    per = (time.perf_counter() - t) / n
    print(f"{'words':12} {ok:4}/{n:<5} {len(wrong_forms):9}/{m:<7} {cold_start(COLD['words']) * 1000:9.0f}ms "
          f"{per * 1e6:7.1f}µs")
    misses["words"] = [f for f, lem in VOCABULARY if not compiled[lem].fullmatch(f)]
    for name, missed in misses.items():
        print(f"{name} misses: {', '.join(missed) or 'none'}")
    print("stems (re) wrongly accept: "
          + ", ".join(f for f, lem in LOOKALIKES if stems[lem].fullmatch(f)))
    print(f"words wrongly accept: {', '.join(wrong_forms) or 'none'}")
    count, ms_words, ms_fastest, ms_total = compile_time()
    print(f"compiling {count} word expressions: {ms_words:.1f} ms median, {ms_fastest:.1f} ms fastest "
          f"(with re.compile: {ms_total:.1f} ms median)")


if __name__ == "__main__":
    main()
