"""The message catalogue: every label of the pages in English, keyed by its Chinese source text.

Templates write ``_("搜索")``; :func:`zhiren.app.i18n.translate` looks the text up here for an
English reader. Stored values that are codes rather than words (name types such as ``title``,
document kinds, mention roles, link statuses, count keys) first read as a Chinese label through
:data:`VALUE_LABELS` (the ``label`` filter), then translate like any label. A test holds every
``_("…")`` of the templates and every value label to an entry here.
"""

from __future__ import annotations

# Stored codes → the Chinese label a reader sees (name types 名/字/号 … are already words).
VALUE_LABELS: dict[str, str] = {
    # name types not written in Chinese
    "title": "称谓",
    "romanised": "罗马字",
    # document kinds
    "genealogy": "家谱",
    "letter": "信札",
    "telegram": "电报",
    "manuscript": "手稿",
    "record": "档案",
    "work": "联合目录著录",
    # mention roles
    "subject": "谱主",
    "sender": "发文者",
    "recipient": "收文者",
    "author": "作者",
    "kin": "亲属",
    "mentioned": "提及",
    # link statuses
    "linked": "已链接",
    "queued": "待审核",
    "reviewed": "已审核",
    "rejected": "已排除",
    "unlinked": "未链接",
    # store counts
    "persons": "人物",
    "names": "人名",
    "documents": "文献",
    "mentions": "提及",
    "relations": "关系",
    "entries": "索引条目",
    # scripts
    "trad": "繁体",
    "simp": "简体",
    "latn": "拉丁字母",
    # catalogue fields the sources name in English
    "pages": "页数",
    # timeline kinds
    "event": "生平",
    # genders
    "male": "男",
    "female": "女",
}

EN: dict[str, str] = {
    # base
    "知人": "Zhiren",
    "人名、字号、拼音、文献…": "name, courtesy name, pinyin, document…",
    "搜索": "Search",
    "语言": "Language",
    "回到首页": "Back to the home page",
    # index
    "中国历史人物人名规范库：家谱、盛宣怀档案、名人手稿中的人名。": (
        "A person-name authority for Chinese historical sources: genealogies, "
        "the Sheng Xuanhuai archive and celebrity manuscripts."
    ),
    "数据存储": "Stores",
    "图谱": "Graph",
    "检索": "Search",
    "不可用": "unavailable",
    # search
    "全部": "All",
    "人物": "Persons",
    "文献": "Documents",
    "以任何名称（名、字、号、官称）检索人物，简繁体、拼音、威妥玛拼法均可；亦可检索文献全文。": (
        "Search persons by any name (given, courtesy, art name, title), in simplified or traditional "
        "script, pinyin or Wade-Giles, and documents by their text."
    ),
    "{n} 条结果": "{n} results",
    "下一页": "Next page",
    "上一页": "Previous page",
    "末页": "Last page",
    "分页": "Pages",
    '语法：空格分隔的词须同时出现；"引号"内为短语；OR 表示或；NOT 或 - 表示排除。': (
        'Syntax: words separated by spaces must all occur; "quotes" make a phrase; OR for either; NOT or - to exclude.'
    ),
    "您是不是要找：": "Did you mean:",
    "第 {page} 页已超出末页（共 {n} 条结果，{pages} 页）。": (
        "Page {page} is past the last page ({n} results, {pages} pages)."
    ),
    "第 {first}–{last} 条": "{first}–{last}",
    "没有结果。": "No results.",
    "近似名": "similar name",
    "筛选": "Filter",
    "年份": "Years",
    "起": "from",
    "止": "to",
    "取消": "remove",
    "文献类型": "Kind",
    "全宗": "Collection",
    "朝代": "Dynasty",
    "名号类型": "Name type",
    "年代": "Decade",
    "姓氏": "Surname",
    # document
    "馆藏": "Holdings",
    "{n} 对疑似重复记录待审核": "{n} doubtful pair(s) await review",
    "联合目录": "Union catalogue",
    "此书及其馆藏": "this work and its holdings",
    # person
    "籍贯": "native place",
    "名号": "Names",
    "通信": "Correspondents",
    "{n} 处提及为证": "{n} mention(s) as evidence",
    "文献提及": "Mentions",
    "称作": "as",
    "角色": "role",
    "链接依据": "why linked",
    "外部标识": "External identifiers",
    "上海图书馆": "Shanghai Library",
    "亲属树": "Kinship tree",
    "上{n}代": "{n} generation(s) up",
    "本人": "This person",
    "子孙": "Descendants",
    "通信网络": "Correspondence network",
    "通信人": "Correspondent",
    "信件": "Letters",
    "逐年信件数": "Letters per year",
    "{n} 封": "{n} letter(s)",
    "致": "to",
    "来": "from",
    "年表": "Timeline",
    "日期": "Date",
    "类别": "Kind",
    "事项": "Item",
    "生": "born",
    "卒": "died",
    "原文": "Text",
    "目录著录": "catalogue entry",
    "{n} 处，按文献年代排列": "{n}, by the documents' dates",
    "待审核的可能提及": "Possible mentions awaiting review",
    "以下提及尚未确认为此人，仅供参考。": "These mentions are not confirmed as this person; shown for reference only.",
    "引用": "Cite",
    "知人人名规范库": "Zhiren person-name authority",
    "检索于 {date}": "retrieved {date}",
    "下载": "Download",
    # why a mention was linked
    "由编目员确认": "confirmed by a curator",
    "家谱世系中此人本行": "the person's own line in the genealogy",
    "链接方式：{method}": "linked by {method}",
    "名称「{surface}」为其{type}": "the name {surface} is this person's {type}",
    "「{surface}」指称其名号的一部分或尊称": "{surface} refers to this person by part of a name or an honorific",
    "目录著录其为{role}": "the catalogue gives this person as {role}",
    "没有别人有此名": "no one else bears this name",
    "此人已在本文献中出现": "the person is already named in this document",
    "本文献提到其亲属或通信人": "the document names a relative or correspondent",
    "籍贯相符": "the native place agrees",
    "姓氏相符": "the surname agrees",
    "文献年代为{date}年，在其生卒年（{span}）之内": "document dated {date} is within the person's life ({span})",
    "文献年代为{date}年，在其生卒年（{span}）之外": "document dated {date} is outside the person's life ({span})",
    "得分 {score:.2f}，待审核": "score {score:.2f}, awaiting review",
    # document page
    "目录记录": "Catalogue record",
    "世系卷": "Lineage volumes",
    "世系": "Lineage",
    "可能是 {name}": "possibly {name}",
    "待审核的提及": "Mentions awaiting review",
    "未确认": "not confirmed",
    # value labels
    "名": "given name",
    "字": "courtesy name",
    "号": "art name",
    "讳": "taboo name",
    "谥号": "posthumous name",
    "别名": "other name",
    "小名": "childhood name",
    "称谓": "title",
    "罗马字": "romanisation",
    "家谱": "genealogy",
    "信札": "letter",
    "电报": "telegram",
    "手稿": "manuscript",
    "档案": "record",
    "联合目录著录": "union-catalogue work",
    "谱主": "subject",
    "发文者": "sender",
    "收文者": "recipient",
    "作者": "author",
    "亲属": "kin",
    "提及": "mentions",
    "已链接": "linked",
    "待审核": "queued for review",
    "已审核": "reviewed",
    "已排除": "rejected",
    "未链接": "unlinked",
    "人名": "names",
    "关系": "relations",
    "索引条目": "index entries",
    "繁体": "traditional",
    "简体": "simplified",
    "拉丁字母": "Latin",
    "生平": "life event",
    # catalogue fields (document metadata keys as the sources write them)
    "页数": "pages",
    "责任者": "responsibility",
    "谱籍": "clan origin",
    "堂号": "hall name",
    "始祖": "founding ancestor",
    "始迁祖": "first migrant ancestor",
    "名人": "notable members",
    "版本": "edition",
    "卷数": "volumes",
    "收藏者": "holding library",
    "提要": "abstract",
    "数量": "quantity",
    "尺寸": "size",
    "版本类型": "version type",
    "文种": "document type",
    "年号": "reign era",
    "男": "male",
    "女": "female",
}
