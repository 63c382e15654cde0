"""Synthetic policy corpus for benchmarks: many realistic documents made from the five real ones.

    python bench/synth.py --out /tmp/synth1000 --docs 1000 [--seed 0]

Each document is one of the real captures (web noise included, since cleaning it is part of
what ingest costs) with, consistently within the document:

* the city / province / counties swapped for real ones (金华市→湖州市, 浙江省→江苏省,
  定西市→天水市), including unit names that contain them (金华开发区→湖州开发区) and
  document-number prefixes (金政办发→湖政办发);
* years shifted by one offset (plan years, dates, 〔2018〕 in document numbers);
* target values scaled by a per-document factor per kind of quantity (counts, money, %),
  keeping their format ("1000家以上" → "1300家以上", "2.5%" → "2.8%"); the same value maps to
  the same new value everywhere in a document, so repeated targets stay equal;
* sometimes the last item of a section dropped, so numbering (一)(二)… stays in sequence.

Output is deterministic for a seed. After writing, every document is parsed with
assistant.ingest.parse_document and checked against its template: clause count (minus the
dropped items), clause paths, lead units where the template has them, region. A manifest of
what was generated goes to DIR/.synth-manifest.json (hidden, so ingest ignores it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
MANIFEST_NAME = ".synth-manifest.json"

# ---------------------------------------------------------------------------------- geography
# Real prefecture-level cities with their usual one-character abbreviation (as used in
# document numbers: 湖政办发, 甬政办发) and a few of their counties / county-level cities.


@dataclass(frozen=True)
class City:
    name: str  # without 市
    abbr: str
    pinyin: str
    counties: tuple[str, ...]  # full names: 德清县, 义乌市


@dataclass(frozen=True)
class Province:
    name: str  # without 省
    abbr: str
    pinyin: str
    cities: tuple[City, ...]


def _cities(spec: str) -> tuple[City, ...]:
    # "name abbr pinyin county county …" per line: compact to read and to check by eye.
    out = []
    for line in spec.strip().splitlines():
        name, abbr, pinyin, *counties = line.split()
        out.append(City(name, abbr, pinyin, tuple(counties)))
    return tuple(out)


PROVINCES: dict[str, Province] = {
    p.name: p
    for p in [
        Province(
            "浙江",
            "浙",
            "zhejiang",
            _cities("""
            杭州 杭 hangzhou 桐庐县 淳安县 建德市
            宁波 甬 ningbo 余姚市 慈溪市 宁海县 象山县
            温州 温 wenzhou 瑞安市 乐清市 永嘉县 平阳县 苍南县
            嘉兴 嘉 jiaxing 嘉善县 海盐县 海宁市 平湖市 桐乡市
            湖州 湖 huzhou 德清县 长兴县 安吉县
            绍兴 绍 shaoxing 诸暨市 嵊州市 新昌县
            金华 金 jinhua 义乌市 东阳市 永康市 兰溪市 浦江县 武义县 磐安县
            衢州 衢 quzhou 江山市 常山县 开化县 龙游县
            舟山 舟 zhoushan 岱山县 嵊泗县
            台州 台 taizhou 温岭市 临海市 玉环市 天台县 仙居县 三门县
            丽水 丽 lishui 龙泉市 青田县 缙云县 遂昌县 松阳县 云和县 庆元县
        """),
        ),
        Province(
            "江苏",
            "苏",
            "jiangsu",
            _cities("""
            无锡 锡 wuxi 江阴市 宜兴市
            徐州 徐 xuzhou 新沂市 邳州市 丰县 沛县 睢宁县
            常州 常 changzhou 溧阳市
            苏州 苏 suzhou 常熟市 张家港市 昆山市 太仓市
            南通 通 nantong 海安市 如皋市 启东市 如东县
            连云港 连 lianyungang 东海县 灌云县 灌南县
            淮安 淮 huaian 涟水县 盱眙县 金湖县
            盐城 盐 yancheng 东台市 建湖县 射阳县 阜宁县 滨海县 响水县
            扬州 扬 yangzhou 仪征市 高邮市 宝应县
            镇江 镇 zhenjiang 丹阳市 扬中市 句容市
            泰州 泰 taizhou 兴化市 靖江市 泰兴市
            宿迁 宿 suqian 沭阳县 泗阳县 泗洪县
        """),
        ),
        Province(
            "安徽",
            "皖",
            "anhui",
            _cities("""
            合肥 合 hefei 巢湖市 长丰县 肥东县 肥西县 庐江县
            芜湖 芜 wuhu 无为市 南陵县
            蚌埠 蚌 bengbu 怀远县 五河县 固镇县
            淮南 淮 huainan 凤台县 寿县
            马鞍山 马 maanshan 当涂县 含山县 和县
            安庆 宜 anqing 桐城市 潜山市 怀宁县 太湖县 宿松县 望江县 岳西县
            黄山 黄 huangshan 歙县 休宁县 黟县 祁门县
            滁州 滁 chuzhou 天长市 明光市 来安县 全椒县 定远县 凤阳县
            阜阳 阜 fuyang 界首市 临泉县 太和县 阜南县 颍上县
            宿州 宿 suzhou 砀山县 萧县 灵璧县 泗县
            六安 六 luan 霍邱县 舒城县 金寨县 霍山县
            宣城 宣 xuancheng 宁国市 广德市 郎溪县 泾县 绩溪县 旌德县
            池州 池 chizhou 东至县 石台县 青阳县
            亳州 亳 bozhou 涡阳县 蒙城县 利辛县
        """),
        ),
        Province(
            "福建",
            "闽",
            "fujian",
            _cities("""
            福州 榕 fuzhou 福清市 闽侯县 连江县 罗源县 闽清县 永泰县
            莆田 莆 putian 仙游县
            泉州 泉 quanzhou 晋江市 石狮市 南安市 惠安县 安溪县 永春县 德化县
            漳州 漳 zhangzhou 漳浦县 云霄县 诏安县 东山县 平和县 南靖县 华安县
            龙岩 龙 longyan 漳平市 长汀县 上杭县 武平县 连城县
            三明 明 sanming 永安市 明溪县 清流县 宁化县 大田县 尤溪县 将乐县 泰宁县
            南平 南 nanping 邵武市 武夷山市 建瓯市 顺昌县 浦城县 光泽县 松溪县 政和县
            宁德 宁 ningde 福安市 福鼎市 霞浦县 古田县 屏南县 寿宁县 周宁县 柘荣县
        """),
        ),
        Province(
            "山东",
            "鲁",
            "shandong",
            _cities("""
            济南 济 jinan 平阴县 商河县
            青岛 青 qingdao 胶州市 平度市 莱西市
            淄博 淄 zibo 桓台县 高青县 沂源县
            烟台 烟 yantai 龙口市 莱阳市 莱州市 招远市 栖霞市 海阳市
            潍坊 潍 weifang 青州市 诸城市 寿光市 安丘市 高密市 昌邑市 临朐县 昌乐县
            济宁 济 jining 曲阜市 邹城市 微山县 鱼台县 金乡县 嘉祥县 汶上县 泗水县 梁山县
            泰安 泰 taian 新泰市 肥城市 宁阳县 东平县
            威海 威 weihai 荣成市 乳山市
            日照 日 rizhao 五莲县 莒县
            临沂 临 linyi 沂南县 郯城县 沂水县 兰陵县 费县 平邑县 莒南县 蒙阴县 临沭县
            德州 德 dezhou 乐陵市 禹城市 宁津县 庆云县 临邑县 齐河县 平原县 夏津县 武城县
            聊城 聊 liaocheng 临清市 阳谷县 莘县 东阿县 冠县 高唐县
            滨州 滨 binzhou 邹平市 惠民县 阳信县 无棣县 博兴县
            菏泽 菏 heze 曹县 单县 成武县 巨野县 郓城县 鄄城县 东明县
        """),
        ),
        Province(
            "甘肃",
            "甘",
            "gansu",
            _cities("""
            定西 定 dingxi 陇西县 渭源县 临洮县 通渭县 漳县 岷县
            天水 天 tianshui 秦安县 甘谷县 武山县 清水县
            平凉 平 pingliang 泾川县 灵台县 崇信县 庄浪县 静宁县
            庆阳 庆 qingyang 庆城县 环县 华池县 合水县 正宁县 宁县 镇原县
            陇南 陇 longnan 成县 文县 宕昌县 康县 西和县 礼县 徽县 两当县
            武威 武 wuwei 民勤县 古浪县
            张掖 张 zhangye 民乐县 临泽县 高台县 山丹县
            酒泉 酒 jiuquan 金塔县 瓜州县
            白银 白 baiyin 靖远县 会宁县 景泰县
        """),
        ),
    ]
}
# Where the municipal plans (金华 templates) and the provincial opinions (浙江 template) may move.
MUNICIPAL_PROVINCES = ("浙江", "江苏", "安徽", "福建", "山东")
PROVINCIAL_ALTERNATIVES = ("江苏", "安徽", "福建", "山东")
# Towns of 桐乡 for the 乌镇 action plan (it names no city, only its town and districts).
TOWNS = {"乌镇": "wuzhen", "濮院": "puyuan", "崇福": "chongfu", "洲泉": "zhouquan", "石门": "shimen", "屠甸": "tudian"}


def county_base(full: str) -> str:
    """How a county is named without its suffix: 德清县→德清, but 沛县 and 成县 stay whole."""
    return full[:-1] if len(full) > 2 and full[-1] in "县市" else full


def _county_map(old_full: str, new_full: str) -> dict[str, str]:
    return {old_full: new_full, county_base(old_full): county_base(new_full)}


# ---------------------------------------------------------------------------------- templates


@dataclass
class Variant:
    """Everything chosen for one document: names to replace and how to label the file."""

    names: dict[str, str]
    place: str  # city / province / town, for the manifest
    place_pinyin: str
    region: str | None  # what metadata extraction should report, None if the template has none


def _pick_city(rng: random.Random, provinces: tuple[str, ...], exclude: str) -> tuple[Province, City]:
    pool = [(PROVINCES[p], c) for p in provinces for c in PROVINCES[p].cities if c.name != exclude]
    return rng.choice(pool)


def _jinhua_city(rng: random.Random) -> Variant:
    prov, city = _pick_city(rng, MUNICIPAL_PROVINCES, exclude="金华")
    county = rng.choice(city.counties)
    c, a, k = city.name, city.abbr, county_base(county)
    names = {
        "金华山旅游经济区": f"{c}生态旅游经济区",  # "湖州山" would not be a place
        "金义": a + k[0],  # 金华+义乌 corridor → city+county
        "义乌": k,
        "金华": c,
        "金政办发": f"{a}政办发",
        "留金来金": f"留{a}来{a}",
        "在金各高校": f"在{a}各高校",
        "浙江": prov.name,
    }
    return Variant(names, f"{c}市", city.pinyin, f"{c}市")


def _jinhua_draft(rng: random.Random) -> Variant:
    _, city = _pick_city(rng, MUNICIPAL_PROVINCES, exclude="金华")
    return Variant({"金华": city.name}, f"{city.name}市", city.pinyin, f"{city.name}市")


def _xinshidai(rng: random.Random) -> Variant:
    town = rng.choice(list(TOWNS))
    # 乌镇镇 is the town government; a town named X is "X镇".
    names = {"乌镇镇": f"{town}镇", "乌镇": town} if town != "乌镇" else {}
    return Variant(names, town, TOWNS[town], None)


def _zhejiang(rng: random.Random) -> Variant:
    prov = PROVINCES[rng.choice(PROVINCIAL_ALTERNATIVES)]
    city1, city2 = rng.sample(prov.cities, 2)
    counties = [k for c in prov.cities for k in c.counties]
    xian = [k for k in counties if k.endswith("县")]
    # 新昌县、长兴县 are named with 县, so they need real 县; 德清、嘉善 may be any county-level unit.
    new_xian = rng.sample(xian, 2)
    others = rng.sample([k for k in counties if k not in new_xian], 2)
    names = {
        "浙江": prov.name,
        "浙政办发": f"{prov.abbr}政办发",
        "绍兴": city1.name,
        "宁波": city2.name,
        **_county_map("新昌县", new_xian[0]),
        **_county_map("长兴县", new_xian[1]),
        **_county_map("德清县", others[0]),
        **_county_map("嘉善县", others[1]),
    }
    return Variant(names, f"{prov.name}省", prov.pinyin, f"{prov.name}省")


# Other Gansu places named in the 定西 plan ("兰州—定西—天水—庆阳"): when the new city is one
# of them the two swap, so the list never names one city twice.
_DINGXI_NEIGHBOURS = ("天水", "庆阳", "平凉", "陇南")


def _dingxi(rng: random.Random) -> Variant:
    _, city = _pick_city(rng, ("甘肃",), exclude="定西")
    k1, k2 = rng.sample(city.counties, 2)
    names = {"定西": city.name, **_county_map("陇西县", k1), **_county_map("渭源县", k2)}
    if city.name in _DINGXI_NEIGHBOURS:
        names[city.name] = "定西"
    return Variant(names, f"{city.name}市", city.pinyin, f"{city.name}市")


@dataclass(frozen=True)
class Template:
    stem: str  # file in corpus/
    kind: str  # file-name part
    year: int  # the template's year in its file name
    variant: Callable[[random.Random], Variant]


TEMPLATES = (
    Template("jinhua-innovative-city-plan-2018", "innovative-city-plan", 2018, _jinhua_city),
    Template("jinhua-innovation-complex-plan-2018-draft", "innovation-complex-plan-draft", 2018, _jinhua_draft),
    Template("xinshidai-innovation-action-plan-2022", "innovation-action-plan", 2022, _xinshidai),
    Template("zhejiang-county-innovation-opinions-2019", "county-innovation-opinions", 2019, _zhejiang),
    Template("dingxi-innovation-plan-2020", "innovation-plan", 2020, _dingxi),
)

# ---------------------------------------------------------------------------------- numbers

_UNITS = (
    "万亿元|亿元|万元/人|万元|元/人|元|万台次|台次|万批次|批次|万台|台|万家|家次|家|万人年|万人|人/年|人年|人次|"
    r"人\(个\)|人（个）|人|名|个|项|件|所|场次|场|亿|微克/立方米|平方米|亩|倍|次|座|条|套|%|％"
)
# One pass over the text; the first alternative that matches at a position wins.
NUMBERS = re.compile(
    # 点击数:16872018-08-27 — a click counter glued to the posting date.
    r"(?P<clicks>(?<=点击数:)\d{1,6}?(?=(?:19|20)\d{2}-\d{2}-\d{2}))"
    r"|(?P<docno>〔(?P<dn_year>(?:19|20)\d{2})〕(?P<dn_serial>\d{1,4})号)"
    r"|(?P<issue>第(?P<issue_n>\d{1,3})期\(总第(?P<issue_total>\d{1,5})期\))"
    r"|(?P<phone>(?<=联系电话:)\d{8})"
    r"|(?P<twoyears>(?<!\d)(?P<y1>20\d{2})(?P<y2>20\d{2})(?!\d))"  # "(20222023)", a lost dash
    r"|(?P<ymd>(?:19|20)\d{2})(?=-\d{2}-\d{2})"  # ISO dates, even glued to a preceding number
    r"|(?P<year>(?<!\d)(?:19|20)\d{2})(?=\s*年|\s*[.\-/]\s*\d|\s*[-—~至]\s*(?:19|20)\d{2}|\)|）)"
    rf"|(?<![A-Za-z0-9.+\-/〔第])(?P<value>\d+(?:\.\d+)?)(?P<unit>{_UNITS})(?![\d-])"
)
_MONEY = re.compile(r"元|亿")


def _category(unit: str) -> str:
    if unit in ("%", "％"):
        return "percent"
    return "money" if _MONEY.search(unit) else "count"


def _significant_round(x: float, digits: int) -> int:
    if x < 1:
        return 1
    exp = len(str(int(x))) - digits
    return max(1, int(round(x, -exp)) if exp > 0 else int(round(x)))


def scale_value(text: str, factor: float, percent: bool) -> str:
    """`text` ("1000", "2.5") times `factor`, written the way the original was."""
    if "." in text:
        decimals = len(text.split(".")[1])
        new = max(float(text) * factor, 10**-decimals)
        if percent and float(text) < 100:
            new = min(new, 99.9 if decimals else 99)
        return f"{new:.{decimals}f}"
    orig = int(text)
    # Keep the roundness of the original: 1000 → 1300, 3550 → 4570, 13 → 17.
    digits = max(len(text.rstrip("0")) if orig else 1, min(2, len(text)))
    new = _significant_round(orig * factor, digits)
    if percent and orig < 100:
        new = min(new, 99)
    return str(new)


@dataclass
class NumberRewriter:
    rng: random.Random
    year_shift: int
    factors: dict[str, float] = field(default_factory=dict)
    memo: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.factors = {
            "count": self.rng.uniform(0.6, 1.6),
            "money": self.rng.uniform(0.5, 2.0),
            "percent": self.rng.uniform(0.8, 1.2),
        }

    def _once(self, key: tuple[str, str], make: Callable[[], str]) -> str:
        # The same original always maps to the same replacement within a document.
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def _y(self, year: str) -> str:
        return str(int(year) + self.year_shift)

    def __call__(self, m: re.Match[str]) -> str:
        if m.group("clicks") is not None:
            return str(self.rng.randint(100, 9999))
        if m.group("docno") is not None:
            serial = self._once(("docno", m.group(0)), lambda: str(self.rng.randint(1, 160)))
            return f"〔{self._y(m.group('dn_year'))}〕{serial}号"
        if m.group("issue") is not None:
            n = self.rng.randint(1, 24)
            return f"第{n}期(总第{int(m.group('issue_total')) + self.year_shift * 24 + n}期)"
        if m.group("phone") is not None:
            return self._once(("phone", m.group(0)), lambda: str(self.rng.randint(20000000, 89999999)))
        if m.group("twoyears") is not None:
            return self._y(m.group("y1")) + self._y(m.group("y2"))
        if m.group("ymd") is not None:
            return self._y(m.group("ymd"))
        if m.group("year") is not None:
            return self._y(m.group("year"))
        value, unit = m.group("value"), m.group("unit")
        cat = _category(unit)
        return self._once((value, cat), lambda: scale_value(value, self.factors[cat], cat == "percent")) + unit


# ---------------------------------------------------------------------------------- structure

_PAGE_FRAGMENT = re.compile(r"\n\s*\d{1,3}、")


def droppable_clauses(text: str, stem: str) -> list[tuple[str, int, int]]:
    """(clause path, start, end) of clauses that can be dropped without breaking numbering:
    leaves that are the last of at least three siblings. A clause spanning a viewer page
    break ("\\n11、") is not one: dropping it would break the run of page numbers."""
    from assistant.ingest import parse_document

    doc = parse_document(text, slug=stem)
    by_id = {c.id: c for c in doc.clauses}
    out = []
    for parent in doc.clauses:
        if len(parent.children) < 3:
            continue
        last = by_id[parent.children[-1]]
        if last.children or _PAGE_FRAGMENT.search(text[last.start : last.end]):
            continue
        out.append((".".join(map(str, last.path)), last.start, last.end))
    return out


# ---------------------------------------------------------------------------------- generating


@dataclass
class Generated:
    file: str
    template: str
    place: str
    region: str | None
    year_shift: int
    dropped: list[str]  # clause paths of the template that were removed
    sha256: str


def replace_names(text: str, names: dict[str, str]) -> str:
    if not names:
        return text
    # One pass, longest name first, so swaps (定西↔天水) and nested names (金华山/金华) are safe.
    pattern = re.compile("|".join(re.escape(k) for k in sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda m: names[m.group(0)], text)


def generate_one(
    template: Template, raw: str, droppable: list[tuple[str, int, int]], rng: random.Random
) -> tuple[str, Variant, int, list[str]]:
    variant = template.variant(rng)
    # Mostly later years than the template: the corpus then reads like successive plan cycles.
    shift = rng.choice([-3, -2, -1, 1, 1, 2, 2, 3, 3, 4])
    dropped: list[tuple[str, int, int]] = []
    if droppable and rng.random() < 0.35:
        dropped = rng.sample(droppable, 2 if len(droppable) > 1 and rng.random() < 0.25 else 1)
    text = raw
    for _, start, end in sorted(dropped, key=lambda d: d[1], reverse=True):
        text = text[:start] + text[end:]
    text = replace_names(text, variant.names)
    text = NUMBERS.sub(NumberRewriter(rng, shift), text)
    return text, variant, shift, sorted(d[0] for d in dropped)


def generate(out: Path, n_docs: int, seed: int) -> list[Generated]:
    raws = {t.stem: (CORPUS / f"{t.stem}.txt").read_text(encoding="utf-8") for t in TEMPLATES}
    droppable = {t.stem: droppable_clauses(raws[t.stem], t.stem) for t in TEMPLATES}
    out.mkdir(parents=True, exist_ok=True)
    made: list[Generated] = []
    seen: set[str] = set()
    for i in range(n_docs):
        template = TEMPLATES[i % len(TEMPLATES)]
        attempt = 0
        while True:
            # A string seed per document: reproducible, and independent of the other documents.
            rng = random.Random(f"{seed}:{i}:{attempt}")
            text, variant, shift, dropped = generate_one(template, raws[template.stem], droppable[template.stem], rng)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest not in seen:  # ingest skips byte-identical files as duplicates
                break
            attempt += 1
        seen.add(digest)
        name = f"{variant.place_pinyin}-{template.kind}-{template.year + shift}-{i:04d}.txt"
        (out / name).write_text(text, encoding="utf-8")
        made.append(Generated(name, template.stem, variant.place, variant.region, shift, dropped, digest))
    return made


# ---------------------------------------------------------------------------------- checking


def check(out: Path, made: list[Generated]) -> list[str]:
    """Parse every generated file and compare it with its template. Returns the problems."""
    from assistant.ingest import parse_document

    templates = {}
    for t in TEMPLATES:
        templates[t.stem] = parse_document((CORPUS / f"{t.stem}.txt").read_text(encoding="utf-8"), slug=t.stem)
    problems: list[str] = []
    for g in made:
        tpl = templates[g.template]
        doc = parse_document((out / g.file).read_text(encoding="utf-8"), slug=Path(g.file).stem)
        gone = set(g.dropped)
        want = [c for c in tpl.clauses if ".".join(map(str, c.path)) not in gone]
        got_paths = [(c.kind, c.path) for c in doc.clauses]
        want_paths = [(c.kind, c.path) for c in want]
        if got_paths != want_paths:
            problems.append(
                f"{g.file}: {len(doc.clauses)} clauses, expected {len(want)} "
                f"(template {len(tpl.clauses)} minus dropped {g.dropped})"
            )
            continue
        for w, c in zip(want, doc.clauses, strict=True):
            if len(w.fields.lead_units) != len(c.fields.lead_units):
                problems.append(
                    f"{g.file}: clause {c.label} has lead units {c.fields.lead_units}, "
                    f"template has {w.fields.lead_units}"
                )
        if doc.meta.region != g.region:
            problems.append(f"{g.file}: region {doc.meta.region!r}, expected {g.region!r}")
        if bool(doc.meta.title) != bool(tpl.meta.title) or bool(doc.meta.doc_number) != bool(tpl.meta.doc_number):
            problems.append(
                f"{g.file}: title/doc number {doc.meta.title!r}/{doc.meta.doc_number!r} "
                f"where the template has {tpl.meta.title!r}/{tpl.meta.doc_number!r}"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="directory to write the documents into")
    ap.add_argument("--docs", type=int, default=1000, help="number of documents (default 1000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-check", action="store_true", help="skip parsing the output to check it")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # benchmark the working tree, installed or not

    t0 = time.perf_counter()
    made = generate(args.out, args.docs, args.seed)
    t_gen = time.perf_counter() - t0
    manifest = {"seed": args.seed, "docs": len(made), "files": [asdict(g) for g in made]}
    (args.out / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    n_dropped = sum(bool(g.dropped) for g in made)
    print(
        f"wrote {len(made)} documents to {args.out} in {t_gen:.1f} s "
        f"({n_dropped} with a dropped item; manifest {MANIFEST_NAME})"
    )
    if args.no_check:
        return 0
    t1 = time.perf_counter()
    problems = check(args.out, made)
    print(
        f"checked {len(made)} documents with parse_document in {time.perf_counter() - t1:.1f} s: "
        f"{'all match their templates' if not problems else f'{len(problems)} problems'}"
    )
    for p in problems[:30]:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
