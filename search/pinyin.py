"""Pinyin for search: what a title or a name sounds like, for readers who type pinyin.

Index time (`index_tokens`): each run of Chinese in a title or a name adds, from every
character on, the full toneless pinyin of the rest of the run and its initials
(上海科技馆 → shanghaikejiguan, haikejiguan, kejiguan, jiguan; shkjg, hkjg, kjg). A pinyin
query is a prefix query, so `kejiguan`, `keji` (as the user types) or `shkjg` match
wherever the words sit in the title. pypinyin reads each jieba word whole, so its phrase
dictionary picks the reading of a polyphone (重庆 chongqing, 银行 yinhang, 长者 zhangzhe).
The tokens go into the same title and keywords columns as the Chinese ones, so every store
matches them with no change to its schema. No token is one syllable or two initials: `ai`
or `kj` would match far too much, and collide with English words.

Query time needs no pypinyin: `syllables` tells whether a Latin word is pinyin (split into
syllables, e.g. `kejiguan` → ke ji guan), so analysis.parse_query can join `ke ji guan`
into `kejiguan`. `sound` (toneless pinyin of a word) keys the same-sound correction
(correction.py); pypinyin (about 56 MB, 1 s to load) is imported on first use.
"""

from functools import lru_cache

_SYLLABLE_TEXT = """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can
cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den
deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang
fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang
gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken
keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian
liang liao lie lin ling liu lo long lou lu luan lun luo lv lve lue ma mai man mang mao me
mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni
nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve nue o ou pa pai pan pang pao
pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong
qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san
sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai
shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti
tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia
xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo
yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe
zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu
zuan zui zun zuo
"""
SYLLABLES = frozenset(_SYLLABLE_TEXT.split())
LONGEST = max(map(len, SYLLABLES))
MIN_INITIALS = 3
# Tokens start at the first MAX_STARTS characters of a run; none is longer than the
# analyser's longest token.
MAX_STARTS = 32
MAX_TOKEN_CHARS = 64
INITIALS = ("zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw")


@lru_cache(maxsize=4096)
def syllables(word):
    """`word` (lower-case Latin letters) split into pinyin syllables, or None when it is not
    pinyin. Prefers the split with the fewest syllables (xian → xian, not xi an)."""
    if not word or not word.isascii() or not word.isalpha():
        return None
    best = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - LONGEST), end):
            if best[start] is not None and word[start:end] in SYLLABLES:
                candidate = [*best[start], word[start:end]]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[-1]


def is_pinyin(word):
    return syllables(word) is not None


def _pypinyin():
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin, Style


def _unknown(chars):
    return ["" for _ in chars]


@lru_cache(maxsize=65536)
def word_syllables(word):
    """The toneless syllables of a Chinese word, one per character ("" for a character
    pypinyin does not know), the word read whole so its phrase picks a polyphone's reading."""
    lazy_pinyin, Style = _pypinyin()
    return tuple(s.lower() for s in lazy_pinyin([word], style=Style.NORMAL, errors=_unknown))


def sound(word):
    """What `word` sounds like, tones ignored: 科技馆 and 科技官 are both kejiguan."""
    return "".join(word_syllables(word))


def final(syllable):
    """The syllable without its initial consonant (guan → uan, yuan → uan, zhi → i)."""
    for initial in INITIALS:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return syllable[len(initial) :]
    return syllable


def index_tokens(runs):
    """Pinyin tokens for Chinese runs, each given as its jieba words in order: from every
    character on, the full pinyin of the rest of the run, and its initials when three
    characters or more remain. A query's pinyin then matches any part of a title as a
    prefix: 南通博物苑 → nantongbowuyuan, tongbowuyuan, bowuyuan …, ntbwy, tbwy, bwy."""
    tokens = []
    for words in runs:
        syllables = [s for word in words for s in word_syllables(word)]
        if not all(syllables):
            syllables = [s or "x" for s in syllables]
        for start in range(min(len(syllables) - 1, MAX_STARTS)):
            tokens.append("".join(syllables[start:])[:MAX_TOKEN_CHARS])
            if len(syllables) - start >= MIN_INITIALS:
                tokens.append("".join(s[0] for s in syllables[start:])[:MAX_TOKEN_CHARS])
    return list(dict.fromkeys(tokens))
