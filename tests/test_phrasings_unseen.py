"""The error classes seen on notices written elsewhere (issue 9), each as a regression
test phrased in our own words: a sentence that provides the item (the rule stays quiet)
and a look-alike that does not (the rule is still raised). Organisations, people and
numbers are invented."""
from __future__ import annotations

from pathlib import Path

import pytest

from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options, audit_source

CATALOGUE = load_catalogue()


def _raised(tmp_path: Path, rule: str, text: str, *, title: str = "Privacy notice",
            jurisdiction: str = "auto") -> bool:
    markdown = "\n## " in f"\n{text}"  # a text with Markdown headings is a .md notice
    notice = tmp_path / ("notice.md" if markdown else "notice.txt")
    notice.write_text(f"{'# ' if markdown else ''}{title}\n\n{text}\n", encoding="utf-8")
    result = audit_source(str(notice), CATALOGUE, CATALOGUE.select([rule], None),
                          Options(jurisdiction=jurisdiction))
    assert result.error is None
    return rule in {f.rule for f in result.findings}


# (rule, text that provides the item)
PRESENT = [
    # English: controller names and contact numbers of international policies.
    ("M001", "Brightwater Analytics LLC (\"we\", \"us\") operates this website."),
    ("M001", "This website is run by Hollowtree Media Limited."),
    ("M001", "This statement explains how the Harbour Choir (“we” and “our”) uses data."),
    ("M001", "The data controller for your personal information is the Harbour Choir."),
    ("M001", "## Register holder\n\nAino Esimerkki, aino@example.org"),
    ("M001", "Verantwortlich: Sonnenhang Reisen GmbH, Am Markt 3, Graz."),
    ("M001", "Musikskolan Stråken, info@straken.example, är personuppgiftsansvarig för behandlingen."),
    ("M002", "Questions? Call us on 800-555-0199."),
    ("M002", "Palaute tjänsten per e-post (palaute at esimerkki.fi)."),
    ("M001", "Webbtjänsten drivs av Esimerkby stad."),
    ("M001", "Uppgifterna sparas i Kustbygdens Ungdomsförbund rf:s medlemsregister."),
    ("M002", "You can reach our privacy team on +44 20 7946 0321."),
    # English rights.
    ("M011", "You can make an access request by writing to us."),
    ("M011", "You may receive copies of your personal data that we hold."),
    ("M012", "You may update personal information that is out of date or incorrect."),
    ("M012", "We will promptly correct any details that turn out to be inaccurate."),
    ("M011", "You may request details of personal information which we hold about you."),
    ("M014", "You can ask us to restrict our use of your personal information."),
    ("M016", "You can ask us to transmit such personal data to another controller."),
    # English categories under headings such as these.
    ("M021", "INFORMATION WE COLLECT\n\nYour name, email address and delivery address."),
    ("M021", "Information you give us\n\nYour name, phone number and the details of your order."),
    ("M019", "## Do you have to give us your details?\n\nWithout a postal address we cannot "
             "send your order."),
    # English retention.
    ("M010", "We keep your messages for as long as necessary to answer your question."),
    ("M010", "Server logs are kept no longer than seven days."),
    ("M010", "I will process the details only as long as necessary for the register's purpose."),
    ("M010", "We keep your details no longer than is necessary for the purposes above."),
    # English transfers.
    ("M008", "Our newsletter tool stores subscriber data on servers in the USA."),
    ("M008", "Place of processing: US"),
    ("M008", "Your data may be stored on American servers of our hosting provider."),
    # Swedish retention.
    ("M010", "Vi sparar aldrig dina uppgifter längre än vad som är nödvändigt för ändamålet."),
    ("M010", "Fakturorna sparas i tio år."),
    ("M010", "Vi ser en gång per år över om ändamålet kvarstår, annars raderas uppgifterna."),
    ("M004", "Vi använder dina uppgifter enbart för att hantera din beställning."),
    # Finnish: an inflected purposes heading, a trade name as the controller.
    ("M004", "## Mihin tietoja käytetään\n\nAsiakkaiden yhteystiedot ovat tilausten toimittamista "
             "ja laskuttamista varten."),
    ("M001", "Rekisteriä pitää Valokuvaamo Kuutamo (toiminimi Aino Esimerkki), Rantakatu 2, Kotka."),
]

# (rule, a look-alike that does not provide the item)
ABSENT = [
    ("M011", "Unauthorised access to personal data is prevented by passwords."),
    ("M014", "We restrict access to your data to our own staff."),
    ("M016", "We may transmit your order to our courier."),
    ("M010", "We store your data securely on servers in Finland."),
    ("M010", "Vi förvarar uppgifterna i ett låst arkiv."),
    ("M008", "Our company is a member of the US–Finnish Chamber of Commerce."),
    ("M004", "## Mihin voit ottaa yhteyttä\n\nKysymykset voi lähettää sähköpostitse."),
    ("M001", "Valokuvaamo palvelee arkisin kello 9–17."),
    # A glossary entry defining "controller" does not name one.
    ("M001", "## Data Controller (or Owner)\n\nThe natural or legal person who determines the "
             "purposes and means of the processing."),
    # A company form of the analytics provider does not name the controller.
    ("M001", "We use Google Analytics, a web analytics service of Google LLC."),
    # The pre-GDPR mechanism of a refused correction is not the complaint right.
    ("M018", "If the controller refuses the correction, the matter can be brought to the "
             "Data Protection Ombudsman."),
    ("M018", "Jos rekisterinpitäjä ei korjaa tietoa, asian voi saattaa tietosuojavaltuutetun "
             "käsiteltäväksi."),
]


@pytest.mark.parametrize("rule,text", PRESENT, ids=[f"{r}:{t[:30]}" for r, t in PRESENT])
def test_item_present(tmp_path: Path, rule: str, text: str) -> None:
    assert not _raised(tmp_path, rule, text)


@pytest.mark.parametrize("rule,text", ABSENT, ids=[f"{r}:{t[:30]}" for r, t in ABSENT])
def test_look_alike_is_not_the_item(tmp_path: Path, rule: str, text: str) -> None:
    assert _raised(tmp_path, rule, text)


# (rule, text, raised?) for the conditional and consent rules.
CONSENT = [
    # Describing the law, promising to ask, or a third party's consent is no consent basis.
    ("M005", "The storage of cookies requires the user's consent.", True),
    ("M005", "Where required, we will ask you for this consent.", True),
    ("M005", "Before sending us a colleague's details, please confirm that you have "
             "that person's consent.", True),
    ("M005", "We send the newsletter on the basis of your consent.", False),
    # Swedish "without your consent" is not a basis either.
    ("M005", "Vi lämnar aldrig ut dina uppgifter utan ditt samtycke.", True),
    # M017 only where consent is a basis; withdrawal in Swedish and English counts.
    ("M017", "The storage of cookies requires the user's consent.", False),
    ("M017", "Vi skickar nyhetsbrevet med ditt samtycke.", True),
    ("M017", "Vi skickar nyhetsbrevet med ditt samtycke. Du kan när som helst ta tillbaka "
             "ditt samtycke.", False),
    ("M017", "We process your photo with your consent. You may revoke your consent at any "
             "time.", False),
    # Withdrawing from something else is not withdrawing consent.
    ("M017", "We publish class photos with your consent. You may withdraw from the course at "
             "any time.", True),
    ("M017", "We publish class photos with your consent, which you can withdraw by emailing us.",
     False),
    ("M017", "We publish class photos with your consent. For the revocation of a given consent, "
             "email us.", False),
    # Asking for consent is not saying it can be withdrawn.
    ("M017", "Valokuvien julkaisuun pyydetään aina suostumus.", True),
]


@pytest.mark.parametrize("rule,text,raised", CONSENT, ids=[f"{r}:{t[:30]}" for r, t, _ in CONSENT])
def test_consent(tmp_path: Path, rule: str, text: str, raised: bool) -> None:
    assert _raised(tmp_path, rule, text) is raised


OTHER = [
    # A terse interest in brackets states the legitimate interest (M006).
    ("M006", "Rättslig grund: berättigat intresse (kundservice och fakturering).", False),
    ("M006", "Rättslig grund: berättigat intresse.", True),
    # A promise to seek consent is not consent as the basis (M017 not required).
    ("M017", "Where we need other uses, we will seek your explicit consent in advance.", False),
    # Transfers to the US by short names require safeguards (M009).
    ("M009", "Our email provider keeps the mailing list on servers in the USA.", True),
    ("M009", "Our email provider keeps the mailing list on servers in the USA under the "
             "standard contractual clauses.", False),
    ("M009", "Place of processing: US", True),
    # An anonymity claim next to the identifiers collected.
    ("C002", "Kävijätilastot ovat nimettömiä, eikä kävijää voida tunnistaa. Tilastoihin "
             "tallennetaan IP-osoite ja selaimen tiedot.", True),
    ("C002", "The statistics are anonymous. We do not collect IP addresses.", False),
    ("C002", "You may ask for the transformation of your data into anonymous form. We log your "
             "IP address.", False),
    ("C002", "Log data is used only to extract anonymous statistics on visits. We log your IP "
             "address.", False),
    # A rights-request barrier in other wordings.
    ("Q001", "Tarkastuspyyntö tulee tehdä kirjallisesti ja omakätisesti allekirjoitettuna.", True),
    ("Q001", "Requests must be made in writing and bear your handwritten signature.", True),
    ("Q001", "Begäran ska vara skriftlig och egenhändigt undertecknad.", True),
    ("Q001", "Requests can be made by email or through your account.", False),
    # An empty retention heading: retention is not counted from an unrelated sentence.
    ("M010", "## Säilytysaika\n\n## Tietojen käyttö\n\nLähetämme asiakassuhteen ajan "
             "tarjouksia sähköpostitse.", True),
    ("M010", "## Säilytysaika\n\nTietoja säilytetään asiakassuhteen ajan.", False),
]


@pytest.mark.parametrize("rule,text,raised", OTHER, ids=[f"{r}:{t[:30]}" for r, t, _ in OTHER])
def test_other_classes(tmp_path: Path, rule: str, text: str, raised: bool) -> None:
    assert _raised(tmp_path, rule, text) is raised


# National-law rules by jurisdiction.
NATIONAL = [
    ("O001", "Medlemsregistret förs enligt personuppgiftslagen (1998:204).", "auto", True),
    ("O001", "We hold your details in accordance with the Data Protection Act 1998.", "auto", True),
    ("O001", "We are registered with the ICO under the Data Protection Act 2018.", "auto", False),
    ("O001", "Applicants' data is processed under the Personal Data Act.", "EU", False),
    ("O001", "Applicants' data is processed under the Personal Data Act.", "FI", True),
    ("O005", "Klagomål kan skickas till datainspektionen@datainspektionen.se.", "auto", True),
    ("O005", "Klagomål kan skickas till IMY, Box 8114, 104 20 Stockholm.", "auto", False),
    ("O006", "Vi använder kakor enligt lagen (2003:389) om elektronisk kommunikation.", "auto", True),
    ("O006", "Vi använder kakor enligt lagen om elektronisk kommunikation.", "auto", False),
    ("O003", "Tietoja käsitellään direktiivien 95/46/EY ja 2002/58/EY mukaisesti.", "auto", True),
    ("O003", "We follow Directive 95/46/EC and the ePrivacy Directive 2002/58/EC.", "auto", True),
    ("O003", "Evästeistä säädetään sähköisen viestinnän tietosuojadirektiivissä 2002/58/EY.", "auto",
     False),
    ("O007", "Du kan lämna klagomål till Datainspektionen.", "SE", True),
    ("O007", "Du kan lämna klagomål till Datainspektionen.", "AX", False),
    ("M018", "You can also complain to the ICO if you are unhappy with how we have used "
             "your data.", "auto", False),
    ("M018", "Om du är missnöjd kan du lämna klagomål till Integritetsskyddsmyndigheten.",
     "auto", False),
]


@pytest.mark.parametrize("rule,text,jurisdiction,raised", NATIONAL,
                         ids=[f"{r}:{j}:{t[:24]}" for r, t, j, _ in NATIONAL])
def test_national_law_by_jurisdiction(tmp_path: Path, rule: str, text: str, jurisdiction: str,
                                      raised: bool) -> None:
    assert _raised(tmp_path, rule, text, jurisdiction=jurisdiction) is raised
