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
    ("M001", "Rekisterinpitäjä on Kuusikon Kotipalvelu Oy (Y-tunnus 1234567-8)."),
    ("M001", "Personuppgiftsansvarig är Granbackens idrottsförening rf."),
    ("M001", "The controller is Lakeside Forms Ltd."),
    ("M002", "Yhteydenotot: tietosuoja@kuusikko.example"),
    ("M002", "Puhelin 040 123 4567"),
    ("M004", "Käsittelemme tietoja jäsenyyden hoitamiseksi ja tiedottamista varten."),
    ("M004", "Ändamålet med behandlingen är att sköta medlemsregistret."),
    ("M004", "We use your data to provide the service."),
    ("M007", "Tietoja ei luovuteta kolmansille osapuolille."),
    ("M007", "Uppgifterna lämnas inte ut till tredje part."),
    ("M007", "We do not share your data with third parties."),
    ("M008", "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle."),
    ("M008", "Uppgifterna överförs inte utanför EU/EES."),
    ("M008", "We do not transfer personal data outside the EEA."),
    ("M019", "Tietojen antaminen on vapaaehtoista, mutta ilman niitä emme voi toimittaa tilausta."),
    ("M019", "Du är inte skyldig att lämna uppgifterna."),
    ("M019", "You are not obliged to provide the data."),
    ("M021", "Käsittelemme seuraavia tietoja: nimi, sähköpostiosoite ja puhelinnumero."),
    ("M021", "Vi behandlar namn, e-postadress och telefonnummer."),
    ("M021", "We process your name, email address and phone number."),
    ("M022", "Tiedot saadaan asiakkaalta itseltään."),
    ("M022", "Uppgifterna samlas in direkt från dig."),
    ("M022", "We collect the data directly from you."),
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
    ("M001", "Rekisterin nimi on asiakasrekisteri."),
    ("M002", "Tietosuojavaltuutetun toimisto, tietosuoja@om.fi, puh. 029 566 6700."),
    ("M003", "Tietoturvasta vastaa tietoturvavastaava Matti."),
    ("M019", "Yhdistyksellä on vapaaehtoistyöntekijöitä."),
]


CONDITIONAL_PRESENT = [
    # (rule, a sentence that makes the item required, a sentence that provides it)
    ("M006", "Käsittely perustuu oikeutettuun etuumme.",
     "Oikeutettu etumme on asiakassuhteen hoitaminen."),
    ("M006", "Behandlingen grundar sig på vårt berättigade intresse.",
     "Vårt berättigade intresse är att sköta kundrelationen."),
    ("M017", "Uutiskirjeen lähettäminen perustuu suostumukseesi.",
     "Voit peruuttaa suostumuksesi milloin tahansa."),
    ("M017", "Nyhetsbrevet skickas med ditt samtycke.",
     "Du kan när som helst återkalla ditt samtycke."),
    ("M017", "We send the newsletter based on your consent.",
     "You can withdraw your consent at any time."),
    ("M009", "Käytämme Mailchimp-palvelua uutiskirjeen lähettämiseen.",
     "Siirrot Yhdysvaltoihin perustuvat EU:n komission vakiosopimuslausekkeisiin."),
    ("M009", "Tietoja ei siirretä EU:n ulkopuolelle, ellei se ole teknisesti tarpeen.",
     "Siirrot perustuvat komission riittävyyspäätökseen (EU–USA-tietosuojakehys)."),
]


@pytest.mark.parametrize("rule,trigger,item", CONDITIONAL_PRESENT,
                         ids=[f"{r}:{t[:24]}" for r, t, _ in CONDITIONAL_PRESENT])
def test_conditional_item(tmp_path: Path, rule: str, trigger: str, item: str) -> None:
    assert _raised(tmp_path, rule, trigger)
    assert not _raised(tmp_path, rule, f"{trigger}\n\n{item}")


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


CONTRADICTIONS = [
    # (rule, notice text, raised?)
    ("C001", "Tietoja ei siirretä EU:n ulkopuolelle.\n\nKäytämme Google Analyticsia.", True),
    ("C001", "Uppgifterna överförs inte utanför EU/EES.\n\nVi använder Mailchimp för nyhetsbrev.", True),
    ("C001", "We never transfer personal data outside the EEA.\n\nWe use HubSpot as our CRM.", True),
    ("C001", "Tietoja ei siirretä EU:n ulkopuolelle.\n\nEmme käytä Google Analyticsia.", False),
    ("C001", "Tietoja ei siirretä EU:n ulkopuolelle.\n\nKäytämme omaa Matomo-palvelinta.", False),
    ("C002", "Evästeiden keräämät tiedot ovat anonyymeja.\n\nEvästeiden avulla tallennetaan IP-osoite.", True),
    ("C002", "The data collected is anonymous.\n\nWe collect your IP address and browser type.", True),
    ("C002", "Evästeiden keräämät tiedot ovat anonyymeja.\n\nEmme kerää IP-osoitteita.", False),
    ("C002", "Selaimen tiedot (ei yhdistetä henkilöllisyyteen): IP-osoite, laitetiedot.", False),
    ("C003", "Käytämme Google Analytics -evästeitä.\n\nVoit estää evästeet selaimesi asetuksista.", True),
    ("C003", "We use Google Analytics cookies.\n\nBy continuing to browse you accept cookies.", True),
    ("C003", "Käytämme Google Analytics -evästeitä.\n\nVoit estää evästeet selaimesi asetuksista.\n\n"
             "Analytiikkaevästeet asetetaan vain, jos hyväksyt ne evästebannerissa.", False),
    ("C003", "Käytämme vain välttämättömiä evästeitä.\n\n"
             "Käyttämällä sivustoa hyväksyt välttämättömät evästeet.", False),
]


@pytest.mark.parametrize("rule,text,raised", CONTRADICTIONS,
                         ids=[f"{r}:{t[:30]}" for r, t, _ in CONTRADICTIONS])
def test_contradictions(tmp_path: Path, rule: str, text: str, raised: bool) -> None:
    assert _raised(tmp_path, rule, text) is raised
