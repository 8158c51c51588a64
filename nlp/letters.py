"""Letter and telegram conventions that name the writer and the addressee.

- salutations: 杏荪仁兄大人阁下, 盛杏荪先生 — the addressee, usually by courtesy name;
- signatures: 弟宣怀顿首, 愚弟李鸿章拜启 — the writer, by given or full name;
- telegram address lines (盛宫保鉴：) and sender lines ending in a 韵目代日 day
  character (鸿章。啸。), where the rhyme character stands for the day of the month;
- a one-character signature between the last sentence and the closing date (…已定。宣。光绪
  二十六年五月二十七日): a writer signs with one character of his 名 to family and friends.
"""

from __future__ import annotations

import re

from zhiren.nlp.dates.find import find_dates
from zhiren.nlp.found import NAME_CHAR_CLASS, Found
from zhiren.nlp.honorifics import OFFICE_TITLES
from zhiren.nlp.scan import LineEndScanner, Scanner
from zhiren.nlp.surnames import surname_length

SCORE = 0.85

_ADDRESS_TITLES = (
    "仁兄", "老兄", "世兄", "年兄", "姻兄", "尊兄", "宗兄", "大兄", "吾兄", "贤弟", "老弟",
    "仁弟", "世伯", "年伯", "老伯", "世叔", "年丈", "姻丈", "先生", "老前辈", "前辈",
)  # fmt: skip
_ADDRESS_TITLE = re.compile("|".join(_ADDRESS_TITLES))
_NAME_RUN_BEFORE = re.compile(f"{NAME_CHAR_CLASS}{{2,4}}$")
_SIGNATURE = Scanner(
    f"(?:愚|世|年|姻|眷|宗|治|晚|侍|小|表)?(?:弟|兄|侄|男|晚生|门生|后学|晚学)"
    f"({NAME_CHAR_CLASS}{{1,3}}?)"
    "(?:顿首|拜启|拜上|谨启|再拜|叩首|谨上|上言|敬启|百拜|手启|手肃|谨肃|谨禀|手草|手具|手示|叩)"
)
# 韵目代日: the rhyme characters standing for days 1-31 in telegram dates (with the
# variants in use for some days: 16 铣/谏, 18 巧/啸, 20 哿/号, 23 漾/梗, 24 敬/迥 …).
RHYME_DAYS = "东冬江支微鱼虞齐佳灰真文元寒删铣谏筱巧啸皓哿号马养漾梗敬迥有宥沁感勘俭艳陷卅世引"
# What may stand between a line's start and the name a letter or telegram opens with (致盛杏荪先生,
# 寄李中堂鉴): blanks, and a verb of sending.
_OPENING = "[ \\t　]*(?:致|寄|电)?"
_TELEGRAM_TO = re.compile(
    f"^{_OPENING}({NAME_CHAR_CLASS}{{2,4}}?)(?:钧鉴|台鉴|均鉴|勋鉴|鉴|览)[：:，,]",
    re.MULTILINE,
)
# A telegram's closing words before its rhyme day, which name nobody: "informing you too" (并闻, 附闻,
# 奉闻), "please answer" (祈示, 速复), "most urgent" (至要, 为要).
_TELEGRAM_CLOSINGS = frozenset(
    {"并闻", "附闻", "奉闻", "谨闻", "特闻", "并及", "附及", "祈示", "即示", "速示", "速复", "即复", "祈复",
     "盼复", "至要", "为要", "是荷", "至盼", "盼切", "切切"}
)  # fmt: skip
_TELEGRAM_FROM = LineEndScanner(
    f"[。，！？\\s]({NAME_CHAR_CLASS}{{1,3}}?)(?:叩|印|肃|谨电)?[。.，]?[{RHYME_DAYS}](?:印)?[。.]?", " \t　"
)
# A joint telegram's signers, listed before 同肃, 同叩 or 会肃 (玉麟、树声、之洞、文蔚同肃; 张之洞、奎俊、唐景崧同肃).
_JOINT_SIGNERS = re.compile(f"[。！？\\s]((?:{NAME_CHAR_CLASS}{{2,3}}、)+{NAME_CHAR_CLASS}{{2,3}})(?:同|会)(?:肃|叩)")
# A telegram signed with 叩 at its end and no rhyme day (…惶感交深。崧叩。): the sender again.
_SIGNED_KOU = LineEndScanner(f"[。！？\\s]({NAME_CHAR_CLASS}{{1,3}}?)叩[。.]?", " \t　")
# The characters of the words before 叩 that are a formula's, not a name (谨叩, 顿首叩, 再叩): a
# signature made of them alone is no sender, but a name holding one is (敬铭 of 阎敬铭, 百熙 of 张百熙).
_NOT_SIGNERS = frozenset("谨敬再百顿首拜")

# A letter's closing formulas: 肃此, 专此, 特此 ("respectfully, this"), and the wish before the
# signature, 即请勋安, 敬请钧安, 顺颂台祺, 并候近绥; and the opening ones, 恭维侍祉咸康, 辰维侍祺萃吉 ("I trust that
# your … is well"). None of their characters names anyone.
_CLOSING = re.compile(r"[肃专特]此|(?<=[请颂候叩问])[^\s，。、；：！？]{1,2}[安祺绥]|[恭敬辰伏]维|[勋侍台潭文][祺祉]")


def closing_formulas(text: str) -> list[tuple[int, int]]:
    """Spans of the closing formulas in a letter: the model reads 肃 or 勋 there as names."""
    return [m.span() for m in _CLOSING.finditer(text)]


# One character standing alone as a sentence before the closing date; not the closing words
# 此谕。, 至嘱。, 即颂。 nor 余/又 (I, again).
_SIGNED_INITIAL = re.compile(f"(?:^|(?<=[。！？\\s]))({NAME_CHAR_CLASS})[。.，,][ \t　]*$")
_NOT_INITIALS = frozenset("谕嘱示启禀安颂此余又再候叩复")
_AFTER_DATE = re.compile(r"[。.]?\s*")


# The signature and the closing date are in a letter's last characters: only they are read for
# dates (reading a whole letter's would cost a sixth of the fast mode's time).
_TAIL = 40


# A letter's title line as collections print it, the verb and the addressee's surname + 字 alone on the line (复童米孙,
# 致郑季垂); the salutation follows on the next.
_TITLE_LINE = re.compile(f"^(?:复|致|与|上|寄|答)({NAME_CHAR_CLASS}{{3,4}})$", re.MULTILINE)


def find_title_line(text: str) -> list[Found]:
    """The addressee a letter's title line names (复童米孙: 童米孙), a surname and a name of two characters."""
    found = []
    for m in _TITLE_LINE.finditer(text):
        name = m.group(1)
        if len(name) == surname_length(name) + 2:
            found.append(Found(m.start(1), m.end(1), "full", "letter", SCORE, role="recipient"))
    return found


def find_dated_signature(text: str) -> list[Found]:
    """The writer's one-character signature before the date that ends a letter (宣。光绪…)."""
    offset = max(0, len(text) - _TAIL)
    tail = text[offset:]
    for date in reversed(find_dates(tail)):
        if not _AFTER_DATE.fullmatch(tail, date.end) or date.reign is None:
            continue
        signed = _SIGNED_INITIAL.search(tail, max(0, date.start - 3), date.start)
        if signed and signed.group(1) not in _NOT_INITIALS:
            return [Found(offset + signed.start(1), offset + signed.end(1), "given", "letter", SCORE - 0.1,
                          role="sender")]  # fmt: skip
        return []
    return []


def _full_or(name: str, otherwise: str) -> str:
    """A surname and a two-character name is a full name, unless it is a courtesy name."""
    return "full" if len(name) == 3 and surname_length(name) == 1 else otherwise


def find_letter_names(text: str) -> list[Found]:
    """Addressees of salutations and writers of signatures.  A name before a title of address
    (X先生, X仁兄) is found anywhere, as the recipient: whether it stands where a salutation does is
    for the whole document to say (see at_salutations), a piece of it may start anywhere."""
    found: list[Found] = []
    for m in _ADDRESS_TITLE.finditer(text):
        # The name is the end of the run before the title: 以陈雁门先生 → 陈雁门.
        before = _NAME_RUN_BEFORE.search(text, max(0, m.start() - 4), m.start())
        if not before:
            continue
        run = before.group()
        if len(run) == 4 and surname_length(run) == 2:  # 欧阳沧溟
            length = 4
        elif len(run) >= 3 and surname_length(run, len(run) - 3) == 1:
            length = 3
        else:
            length = 2
        name = run[-length:]
        if name[-1] in "位们":  # 四位老弟, 诸位贤弟: a number of people, not a name
            continue
        found.append(Found(m.start() - length, m.start(), _full_or(name, "courtesy"), "letter", SCORE,
                           role="recipient"))  # fmt: skip
    for m in _SIGNATURE.finditer(text):
        name = m.group(1)
        name_type = _full_or(name, "given")
        found.append(Found(m.start(1), m.end(1), name_type, "letter", SCORE, role="sender"))
    return found


_LINE_OPENING = re.compile(_OPENING)


def at_salutations(text: str, found: list[Found]) -> list[Found]:
    """A document's names, the salutation's recipient kept only where a salutation stands: at the
    opening of a line, as a telegram's address line does (杏荪仁兄大人阁下：, a title's line, then
    幼丹仁兄…; 致盛杏荪先生).  Elsewhere X先生 is a man the text speaks of (以陈雁门先生为公问字师; an
    essay's 盛杏荪先生), found as a name but not the letter's recipient."""
    return [
        f._replace(role=None)
        if f.method == "letter" and f.role == "recipient" and not _opens_a_line(text, f.start)
        else f
        for f in found
    ]


def _opens_a_line(text: str, at: int) -> bool:
    return _LINE_OPENING.fullmatch(text, text.rfind("\n", 0, at) + 1, at) is not None


def find_telegram_names(text: str) -> list[Found]:
    """The addressee of a telegram's first line and the sender before its rhyme day."""
    found = []
    for m in _TELEGRAM_TO.finditer(text):
        name = m.group(1)
        office = next((t for t in OFFICE_TITLES if name.endswith(t) and len(name) >= len(t) + 2), "")
        found.append(Found(m.start(1), m.end(1) - len(office), "title", "telegram", SCORE, role="recipient"))
    joint = "同肃" in text or "同叩" in text or "会肃" in text  # the regex only where it can match
    for m in _JOINT_SIGNERS.finditer(text) if joint else ():
        at = m.start(1)
        for name in m.group(1).split("、"):
            found.append(Found(at, at + len(name), _full_or(name, "given"), "telegram", SCORE - 0.1, role="sender"))
            at += len(name) + 1
    for m in (*_TELEGRAM_FROM.finditer(text), *(_SIGNED_KOU.finditer(text) if "叩" in text else ())):
        name = m.group(1)
        if name in _TELEGRAM_CLOSINGS or set(name) <= _NOT_SIGNERS:
            continue
        name_type = _full_or(name, "given")
        found.append(Found(m.start(1), m.end(1), name_type, "telegram", SCORE - 0.1, role="sender"))
    return found
