"""Subject-code dictionaries: 类 names for two-sided tables, economic names for truncated codes."""

from __future__ import annotations

import re

from disclosure_shared.text_keys import text_key

# 支出功能分类 类 (SPEC §2.0), with the older names the 2017-2019 Jiangsu templates print.
FUNCTION_CLASSES: tuple[tuple[str, str], ...] = (
    ("一般公共服务", "201"),
    ("外交", "202"),
    ("国防", "203"),
    ("公共安全", "204"),
    ("教育", "205"),
    ("科学技术", "206"),
    ("文化旅游体育与传媒", "207"),
    ("文化体育与传媒", "207"),
    ("社会保障和就业", "208"),
    ("卫生健康", "210"),
    ("医疗卫生与计划生育", "210"),
    ("节能环保", "211"),
    ("城乡社区", "212"),
    ("农林水", "213"),
    ("交通运输", "214"),
    ("资源勘探", "215"),
    ("商业服务业", "216"),
    ("金融", "217"),
    ("援助其他地区", "219"),
    ("自然资源海洋气象", "220"),
    ("国土海洋气象", "220"),
    ("住房保障", "221"),
    ("粮油物资储备", "222"),
    ("国有资本经营预算支出", "223"),
    ("灾害防治及应急管理", "224"),
    ("预备费", "227"),
    ("其他支出", "229"),
    ("债务还本", "231"),
    ("债务付息", "232"),
    ("债务发行费用", "233"),
    ("抗疫特别国债", "234"),
)

# 部门预算支出经济分类 类/款 as printed in the 决算 06表 template (001:L327-357).
ECONOMIC: dict[str, str] = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30106": "伙食补助费",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "30114": "医疗费",
    "30199": "其他工资福利支出",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30202": "印刷费",
    "30203": "咨询费",
    "30204": "手续费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30208": "取暖费",
    "30209": "物业管理费",
    "30211": "差旅费",
    "30212": "因公出国（境）费用",
    "30213": "维修（护）费",
    "30214": "租赁费",
    "30215": "会议费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30218": "专用材料费",
    "30224": "被装购置费",
    "30225": "专用燃料费",
    "30226": "劳务费",
    "30227": "委托业务费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "30240": "税金及附加费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30301": "离休费",
    "30302": "退休费",
    "30303": "退职（役）费",
    "30304": "抚恤金",
    "30305": "生活补助",
    "30306": "救济费",
    "30307": "医疗费补助",
    "30308": "助学金",
    "30309": "奖励金",
    "30310": "个人农业生产补贴",
    "30311": "代缴社会保险费",
    "30399": "其他对个人和家庭的补助",
    "310": "资本性支出",
    "31001": "房屋建筑物购建",
    "31002": "办公设备购置",
    "31003": "专用设备购置",
    "31005": "基础设施建设",
    "31006": "大型修缮",
    "31007": "信息网络及软件购置更新",
    "31013": "公务用车购置",
    "31019": "其他交通工具购置",
    "31021": "文物和陈列品购置",
    "31022": "无形资产购置",
    "31099": "其他资本性支出",
}
_ECON_BY_NAME = [(text_key(name), code) for code, name in ECONOMIC.items()]
_ORDINAL = re.compile(r"^[(（]?[一二三四五六七八九十廿]+[)）]?[、.．]?|^\d+[.．、]")


def strip_ordinal(label: str) -> str:
    return _ORDINAL.sub("", text_key(label))


def function_class(label: str) -> str | None:
    """类 code of an expenditure label of a two-sided summary ("八、社会保障和就业支出" -> "208")."""
    name = strip_ordinal(label)
    numbered = name != text_key(label)
    # truncated labels ("七、文化旅游体育与传媒支", 003:L225) still carry their ordinal
    if not (numbered or name.endswith(("支出", "预备费"))) or "合计" in name or "总计" in name:
        return None
    for prefix, code in FUNCTION_CLASSES:
        if name.startswith(prefix):
            return code
    return None


def repair_economic(code: str, name: str) -> str | None:
    """Full economic code for a truncated one ("30" + "机关事业单位基本养" -> "30108"), if unique."""
    key = text_key(name)
    candidates = [c for n, c in _ECON_BY_NAME if c.startswith(code) and n == key]
    if not candidates:
        candidates = [c for n, c in _ECON_BY_NAME if c.startswith(code) and n.startswith(key)]
    return candidates[0] if len(candidates) == 1 else None


def level_of(code: str | None, system: str) -> int | None:
    """1/2/3 for 类/款/项 function codes (3/5/7 digits); 1/2 for economic codes (3/5 digits)."""
    if code is None or not code.isdigit():
        return None
    if system == "function":
        return {3: 1, 5: 2, 7: 3}.get(len(code))
    if system == "economic":
        return {3: 1, 5: 2}.get(len(code))
    return None
