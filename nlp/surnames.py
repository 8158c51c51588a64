"""Chinese surnames (姓), for rules that need "a surname followed by …" (李中堂, 江公忠源).

Single-character surnames: the common ones of the 百家姓 and of modern usage;
compound surnames (复姓) are listed separately because they are matched first.
"""

from __future__ import annotations

SINGLE_SURNAMES = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章"
    "云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常"
    "乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞"
    "熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍"
    "虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁"
    "荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙"
    "池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温"
    "别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧"
    "殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游"
    "竺权逯盖益桓公俞覃区谌佘楚麦甯"
)

COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "司马", "诸葛", "上官", "夏侯", "皇甫", "东方", "公孙", "长孙", "尉迟",
        "万俟", "澹台", "令狐", "宇文", "慕容", "司徒", "司空", "轩辕", "端木", "呼延",
        "南宫", "拓跋", "独孤", "闻人", "钟离", "濮阳", "公羊", "申屠", "太史", "西门",
    }
)  # fmt: skip


def surname_length(text: str, start: int = 0) -> int:
    """Length of the surname at text[start:] (2 for 复姓, 1, or 0 when none)."""
    if text[start : start + 2] in COMPOUND_SURNAMES:
        return 2
    return 1 if text[start : start + 1] in SINGLE_SURNAMES else 0
