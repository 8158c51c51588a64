"""Union-catalogue throughput on 50,000 generated genealogy catalogue records with realistic duplication.

Clans (surname, county, title prefix, hall, 始迁祖) get one to three editions each (光绪 woodblock,
民国 reprint …); each edition is sent by one to six libraries, so that about 40 % of the records
are duplicates, the share 中国家谱总目 reported among the records it received.  Every library
writes its record its own way: traditional script, the title with or without its place, 续修 or
not, the reign year, the Gregorian year or both, the hall in 堂号 or in the edition statement,
卷数 in Chinese or Arabic numerals with 卷首 counted or not, compiler lists cut with 等; a few
libraries disagree on 刻本 vs 木活字本 and a few records come twice from one library.
Prints records/s of `union` in one process and its pairwise precision and recall on the truth.

    python bench/bench_union_catalogue.py [--records 50000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import opencc

from zhiren.authority.union_catalogue import CatalogueRecord, Work, union
from zhiren.nlp.dates.numerals import to_chinese
from zhiren.nlp.dates.reigns import reign_index
from zhiren.nlp.surnames import SINGLE_SURNAMES

# The commonest surnames first, then the rest of the 百家姓 list; drawn with Zipf weights k^-0.8, so the
# first holds about 8 % of the records (张 is 5.5 % of the Shanghai Library's 11,700 genealogies).
FREQUENT = (
    "张陈王吴刘李周徐黄朱胡杨赵孙郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董"
    "袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖夏方孟熊秦江"
)
SURNAMES = FREQUENT + "".join(sorted(SINGLE_SURNAMES - set(FREQUENT)))
# Counties of the provinces most genealogies come from (浙江, 安徽, 江苏, 湖南 first, as at 上图).
COUNTIES = {
    "浙江": "绍兴 萧山 诸暨 余姚 上虞 慈溪 鄞县 奉化 东阳 义乌 兰溪 浦江 永康 嵊县 临海 黄岩 天台 宁海 象山 定海 "
            "镇海 海宁 海盐 平湖 桐乡 德清 武康 长兴 安吉 孝丰 新昌 金华 汤溪 武义 遂昌 龙泉 缙云 永嘉 瑞安 平阳",
    "安徽": "桐城 歙县 休宁 绩溪 怀宁 合肥 潜山 宿松 祁门 黟县 泾县 宣城 太湖 望江 贵池 青阳 石埭 旌德 太平 庐江 "
            "舒城 无为 巢县 六安 霍山 南陵 繁昌 芜湖 当涂 全椒",
    "江苏": "武进 无锡 江阴 宜兴 常熟 吴县 丹徒 丹阳 金坛 溧阳 靖江 昆山 太仓 嘉定 宝山 青浦 松江 南汇 崇明 泰兴 "
            "如皋 通州 海门 扬州 江都 高邮 宝应 兴化 盐城 淮安",
    "湖南": "湘潭 湘乡 长沙 宁乡 浏阳 醴陵 衡阳 邵阳 平江 湘阴 益阳 安化 新化 武冈 衡山 攸县 茶陵 零陵 祁阳 常德",
    "江西": "婺源 南昌 丰城 吉安 泰和 萍乡 宜黄 新建 进贤 奉新 高安 清江 新淦 峡江 永丰 安福 庐陵 吉水 万安 赣县",
    "湖北": "麻城 黄冈 孝感 汉阳 黄陂 蕲春 黄梅 广济 浠水 罗田 英山 大冶 鄂城 通山 崇阳",
    "福建": "莆田 晋江 南安 龙岩 仙游 惠安 同安 安溪 永春 德化 长汀 上杭 连城 宁化 建宁",
    "广东": "梅县 南海 番禺 顺德 潮阳 新会 台山 开平 恩平 鹤山 香山 东莞 增城 大埔 兴宁",
    "山东": "曲阜 诸城 即墨 莱阳 掖县 黄县 福山 蓬莱 潍县 安丘",
    "四川": "成都 遂宁 内江 资中 富顺 隆昌 荣县 威远 仁寿 眉山",
}
HALLS = ["敦睦", "仁义", "存著", "敦本", "世德", "崇本", "孝思", "永思", "继述", "追远",
         "裕后", "光裕", "三省", "五桂", "三槐", "树德", "积善", "绍德", "报本", "惇叙"]
GIVEN = "承德光绍家国文世维嘉鸿兆宗永开有庆元之景大振启明德"
GENERICS = ("宗谱", "族谱", "家谱", "家乘")
OLD_PRINTINGS = ("刻本", "木活字本", "木活字本", "抄本")
NEW_PRINTINGS = (*OLD_PRINTINGS, "铅印本", "铅印本", "石印本")  # lead type and lithography from the 1870s
LIBRARIES = tuple(f"{p}图书馆" for p in ("上海", "国家", "安徽省", "南京", "浙江", "湖南", "江西省", "湖北省", "福建省",
                                       "广东省", "复旦大学", "南开大学", "中山大学", "厦门大学", "天一阁"))
TO_TRADITIONAL = opencc.OpenCC("s2t")


@dataclass(frozen=True)
class Edition:
    number: int  # the truth: records of one edition are one work
    surname: str
    province: str
    county: str
    prefix: str
    branch: str
    generic: str
    hall: str
    migrant: str
    year: int
    printing: str
    juan: int
    head_juan: int
    compilers: tuple[str, ...]


def qing_reigns() -> list[tuple[str, int, int]]:
    return sorted({(r.name, r.first_year, r.last_year) for rs in reign_index().values() for r in rs
                   if r.dynasty == "清"}, key=lambda r: r[1])


def reign_year(year: int, reigns: list[tuple[str, int, int]], rng: random.Random) -> str:
    """光绪二十八年 / 清光绪二十八年 / 民国二十年; the Gregorian year after 1949."""
    if 1912 <= year <= 1949:
        return f"民国{'元' if year == 1912 else to_chinese(year - 1911)}年"
    name, first, _ = max((r for r in reigns if r[1] <= year <= r[2]), key=lambda r: r[1])
    return f"{rng.choice(('', '清'))}{name}{'元' if year == first else to_chinese(year - first + 1)}年"


def person(rng: random.Random, surname: str) -> str:
    return surname + "".join(rng.sample(GIVEN, 2))


def editions(count: int, rng: random.Random) -> list[Edition]:
    """Clans with one to three editions each (different years, often a new compiler list)."""
    out: list[Edition] = []
    weights = [(rank + 1) ** -0.8 for rank in range(len(SURNAMES))]
    while len(out) < count:
        surname = rng.choices(SURNAMES, weights)[0]
        province = rng.choices(list(COUNTIES), [len(c.split()) for c in COUNTIES.values()])[0]
        county = rng.choice(COUNTIES[province].split())
        village = "".join(rng.sample("东西南北上下高新石麻溪山塘桥湾冲岭坂", 2))
        prefix = rng.choice((county, county + village, village, ""))
        branch = rng.choice(("",) * 9 + (f"{to_chinese(rng.randint(1, 6))}房",))
        hall, migrant = rng.choice(HALLS + [""] * 10), "".join(rng.sample(GIVEN, 2))
        generic = "支谱" if branch else rng.choice(GENERICS)
        for year in sorted(rng.sample(range(1740, 1949), rng.choice((1, 1, 2, 3)))):
            compilers = tuple(person(rng, surname) for _ in range(rng.randint(1, 4)))
            printing = rng.choice(NEW_PRINTINGS if year > 1875 else OLD_PRINTINGS)
            out.append(Edition(len(out), surname, province, county, prefix, branch, generic, hall, migrant, year,
                               printing, rng.randint(2, 40), rng.choice((0, 0, 1)), compilers))
    return out[:count]


def written(edition: Edition, library: str, number: int, rng: random.Random,
            reigns: list[tuple[str, int, int]]) -> CatalogueRecord:
    """One library's record of ``edition``, with the variation libraries produce."""
    e = edition
    unit = "" if e.county.endswith("县") else "县"
    place = rng.choice((f"{e.province}{e.county}", f"{e.province}省{e.county}{unit}", e.county, e.province + e.county))
    prefix = e.prefix if rng.random() < 0.8 else ""
    title = f"{prefix}{e.surname}氏{e.branch}{rng.choice(('', '', '续修', '重修'))}{e.generic}"
    if e.generic in GENERICS and rng.random() < 0.1:
        title = title.replace(e.generic, rng.choice(GENERICS))
    year = rng.choice((f"{reign_year(e.year, reigns, rng)}({e.year})", reign_year(e.year, reigns, rng), f"{e.year}年"))
    hall_in_edition = e.hall and rng.random() < 0.5
    printing = "木活字本" if e.printing == "刻本" and rng.random() < 0.03 else e.printing
    edition_text = f"{year}{e.hall + '堂' if hall_in_edition else ''}{printing}"
    juan = rng.choice((f"{to_chinese(e.juan) if e.juan < 100 else e.juan}卷", f"{e.juan}卷"))
    if e.head_juan:
        juan = rng.choice((juan + "首一卷", f"{e.juan}卷首1卷", f"{e.juan + 1}卷"))
    first, *others = e.compilers
    compilers = rng.choice((f"{first}等纂修", f"(清){first}等纂", "、".join(e.compilers) + "纂修", f"{first}等"))
    if others and rng.random() < 0.3:
        compilers = f"{rng.choice(others)}等修"  # another library names another compiler first
    fields = {
        "title": title, "place": place if rng.random() < 0.95 else "", "compilers": compilers,
        "edition": edition_text, "juan": juan if rng.random() < 0.9 else "",
        "hall": e.hall + "堂" if e.hall and not hall_in_edition and rng.random() < 0.7 else "",
        "migrant_ancestor": rng.choice((e.migrant, e.surname + e.migrant, "", "")),
    }
    if rng.random() < 0.2:
        fields = {k: TO_TRADITIONAL.convert(v) for k, v in fields.items()}
    return CatalogueRecord(f"r{number}", library, **fields)


def generate(total: int, rng: random.Random) -> tuple[list[CatalogueRecord], list[int]]:
    """Records and, for each, the number of the edition it describes."""
    reigns = qing_reigns()
    records: list[CatalogueRecord] = []
    truth: list[int] = []
    for edition in editions(total, rng):
        holders = rng.choices((1, 2, 3, 4, 6), (58, 25, 10, 5, 2))[0]
        libraries = rng.sample(LIBRARIES, holders)
        if rng.random() < 0.01:
            libraries.append(libraries[0])  # one library catalogued it twice
        for library in libraries:
            records.append(written(edition, library, len(records), rng, reigns))
            truth.append(edition.number)
        if len(records) >= total:
            break
    return records[:total], truth[:total]


def pairs(sizes: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def pairwise(works: list[Work], truth: list[int]) -> tuple[float, float, float]:
    """Precision and recall of the pairs of records the works join, against the editions, and the
    recall when the pairs queued for review count as found."""
    work_of = {record: number for number, w in enumerate(works) for record in w.records}
    queued = {(d.a, d.b) for w in works for d in w.doubtful}
    true_sizes = Counter(truth)
    found_sizes = Counter(work_of[f"r{i}"] for i in range(len(truth)))
    agreed = pairs(Counter((work_of[f"r{i}"], edition) for i, edition in enumerate(truth)))
    members: dict[int, list[str]] = {}
    for i, edition in enumerate(truth):
        members.setdefault(edition, []).append(f"r{i}")
    reviewed = sum(1 for ids in members.values() for a, b in combinations(ids, 2)
                   if work_of[a] != work_of[b] and ((a, b) in queued or (b, a) in queued))
    true_pairs = max(1, pairs(true_sizes))
    return agreed / max(1, pairs(found_sizes)), agreed / true_pairs, (agreed + reviewed) / true_pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    records, truth = generate(args.records, rng)
    duplicates = 1 - len(set(truth)) / len(records)
    union(records[:2])  # warm OpenCC and the date tables outside the clock
    started, cpu_started = time.perf_counter(), time.process_time()
    works = union(records)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    precision, recall, with_review = pairwise(works, truth)
    doubtful = sum(len(w.doubtful) for w in works)
    flagged = sum(len(w.same_library) for w in works)
    print(f"generated {len(records):,} records of {len(set(truth)):,} editions ({duplicates:.0%} duplicates)")
    print(f"union     {len(records):,} records in {elapsed:.2f} s: {len(records) / elapsed:,.0f} records/s "
          f"(one process; {len(records) / cpu:,.0f} records/s of CPU time)")
    print(f"works     {len(works):,} found; pairwise precision {precision:.3f}, recall {recall:.3f} "
          f"({with_review:.3f} counting the pairs queued for review)")
    print(f"review    {doubtful:,} doubtful pairs; {flagged:,} same-library pairs flagged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
