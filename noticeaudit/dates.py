"""Find a notice's own date (drafted, last updated) and parse Finnish date forms.

Forms: 04.01.2018, 4.1.2018, 12/7/2020, 2020-07-12, "1/2024" and "01/2024"
(month and year), "12. heinäkuuta 2020", "heinäkuu 2020", "12 July 2020",
"March 26, 2026", "juli 2020". A placeholder (pp.kk.vvvv) is no date. Only dates next to a
label (laadittu, päivitetty, last updated, uppdaterad ...) or on a line of
their own at the very start or end of the notice are the notice's own date:
"kumottiin 1.1.2019" in a sentence is not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_FI_MONTHS = ["tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys",
              "loka", "marras", "joulu"]
_SV_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december"]
_EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december"]

_MONTH_WORD = "|".join([f"{m}kuu\\w*" for m in _FI_MONTHS] + _SV_MONTHS + _EN_MONTHS
                       + [m[:3] for m in _EN_MONTHS])

DATE = re.compile(
    r"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>\d{1,2})-(?P<id>\d{1,2})\b)"
    r"|(?P<dmy>\b(?P<d>\d{1,2})\s?[./]\s?(?P<m>\d{1,2})\s?[./]\s?(?P<y>(?:19|20)?\d\d)\b)"
    r"|(?P<words>\b(?:(?P<wd>\d{1,2})\.?\s+)?(?P<wm>" + _MONTH_WORD + r")\.?\s+(?P<wy>(?:19|20)\d\d)\b)"
    r"|(?P<mdy>\b(?P<mdy_m>" + "|".join(_EN_MONTHS + ["sept"] + [m[:3] for m in _EN_MONTHS]) + r")\.?\s+(?P<mdy_d>\d{1,2}),?\s+(?P<mdy_y>(?:19|20)\d\d)\b)"
    r"|(?P<my>(?<![\d./])\b(?P<mm>\d{1,2})\s?/\s?(?P<my_y>(?:19|20)\d\d)\b)",
    re.IGNORECASE)

_DIGIT = re.compile(r"\d")

LABEL = re.compile(
    r"laadittu|laatimis\w*|päivitetty|päivitys\w*|päiväys|päivämäärä|pvm|muutettu|muokattu"
    r"|viimeisin\s+muutos|voimassa\s+\w*|versio|tarkistettu|tarkastettu|hyväksytty"
    r"|uppdaterad|uppdaterades|upprättad|fastställd|antagen|reviderad|senast\s+\w+|datum"
    r"|gäller\s+från"
    r"|last\s+(?:updated|modified|revised|changed)|updated|effective|revised|version|dated|date",
    re.IGNORECASE)


@dataclass(frozen=True)
class NoticeDate:
    date: date
    start: int
    end: int
    label: str


def parse_date(m: re.Match[str]) -> date | None:
    """A date from a DATE match; month-only forms give the first of the month."""
    try:
        if m.group("iso"):
            return date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        if m.group("dmy"):
            y = int(m.group("y"))
            y = y + 2000 if y < 100 else y
            return date(y, int(m.group("m")), int(m.group("d")))
        if m.group("words"):
            word = m.group("wm").lower()
            month = next((i + 1 for i, names in enumerate(zip(_FI_MONTHS, _SV_MONTHS, _EN_MONTHS))
                          if any(word.startswith(n[:3] if n in _EN_MONTHS else n) for n in names)), None)
            if month is None:
                return None
            return date(int(m.group("wy")), month, int(m.group("wd") or 1))
        if m.group("mdy"):
            word = m.group("mdy_m").lower()
            month = next(i + 1 for i, n in enumerate(_EN_MONTHS) if n.startswith(word[:3]))
            return date(int(m.group("mdy_y")), month, int(m.group("mdy_d")))
        if m.group("my"):
            return date(int(m.group("my_y")), int(m.group("mm")), 1)
    except ValueError:
        return None
    return None


def notice_dates(text: str) -> list[NoticeDate]:
    """Every labelled date of the notice, plus a date alone on its first or last lines."""
    found: list[NoticeDate] = []
    lines = text.split("\n")
    pos = 0
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    edge = set(nonempty[:3] + nonempty[-3:])
    for i, line in enumerate(lines):
        if not _DIGIT.search(line):
            pos += len(line) + 1
            continue  # every date form has a digit
        for m in DATE.finditer(line):
            d = parse_date(m)
            if d is None or not (1990 <= d.year <= 2100):
                continue
            before = line[max(0, m.start() - 60):m.start()]
            label = LABEL.search(before)
            prev = lines[i - 1].strip() if i and not label else ""
            if not label and prev and len(prev) <= 40 and m.start() <= 5:
                label = LABEL.search(prev)  # "Päivitetty:" as a label line above the date
            alone = i in edge and len(line.strip()) - len(m.group(0)) <= 20
            if label or alone:
                found.append(NoticeDate(d, pos + m.start(), pos + m.end(),
                                        label.group(0) if label else ""))
        pos += len(line) + 1
    return found


def notice_date(text: str) -> NoticeDate | None:
    """The notice's latest own date (last updated wins over drafted)."""
    dates = notice_dates(text)
    return max(dates, key=lambda d: d.date) if dates else None
