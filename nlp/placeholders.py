"""What a genealogy or letter writes where it does not know or will not give a name.

配（未详）氏, 某氏, 某公, 姓氏未详: there is no person to find, create or show. One list for the
extractor and the pages; a light module (no spaCy) so the web app can import it.
"""

from __future__ import annotations

UNKNOWN = ("未详", "未祥", "不详", "失考", "无考", "無考")
SOMEONE = "某"  # 某氏, 某公: "a certain"


def names_no_one(surface: str, following: str = "") -> bool:
    """某氏, 某公, 未详 in the name, or the next characters say it is unknown (配（未详）氏)."""
    return SOMEONE in surface or any(u in surface for u in UNKNOWN) or following.lstrip("（(").startswith(UNKNOWN)
