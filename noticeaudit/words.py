"""The word notation for rule vocabulary, compiled to regular expressions.

A rule author writes words, not regular expressions: ``käsittelyn tarkoitus``,
``*rekisteri``, ``säilyttää [0-3] {n} vuosi``. :func:`compile_words` turns such
an expression into the source of a Python regular expression (matched with
``re.IGNORECASE | re.MULTILINE`` within one sentence). A plain word is a lemma
(dictionary form) and matches its inflected forms in the list's language:
Finnish nouns, adjectives and verbs with consonant gradation, Swedish and
English regular inflection. The forms are generated from the lemma's ending
(no dictionary): each lemma becomes an alternation of literal stems followed
by a closed set of endings, so the prefilter in ``patterns.required_literals``
still finds the stems. The notation is documented in docs/word-notation.md,
whose table is generated from :data:`FORMS`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

LANGS = ("fi", "sv", "en")

# Between two consecutive words: whitespace, and punctuation that does not end a sentence.
SEP = r"[\s,\-–—/()\"'’“”]+"
# The `...` gap: anything in the same sentence, up to 80 characters.
ANY = r"[^.!?]{1,80}?"
# A word skipped by a `[0-3]` gap.
GAP_WORD = r"[^\s.!?]+"


class WordSyntaxError(ValueError):
    """A word expression that cannot be compiled; the message says what and how to fix it."""


# ---------------------------------------------------------------- Finnish morphology

_VOWELS = "aeiouyäö"
_BACK = "aou"
_FRONT = "äöy"


@dataclass(frozen=True)
class _Harmony:
    """The vowels of endings: back (a, o, u) or front (ä, ö, y)."""

    a: str
    o: str
    u: str


_BACK_H = _Harmony("a", "o", "u")
_FRONT_H = _Harmony("ä", "ö", "y")


def _harmony(word: str) -> _Harmony:
    """The harmony of the last back or front vowel (the last part of a compound decides)."""
    for ch in reversed(word):
        if ch in _BACK:
            return _BACK_H
        if ch in _FRONT:
            return _FRONT_H
    return _FRONT_H


_VOWEL_RUN = re.compile(f"[{_VOWELS}]+")
_STEM_END = re.compile(f"([^{_VOWELS}]*)([{_VOWELS}]*)$")


def _syllables(word: str) -> int:
    """Vowel groups in ``word`` (a diphthong or long vowel counts once)."""
    return len(_VOWEL_RUN.findall(word))


# strong -> weak consonant gradation, for the consonants before a stem's final vowel
_WEAKEN = [
    ("kk", ["k"]), ("pp", ["p"]), ("tt", ["t"]), ("nk", ["ng"]), ("mp", ["mm"]),
    ("lt", ["ll"]), ("nt", ["nn"]), ("rt", ["rr"]), ("ht", ["hd"]), ("lk", ["l", "lj"]),
    ("rk", ["r", "rj"]), ("hk", ["h"]), ("lp", ["lv"]), ("rp", ["rv"]),
]
_STRENGTHEN = [
    ("kk", []), ("pp", []), ("tt", []), ("ng", ["nk"]), ("mm", ["mp"]), ("ll", ["lt"]),
    ("nn", ["nt"]), ("rr", ["rt"]), ("hd", ["ht"]), ("lj", ["lk"]), ("rj", ["rk"]),
    ("lv", ["lp"]), ("rv", ["rp"]),
]


def _split_end(stem: str) -> tuple[str, str, str]:
    """``stem`` as (head, consonant cluster, trailing vowels): 'käyttä' -> ('käy', 'tt', 'ä')."""
    m = _STEM_END.search(stem)
    assert m is not None
    return stem[:m.start()], m.group(1), m.group(2)


def _weak(stem: str) -> list[str]:
    """Weak-grade variants of ``stem`` (itself when it does not grade): laki -> lai, aika -> aja."""
    head, cons, vow = _split_end(stem)
    if not head or not vow:
        return [stem]
    for strong, weaks in _WEAKEN:
        if cons.endswith(strong) and (len(cons) == len(strong) or strong in ("kk", "pp", "tt")):
            return [head + cons[:-len(strong)] + w + vow for w in weaks]
    if len(cons) == 1 and head[-1] in _VOWELS:
        if cons == "t":
            return [head + "d" + vow]
        if cons == "p":
            return [head + "v" + vow]
        if cons == "k":
            out = [head + vow]
            if head[-1] in "uy" and vow[:1] == head[-1]:
                out.append(head + "v" + vow)  # puku -> puvun
            if head[-1] == "i" and len(head) > 1 and head[-2] in _VOWELS:
                out.append(head[:-1] + "j" + vow)  # aika -> ajan
            return out
    return [stem]


def _strong(stem: str) -> list[str]:
    """Strong-grade variants of a weak ``stem``: lauseke -> lausekke, käsite -> käsitte, tava -> tapa."""
    head, cons, vow = _split_end(stem)
    if not head or not vow:
        return [stem]
    for weak, strongs in _STRENGTHEN:
        if cons == weak:
            return [stem] + [head + s + vow for s in strongs]
    if len(cons) == 1 and head[-1] in _VOWELS:
        single = {"k": "kk", "p": "pp", "t": "tt", "d": "t", "v": "p"}.get(cons)
        if single:
            return [stem, head + single + vow]
    return [stem]


class _Paradigm:
    """Stems of one lemma, each with the endings it takes; becomes one regex."""

    def __init__(self, h: _Harmony) -> None:
        self.h = h
        self.groups: dict[tuple[str, ...], set[str]] = {}

    def add(self, stems: Iterable[str], endings: Iterable[str]) -> None:
        stems = [s for s in stems if s]
        if not stems:
            return
        self.groups.setdefault(tuple(endings), set()).update(stems)

    def forms(self, *forms: str) -> None:
        """Whole forms; one ending in a or ä also takes the possessive -an/-än (tarkoitustaan)."""
        for vowel in "aä":
            self.add([f for f in forms if f.endswith(vowel)], ["", vowel + "n"])
        self.add([f for f in forms if not f.endswith(("a", "ä"))], [""])

    def nominal(self, strong: Iterable[str], weak: Iterable[str], plural: Iterable[str],
                weak_plural: Iterable[str], j_plural: bool = True) -> None:
        """A noun or adjective from its vowel stems (singular strong/weak, plural strong/weak)."""
        a = self.h.a
        weak, weak_plural = list(weak), list(weak_plural)
        local = [f"ss{a}", f"st{a}", f"ll{a}", f"lt{a}", f"tt{a}"]
        own = [e + a + "n" for e in local] + ["lleen", "kseen"]  # tarkoituksessaan
        # the weak plural stems take the same endings (and a harmless extra -t): one group is shorter
        self.add([*weak, *weak_plural], ["n", "t", "lle", "ksi", *local, *own])
        self.add(strong, ["", f"n{a}", f"n{a}{a}n", "ne", "seen"] + [f"{v}n" for v in "aeiouyäö"]
                 + [f"h{v}n" for v in "aeiouyäö"])
        plural = list(plural)
        self.add(plural, [f"n{a}", "in", "hin", "siin", "den", "tten", "en", f"t{a}", a, "tse"])
        if j_plural:  # aikoja, tietojen (not after a long vowel: maita, not maja)
            self.add([p[:-1] + "j" for p in plural if len(p) > 1 and p[-2] in _VOWELS], [a, "en"])

    def vowel_noun(self, lemma: str) -> None:
        """A noun ending in a single vowel: aika, tieto, etu, päivä, rekisteri (i-stem)."""
        a = self.h.a
        head, vow = lemma[:-1], lemma[-1]
        weak = _weak(lemma)
        if vow in "aä":
            plural = [head + "i"] + ([head + self.h.o + "i"] if vow == "a" else [])
            weak_plural = [w[:-1] + p[len(head):] for w in weak for p in plural]
        elif vow == "i":
            plural = [head + "ei", lemma]
            weak_plural = [w[:-1] + "ei" for w in weak]
        else:
            plural = [lemma + "i"]
            weak_plural = [w + "i" for w in weak]
        self.nominal([lemma], weak, plural, weak_plural)
        self.forms(lemma + a)

    def long_vowel_noun(self, lemma: str) -> None:
        """maa, vapaa: long vowel stems (maan, maata, maahan, maita, maissa)."""
        stem_pl = lemma[:-1] + "i"
        self.nominal([lemma], [lemma], [stem_pl], [stem_pl], j_plural=False)
        self.forms(lemma + "t" + self.h.a)

    def participle(self, nom: str, strong: list[str], weak: list[str], part: str) -> None:
        """A participle or other derived nominal of a verb: its own forms as a noun."""
        self.forms(nom, part)
        self.nominal(strong, weak, [_plural_stem(s) for s in strong], [_plural_stem(w) for w in weak])


def _plural_stem(stem: str) -> str:
    """The plural stem of a stem whose final a, ä or e gives way to i: käytettävä -> käytettävi."""
    return stem[:-1] + "i" if stem[-1] in "aäe" else stem + "i"


def _fi_noun(p: _Paradigm, w: str) -> None:
    """Nouns and adjectives, by the lemma's ending."""
    h = p.h
    a = h.a
    p.forms(w)
    if w.endswith("nen") and len(w) > 4:
        x = w[:-3]
        p.nominal([x + "se"], [x + "se"], [x + "si"], [x + "si"])
        p.forms(x + "st" + a, x + "sten")
    elif re.search(f"[{_VOWELS}][uy]s$", w) or w.endswith(("aus", "äus", "ous", "öus", "eus")):
        x = w[:-1]  # oikeus, vapaus, rehellisyys: oikeuden, oikeutta, oikeuksia
        p.nominal([x + "te"], [x + "de"], [x + "ksi"], [x + "ksi"])
        p.forms(x + "tt" + a)
        if w.endswith(("aus", "äus", "ous", "öus")):  # korvaus, kokous: korvauksen
            p.nominal([x + "kse"], [x + "kse"], [x + "ksi"], [x + "ksi"])
            p.forms(w + "t" + a, w + "ten")
    elif re.search(f"[^{_VOWELS}][uyoö]s$", w):
        x = w[:-1]  # tarkoitus: tarkoituksen, tarkoitusta, tarkoituksiin
        p.nominal([x + "kse"], [x + "kse"], [x + "ksi"], [x + "ksi"])
        p.forms(w + "t" + a, w + "ten")
    elif re.search("[aäeiö]s$", w):
        x = w[:-1]  # asiakas: asiakkaan, asiakasta, asiakkaita
        strong = [s + x[-1] for s in _strong(x)]
        p.nominal(strong, strong, [s[:-1] + "i" for s in strong], [s[:-1] + "i" for s in strong])
        p.forms(w + "t" + a)
        # ordinals: kolmas, neljäs, viides -> kolmannen, kolmanteen, kolmatta, kolmansiin
        p.nominal([x + "nte"], [x + "nne"], [x + "nsi"], [x + "nsi"])
        p.forms(x + "tt" + a)
    elif w.endswith(("ton", "tön")):
        x = w[:-3]  # maksuton: maksuttoman, maksutonta
        p.nominal([x + "ttom" + a], [x + "ttom" + a], [x + "ttomi"], [x + "ttomi"])
        p.forms(w + "t" + a)
    elif w.endswith("in"):
        x = w[:-1]  # puhelin: puhelimen, puhelinta
        p.nominal([x + "me"], [x + "me"], [x + "mi"], [x + "mi"])
        p.forms(w + "t" + a)
    elif re.search(f"[^{_VOWELS}][uy]t$", w):
        x = w[:-2]  # kuollut: kuolleen, kuolleita
        p.nominal([x + "ee"], [x + "ee"], [x + "ei"], [x + "ei"])
        p.forms(w + "t" + a)
    elif w.endswith("e"):
        stems = _strong(w)  # seloste, lauseke: selosteen, lausekkeen, selostetta
        p.nominal([s + "e" for s in stems], [s + "e" for s in stems], [s + "i" for s in stems],
                  [s + "i" for s in stems])
        p.forms(w + "tt" + a)
    elif w.endswith("mpi"):
        x = w[:-3]  # comparatives: vanhempi, vanhemman, vanhempaa, vanhemmat
        p.nominal([x + "mp" + a], [x + "mm" + a], [x + "mpi"], [x + "mmi"])
        p.forms(x + "mp" + a + a)
    elif re.search(f"[{_VOWELS}]si$", w):
        x = w[:-2]  # vuosi, kuukausi: vuoden, vuotta, vuosia, vuoteen
        p.nominal([x + "te"], [x + "de"], [x + "si"], [x + "si"])
        p.forms(x + "tt" + a)
    elif w.endswith("i"):
        p.vowel_noun(w)  # i-stem (laki, rekisteri) and e-stem (nimi, tuki) both
        x = w[:-1]
        weak = [s[:-1] for s in _weak(w)]
        p.nominal([x + "e"], [s + "e" for s in weak], [w], [s + "i" for s in weak])
        p.forms(x + "e" + a)
        if x[-1:] in "lnr":
            p.forms(x + "t" + a, x + "ten")  # kieli: kieltä, kielten
    elif len(w) > 1 and w[-1] in _VOWELS and w[-2] == w[-1]:
        p.long_vowel_noun(w)
    elif w[-1] in _VOWELS:
        p.vowel_noun(w)
    else:
        p.nominal([w + "e"], [w + "e"], [w + "i"], [w + "i"])
        p.forms(w + "t" + a)


_PERSONAL = ["n", "t", "mme", "tte"]


def _fi_verb_common(p: _Paradigm, lemma: str, passive_stem: str, strong_pass: str,
                    weak_pass: str, active: str) -> None:
    """Forms every conjugation shares.

    ``passive_stem``: before the passive endings (käyte-, halut-); ``strong_pass`` /
    ``weak_pass``: the past passive participle's stems (käytetty/käytety);
    ``active``: the present active stem the participles in -va/-ma are built on.
    """
    a, o = p.h.a, p.h.o
    p.forms(lemma)
    p.add([passive_stem], [f"{a}{a}n", "tiin", a, f"t{a}isiin", f"t{a}k{o}{o}n", f"t{a}ess{a}"])
    p.participle(strong_pass, [strong_pass], [weak_pass], strong_pass + a)  # käytetty
    tava = passive_stem + "t" + a + "v" + a
    p.participle(tava, [tava], [tava], tava + a)  # käytettävä
    p.participle(active + "v" + a, [active + "v" + a], [active + "v" + a], active + "v" + a + a)
    p.participle(active + "m" + a, [active + "m" + a], [active + "m" + a], active + "m" + a + a)


def _fi_verb(p: _Paradigm, w: str) -> bool:
    """Add the forms of verb ``w`` if its ending is a verb's; True if it was."""
    h = p.h
    a, o, u = h.a, h.o, h.u
    if w in _IRREGULAR:
        for stems, endings in _IRREGULAR[w](h):
            p.add(stems, endings)
        return True
    if re.search(f"[{_VOWELS}][aä]$", w) and _syllables(w) >= 2 and not re.search("[aä][aä]$", w[:-1]):
        x = w[:-1]  # type 1: käyttää, puhua, lukea, antaa
        v = x[-1]
        weak = _weak(x)
        passive = [s[:-1] + "e" if v in "aä" else s for s in weak]
        for ps in passive:
            _fi_verb_common(p, w, ps + "t", ps + "tt" + u, ps + "t" + u, x)
        p.add([x], [v, "v" + a + "t", "ess" + a, "en", f"k{a}{a}", f"k{o}{o}n", f"k{a}{a}mme"])
        p.add(weak, [*_PERSONAL, ""])
        p.add([x], _PERSONAL)  # säilyttämme: common beside säilytämme
        past = _past1(x)
        p.add([past], ["", "v" + a + "t"])
        if re.search(f"[{_VOWELS}lnr]t[aä]$", x):  # pyytää: pyysi, kieltää: kielsi (beside -ti)
            p.add([x[:-2] + "si"], ["", "v" + a + "t", *_PERSONAL])
        if v == "e":  # koskea: koskien, lukiessa
            p.add([x[:-1] + "i"], ["en", "ess" + a])
        p.add([_past1(s) for s in weak], _PERSONAL)
        cond = (x[:-1] if v in "ei" else x) + "isi"
        p.add([cond], ["", "v" + a + "t", *_PERSONAL])
        p.participle(x + "n" + u + "t", [x + "nee"], [x + "nee"], x + "n" + u + "tt" + a)
        return True
    if re.search("d[aä]$", w) and len(w) > 3:
        x = w[:-2]  # type 2: saada, voida, käydä
        _fi_verb_common(p, w, x + "d", x + "t" + u, x + "d" + u, x)
        p.add([x], ["", "v" + a + "t", f"d{a}", f"dess{a}", "den", f"k{a}{a}", f"k{o}{o}n", *_PERSONAL])
        past = _past2(x)
        p.add([past, past + "si"], ["", "v" + a + "t", *_PERSONAL])
        p.add([x], ["tiin", f"t{a}isiin"])
        tava = x + "t" + a + "v" + a
        p.participle(tava, [tava], [tava], tava + a)  # saatava
        p.participle(x + "n" + u + "t", [x + "nee"], [x + "nee"], x + "n" + u + "tt" + a)
        return True
    if re.search("(?:ll|nn|rr|st)[aä]$", w) and _syllables(w) >= 2:
        x = w[:-2]  # type 3: käsitellä, mennä, pestä, oikaista
        c = x[-1]
        strong = [s + c for s in _strong(x[:-1])]
        for sx in strong:
            _fi_verb_common(p, w, x, x + "t" + u, x + (c if c in "lnr" else "t") + u, sx + "e")
            p.add([sx + "e"], ["", "e", "v" + a + "t", *_PERSONAL])
            p.add([sx + "i", sx + "isi"], ["", "v" + a + "t", *_PERSONAL])
        p.add([w[:-1]], [f"ess{a}", "en"])
        p.add([w], [a + "n"])  # käsitellään
        p.add([x], [f"k{a}{a}", f"k{o}{o}n"])
        p.participle(x + c + u + "t", [x + c + "ee"], [x + c + "ee"], x + c + u + "tt" + a)
        return True
    if re.search(f"[{_VOWELS}]t[aä]$", w) and _syllables(w) >= 3:
        x = w[:-2]  # types 4-6: haluta, tilata, tarvita, vanheta
        strong = list(_strong(x))
        actives: list[str] = []
        if x.endswith("i"):
            actives += [x + "tse"]  # tarvita: tarvitsen
            p.add([x + "tsi", x + "tsisi"], ["", "v" + a + "t", *_PERSONAL])
        if x.endswith("e"):
            actives += [x + "ne"]  # vanheta: vanhenen
            p.add([x + "ni", x + "nisi"], ["", "v" + a + "t", *_PERSONAL])
        if not x.endswith("i"):
            actives += [s + a for s in strong]  # haluta: haluan; tavata: tapaan
            p.add([s + "si" for s in strong] + [s + a + "isi" for s in strong],
                  ["", "v" + a + "t", *_PERSONAL])
        for act in actives:
            _fi_verb_common(p, w, x + "t", x + "tt" + u, x + "t" + u, act)
            p.add([act], ["", act[-1], "v" + a + "t", *_PERSONAL])
        p.add([w], [a + "n"])  # halutaan
        p.add([x + "t"], ["tiin", f"t{a}isiin", f"k{a}{a}", f"k{o}{o}n"])
        p.add([w[:-1]], [f"ess{a}", "en"])
        p.participle(x + "nn" + u + "t", [x + "nnee"], [x + "nnee"], x + "nn" + u + "tt" + a)
        return True
    return False


def _past1(x: str) -> str:
    """Past stem of a type-1 verb stem: käyttä -> käytti, anta -> antoi, puhu -> puhui, luke -> luki."""
    v = x[-1]
    if v in "aä":
        first = re.search(f"[{_VOWELS}]", x)
        if v == "a" and _syllables(x) == 2 and first and first.group() in "aei":
            return x[:-1] + "oi"
        return x[:-1] + "i"
    if v in "ei":
        return x[:-1] + "i"
    return x + "i"


def _past2(x: str) -> str:
    """Past stem of a type-2 verb stem: saa -> sai, juo -> joi, syö -> söi, voi -> voi."""
    if len(x) >= 2 and x[-1] == x[-2]:
        return x[:-1] + "i"
    swap = {"uo": "oi", "yö": "öi", "ie": "ei"}
    if x[-2:] in swap:
        return x[:-2] + swap[x[-2:]]
    return x


def _irregular_tehda(h: _Harmony) -> list[tuple[list[str], list[str]]]:
    return [(["teh"], ["dä", "dään", "tiin", "ty", "tyä", "tyjä", "dyt", "dyn", "tävä", "täviä", "nyt",
                       "neet", "den", "dessä", "kää"]),
            (["tek"], ["ee", "evät", "evä", "emä", "emällä", "emässä", "emästä", "i", "ivät", "isi"]),
            (["tee", "tei"], _PERSONAL)]


def _irregular_nahda(h: _Harmony) -> list[tuple[list[str], list[str]]]:
    return [(["näh"], ["dä", "dään", "tiin", "ty", "tyä", "dyt", "dyn", "tävä", "täviä", "nyt",
                       "neet", "den", "dessä", "kää"]),
            (["näk"], ["ee", "evät", "evä", "emä", "emällä", "i", "ivät", "isi"]),
            (["näe", "näi"], _PERSONAL)]


def _irregular_olla(h: _Harmony) -> list[tuple[list[str], list[str]]]:
    return [(["o"], ["n", "vat", "lla", "llaan", "ltiin", "llut", "lleet", "ltava", "llen", "llessa"]),
            (["ole", "oli", "olisi"], ["", "n", "t", "mme", "tte", "vat", "va", "vien", "via"])]


_IRREGULAR = {"tehdä": _irregular_tehda, "nähdä": _irregular_nahda, "olla": _irregular_olla}


# nouns and adjectives in -aa/-ää (other lemmas with that ending are verbs)
_LONG_NOUNS = ("maa", "pää", "vapaa", "jää")


def _fi_paradigm(lemma: str) -> _Paradigm:
    w = lemma.lower()
    p = _Paradigm(_harmony(w))
    if w.endswith(_LONG_NOUNS):
        _fi_noun(p, w)  # maa, ulkomaa, vapaa: not verbs although they end in -aa/-ää
    elif not _fi_verb(p, w):
        _fi_noun(p, w)
    elif re.search("[ie][aä]$", w):
        _fi_noun(p, w)  # historia, korkea: nouns and adjectives with a verb's ending
    return p


_FI_TAIL = r"(?:ni|si|mme|nne|ns[aä])?(?:kin|k[aä][aä]n|h[aä]n|k[oö]|p[aä])?"


def _alternation(items: Iterable[str]) -> str:
    """Escaped ``items``, longest first."""
    return "|".join(re.escape(s) for s in sorted(set(items), key=lambda s: (-len(s), s)))


def _paradigm_regex(p: _Paradigm, tail: str) -> str:
    parts = []
    for endings, stems in sorted(p.groups.items(), key=lambda kv: sorted(kv[1])[0]):
        stem_alt = _stems_regex(frozenset(stems))
        end = _ending_regex(endings)
        parts.append(f"(?:{stem_alt}){end}" if end else f"(?:{stem_alt})")
    return f"(?:{'|'.join(parts)}){tail}"


def _common_prefix(items: list[str]) -> str:
    first, last = min(items), max(items)
    n = 0
    while n < len(first) and first[n] == last[n]:
        n += 1
    return first[:n]


def _stems_regex(stems: frozenset[str]) -> str:
    """Stems as a trie under literal prefixes of three letters or more (käyt(?:tä|ä|e)).

    Each prefix is the longest one its stems share. The regex parser factors a
    prefix shared by all alternatives out of them (lai|lae -> la[ie]), and
    ``patterns.required_literals`` would then see only "la". It does so only
    when every alternative begins with the same item; a plain group is
    inlined, but a group with a flag is not: ``(?u:...)`` sets the Unicode
    flag that str patterns have anyway, so it changes no match and keeps each
    prefix whole for the prefilter.
    """
    by_start: dict[str, list[str]] = {}
    for stem in stems:
        by_start.setdefault(stem[:3], []).append(stem)
    alts = []
    for _, group in sorted(by_start.items()):
        prefix = _common_prefix(group)
        trie: dict[str, dict] = {}
        for stem in group:
            node = trie
            for ch in stem[len(prefix):]:
                node = node.setdefault(ch, {})
            node[""] = {}
        alts.append(f"(?u:{re.escape(prefix)})" + _trie_regex(trie))
    return "|".join(alts)


@lru_cache(maxsize=1024)
def _ending_regex(endings: tuple[str, ...]) -> str:
    """A compact regex for a set of literal endings ('' among them makes it optional).

    Endings are few and shared by every lemma of a class, so they are written as
    a trie (lle|lleen -> lle(?:en)?) with letters that share a continuation in a
    class (an|en|in -> [aei]n): a shorter pattern compiles faster.
    """
    trie: dict[str, dict] = {}
    for e in endings:
        node = trie
        for ch in e:
            node = node.setdefault(ch, {})
        node[""] = {}
    body = _trie_regex(trie)
    return body


def _trie_regex(node: dict[str, dict]) -> str:
    optional = "" in node
    by_rest: dict[str, list[str]] = {}
    for ch, child in node.items():
        if ch:
            by_rest.setdefault(_trie_regex(child), []).append(ch)
    alts = []
    for rest, chars in sorted(by_rest.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        head = re.escape(chars[0]) if len(chars) == 1 else "[" + "".join(sorted(chars)) + "]"
        alts.append(head + rest)
    if not alts:
        return ""
    if len(alts) == 1 and not optional:
        return alts[0]
    body = f"(?:{'|'.join(alts)})"
    if optional:
        single = len(alts) == 1 and (len(alts[0]) == 1 or re.fullmatch(r"\[[^]]+\]", alts[0]))
        return (alts[0] if single else body) + "?"
    return body


# ---------------------------------------------------------------- Swedish and English

def _sv_regex(lemma: str) -> str:
    w = lemma.lower()
    stems = {w}
    if w[-1] in "ae" and len(w) > 3:
        stems.add(w[:-1])  # behandla -> behandl-ar; pojke -> pojk-ar
    if re.search("(?:dd|tt)$", w):
        stems.add(w[:-1])
    if re.search(f"[^{_VOWELS}å]e[lnr]$", w):
        stems.add(w[:-2] + w[-1])  # regel -> regler, öppen -> öppna
    endings = ["a", "e", "en", "et", "n", "t", "er", "ar", "or", "r", "na", "erna", "arna", "orna", "ens",
               "ets", "ns", "s", "ts", "ade", "at", "as", "ades", "ats", "ad", "ande", "ende", "de",
               "des", "te", "tes", "d", "da", "ta", "dd", "dda", "ers", "ars", "ors", "nas", "ernas", "arnas", "ornas", "es"]
    out = f"(?:{_alternation(stems)})(?:{_alternation(endings)})?"
    for stem in sorted(stems):
        if stem.endswith("d"):
            out += f"|{re.escape(stem[:-1])}t"  # använd -> använt
    return f"(?:{out})"


def _en_regex(lemma: str) -> str:
    w = lemma.lower()
    forms = [w]
    stems: dict[str, list[str]] = {w: ["s", "es", "ed", "ing", "'s", "’s", "s'"]}
    if w.endswith("e"):
        stems[w] = ["s", "d", "'s", "’s", "s'"]
        stems.setdefault(w[:-1], []).extend(["ing", "ed"])
    if re.search(f"[^{_VOWELS}]y$", w):
        stems.setdefault(w[:-1], []).extend(["ies", "ied"])
        stems[w] += ["ing"]
    if re.search(f"[^{_VOWELS}][{_VOWELS}][bdfglmnprtz]$", w) and _syllables(w) >= 1:
        stems.setdefault(w + w[-1], []).extend(["ed", "ing"])  # transfer -> transferred
    parts = [f"{re.escape(s)}(?:{_alternation(e)})" for s, e in stems.items()]
    return f"(?:{_alternation(forms)}|{'|'.join(parts)})"


# ---------------------------------------------------------------- numbers

# Number words: units (inflected in Finnish), then what may follow a unit in a compound
_FI_UNITS = ["yksi", "yhden", "yhtä", "yhteen", "yhdessä", "yhdeksi", "kaksi", "kahden", "kahta",
             "kahteen", "kahdessa", "kolme", "kolmen", "kolmea", "kolmeen", "kolmessa", "neljä", "neljän",
             "neljää", "neljään", "neljässä", "viisi", "viiden", "viittä", "viiteen", "viidessä", "kuusi",
             "kuuden", "kuutta", "kuuteen", "kuudessa", "seitsemän", "seitsemää", "seitsemään",
             "seitsemässä", "kahdeksan", "kahdeksaa", "kahdeksaan", "kahdeksassa", "yhdeksän",
             "yhdeksää", "yhdeksään", "yhdeksässä", "kymmenen", "kymmentä", "kymmeneen", "kymmenessä",
             "sata", "sadan", "sataa", "sataan", "sadassa", "tuhat", "tuhannen", "tuhatta", "tuhanteen"]
_NUMBERS = {
    "fi": (_FI_UNITS, ["toista", "kymmentä", "kymmenen", "kymmeneen", "kymmenessä"]),
    "sv": (["en", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
            "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton", "tjugo", "trettio",
            "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio", "hundra", "tusen"],
           ["en", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "hundra", "tusen"]),
    "en": (["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
            "hundred", "thousand"],
           ["-one", "-two", "-three", "-four", "-five", "-six", "-seven", "-eight", "-nine"]),
}


@lru_cache(maxsize=8)
def _number_regex(lang: str) -> str:
    """Digits (10, 2,5, 2-5) or a number word: kymmenen, kahdentoista, kaksikymmentä; tjugofem; twenty-five."""
    units, after = _NUMBERS[lang]
    unit = f"(?:{_alternation(units)})"
    word = f"{unit}(?:{_alternation(after)})?"
    if lang == "fi":  # kaksikymmentäviisi: unit, tens, unit
        word = f"{unit}(?:(?:{_alternation(after)}){unit}?)?"
    return rf"(?:\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+)?|{word})"


# ---------------------------------------------------------------- the expression language

_REGEXY = re.compile(r"\\|\(\?|[()^$+]|\[\^|\{\d*,|\w\?\w|\.\*")
_GAP = re.compile(r"\[(?:(\d+)-(\d+)|\.\.(\d+)|(\d+))\]$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*$")


def _hint(expr: str, token: str) -> str:
    if _REGEXY.search(token):
        return (f"{token!r} looks like a regular expression; write words (see docs/word-notation.md) "
                "or put it under `regex:`")
    return f"{token!r} is not a word, a gap ([0-3], ...), a number ({{n}}) or a literal"


def _word_regex(alt: str, lang: str, expr: str) -> str:
    """One alternative of a word slot, without the boundaries."""
    if alt.startswith("`") and alt.endswith("`") and len(alt) > 2:
        words_ = [re.escape(w) for w in alt[1:-1].split()]
        return "(?-i:" + r"\s+".join(words_) + ")"
    if "`" in alt:
        raise WordSyntaxError(f"in {expr!r}: {alt!r}: a backtick must be closed (`Oy`, `Yritys Oy`)")
    if alt.startswith("="):
        if len(alt) == 1 or "*" in alt:
            raise WordSyntaxError(f"in {expr!r}: '=' must be followed by a word and no '*' "
                                  "(=word matches that form only)")
        return _literal(alt[1:])
    lead = alt.startswith("*")
    prefix = alt.endswith("*") and len(alt) > 1
    core = alt[1 if lead else 0:len(alt) - 1 if prefix else len(alt)]
    if not core or "*" in core:
        raise WordSyntaxError(f"in {expr!r}: {alt!r}: '*' goes at the start (compound ending in the word) "
                              "or at the end (any continuation), with letters beside it")
    front = r"\w*" if lead else ""
    if prefix:
        return front + re.escape(core) + r"\w*"
    if not _WORD.match(core):
        if _REGEXY.search(core):
            raise WordSyntaxError(f"in {expr!r}: {_hint(expr, core)}")
        tail = re.fullmatch(r"(.*[^\w\s])([^\W\d_]{3,})", core)
        if tail:  # EU/ETA-alue: the letters after the last punctuation inflect
            return front + _literal(tail.group(1)) + _lemma_regex(tail.group(2), lang)
        return front + _literal(core)
    head, _, last = core.rpartition("-")
    head = re.escape(head + "-") if head else ""
    return front + head + _lemma_regex(last, lang)


def _literal(token: str) -> str:
    """A token with digits or punctuation: itself, with flexible spaces around its punctuation."""
    out = []
    for ch in token:
        out.append(re.escape(ch) if ch.isalnum() else r"\s*" + re.escape(ch) + r"\s*")
    return "".join(out).replace(r"\s*\s*", r"\s*")


@lru_cache(maxsize=4096)
def _lemma_regex(lemma: str, lang: str) -> str:
    if lemma.isupper() and len(lemma) <= 5:
        # an abbreviation: EU, ETA, GDPR; Finnish inflects it after a colon (EU:n, ETA:ssa), Swedish IMY:s
        return re.escape(lemma) + {"fi": r"(?::[a-zäö]+)?", "sv": r"(?::s|s)?", "en": r"(?:'s|’s|s)?"}[lang]
    if len(lemma) <= 2:
        return re.escape(lemma)  # on, ei, ja, är, of: function words, exactly
    if lang == "fi":
        return _paradigm_regex(_fi_paradigm(lemma), _FI_TAIL)
    if lang == "sv":
        return _sv_regex(lemma)
    return _en_regex(lemma)


def _bounded(rx: str, token: str) -> str:
    """``rx`` with word boundaries where the token begins or ends with a word character."""
    core = token.strip("`=*")
    start = r"\b" if core[:1].isalnum() or token.startswith("*") else ""
    end = r"\b" if core[-1:].isalnum() or token.endswith("*") else ""
    return f"{start}{rx}{end}"


class _Slot(NamedTuple):
    kind: str  # "word", "gap", "any"
    regex: str
    glue_left: bool  # starts with punctuation: no separator needed before it
    glue_right: bool  # ends with punctuation: no separator needed after it


def _slot(token: str, lang: str, expr: str) -> _Slot:
    if token == "...":
        return _Slot("any", ANY, False, False)
    gap = _GAP.match(token)
    if gap:
        lo, hi, upto, exact = gap.groups()
        low, high = (int(lo), int(hi)) if lo else (0, int(upto)) if upto else (int(exact), int(exact))
        if low > high or high > 20:
            raise WordSyntaxError(f"in {expr!r}: gap {token!r} must be [m-n] with m <= n <= 20")
        return _Slot("gap", f"(?:{SEP}{GAP_WORD}){{{low},{high}}}?", False, False)
    if token == "{n}":
        return _Slot("word", rf"\b{_number_regex(lang)}\b", False, False)
    if token.startswith(("[", "{")):
        raise WordSyntaxError(f"in {expr!r}: {_hint(expr, token)}; a gap is [0-3] or [..3], a number {{n}}")
    alts = token.split("|")
    if any(not a for a in alts):
        raise WordSyntaxError(f"in {expr!r}: empty alternative in {token!r} (write a|b, no spaces around '|')")
    rxs = [_bounded(_word_regex(a, lang, expr), a) for a in alts]
    glue_left = all(not a.strip("`=*")[:1].isalnum() for a in alts)
    glue_right = all(not a.strip("`=*")[-1:].isalnum() for a in alts)
    body = rxs[0] if len(rxs) == 1 else f"(?:{'|'.join(rxs)})"
    return _Slot("word", body, glue_left, glue_right)


def _tokens(expr: str) -> list[str]:
    """The tokens of ``expr``: split at spaces, except inside backticks (`Yritys Oy` is one token)."""
    return re.findall(r"`[^`]+`|[^\s`]*`[^`]*`[^\s`]*|\S+", expr)


@lru_cache(maxsize=4096)
def compile_words(expr: str, lang: str) -> str:
    """The regular expression source equivalent to word expression ``expr`` in ``lang``."""
    if lang not in LANGS:
        raise WordSyntaxError(f"unknown language {lang!r} for {expr!r} (one of {', '.join(LANGS)})")
    tokens = _tokens(expr)
    if not tokens:
        raise WordSyntaxError("empty word expression")
    for token in tokens:
        if _REGEXY.search(token) and not _GAP.match(token) and not token.startswith("`"):
            raise WordSyntaxError(f"in {expr!r}: {_hint(expr, token)}")
    slots = [_slot(t, lang, expr) for t in tokens]
    if slots[0].kind != "word" or slots[-1].kind != "word":
        raise WordSyntaxError(f"in {expr!r}: a gap must stand between two words")
    return _join(slots)


def _join(slots: list[_Slot]) -> str:
    out = [slots[0].regex]
    for prev, cur in zip(slots, slots[1:], strict=False):
        if cur.kind in ("any", "gap"):
            if prev.kind != "word":
                raise WordSyntaxError("two gaps in a row: write one gap between two words")
            out.append(cur.regex)
        elif prev.kind == "any":
            out.append(cur.regex)
        elif prev.kind == "gap" or not (prev.glue_right or cur.glue_left):
            out.append(SEP + cur.regex)
        else:
            out.append(r"\s*" + cur.regex)
    return "".join(out)


def explain(expr: str, lang: str) -> str:
    """A short human summary of what ``expr`` matches, for ``noticeaudit rules --check``."""
    compile_words(expr, lang)  # raises on a bad expression
    parts = []
    for token in _tokens(expr):
        if token == "...":
            parts.append("anything in the same sentence (up to 80 characters)")
        elif _GAP.match(token):
            parts.append(f"a gap of {token[1:-1]} words")
        elif token == "{n}":
            parts.append("a number (digits or a number word)")
        else:
            parts.append(" or ".join(_explain_alt(a, lang) for a in token.split("|")))
    return "; then ".join(parts)


def _explain_alt(alt: str, lang: str) -> str:
    if alt.startswith("`"):
        return f"exactly {alt[1:-1]!r} (case-sensitive)"
    if alt.startswith("="):
        return f"exactly {alt[1:]!r}"
    if alt.endswith("*") and not alt.startswith("*"):
        return f"any word beginning {alt[:-1]!r}"
    lead = "a compound ending in " if alt.startswith("*") else ""
    core = alt.strip("*")
    if not _WORD.match(core):
        return f"the literal {core!r}"
    if lang == "fi" and not core.isupper():
        stems = sorted({s for stems in _fi_paradigm(core.rpartition("-")[2]).groups.values() for s in stems},
                       key=len)
        return f"{lead}a form of {core!r} (stems {', '.join(stems[:6])}{', ...' if len(stems) > 6 else ''})"
    return f"{lead}a form of {core!r}"


# ---------------------------------------------------------------- the table of forms

class Form(NamedTuple):
    """One row of the notation's table: an expression, what it means, forms it does and does not match."""

    notation: str
    lang: str
    meaning: str
    matches: list[str]
    rejects: list[str]


FORMS: list[Form] = [
    # the notation
    Form("tarkoitus", "fi", "a lemma: its inflected forms, as a whole word",
         ["tarkoitus", "tarkoituksen", "tarkoitukseen", "tarkoituksiin", "tarkoitustaan"],
         ["tarkoittaa", "käyttötarkoitus"]),
    Form("käsittelyn tarkoitus", "fi", "words in a row, each inflecting; spaces, commas, hyphens between",
         ["käsittelyn tarkoitus", "käsittelyn tarkoituksena", "käsittelyn, tarkoitukset"],
         ["käsittelyn lopullinen tarkoitus"]),
    Form("*rekisteri", "fi", "`*` first: also as the last part of a compound",
         ["rekisteri", "asiakasrekisteri", "jäsenrekisterissä"], ["rekisterinpitäjä"]),
    Form("suostumu*", "fi", "`*` last: any word beginning so (a prefix, no inflection rules)",
         ["suostumus", "suostumuksella", "suostumukseton"], ["suostua"]),
    Form("=lain", "fi", "`=`: this form only (case-insensitive)", ["lain", "LAIN"], ["laki", "lakia"]),
    Form("`Oy`", "fi", "backticks: this form only, case-sensitive", ["Oy"], ["oy", "OY"]),
    Form("`Yritys Oy`", "fi", "backticks around words: that phrase, case-sensitive, any spaces between",
         ["Yritys Oy", "Yritys  Oy"], ["yritys oy", "Yritys Oyj"]),
    Form("laki|asetus", "fi", "`|`: alternatives in one word slot (no spaces around `|`)",
         ["lain", "asetuksen"], ["lakimies"]),
    Form("oikeus [0-2] valitus", "fi", "`[m-n]`: m to n other words between (`[..n]` is `[0-n]`, `[n]` exactly n)",
         ["oikeus valitukseen", "oikeus tehdä valitus", "oikeus tehdä kirjallinen valitus"],
         ["oikeus tehdä heti kirjallinen valitus"]),
    Form("oikeus ... valitus", "fi", "`...`: anything in the same sentence between (up to 80 characters)",
         ["oikeus tehdä tarvittaessa kirjallinen valitus"], ["oikeus. Valitus"]),
    Form("{n} vuosi", "fi", "`{n}`: a number in digits or words of the list's language",
         ["10 vuotta", "kymmenen vuoden", "kahden vuoden", "2-5 vuotta"], ["vuosi"]),
    Form("{n} år", "sv", "`{n}` in Swedish", ["tio år", "3 år"], ["år"]),
    Form("{n} year", "en", "`{n}` in English", ["seven years", "2 years", "twenty-five years"], ["years"]),
    Form("95/46/EY", "fi", "a token with digits or punctuation: literally, spaces around punctuation optional",
         ["95/46/EY", "95 / 46 / EY"], ["95/46"]),
    Form("rekisterinpitäjä :", "fi", "a punctuation token joins its neighbour with optional spaces",
         ["rekisterinpitäjä:", "Rekisterinpitäjän :"], ["rekisterinpitäjä on"]),
    Form("EU", "fi", "an abbreviation (capitals, up to 5 letters): Finnish case after a colon",
         ["EU", "EU:n", "EU:ssa"], ["EUR"]),
    Form("EU-alue", "fi", "a hyphenated word: the last part inflects",
         ["EU-alue", "EU-alueen", "EU-alueella"], ["EU-alueellinen"]),
    Form("EU/ETA-alue", "fi", "letters after the last punctuation of a literal token inflect",
         ["EU/ETA-alueen", "EU / ETA-alueella"], ["EU/ETA-alueellinen"]),
    # Finnish nouns and adjectives, by the lemma's ending
    Form("oikeus", "fi", "nouns in -us/-ys after a vowel (-uus, -yys, -eus, -aus): oikeus, vapaus",
         ["oikeuden", "oikeutta", "oikeuksia", "oikeudet", "oikeuteen", "oikeuksistasi"],
         ["oikeutettu", "oikeutetun"]),
    Form("sopimus", "fi", "nouns in -us/-ys/-os after a consonant: sopimus, tarkoitus",
         ["sopimuksen", "sopimusta", "sopimukseen", "sopimuksiin", "sopimusten"], ["sopia"]),
    Form("henkilökohtainen", "fi", "-nen adjectives and nouns",
         ["henkilökohtaisen", "henkilökohtaista", "henkilökohtaisia", "henkilökohtaisten"], []),
    Form("seloste", "fi", "-e nouns, with the strong grade in the inflected stem (lauseke: lausekkeen)",
         ["selosteen", "selostetta", "selosteita", "selosteeseen"], ["selostus"]),
    Form("vakiosopimuslauseke", "fi", "-e nouns with gradation",
         ["vakiosopimuslausekkeet", "vakiosopimuslausekkeisiin", "vakiosopimuslauseketta"], []),
    Form("laki", "fi", "-i nouns (i- and e-stems, with gradation)",
         ["lain", "lakia", "lakiin", "lait", "lakeja", "laeissa"], ["lakimies", "laina", "lakisääteinen"]),
    Form("vuosi", "fi", "-si nouns: vuosi, kuukausi",
         ["vuoden", "vuotta", "vuosia", "vuoteen", "vuosina"], ["vuotaa"]),
    Form("säilytysaika", "fi", "vowel-final nouns with gradation (aika: ajan, puku: puvun, tieto: tiedon)",
         ["säilytysajan", "säilytysaikaa", "säilytysajat", "säilytysaikoja", "säilytysajoista"], []),
    Form("asiakas", "fi", "-as/-is nouns: asiakas, kallis",
         ["asiakkaan", "asiakasta", "asiakkaita", "asiakkaiden", "asiakkaisiin"], ["asiakkuus"]),
    Form("maa", "fi", "long-vowel nouns", ["maan", "maata", "maahan", "maita", "maissa"], ["maja"]),
    Form("maksuton", "fi", "-ton/-tön adjectives", ["maksuttoman", "maksutonta", "maksuttomia"], []),
    Form("vanhempi", "fi", "comparatives in -mpi", ["vanhemman", "vanhempaa", "vanhemmat", "vanhemmille"],
         ["vanha"]),
    Form("osapuoli", "fi", "-i nouns with an e-stem (kieli, nimi, osapuoli)",
         ["osapuolen", "osapuolia", "osapuolille", "osapuolten"], []),
    # Finnish verbs
    Form("käyttää", "fi", "verbs in -aa/-ää/-ua/-ea...: finite, passive, participles, infinitives",
         ["käytetään", "käytämme", "käyttämme", "käyttämällä", "käytetty", "käytti", "käyttäen",
          "käytettävät", "käyttänyt", "käytetäänkö"],
         ["käyttö", "käyttäjä", "käyttäminen", "käytettävyys"]),
    Form("säilyttää", "fi", "the same class with tt/t gradation",
         ["säilytetään", "säilytämme", "säilyttämme", "säilytti", "säilytettävät"], ["säilytys"]),
    Form("antaa", "fi", "nt/nn gradation; -oi past (antoi)", ["annetaan", "annamme", "antoi", "annettu"], []),
    Form("saada", "fi", "verbs in -da/-dä", ["saamme", "saadaan", "saatu", "saatiin", "sai", "saatavilla"],
         []),
    Form("käsitellä", "fi", "verbs in -lla/-nna/-rra/-sta (with gradation)",
         ["käsitellään", "käsittelemme", "käsittelee", "käsiteltiin", "käsitellyt", "käsiteltävät"],
         ["käsittely", "käsittelijä"]),
    Form("haluta", "fi", "verbs in -ata/-ota/-uta/-ätä...", ["haluamme", "halutaan", "haluaa", "halusi", "haluttu"],
         ["halu"]),
    Form("tarvita", "fi", "verbs in -ita/-itä", ["tarvitaan", "tarvitsemme", "tarvitsee", "tarvittiin"], []),
    Form("olla", "fi", "irregular verbs: olla, tehdä, nähdä", ["on", "ovat", "olemme", "oli", "ollut", "ollaan"],
         ["olo"]),
    Form("pyytää", "fi", "a past in -si beside -ti after a vowel, l, n or r (pyysi, kielsi)",
         ["pyydetään", "pyydämme", "pyysi"], ["pyyntö"]),
    # Swedish and English
    Form("personuppgift", "sv", "Swedish nouns: -en/-et/-er/-ar/-or/-na/-erna/-arna/-s",
         ["personuppgiften", "personuppgifter", "personuppgifterna", "personuppgifts"], []),
    Form("behandla", "sv", "Swedish verbs: -r/-er/-de/-te/-t/-s/-ade/-at/-as",
         ["behandlar", "behandlas", "behandlade", "behandlat"], ["behandling"]),
    Form("använda", "sv", "verbs in -da: använder, används, använt", ["använder", "används", "använt"], []),
    Form("transfer", "en", "English: -s/-es/-ed/-ing/'s, doubled consonants, y -> ies, e dropped",
         ["transfers", "transferred", "transferring"], ["transference"]),
    Form("party", "en", "y -> ies/ied", ["parties", "party's"], ["partisan"]),
    Form("store", "en", "a final e is dropped before -ing/-ed", ["stored", "storing", "stores"], ["storage"]),
]


def form_table() -> str:
    """The Markdown table of :data:`FORMS` (docs/word-notation.md holds a copy; a test keeps them in step)."""
    rows = ["| Notation | Language | Meaning | Matches | Does not match |", "|---|---|---|---|---|"]
    for f in FORMS:
        yes = ", ".join(f.matches)
        no = ", ".join(f.rejects) or "–"
        cells = [f"`` {f.notation} ``", f.lang, f.meaning, yes, no]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(form_table(), end="")
