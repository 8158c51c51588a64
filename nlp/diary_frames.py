"""Names in a diary's formulas of calls and letters: 赴橘农之约, 子蔚来谈, 访济帆, 偕次寅至,
托谢树存带, 接杨梓民、刘嗣伯信, 至兰泉处, 送冯渭卿, 钮叔文招, 项薇垣未到, 请客（刘春农、郁宪辰）;
and a legation's or household's: 至清臣、日意格室, 在松生室, 与兰亭久谈, 杨仁山来禀辞, 一函寄刘伯固.

An official's diary records each day who called, whom he visited, whose invitation he went
to and whose letter came, and it names them by 字 (志先, 子蔚, 橘农), by 字 + 丈 (效丈) or by
surname + 字 (马少蘅): names no authority holds and the model, trained on histories and news,
rarely reads.  The formulas around them are fixed, so the slot they leave is a name: two or
three characters the segmenter does not know as a word (旧友, 会馆, 诸君 are words), not a
place (…堂, …馆), with a 、-list read item by item (访虎臣、雅初).  A title after the name
(叔祖, 同年, 前辈) is not part of it.  The formula fixes where the name ends, so its reading
outranks the model's where they overlap (接刘嗣伯信 is 刘嗣伯, not the model's 刘嗣伯信).  A slot is
read as short as the formula allows (至湘浦室、逸斋室: 湘浦, not 湘浦室).
"""

from __future__ import annotations

import re

from zhiren.nlp.found import NAME_CHAR_CLASS, NAME_CHARS, Found
from zhiren.nlp.scan import first_characters
from zhiren.nlp.segment import word_tag
from zhiren.nlp.surnames import SINGLE_SURNAMES, surname_length

SCORE = 0.7
METHOD = "frame"

_SLOT = f"{NAME_CHAR_CLASS}{{2,3}}?"
_LIST = f"(?P<names>{_SLOT}(?:、{_SLOT})*)"
_TITLE = "(?:叔祖|年丈|世丈|同年|前辈|先生|师)?"
# A clause's start, read as the mark before it (the text is searched with a line break before
# it): every formula then starts with a character the search can skip to, which a look-behind
# would not let it do.
_CLAUSE_START = "[，。；：、（）\n]"


def _clause_start_before(verb_initials: str) -> str:
    """A clause's start where a run of name characters (and 、) holds one of the characters the formula's
    words after the names begin with: a formula of a clause's start is otherwise read at every mark of
    every text, the slot's lengths each tried (two thirds of the search's time), and this decides most."""
    return f"{_CLAUSE_START}(?=[{NAME_CHARS}、]*?[{verb_initials}])"


# (before the names, after them): each a formula of calls, invitations and letters.
_FRAMES = (
    ("赴", "之(?:约|招|召|局)"),
    (
        _clause_start_before("来过枉"),
        "(?:均|俱|同)?(?:来谈|来访|来见|来拜|来谒|来辞|来禀辞|过谈|过访|枉过|来)(?=[，。；])",
    ),
    (_clause_start_before("招约未"), "(?:招|约(?=[）)])|未到)"),
    ("访(?<!廉访)", "(?=[，。；]|未值|不值|未晤|畅谈|久谈|少谈|一谈)"),  # not 廉访, a judicial commissioner
    ("(?:答拜|送)", "(?=[，。；]|未值)"),
    ("偕", "(?=[至访赴诣游往谒]|同车|出门)"),
    ("托", "(?=带|寄|代)"),
    ("接", "(?=信|书|函|禀)"),
    ("至", "处"),
    ("(?:至|在)", "(?:室|处)"),
    ("、", "室"),
    ("与", "(?=久谈|一谈|谈极久|谈甚久|坐谈|立谈|畅谈)"),
    ("一(?:函|信|禀)(?:寄|致|呈)", "(?=[，。；])"),
    ("诣", "(?=处|少谈|久谈)"),
    ("为", "(?=谋|诊|致|荐)"),
    ("(?:请|宴)客（", "(?=[。）])"),
    # A letter written, a letter come, a dinner given: 作书寄沈韵松。, 又寄汪上锦。, 。得邓季垂书, ，得吴鼎卿复书,
    # 招章菊农、胡彩庭饮, 是夜程周卿邀饮; the callers met and visited: ，遇何铁帆于座, 晤张剑臣、章锡卿…。,
    # 拜邓季垂，未遇 (not 拜偏将军, "appointed"); a list of friends: 及沈少韵、黄叔才…诸友; a list of gifts, each
    # giver opening its clause: ；汪友竹送点心四匣 (not ；指所送之物).  得 and 遇 only opening a clause (获得, 遇到),
    # 遇 only before a surname (遇雨宿于厂), 得 with 回书 too (得川沙回书: a reply from 川沙, no name).
    ("(?:书(?:寄|复|答|致|禀)|又寄)", "(?=[，。；及])"),
    ("得(?<=[，。；：又]得)", "(?=(?:复|来|回)?(?:书|信|函))"),
    ("招", "(?=饮)"),
    ("是(?:夜|日)", "(?=(?:招|邀)饮)"),
    (f"遇(?<=[，。；]遇)(?=[{''.join(sorted(SINGLE_SURNAMES))}])", "(?=于)"),
    ("晤", "(?=于|[，。；])"),
    ("拜", "(?=[，、]?未(?:遇|见|晤|值))"),
    ("及", "(?=诸(?:友|君))"),
    ("；", "(?=送(?![行至往回归别者之]))"),
)
_ALTERNATIVES = re.compile("|".join(f"{before}{_LIST.replace('names', f'n{i}')}{_TITLE}{after}"
                                    for i, (before, after) in enumerate(_FRAMES)))  # fmt: skip
# The search tries every position of every text: a look-ahead for the characters a formula can
# start with turns most positions away before the sixteen formulas are tried (a fifth of the time).
_STARTS = first_characters(_ALTERNATIVES)
assert _STARTS is not None, "every formula starts with a character it names"
_PATTERN = re.compile(f"(?={_STARTS.pattern})(?:{_ALTERNATIVES.pattern})")
# A slot starting so is a group or a pronoun (各位, 诸君, 同人, 本家), not a name; nor one starting
# with a verb of direction, which makes it the rest of the verb's phrase (恭送进内, 自送归旗), nor 诵 of a
# letter's 接诵手书 ("received and read your letter").
_NOT_FIRST = frozenset("各诸同众该此彼其本敝贵令家舍某是之每众两数") | frozenset("进归回返入出诵")
# A slot ending so is a place (同丰堂, 会馆, 江苏馆).
_PLACE_ENDS = frozenset("堂馆楼居园寺庵局处店宅府署门城院斋庙宫殿厂")
# Nor a time, a letter or a visit; nor an adverb of the sentence the formula's verb ends (募弁既来,
# 即汇银来, 仍速招: telegram prose, not a caller or a host); nor a span of years or a verb of being
# (半岁间招抚四百社, 诸番辄送子为质: a biography's prose, not a host nor a guest seen off).
_NOT_IN = frozenset("日月年时刻晨午晚夜信书函电谈来往至访约之其而以于与也矣乃后前") | frozenset("既即仍速已岁为")
# Nor a kin term alone (岳母, 伯父, 母亲): counted as a name only with one (沅弟, 椒舅).
_KIN_WORD_ENDS = frozenset("母父亲妻婶嫂姊妹姐")
_ORDINALS = frozenset("二三四五六七八九十")
_KIN_ENDS = frozenset("兄弟叔侄舅")
_NAME_TAGS = frozenset({"x", "nr", "nrfg", "nrt"})
# A slot of three whose last two are a verb is an office's errand, not a surname and a 字 (送部引见: sent to
# the Board to be presented; 送省应试: to the capital to sit the examination).
_VERB_TAGS = frozenset({"v", "vn"})


# Kin arriving or going together, each a 字 or an ordinal with a kin term, opening the clause (节甫叔、三保弟自家乡至
# 沪, 嘉言兄、翰香弟自金陵至, 嘉言兄偕翰香弟): the kin term names them, where a bare slot before 自 or 偕 would be any
# subject; not a verb and a kin term (遣从弟偕求米: "sent his cousin").
_KIN_ITEM = f"{NAME_CHAR_CLASS}{{1,2}}[{''.join(sorted(_KIN_ENDS))}]"
_KIN_IN_COMPANY = re.compile(f"[{''.join(sorted(_KIN_ENDS))}](?:自|偕)")  # read first: the list's search is slower
_KIN_COMPANY = re.compile(f"[，。；\n]((?:{_KIN_ITEM})(?:、{_KIN_ITEM})*)(?=自[^，。；]{{1,6}}至|偕)")


def find_diary_frames(text: str) -> list[Found]:
    """The names in the slots of the formulas, each item of a 、-list on its own."""
    found = []
    for m in _KIN_COMPANY.finditer("\n" + text) if _KIN_IN_COMPANY.search(text) else ():
        at = m.start(1) - 1
        for item in m.group(1).split("、"):
            name = _without_kin_term(item)
            if _is_name(name) and not word_tag(item[0]).startswith("v"):
                found.append(Found(at, at + len(name), _name_type(name), METHOD, SCORE))
            at += len(item) + 1
    for m in _PATTERN.finditer("\n" + text):
        group = next(g for g in m.groupdict() if m.group(g) is not None)
        at = m.start(group) - 1
        for item in m.group(group).split("、"):
            name = _without_kin_term(item)
            if _is_name(name):
                found.append(Found(at, at + len(name), _name_type(name), METHOD, SCORE))
            at += len(item) + 1
    return found


def _not_in(slot: str) -> frozenset[str]:
    """The characters a slot may not hold: 之 is a given name's after a surname (胡慎之来见, 托沈载之代收, 王之春),
    elsewhere a particle."""
    return _NOT_IN - {"之"} if len(slot) == 3 and slot[0] in SINGLE_SURNAMES else _NOT_IN


def _without_kin_term(slot: str) -> str:
    """符卿弟 is 符卿 and the kin term after it (a letter to a younger cousin): a kin term after a
    whole 字 is not part of the name, as [纪泽]儿; after an ordinal it is the name (六弟)."""
    if len(slot) == 3 and slot[-1] in _KIN_ENDS and slot[0] not in _ORDINALS and word_tag(slot[:2]) in _NAME_TAGS:
        return slot[:2]
    return slot


def _name_type(slot: str) -> str:
    """马少蘅 is a surname and a 字 (full in the contract's terms: it may become a person), 六弟 kin."""
    if slot[-1] in _KIN_ENDS and slot[0] in _ORDINALS:
        return "kin"
    return "full" if len(slot) == 3 and surname_length(slot) == 1 else "courtesy"


def _is_name(slot: str) -> bool:
    if slot[0] in _NOT_FIRST or slot[-1] in _PLACE_ENDS | _KIN_WORD_ENDS or any(ch in _not_in(slot) for ch in slot):
        return False
    if len(slot) == 2 and slot[0] in _ORDINALS and slot[1] in _KIN_ENDS:  # 六弟, 四兄
        return True
    if len(slot) == 3 and word_tag(slot[1:]) in _VERB_TAGS:  # 送部引见, 送案查讯: sent to be presented, tried
        return False
    return word_tag(slot) in _NAME_TAGS
