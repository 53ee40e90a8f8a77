"""The notice's own date: forms people write, and dates that are not the notice's."""
from __future__ import annotations

from datetime import date

import pytest

from noticeaudit.dates import notice_date, notice_dates


@pytest.mark.parametrize("text,expected", [
    ("Laatimispäivä\t04.01.2018", date(2018, 1, 4)),
    ("Päivitetty viimeksi: 12.7.2020", date(2020, 7, 12)),
    ("Päivitetty 1/2024", date(2024, 1, 1)),
    ("Viimeksi päivitetty: 20/09/2023", date(2023, 9, 20)),
    ("Päivitetty 12. heinäkuuta 2020", date(2020, 7, 12)),
    ("Uppdaterad 2022-03-01", date(2022, 3, 1)),
    ("Uppdaterad 26 mars 2026", date(2026, 3, 26)),
    ("Last updated 12 July 2021", date(2021, 7, 12)),
    ("**Last updated:** March 26, 2026", date(2026, 3, 26)),
    ("Updated: Sept 3, 2024", date(2024, 9, 3)),
    ("Tietosuojaseloste\nPäivitetty:\n3.5.2021\nTekstiä.", date(2021, 5, 3)),
])
def test_labelled_dates(text: str, expected: date) -> None:
    found = notice_date(text)
    assert found is not None and found.date == expected


@pytest.mark.parametrize("text", [
    "Laadittu pp.kk.vvvv",
    "Tietosuojaseloste\n\nHenkilötietolaki kumottiin 1.1.2019, kun tietosuojalaki tuli voimaan.\n\n"
    "Rekisterinpitäjä on Kuusikko ry.\n\nTiedot säilytetään kaksi vuotta.\n\nLisätietoja antaa sihteeri.",
])
def test_no_notice_date(text: str) -> None:
    assert notice_dates(text) == []


def test_latest_own_date_wins() -> None:
    found = notice_date("Laadittu 22.5.2018\nPäivitetty 6.7.2022\n\nTekstiä.")
    assert found is not None and found.date == date(2022, 7, 6)
