"""Required items in the many ways notices word them (and look-alikes that are not
the item): each sentence alone under a heading, through the whole pipeline.

'present' sentences provide the item, so the missing-item rule must stay quiet;
'absent' sentences are look-alikes, so the rule must still be raised.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options, audit_source

CATALOGUE = load_catalogue()

PRESENT = [
    ("M011", "Sinulla on oikeus pyytää pääsyä tietoihisi."),
    ("M011", "Rekisteröidyllä on oikeus tarkastaa itseään koskevat tiedot."),
    ("M011", "Sinulla on oikeus tietää, mitä tietoja sinusta käsittelemme."),
    ("M011", "Du har rätt att få tillgång till dina personuppgifter."),
    ("M011", "You have the right to access your personal data."),
    ("M012", "Voit pyytää virheellisten tietojen oikaisemista."),
    ("M012", "Rekisteröidyllä on oikeus saada virheellinen tieto korjatuksi."),
    ("M012", "Du har rätt att få felaktiga uppgifter rättade."),
    ("M012", "You can ask us to correct inaccurate data."),
    ("M013", "Sinulla on oikeus saada tietosi poistetuksi."),
    ("M013", "Rekisteröidyllä on oikeus tulla unohdetuksi."),
    ("M013", "Du har rätt till radering av dina uppgifter."),
    ("M013", "You have the right to erasure of your data."),
    ("M014", "Voit pyytää tietojesi käsittelyn rajoittamista."),
    ("M014", "Du har rätt att begära begränsning av behandlingen."),
    ("M014", "You may request restriction of processing."),
    ("M015", "Sinulla on oikeus vastustaa tietojesi käsittelyä."),
    ("M015", "Rekisteröidyllä on oikeus kieltää tietojensa käyttö suoramarkkinointiin."),
    ("M015", "Du har rätt att invända mot behandlingen."),
    ("M015", "You have the right to object to processing."),
    ("M016", "Sinulla on oikeus siirtää tietosi järjestelmästä toiseen."),
    ("M016", "Siirto-oikeus ei sovellu, koska käsittely perustuu lakisääteiseen velvoitteeseen."),
    ("M016", "Du har rätt till dataportabilitet."),
    ("M016", "You have the right to data portability."),
    ("M018", "Sinulla on oikeus tehdä valitus valvontaviranomaiselle."),
    ("M018", "Voit tehdä kantelun tietosuojavaltuutetulle."),
    ("M018", "Du har rätt att lämna in klagomål till dataombudsmannen."),
    ("M018", "You have the right to lodge a complaint with the supervisory authority."),
    ("M010", "Tiedot poistetaan kahden vuoden kuluttua asiakkuuden päättymisestä."),
    ("M010", "Säilytämme tietoja niin kauan kuin asiakassuhde on voimassa."),
    ("M010", "Kirjanpitoaineisto säilytetään kirjanpitolain edellyttämän ajan."),
    ("M010", "Uppgifterna sparas i två år efter att medlemskapet upphört."),
    ("M010", "We keep your data for 24 months after your last purchase."),
    ("M005", "Käsittely perustuu suostumukseesi."),
    ("M005", "Käsittely perustuu asiakkaan kanssa tehtyyn palvelusopimukseen."),
    ("M005", "Käsittelyn oikeusperuste on rekisterinpitäjän lakisääteinen velvoite."),
    ("M005", "Behandlingen grundar sig på ditt samtycke."),
    ("M005", "We process the data to perform our contract with you."),
    ("M020", "Tietoja ei käytetä automaattiseen päätöksentekoon eikä profilointiin."),
    ("M020", "Vi använder inte automatiserat beslutsfattande."),
    ("M020", "We do not use automated decision-making."),
]

ABSENT = [
    ("M010", "Asiakirjat säilytetään lukitussa ja paloturvallisessa arkistokaapissa."),
    ("M010", "Tiedot hävitetään käyttäjän pyynnöstä."),
    ("M010", "Pysyvät evästeet vanhenevat kahden vuoden kuluttua."),
    ("M005", "Henkilötietoja käsitellään henkilötietolain sallimissa rajoissa."),
    ("M005", "Työntekijät ovat allekirjoittaneet salassapitosopimuksen."),
    ("M005", "Suostumus: sopimuksellinen peruste puuttuu, suostumusta ei tarvita."),
    ("M018", "Tietoturvaloukkauksista ilmoitetaan tietosuojavaltuutetulle."),
    ("M018", "Asianomainen voi saattaa korjauspyynnön epäämisen tietosuojavaltuutetun ratkaistavaksi."),
    ("M012", "Autokorjaamomme korjaa kaikki automerkit."),
    ("M014", "Tietoja käsitellään lainsäädännön edellyttämissä rajoissa."),
    ("M016", "Osia tiedoista saatetaan siirtää yhteistyökumppanin palvelimille."),
    ("M020", "Evästeiden avulla kohdennamme mainontaa."),
]


def _raised(tmp_path: Path, rule: str, sentence: str) -> bool:
    notice = tmp_path / "notice.txt"
    notice.write_text(f"Tietosuojaseloste\n\n{sentence}\n", encoding="utf-8")
    result = audit_source(str(notice), CATALOGUE, CATALOGUE.select([rule], None), Options())
    assert result.error is None
    return rule in {f.rule for f in result.findings}


@pytest.mark.parametrize("rule,sentence", PRESENT, ids=[f"{r}:{s[:28]}" for r, s in PRESENT])
def test_item_present(tmp_path: Path, rule: str, sentence: str) -> None:
    assert not _raised(tmp_path, rule, sentence)


@pytest.mark.parametrize("rule,sentence", ABSENT, ids=[f"{r}:{s[:28]}" for r, s in ABSENT])
def test_look_alike_is_not_the_item(tmp_path: Path, rule: str, sentence: str) -> None:
    assert _raised(tmp_path, rule, sentence)


def test_unauthorised_access_is_not_the_right_of_access(tmp_path: Path) -> None:
    assert _raised(tmp_path, "M011", "Estääkseen oikeudettoman pääsyn tietoihin rekisterinpitäjä "
                                     "on ryhtynyt teknisiin toimiin.")
