"""Text normalisation every parser applies: NFC, and no invisible format characters.

"henkilötietolain" typed with a combining diaeresis (NFD), or with a soft
hyphen or a zero-width space inside the word, reads the same to a person but
hides the word from the rules. Normalising never removes or adds a line
break, so line numbers stay right; columns count normalised characters.
"""
from __future__ import annotations

import re
import unicodedata

# Soft hyphen, zero-width space/non-joiner/joiner, word joiner, BOM, Mongolian vowel separator.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e]")


def normalise(text: str) -> str:
    """``text`` in NFC without invisible format characters (line breaks kept)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", INVISIBLE.sub("", text))
