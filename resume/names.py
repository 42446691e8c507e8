"""A person's name as the start of file names: `Xiaoming Wang` -> `xiaoming-wang`, and a
name written only in Chinese in Hanyu Pinyin, surname first: 王小明 -> `wang-xiaoming`.

Pinyin comes from pypinyin, imported only for a name that has no Latin form: loading its
dictionaries takes about 0.13 s. Its readings are those of everyday words, so the readings of
surnames that differ (曾 is zēng as a surname, céng in 曾经) and the compound surnames (欧阳)
come from the tables here, in simplified and traditional characters alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

from .text import HAN, slugify

# Surnames read otherwise than pypinyin reads the character alone. A family that reads its
# name another way (乐 is Lè in some) sets `basics.slug`.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "單": "shan", "解": "xie", "仇": "qiu", "朴": "piao",
    "查": "zha", "区": "ou", "區": "ou", "盖": "ge", "蓋": "ge", "乐": "yue", "樂": "yue",
    "缪": "miao", "繆": "miao", "覃": "qin", "种": "chong", "種": "chong", "翟": "zhai",
    "召": "shao", "秘": "bi", "句": "gou", "员": "yun", "員": "yun", "阚": "kan", "闞": "kan",
    "薄": "bo", "折": "she", "都": "du", "洗": "xian", "卜": "bu", "隗": "wei", "长": "chang",
    "長": "chang", "重": "chong", "朝": "chao", "藏": "zang",
    # Alone, 尉 is Wèi (尉缭); Yù only in the compound 尉迟, below.
    "尉": "wei",
}
# Two-character surnames, whose second character belongs to the surname, not the given name.
# Left out: those whose first character is itself a common surname and whose second often
# starts a given name (单于: 单 Shan with a given name 于…), which would be misread far more
# often than they are met.
COMPOUND_SURNAMES = {
    "欧阳": "ouyang", "歐陽": "ouyang", "司马": "sima", "司馬": "sima",
    "上官": "shangguan", "诸葛": "zhuge", "諸葛": "zhuge", "东方": "dongfang",
    "東方": "dongfang", "皇甫": "huangfu", "尉迟": "yuchi", "尉遲": "yuchi",
    "公孙": "gongsun", "公孫": "gongsun", "慕容": "murong", "令狐": "linghu",
    "长孙": "zhangsun", "長孫": "zhangsun", "宇文": "yuwen", "司徒": "situ",
    "夏侯": "xiahou", "轩辕": "xuanyuan", "軒轅": "xuanyuan", "端木": "duanmu",
    "独孤": "dugu", "獨孤": "dugu", "南宫": "nangong", "南宮": "nangong", "西门": "ximen",
    "西門": "ximen", "万俟": "moqi", "萬俟": "moqi", "澹台": "tantai", "澹臺": "tantai",
    "呼延": "huyan", "闻人": "wenren", "聞人": "wenren", "赫连": "helian", "赫連": "helian",
    "钟离": "zhongli", "鍾離": "zhongli", "申屠": "shentu", "公冶": "gongye",
    "濮阳": "puyang", "濮陽": "puyang", "淳于": "chunyu", "拓跋": "tuoba",
    "东郭": "dongguo", "東郭": "dongguo", "鲜于": "xianyu", "鮮于": "xianyu",
    "闾丘": "lyuqiu", "閭丘": "lyuqiu", "司空": "sikong", "左丘": "zuoqiu",
}

# The ideographs of text.HAN, 〇, and the supplementary planes, where rare given-name
# characters live.
_HANZI_RUN = re.compile(f"([{HAN}\u3007\U00020000-\U0003134f]+)")
# Names transliterated into Chinese (迪丽热巴·迪力木拉提) put the given name first.
_NAME_DOTS = re.compile("[·・•‧]")


def name_slug(names: Iterable[str]) -> str:
    """The start of the file names of a person called `names` (one name per language): the
    first name written in Latin letters, else the pinyin of the first written in hanzi, else
    `resume`."""
    names = [name for name in names if name]
    latin = (slugify(name) for name in names if not _HANZI_RUN.search(name))
    chinese = (slugify(romanize(name)) for name in names if _HANZI_RUN.search(name))
    return next((slug for slug in chain(latin, chinese) if slug), "resume")


def romanize(name: str) -> str:
    """`name` with its hanzi in pinyin, one word per part of the name: 王小明 -> `wang
    xiaoming`, 欧阳娜娜 -> `ouyang nana`, `Tony 王` -> `Tony wang`. Characters that have no
    reading are left out; everything else is kept as written."""
    pieces = _HANZI_RUN.split(name.strip())  # text, hanzi, text, hanzi, ..., text
    words: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            words.append(piece)
        elif index == 1 and not pieces[0] and not _NAME_DOTS.search(name):
            given_name_follows = len(piece) > 2 or any(pieces[3::2])
            words.extend(surname_first(piece, given_name_follows))
        else:
            words.append(pinyin(piece))
    return " ".join(word for word in map(str.strip, words) if word)


def surname_first(name: str, given_name_follows: bool) -> tuple[str, str]:
    """The surname and the given name of a name in hanzi, in pinyin: 欧阳娜娜 -> (ouyang,
    nana). Two characters alone are a surname and a one-character given name (夏侯 is Xià Hóu
    unless more follows)."""
    if given_name_follows and name[:2] in COMPOUND_SURNAMES:
        return COMPOUND_SURNAMES[name[:2]], pinyin(name[2:])
    return SURNAME_READINGS.get(name[0]) or pinyin(name[0]), pinyin(name[1:])


def pinyin(hanzi: str) -> str:
    """The pinyin of `hanzi` as one ASCII word, without tones: 小明 -> `xiaoming`."""
    # Imported here: only names without a Latin form need its dictionaries.
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(hanzi, style=Style.NORMAL, errors="ignore")
    # pypinyin writes ü as v (lv); passports and most résumés write lyu, nyu.
    return "".join(syllables).replace("v", "yu")
