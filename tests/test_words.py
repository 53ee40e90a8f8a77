"""The word notation (noticeaudit/words.py): each form of the table matches what
it says and nothing it rejects, the issue's Finnish examples both ways, Swedish
and English inflection, gaps, numbers, literals, errors a rule author can act on,
and output the prefilter in patterns.py can still read."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from noticeaudit.patterns import FLAGS, relaxed, required_literals
from noticeaudit.words import FORMS, WordSyntaxError, compile_words, explain, form_table

DOC = Path(__file__).resolve().parents[1] / "docs" / "word-notation.md"


def rx(expr: str, lang: str = "fi") -> re.Pattern[str]:
    return re.compile(compile_words(expr, lang), FLAGS)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f"{f.lang}:{f.notation}")
def test_table_rows_hold(form) -> None:
    pattern = rx(form.notation, form.lang)
    for text in form.matches:
        assert pattern.fullmatch(text), f"{form.notation!r} should match {text!r}"
    for text in form.rejects:
        assert not pattern.search(text), f"{form.notation!r} should not match {text!r}"


def test_doc_table_in_step() -> None:
    text = DOC.read_text(encoding="utf-8")
    begin, end = "<!-- forms:begin -->\n", "<!-- forms:end -->"
    assert begin in text and end in text
    assert text.split(begin, 1)[1].split(end, 1)[0] == form_table(), (
        "docs/word-notation.md is out of step: regenerate with python3 -m noticeaudit.words")


# Forms a Finnish reader takes for the same word, and look-alikes that are other words.
FINNISH = {
    "käyttää": (["käyttää", "käytetään", "käytämme", "käyttämällä", "käytetty", "käytti", "käyttäen",
                 "käytettiin", "käyttävät", "käytettäviä", "käytetyt", "käyttänyt", "käytetäänkö",
                 "käyttäisimme", "käyttäkää"],
                ["käyttäjä", "käyttö", "käyttäminen", "käytettävyys", "käyttöön", "käytäntö"]),
    "säilyttää": (["säilyttää", "säilytetään", "säilytämme", "säilyttämme", "säilytti", "säilytettävät"],
                  ["säilytys", "säilytysaika"]),
    "säilytysaika": (["säilytysaika", "säilytysajan", "säilytysaikaa", "säilytysajat", "säilytysajoista",
                      "säilytysaikoja", "säilytysaikana"], ["säilytys"]),
    "tarkoitus": (["tarkoitus", "tarkoituksen", "tarkoitusta", "tarkoituksiin", "tarkoituksessaan",
                   "tarkoitukseen", "tarkoituksia", "tarkoituksena"], ["tarkoittaa", "tarkoitettu"]),
    "oikeus": (["oikeus", "oikeuden", "oikeutta", "oikeuksia", "oikeudet", "oikeuteen", "oikeuksistaan",
                "oikeudesta", "oikeutesi"], ["oikeutettu", "oikeutetun", "oikea"]),
    "henkilökohtainen": (["henkilökohtainen", "henkilökohtaisen", "henkilökohtaisia", "henkilökohtaista",
                          "henkilökohtaisten"], ["henkilö"]),
    "laki": (["laki", "lain", "lakia", "lakiin", "lait", "lakien", "lakeja", "laissa", "lakeihin",
              "laeissa", "lakikin"], ["lakimies", "laina", "lakisääteinen", "lakata"]),
    "seloste": (["seloste", "selosteen", "selosteita", "selostetta", "selosteessa", "selosteeseen"],
                ["selostus"]),
    "pyytää": (["pyytää", "pyydetään", "pyydämme", "pyysi", "pyysimme"], ["pyyntö"]),
    "koskea": (["koskee", "koskevat", "koskeva", "koskien"], ["koskettaa", "koskemattomuus"]),
    "huolehtia": (["huolehdimme", "huolehditaan", "huolehtii"], []),
    "tarjota": (["tarjoamme", "tarjotaan", "tarjosi", "tarjoaa", "tarjottu"], ["tarjous"]),
    "saada": (["saada", "saamme", "saatu", "saadaan", "saatiin", "sai", "saavat", "saadut"], ["saari"]),
    "tarvita": (["tarvita", "tarvitaan", "tarvitsemme", "tarvitsee", "tarvittiin", "tarvitsi"], ["tarve"]),
    "haluta": (["haluta", "haluamme", "halutaan", "haluaa", "halusi", "haluttu"], ["halu", "halusta"]),
    "käsitellä": (["käsitellä", "käsitellään", "käsittelemme", "käsittelee", "käsiteltiin", "käsitelty",
                   "käsitellyt", "käsittelevät", "käsittelimme", "käsiteltävät"],
                  ["käsittely", "käsittelijä", "käsite"]),
    "puku": (["puku", "puvun", "pukua"], []),
    "vuosi": (["vuosi", "vuoden", "vuotta", "vuosia", "vuodessa", "vuoteen", "vuosien"], ["vuotaa"]),
    "asiakas": (["asiakas", "asiakkaan", "asiakasta", "asiakkaita", "asiakkaiden", "asiakkaisiin"],
                ["asiakkuus"]),
    "tietosuojavaltuutettu": (["tietosuojavaltuutettu", "tietosuojavaltuutetulle", "tietosuojavaltuutetun"],
                              []),
    "etu": (["etu", "edun", "etua", "etuun", "etuja", "eduista"], ["edustaja", "etuoikeus"]),
    "profilointi": (["profilointi", "profiloinnin", "profilointia", "profilointiin"], ["profiloida"]),
    "suostumus": (["suostumus", "suostumuksesi", "suostumuksella", "suostumukseen", "suostumusta"],
                  ["suostua"]),
    "antaa": (["antaa", "annetaan", "antoi", "annamme", "antavat", "annettu"], ["anti"]),
    "poistaa": (["poistaa", "poistetaan", "poistamme", "poisti", "poistettu"], ["poistaminen", "poisto"]),
    "oikaista": (["oikaista", "oikaistaan", "oikaisemme", "oikaisee", "oikaistu"], ["oikaisu"]),
    "kieli": (["kieli", "kielen", "kieltä", "kielellä"], ["kielto"]),
    "osapuoli": (["osapuolen", "osapuolia", "osapuolille", "osapuolet", "osapuolten"], []),
    "vanhempi": (["vanhempi", "vanhemman", "vanhemmat", "vanhempaa", "vanhemmille"], ["vanha"]),
    "pyyntö": (["pyynnön", "pyyntöjä", "pyynnöstä", "pyyntöön"], ["pyytää"]),
    "ehto": (["ehdot", "ehtoja", "ehdoissa", "ehtojen"], ["ehtiä"]),
    "tieto": (["tieto", "tiedon", "tietoa", "tietoja", "tiedot", "tiedoista", "tietoihin"], ["tietoinen"]),
    "rekisteri": (["rekisteri", "rekisterin", "rekisteriä", "rekistereitä", "rekisteriin", "rekistereissä"],
                  ["asiakasrekisteri", "rekisterinpitäjä"]),
}


@pytest.mark.parametrize("lemma", sorted(FINNISH))
def test_finnish_lemma_both_ways(lemma: str) -> None:
    pattern = rx(lemma)
    forms, others = FINNISH[lemma]
    missed = [f for f in forms if not pattern.fullmatch(f)]
    wrong = [f for f in others if pattern.search(f)]
    assert not missed, f"{lemma} misses {missed}"
    assert not wrong, f"{lemma} wrongly accepts {wrong}"


@pytest.mark.parametrize(("expr", "lang", "text", "found"), [
    ("käsittelyn tarkoitus", "fi", "Henkilötietojen käsittelyn tarkoituksena on", True),
    ("mihin tieto käyttää", "fi", "Mihin tietoja käytetään", True),
    ("säilyttää [0-3] {n} vuosi", "fi", "Säilytämme tietoja kymmenen vuoden ajan.", True),
    ("säilyttää [0-1] {n} vuosi", "fi", "Säilytämme asiakkaan tietoja kymmenen vuoden ajan.", False),
    ("oikeus ... valittaa", "fi", "Sinulla on oikeus tehdä tarvittaessa valitus tai valittaa", True),
    ("oikeus ... valittaa", "fi", "Sinulla on oikeus. Voit valittaa", False),
    ("`Oy`", "fi", "Yritys Oy", True),
    ("`Oy`", "fi", "yritys oy", False),
    ("523/1999", "fi", "henkilötietolaki (523/1999)", True),
    ("6 artikla", "fi", "6 artiklan 1 kohdan a alakohta", True),
    ("EU", "fi", "EU:n ulkopuolelle", True),
    ("behandla", "sv", "Vi behandlar uppgifterna", True),
    ("personuppgift", "sv", "personuppgifterna sparas", True),
    ("*uppgift", "sv", "personuppgifterna sparas", True),
    ("spara [0-2] {n} år", "sv", "Uppgifterna sparas i tio år", True),
    ("use", "en", "we are using your data", True),
    ("process", "en", "the processing of data", True),
    ("keep [0-3] {n} year", "en", "we keep your data for seven years", True),
])
def test_phrases(expr: str, lang: str, text: str, found: bool) -> None:
    assert bool(rx(expr, lang).search(text)) is found


@pytest.mark.parametrize(("expr", "needle"), [
    (r"\btarkoitu\w*", "regular expression"),
    ("(?:laki|asetus)", "regular expression"),
    ("käyt(ä|e)", "`regex:`"),
    ("tarkoitus [0-3]", "between two words"),
    ("... tarkoitus", "between two words"),
    ("laki||asetus", "empty alternative"),
    ("tarko**", "'*'"),
    ("tark*oitus", "'*'"),
    ("oikeus [5-2] valitus", "m <= n"),
    ("oikeus [x] valitus", "gap"),
    ("=", "'='"),
    ("", "empty"),
])
def test_errors_say_what_is_wrong(expr: str, needle: str) -> None:
    with pytest.raises(WordSyntaxError) as err:
        compile_words(expr, "fi")
    assert needle in str(err.value)
    assert isinstance(err.value, ValueError)


def test_unknown_language() -> None:
    with pytest.raises(WordSyntaxError, match="language"):
        compile_words("laki", "de")


@pytest.mark.parametrize(("expr", "lang"), [(f.notation, f.lang) for f in FORMS])
def test_output_suits_the_prefilter(expr: str, lang: str) -> None:
    """No lookarounds; the relaxed pattern finds what the pattern finds; literals are found."""
    source = compile_words(expr, lang)
    assert not re.search(r"\(\?<?[=!]", source)
    literals = required_literals(source)
    form = next(f for f in FORMS if f.notation == expr and f.lang == lang)
    for text in form.matches:
        assert relaxed(source).search(text.lower())
        if literals is not None:
            assert any(lit.lower() in text.lower() for lit in literals), (expr, text, literals)


def test_lemmas_give_stems_to_the_prefilter() -> None:
    for lemma in FINNISH:
        literals = required_literals(compile_words(lemma, "fi"))
        assert literals, lemma
        assert min(map(len, literals)) >= 3


def test_explain() -> None:
    text = explain("säilyttää [0-3] {n} vuosi", "fi")
    assert "säilyttää" in text and "0-3" in text and "number" in text and "vuosi" in text
    assert "case-sensitive" in explain("`Oy`", "fi")
    with pytest.raises(WordSyntaxError):
        explain("(?:x)", "fi")


SWEDISH_ENGLISH = {
    ("sv", "personuppgiftsansvarig"): (["personuppgiftsansvarige", "personuppgiftsansvariga"], []),
    ("sv", "ändamål"): (["ändamålen", "ändamålet", "ändamålens"], ["ändamålsenlig"]),
    ("sv", "syfte"): (["syftet", "syften", "syftena"], ["syftning"]),
    ("sv", "berättigad intresse"): (["berättigat intresse", "berättigade intressen"], []),
    ("sv", "lagra"): (["lagras", "lagrar", "lagrade", "lagrat"], ["lagring", "lager"]),
    ("sv", "överföra"): (["överför", "överförs", "överförde", "överfört", "överförda"], ["överföring"]),
    ("sv", "kaka"): (["kakor", "kakorna", "kakan"], ["kakel"]),
    ("sv", "regel"): (["regler", "reglerna", "regeln"], []),
    ("sv", "radera"): (["raderas", "raderade"], ["radering"]),
    ("en", "store"): (["stored", "storing", "stores"], ["storage"]),
    ("en", "collect"): (["collected", "collecting", "collects"], ["collection"]),
    ("en", "share"): (["shared", "sharing"], ["shareholder"]),
    ("en", "process"): (["processes", "processed", "processing"], ["processor"]),
    ("en", "country"): (["countries", "country's"], ["count"]),
    ("en", "complaint"): (["complaints"], ["complain"]),
    ("en", "submit"): (["submitted", "submitting"], []),
}


@pytest.mark.parametrize(("lang", "expr"), sorted(SWEDISH_ENGLISH))
def test_swedish_english_both_ways(lang: str, expr: str) -> None:
    pattern = rx(expr, lang)
    forms, others = SWEDISH_ENGLISH[(lang, expr)]
    assert [f for f in forms if not pattern.fullmatch(f)] == []
    assert [f for f in others if pattern.search(f)] == []


@pytest.mark.parametrize(("lang", "text", "found"), [
    ("fi", "10 vuotta", True), ("fi", "kahdentoista vuoden", True), ("fi", "kaksikymmentä vuotta", True),
    ("fi", "yhteystiedot vuosittain", False), ("fi", "kolmannen vuoden", False),
    ("sv", "tjugofem år", True), ("sv", "enligt år", False),
    ("en", "twenty-five years", True), ("en", "tenant years", False),
])
def test_numbers(lang: str, text: str, found: bool) -> None:
    unit = {"fi": "vuosi", "sv": "år", "en": "year"}[lang]
    assert bool(rx(f"{{n}} {unit}", lang).fullmatch(text)) is found


def test_short_words_are_exact_and_olla_is_irregular() -> None:
    assert rx("tiedot olla").search("tiedot ovat") and rx("olla").fullmatch("olemme")
    assert rx("on").fullmatch("on") and not rx("on").search("onni")
    assert rx("ei [0-2] olla").search("ei ole") and not rx("ei").search("eilen")


@pytest.mark.parametrize(("expr", "needle"), [
    ("`Oy", "backtick"),
    ("=laki*", "'='"),
])
def test_more_errors(expr: str, needle: str) -> None:
    with pytest.raises(WordSyntaxError, match=re.escape(needle)):
        compile_words(expr, "fi")


def test_literals_and_phrases_with_punctuation() -> None:
    assert rx("henkilötietolaki 523/1999").search("henkilötietolain (523/1999) mukaisesti")
    assert rx("art. 6").search("GDPR art. 6 mukaan")
    assert rx("GDPR:n").search("GDPR:n mukaan") and not rx("GDPR:n").search("GDPR:ssä")
    assert rx("mitä tieto käsitellä ?").search("Mitä tietoja käsitellään?")


def test_compiled_expressions_are_cached() -> None:
    assert compile_words("käyttää", "fi") is compile_words("käyttää", "fi")
    assert compile_words.cache_info().hits >= 1


@pytest.mark.parametrize(("expr", "lang", "text"), [
    ("kolmas maa", "fi", "siirretään kolmansiin maihin"),
    ("kolmas maa", "fi", "kolmanteen maahan"),
    ("IMY", "sv", "IMY:s webbplats"),
    ("GDPR", "en", "the GDPR's rules"),
    ("Euroopan unioni", "fi", "Euroopan unionin ulkopuolelle"),
])
def test_more_phrases(expr: str, lang: str, text: str) -> None:
    assert rx(expr, lang).search(text)
