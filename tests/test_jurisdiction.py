"""The controller's jurisdiction: detected from the notice, overridden by option or config,
reported with its evidence, and used by rules (which run where they apply, and suggest the
authority of the controller's country). Every notice text here is invented."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from noticeaudit.analyse import analyse
from noticeaudit.catalogue import CatalogueError, load_catalogue
from noticeaudit.cli import main
from noticeaudit.jurisdiction import detect
from noticeaudit.parse.text import parse_text
from noticeaudit.pipeline import Options, audit_source


def _code(text: str, language: str = "en", url: str | None = None) -> str:
    return detect(text, language, url).label


@pytest.mark.parametrize("text,language,expected", [
    # Finland: a Y-tunnus, a Finnish postcode and town, the ombudsman.
    ("Rekisterinpitäjä: Kalliokoski Oy (Y-tunnus 2345678-9), Rantatie 4, 33100 Tampere.", "fi", "FI"),
    # A Finland-Swedish notice of a Finnish association is Finnish, not Swedish.
    ("Personuppgiftsansvarig: Sångföreningen Västanvind rf, Strandvägen 2, 10600 Ekenäs. "
     "Du kan lämna klagomål till dataombudsmannen.", "sv", "FI"),
    # An English notice of a Finnish company is Finnish.
    ("Controller: Nordpeak Software Ltd, business ID 3456789-0, Mannerheimintie 9, 00100 Helsinki, "
     "Finland.", "en", "FI"),
    # Sweden: organisationsnummer and a Swedish postcode written with its space.
    ("Personuppgiftsansvarig är Fjällbacka Cykel AB, org.nr 556123-4567, Storgatan 3, 452 30 Strömstad.",
     "sv", "SE"),
    # A Swedish company's notice written in Finnish is still Swedish.
    ("Rekisterinpitäjä on Tornedalens Handel AB (organisationsnummer 559012-3456), Box 12, "
     "953 21 Haparanda, Sverige.", "fi", "SE"),
    # The UK: a Companies House registration and a UK postcode.
    ("Thistle & Rowan Ltd is registered in Scotland (company number SC123456), 12 Harbour Row, "
     "Leith EH6 6LS.", "en", "UK"),
    # Other EU/EEA: a German address and VAT number.
    ("Verantwortlich: Bergblick GmbH, Hauptstraße 5, 80331 München, Germany. USt-ID DE123456789.",
     "en", "EU"),
    # Åland is Finland, with its own region.
    ("Personuppgiftsansvarig: Kökar kommun, Hamnvägen 1, 22730 Kökar. Tillsynsmyndighet är "
     "Datainspektionen på Åland, www.di.ax.", "sv", "FI (Åland)"),
    # Language alone decides nothing.
    ("We keep your email address for as long as you subscribe.", "en", "unknown"),
    ("Vi sparar din e-postadress så länge du prenumererar.", "sv", "unknown"),
])
def test_jurisdiction_from_evidence(text: str, language: str, expected: str) -> None:
    assert _code(text, language) == expected


def test_one_weak_signal_is_not_enough_but_the_address_is() -> None:
    # A .se address alone (the controller may use any domain) is too little ...
    assert _code("Questions: hello@brightloop.se", "en") == "unknown"
    # ... a Swedish postcode and town with it is enough.
    assert _code("Questions: hello@brightloop.se, Brightloop, Kungsgatan 8, 111 43 Stockholm.",
                 "en") == "SE"


def test_the_authority_of_another_country_named_for_its_residents_does_not_outweigh_the_address() -> None:
    text = ("Controller: Nordpeak Software Ltd, business ID 3456789-0, 00100 Helsinki.\n"
            "Residents of the UK may also contact the Information Commissioner's Office (ICO).")
    assert _code(text) == "FI"


def _analyse(text: str, **kw: str):
    doc = parse_text(text, "notice.txt")
    return analyse(doc, **kw)


def test_analysis_carries_the_jurisdiction_and_an_override_replaces_detection() -> None:
    text = "Personuppgiftsansvarig: Fjällbacka Cykel AB, org.nr 556123-4567, 452 30 Strömstad."
    assert _analyse(text).jurisdiction.code == "SE"
    fixed = _analyse(text, jurisdiction="UK", jurisdiction_source="config").jurisdiction
    assert (fixed.code, fixed.source, fixed.evidence) == ("UK", "config", [])


NOTICE_SE = """Integritetspolicy

Personuppgiftsansvarig är Fjällbacka Cykel AB, org.nr 556123-4567, Storgatan 3, 452 30 Strömstad.
Vi behandlar ditt namn och din e-postadress för att leverera dina beställningar.
"""


def _run(tmp_path: Path, text: str, *args: str) -> dict:
    notice = tmp_path / "notice.txt"
    notice.write_text(text, encoding="utf-8")
    got = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", *args, str(notice)])
    assert got.exit_code in (0, 1), got.output
    return json.loads(got.output)["documents"][0]


def test_json_reports_the_jurisdiction_with_evidence_and_lines(tmp_path: Path) -> None:
    doc = _run(tmp_path, NOTICE_SE, "--select", "M018")
    j = doc["jurisdiction"]
    assert (j["code"], j["region"], j["source"]) == ("SE", None, "detected")
    kinds = {e["kind"]: e for e in j["evidence"]}
    assert kinds["business-id"]["text"] == "org.nr 556123-4567"
    assert kinds["business-id"]["line"] == 3
    # The complaint authority suggested is Sweden's IMY, in the notice's language.
    m018 = next(f for f in doc["findings"] if f["rule"] == "M018")
    assert "Integritetsskyddsmyndigheten" in m018["suggestion"]
    assert "tietosuoja" not in m018["suggestion"]


def test_option_overrides_detection_and_changes_the_suggested_authority(tmp_path: Path) -> None:
    doc = _run(tmp_path, NOTICE_SE, "--select", "M018", "--jurisdiction", "UK")
    assert doc["jurisdiction"] == {"code": "UK", "region": None, "source": "option", "evidence": []}
    assert "Information Commissioner" in doc["findings"][0]["suggestion"]


def test_config_key_sets_the_jurisdiction(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("Vi behandlar ditt namn för att skicka nyhetsbrevet.\n", encoding="utf-8")
    (tmp_path / ".noticeaudit.toml").write_text('jurisdiction = "EU"\n', encoding="utf-8")
    got = CliRunner().invoke(main, ["check", "--config", str(tmp_path / ".noticeaudit.toml"),
                                    "--format", "json", "--select", "M018", str(notice)])
    doc = json.loads(got.output)["documents"][0]
    assert doc["jurisdiction"]["source"] == "config"
    # Other EU/EEA: the Art. 77 wording with the EDPB members list.
    assert "edpb.europa.eu" in doc["findings"][0]["suggestion"]


def test_unknown_jurisdiction_suggests_the_art_77_wording(tmp_path: Path) -> None:
    doc = _run(tmp_path, "We use your email address to send the newsletter.\n", "--select", "M018")
    assert doc["jurisdiction"]["code"] == "unknown"
    assert "habitual residence" in doc["findings"][0]["suggestion"]


def test_text_report_header_names_the_jurisdiction_and_why(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE_SE, encoding="utf-8")
    got = CliRunner().invoke(main, ["check", "--isolated", "--select", "M018", str(notice)])
    assert "jurisdiction SE (business-id: org.nr 556123-4567" in got.output


def _rule_dir(tmp_path: Path, extra: str) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "local.yaml").write_text(f"""rules:
  - id: Q190
    name: bike-word
    severity: info
    kind: phrase
    patterns: {{regex: ['\\bcykel\\b']}}
    message: {{en: "Bike."}}
    suggestion: {{en: "General."}}
{extra}""", encoding="utf-8")
    return rules


def test_a_rule_runs_only_in_its_jurisdictions_and_suggests_per_jurisdiction(tmp_path: Path) -> None:
    rules = _rule_dir(tmp_path, """    jurisdictions: [SE, UK]
    suggestions:
      SE: {en: "Swedish fix."}
""")
    catalogue = load_catalogue((str(rules),))
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE_SE, encoding="utf-8")
    select = catalogue.select(["Q190"], None)
    se = audit_source(str(notice), catalogue, select, Options(messages="en"))
    assert [(f.rule, f.suggestion) for f in se.findings] == [("Q190", "Swedish fix.")]
    uk = audit_source(str(notice), catalogue, select, Options(messages="en", jurisdiction="UK"))
    assert [(f.rule, f.suggestion) for f in uk.findings] == [("Q190", "General.")]
    fi = audit_source(str(notice), catalogue, select, Options(jurisdiction="FI"))
    assert fi.findings == []


@pytest.mark.parametrize("extra,problem", [
    ("    jurisdictions: [SE, DE]\n", "local.yaml:9: Q190: unknown jurisdiction 'DE'"),
    ("    jurisdictions: SE\n", "expected a list of jurisdictions"),
    ("    jurisdictions: [SE]\n    suggestions: {UK: {en: x}}\n", "UK is not one of the rule's"),
    ("    suggestions: {SE: {de: x}}\n", "SE: unknown key 'de'"),
])
def test_bad_jurisdiction_keys_are_refused_with_their_line(tmp_path: Path, extra: str,
                                                           problem: str) -> None:
    rules = _rule_dir(tmp_path, extra)
    with pytest.raises(CatalogueError) as err:
        load_catalogue((str(rules),))
    assert problem in str(err.value)
    assert "local.yaml:" in str(err.value) and "Q190" in str(err.value)
