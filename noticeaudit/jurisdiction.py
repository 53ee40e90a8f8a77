"""The controller's jurisdiction, decided from evidence in the notice.

``detect(text, language, url) -> Jurisdiction``: Finland (FI; Åland is
Finland with ``region='AX'``), Sweden (SE), the United Kingdom (UK), another
EU/EEA country (EU) or ``unknown``. Each signal found (a business ID or VAT
number, a postcode with its town, a country on an address line, the
supervisory authority or the national law named, a phone prefix, a domain's
country code, the language) adds its weight to one country; the strongest
country wins when it is clearly ahead. Language is only the weakest hint: a
Swedish-language notice is as often Finnish as Swedish, and English says
nothing about the country (``legal-kb-jurisdictions.md`` §0-1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from .patterns import relaxed_source, required_literals

CODES = ("FI", "SE", "UK", "EU", "unknown")
# What rules declare: Åland has its own key because its public bodies answer to
# their own authority (Datainspektionen, di.ax).
RULE_KEYS = ("FI", "AX", "SE", "UK", "EU", "unknown")
NAMES = {"FI": "Finland", "AX": "Åland (Finland)", "SE": "Sweden", "UK": "United Kingdom",
         "EU": "other EU/EEA", "unknown": "unknown"}

# A country wins with at least this much evidence and this lead over the next.
_MIN_SCORE = 2.0
_MIN_LEAD = 1.0


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: what it is, the country it points to, the text, its weight."""

    kind: str
    country: str  # FI, AX, SE, UK or EU
    text: str
    weight: float
    offset: int | None = None  # in the notice's text; None for the URL


@dataclass
class Jurisdiction:
    """The controller's jurisdiction and why."""

    code: str = "unknown"
    region: str | None = None  # "AX": Åland
    source: str = "detected"  # detected, option (--jurisdiction), config
    evidence: list[Signal] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The key rules declare in ``jurisdictions:`` (AX for Åland)."""
        return "AX" if self.region == "AX" else self.code

    @property
    def label(self) -> str:
        return "FI (Åland)" if self.region == "AX" else self.code

    def describe(self, limit: int = 3) -> str:
        """'FI (business-id: Y-tunnus 1234567-8; postcode: 00100 Helsinki)' for report headers."""
        if self.source != "detected":
            return f"{self.label} (set by {self.source})"
        shown = "; ".join(f"{s.kind}: {s.text[:40]}" for s in self.evidence[:limit])
        if self.code == "unknown":
            return "unknown" + (f" (too little evidence: {shown})" if shown else " (no evidence)")
        return f"{self.label} ({shown})" if shown else self.label


def fixed(key: str, source: str) -> Jurisdiction:
    """A jurisdiction given by the user (``FI``, ``AX``, ``SE`` ...), with no evidence."""
    if key == "AX":
        return Jurisdiction("FI", "AX", source)
    return Jurisdiction(key, None, source)


_I = re.IGNORECASE
_FI_TOWNS = ("Helsinki|Helsingfors|Espoo|Esbo|Vantaa|Vanda|Tampere|Tammerfors|Turku|Åbo|Oulu|"
             "Uleåborg|Jyväskylä|Lahti|Lahtis|Kuopio|Pori|Björneborg|Joensuu|Lappeenranta|"
             "Villmanstrand|Hämeenlinna|Tavastehus|Vaasa|Vasa|Seinäjoki|Rovaniemi|Mikkeli|"
             "S:t Michel|Kotka|Salo|Porvoo|Borgå|Kokkola|Karleby|Hyvinkää|Lohja|Järvenpää|Rauma|"
             "Kajaani|Kerava|Savonlinna|Nokia|Kangasala|Kirkkonummi|Kyrkslätt|Tuusula|Pietarsaari|"
             "Jakobstad|Raasepori|Raseborg|Tammisaari|Ekenäs|Kauniainen|Grankulla|Sipoo|Sibbo|"
             "Akaa|Ylöjärvi|Pirkkala|Lempäälä|Kaarina|Raisio|Naantali|Nådendal|Loviisa|Lovisa|"
             "Imatra|Iisalmi|Kemi|Tornio|Varkaus|Forssa|Riihimäki|Valkeakoski|Uusikaupunki|"
             "Nurmijärvi|Mäntsälä|Kouvola|Heinola|Orimattila|Parainen|Pargas|Kirkkonummi")
_SE_TOWNS = ("Stockholm|Göteborg|Gothenburg|Malmö|Uppsala|Västerås|Örebro|Linköping|Helsingborg|"
             "Jönköping|Norrköping|Lund|Umeå|Gävle|Borås|Södertälje|Eskilstuna|Halmstad|Växjö|"
             "Karlstad|Sundsvall|Luleå|Östersund|Trollhättan|Kalmar|Falun|Skövde|Kristianstad|"
             "Solna|Sollentuna|Nacka|Täby|Huddinge|Bromma|Kista|Lidingö|Danderyd|Järfälla|"
             "Mölndal|Karlskrona|Visby|Kiruna|Härnösand|Nyköping|Motala|Varberg|Uddevalla|"
             "Västervik|Valdemarsvik|Enskede|Hägersten|Spånga|Vällingby|Johanneshov|Saltsjöbaden")
_AX_TOWNS = ("Mariehamn|Maarianhamina|Jomala|Finström|Lemland|Saltvik|Hammarland|Eckerö|Geta|"
             "Sund|Vårdö|Föglö|Kumlinge|Brändö|Kökar|Sottunga|Godby")
_EU_COUNTRIES = (
    "Germany|Deutschland|Austria|Österreich|Luxembourg|Luxemburg|Ireland|Éire|Netherlands|"
    "Nederland|The Netherlands|Belgium|Belgique|België|Denmark|Danmark|Norway|Norge|Iceland|"
    "Liechtenstein|Estonia|Eesti|Latvia|Lithuania|Poland|Polska|Czech Republic|Czechia|"
    "Slovakia|Slovenia|Hungary|Croatia|Romania|Bulgaria|Greece|Cyprus|Malta|Italy|Italia|"
    "Spain|España|Portugal|France|Tyskland|Saksa|Frankrike|Ranska|Norja|Tanska|Viro|Irland|"
    "Nederländerna|Alankomaat|Itävalta|Belgien|Polen|Spanien|Espanja|Italien|Estland")

# (kind, country, pattern, weight). Case-insensitive unless the pattern says (?-i:...).
_PATTERNS: list[tuple[str, str, str, float]] = [
    # Business IDs with their labels (legal-kb-jurisdictions.md §1).
    ("business-id", "FI", r"\b(?:y-?tunnus|FO-nummer|business\s+id|company\s+id|"
                          r"ly-tunnus)\s*[:.]?\s*\d{7}-\d\b", 3.0),
    ("business-id", "SE", r"\b(?:org(?:anisations)?\.?\s*-?\s*n(?:umme)?r\.?|orgnr|"
                          r"organisationsnummer|corporate\s+identity\s+number|"
                          r"(?:swedish\s+)?(?:company\s+)?reg(?:istration)?\.?\s*no\.?)"
                          r"\s*[:.]?\s*(?:16)?[1235-9]\d[2-9]\d{3}\s?[-‐–]?\s?\d{4}\b", 3.0),
    ("business-id", "UK", r"\bregistered\s+in\s+(?:England|Scotland|Northern\s+Ireland|Wales)\b|"
                          r"\bCompanies\s+House\b|\bcompany\s+(?:registration\s+)?(?:number|no\.?)"
                          r"\s*[:.]?\s*(?:(?-i:SC|NI|OC|SO|NC|LP|SL|NL|FC)\d{6}|\d{8})\b", 3.0),
    ("business-id", "UK", r"\bcharity\s+(?:registration\s+)?(?:number|no\.?)\s*[:.]?\s*\d{6,7}\b|"
                          r"\b(?:registered|scottish)\s+charity\b[^.\n]{0,40}\b(?-i:SC)\d{6}\b", 2.0),
    # VAT numbers carry the country's code.
    ("vat-number", "FI", r"(?-i:\bFI\s?\d{8}\b)", 3.0),
    ("vat-number", "SE", r"(?-i:\bSE\s?\d{10}01\b)", 3.0),
    ("vat-number", "UK", r"(?-i:\bGB\s?\d{3}\s?\d{4}\s?\d{2}\b)", 3.0),
    ("vat-number", "EU", r"(?-i:\b(?:ATU\d{8}|DE\s?\d{9}|LU\s?\d{8}|IE\s?\d{7}[A-W][A-I]?|"
                         r"NL\s?\d{9}B\d\d|DK\s?\d{8}|EE\s?\d{9}|BE\s?0\d{9}|FR\s?[0-9A-Z]{2}\d{9}|"
                         r"ES\s?[A-Z0-9]\d{7}[A-Z0-9]|IT\s?\d{11}|PL\s?\d{10}|NO\s?\d{9}\s?MVA)\b)",
     3.0),
    # Postcodes with their towns.
    ("postcode", "AX", r"\b(?:AX-?\s?)?22\d{3}\s+(?-i:" + _AX_TOWNS + r")\b", 3.0),
    ("postcode", "FI", r"\b(?:FI-?\s?)?\d{5}\s+(?-i:" + _FI_TOWNS + r")\b", 2.0),
    ("postcode", "FI", r"(?-i:\b0\d{4}\s+[A-ZÅÄÖ][a-zåäö]{2,}\b)", 1.5),
    ("postcode", "SE", r"\b(?:SE-?\s?)?[1-9]\d{2}\s?\d{2}\s+(?-i:" + _SE_TOWNS + r")\b", 2.0),
    ("postcode", "SE", r"(?-i:\b(?:SE-?\s?)?[1-9]\d{2}\s\d{2}\s+[A-ZÅÄÖ][a-zåäö]{2,}\b)", 1.5),
    ("postcode", "UK", r"(?-i:\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2})\b)", 1.5),
    # The supervisory authority named.
    ("authority", "FI", r"\btietosuojavaltuute\w*|\bdataombudsman\w*|"
                        r"\bdata\s+protection\s+ombudsman\b|\btietosuoja\.fi\b", 1.5),
    ("authority", "SE", r"\bintegritetsskydds-?\s?myndighet\w*|\bimy\.se\b|(?-i:\bIMY\b)|"
                        r"\bswedish\s+(?:authority\s+for\s+privacy\s+protection|"
                        r"data\s+protection\s+authority)\b", 1.5),
    ("authority", "SE", r"\bdatainspektionen(?:s)?\b(?![^.\n]{0,60}(?:Åland|di\.ax))", 1.0),
    ("authority", "AX", r"\bdi\.ax\b|\bÅlands?\s+datainspektion\w*|"
                        r"\bdatainspektionen\b[^.\n]{0,60}\bÅland", 3.0),
    ("authority", "UK", r"\bInformation\s+Commissioner(?:'s|’s)?\s+Office\b|(?-i:\bICO\b)|"
                        r"\bico\.org\.uk\b", 1.5),
    ("authority", "EU", r"\bDatenschutzbehörde\b|\bDatenschutzbeauftragte\w*\b|"
                        r"\bCommission\s+nationale\s+pour\s+la\s+protection\s+des\s+données\b|"
                        r"(?-i:\bCNPD\b|\bCNIL\b|\bAEPD\b|\bBfDI\b)|\bDatatilsynet\b|"
                        r"\bAutoriteit\s+Persoonsgegevens\b|\bdataprotection\.ie\b|"
                        r"\bAndmekaitse\s+Inspektsioon\b", 1.5),
    # The national law cited (old or new).
    ("law", "FI", r"\b1050/2018\b|\b523/(?:19)?99\b|\b917/2014\b|\btietosuojala(?:ki|in)\b|"
                  r"\bhenkilötietola(?:ki|in)\b", 1.5),
    ("law", "SE", r"\b2018\s?:\s?218\b|\b1998\s?:\s?204\b|\b2022\s?:\s?482\b|\b2003\s?:\s?389\b|"
                  r"(?-i:\bPUL\b|\bPuL\b)", 1.5),
    ("law", "UK", r"\bUK\s+GDPR\b|\bData\s+Protection\s+Act\s*\(?\s*1998\b|"
                  r"\bPrivacy\s+and\s+Electronic\s+Communications\s+Regulations\b|(?-i:\bPECR\b)",
     1.5),
    # Phone prefixes.
    ("phone", "FI", r"\+\s?358\b", 1.0),
    ("phone", "SE", r"\+\s?46\b", 1.0),
    # Stockholm's 08-NNN NN NN / 08-NNN NNN NN (Finnish Oulu numbers are 08 NNNN NNNN)
    ("phone", "SE", r"\b08-\d{3}\s\d{2,3}\s\d{2}\b", 1.0),
    ("phone", "UK", r"\+\s?44\b", 1.0),
    # A country on an address line: "00100 Helsinki, Finland", a line of its own.
    ("country", "FI", r"(?m)(?:^|,\s*|\d\s+\w+\s+)(?:Finland|Suomi|Finnland)\s*\.?$", 2.0),
    ("country", "SE", r"(?m)(?:^|,\s*|\d\s+\w+\s+)(?:Sweden|Sverige|Ruotsi|Schweden)\s*\.?$", 2.0),
    ("country", "UK", r"(?m)(?:^|,\s*|\d\s+\w+\s+)(?:United\s+Kingdom|UK|England|Scotland|Wales|"
                      r"Northern\s+Ireland|Great\s+Britain)\s*\.?$", 2.0),
    ("country", "EU", r"(?m)(?:^|,\s*|\d\s+\w+\s+)(?:" + _EU_COUNTRIES + r")\s*\.?$", 2.0),
]
_COMPILED = [(kind, country, re.compile(rx, _I), weight) for kind, country, rx, weight in _PATTERNS]


@lru_cache(maxsize=1)
def _literals() -> list[frozenset[str] | None]:
    """For each pattern, strings one of which every match contains (None: unknown), so a
    pattern whose strings the notice lacks is not run over it."""
    return [required_literals(relaxed_source(rx.pattern)) for _, _, rx, _ in _COMPILED]

# Domains that name an authority or an international body, not the controller.
_NOT_CONTROLLER_DOMAINS = re.compile(
    r"(?:^|\.)(?:tietosuoja\.fi|om\.fi|imy\.se|datainspektionen\.se|ico\.org\.uk|di\.ax|"
    r"europa\.eu|finlex\.fi|riksdagen\.se|legislation\.gov\.uk|gov\.uk|edpb\.europa\.eu)$")
_DOMAIN = re.compile(r"(?:https?://|www\.|@)([a-z0-9.-]+\.([a-z]{2,}))\b", _I)
_TLD = {"fi": "FI", "ax": "AX", "se": "SE", "uk": "UK", "de": "EU", "at": "EU", "lu": "EU",
        "ie": "EU", "nl": "EU", "be": "EU", "dk": "EU", "no": "EU", "is": "EU", "ee": "EU",
        "lv": "EU", "lt": "EU", "pl": "EU", "cz": "EU", "sk": "EU", "si": "EU", "hu": "EU",
        "hr": "EU", "ro": "EU", "bg": "EU", "gr": "EU", "cy": "EU", "mt": "EU", "it": "EU",
        "es": "EU", "pt": "EU", "fr": "EU", "li": "EU"}
_LANGUAGE_HINT = {"fi": ("FI", 1.0), "sv": ("SE", 0.25)}


def signals(text: str, language: str, url: str | None = None) -> list[Signal]:
    """Every signal of a country in the notice (and in its URL)."""
    found: list[Signal] = []
    lower = text.lower()
    for (kind, country, rx, weight), literals in zip(_COMPILED, _literals()):
        if literals is not None and not any(lit in lower for lit in literals):
            continue
        for m in rx.finditer(text):
            found.append(Signal(kind, country, " ".join(m.group(0).split()), weight, m.start()))
    for m in _DOMAIN.finditer(text):
        host, tld = m.group(1).lower(), m.group(2).lower()
        if tld in _TLD and not _NOT_CONTROLLER_DOMAINS.search(host):
            found.append(Signal("domain", _TLD[tld], host, 1.0, m.start()))
    if url:
        host = (urlsplit(url).hostname or "").lower()
        tld = host.rsplit(".", 1)[-1]
        if tld in _TLD and not _NOT_CONTROLLER_DOMAINS.search(host):
            found.append(Signal("domain", _TLD[tld], host, 1.5))
    if language in _LANGUAGE_HINT:
        country, weight = _LANGUAGE_HINT[language]
        found.append(Signal("language", country, language, weight))
    return found


def detect(text: str, language: str, url: str | None = None) -> Jurisdiction:
    """The controller's jurisdiction from the notice's evidence (see the module doc)."""
    found = signals(text, language, url)
    # Each kind of signal counts once per country: ten .fi addresses are one hint.
    best: dict[tuple[str, str], Signal] = {}
    for s in found:
        key = (s.kind, s.country)
        if key not in best or s.weight > best[key].weight:
            best[key] = s
    scores: dict[str, float] = {}
    for (_, country), s in best.items():
        scores[country] = scores.get(country, 0.0) + s.weight
    # Åland is Finland: its evidence counts for Finland, and decides the region.
    fi_total = scores.get("FI", 0.0) + scores.get("AX", 0.0)
    by_code = {"FI": fi_total, "SE": scores.get("SE", 0.0), "UK": scores.get("UK", 0.0),
               "EU": scores.get("EU", 0.0)}
    ranked = sorted(by_code.items(), key=lambda kv: -kv[1])
    (code, top), (_, second) = ranked[0], ranked[1]
    if top < _MIN_SCORE or top - second < _MIN_LEAD:
        evidence = sorted(best.values(), key=lambda s: -s.weight)
        return Jurisdiction("unknown", None, "detected", evidence)
    region = "AX" if code == "FI" and scores.get("AX", 0.0) >= _MIN_SCORE else None
    countries = {"FI", "AX"} if code == "FI" else {code}
    evidence = sorted((s for s in best.values() if s.country in countries), key=lambda s: -s.weight)
    return Jurisdiction(code, region, "detected", evidence)
