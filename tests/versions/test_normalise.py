"""What makes a fetched page a new version: only changes a reader would see."""
from __future__ import annotations

import pytest

from noticeaudit.versions.normalise import normalise


@pytest.mark.parametrize(("a", "b"), [
    ("Sivu ladattu 3.12.2026 klo 20.15 ja seloste.", "Sivu ladattu 4.12.2026 klo 07.02 ja seloste."),
    ("generated 2026-12-03 20:15:33", "generated 2026-12-04T08:00:01"),
    ("Haettu 12:04:33.", "Haettu 23:59:59."),
    ("Lomake https://a.invalid/l?utm_source=x&id=4&fbclid=abc.", "Lomake https://a.invalid/l?id=4."),
    ("Katso https://a.invalid/b?utm_medium=y&sessionid=9 ja", "Katso https://a.invalid/b ja"),
    ("Tiedot  säilytetään\nkaksi vuotta.", "Tiedot säilytetään kaksi vuotta."),
])
def test_noise_is_no_change(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Päivitetty 14.3.2024.", "Päivitetty 2.9.2024."),  # the notice's own date
    ("Puhelinaika arkisin klo 9.00–16.00.", "Puhelinaika arkisin klo 9.00–15.00."),
    ("Lomake https://a.invalid/l?id=4.", "Lomake https://a.invalid/l?id=5."),
    ("Tiedot säilytetään kaksi vuotta.", "Tiedot säilytetään kolme vuotta."),
])
def test_real_changes_stay(a: str, b: str) -> None:
    assert normalise(a) != normalise(b)
