"""Text in the notes that is not incident content: hidden comments and instructions aimed at a model.

Such spans are blanked out (replaced by spaces, so every offset stays where it
was) before any engine reads the notes; the report flags that they were ignored.

The instruction filter reads a folded copy of the notes: compatibility forms
decomposed (NFKD, a superset of NFKC), accents, zero-width and other invisible
characters removed, lower case, Cyrillic/Greek/Armenian look-alikes mapped to
the Latin letters they imitate. Every folded character remembers the offset it
came from, so a match blanks the right line of the original text. Patterns
cover English, French, German, Spanish (with Italian and Portuguese forms) and
Chinese, plus "Assistant note:" / "Note to the AI:" lines. Every pattern is
linear: bounded repeats, no nested quantifiers.

Blog markers such as `<!-- more -->` or `<!-- truncate -->` are blanked too,
silently: they are layout, not hidden content.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence

Span = tuple[int, int]

_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.S)
_MARKER = re.compile(
    r"\s*/?\s*(?:more|truncate|excerpt|end-?excerpt|toc|end-?toc|tocstop|page-?break|next-?page|read-?more|"
    r"break|fold|prettier-ignore(?:-start|-end)?|markdownlint-(?:disable|enable)[\w -]*|vale (?:on|off))?\s*", re.I)

# Characters that render as nothing; categories Cf (format), Mn and Me (marks) are dropped as well.
_INVISIBLE = frozenset("\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062"
                       "\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f\u2800\u3164\ufeff\uffa0")
_DROPPED_CATEGORIES = frozenset({"Cf", "Mn", "Me"})
# Lower-case look-alikes of Latin letters (applied after lower-casing).
_HOMOGLYPHS = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "ѐ": "e", "һ": "h", "н": "h", "і": "i", "ї": "i",
    "ј": "j", "к": "k", "ӏ": "l", "м": "m", "п": "n", "о": "o", "р": "p", "ԛ": "q", "г": "r", "ѕ": "s", "т": "t",
    "ц": "u", "ѵ": "v", "ԝ": "w", "х": "x", "у": "y", "ү": "y", "ʐ": "z", "ь": "b", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "ϲ": "c", "δ": "d", "ε": "e", "η": "n", "ι": "i", "ϳ": "j", "κ": "k", "μ": "u", "ν": "v",
    "ο": "o", "ρ": "p", "ς": "s", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ζ": "z",
    # Armenian and Latin variants
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n", "ı": "i", "ȷ": "j", "ɑ": "a", "ɩ": "i", "ʟ": "l", "ɪ": "i",
})

_EN_ADJ = r"(?:previous|prior|above|earlier|preceding|former|original|initial|existing|system)"
_EN_NOUN = r"(?:instructions?|prompts?|rules?|directions?|directives?|guidelines?|commands?|orders|constraints)"
_FR_NOUN = r"(?:instructions?|consignes?|regles?|directives?|ordres|indications)"
_DE_NOUN = r"(?:anweisungen|anweisung|instruktionen|regeln|befehle|vorgaben|anordnungen|prompts?)"
_ES_NOUN = r"(?:instrucciones|instruccion|reglas|indicaciones|ordenes|directrices|normas|istruzioni|regole|instrucoes)"
_ZH_NOUN = r"(?:指令|指示|说明|說明|提示|规则|規則|命令|要求|设定|設定)"
_ZH_AI = r"(?:ai|助手|模型|人工智能|机器人|機器人)"
_INSTRUCTION = re.compile("|".join((
    # English: "ignore all previous instructions", "forget your rules", "override your prompt"
    rf"\b(?:ignore|disregard|forget|override|bypass)\s+(?:(?:all|any|of|the|every)\s+){{0,3}}"
    rf"(?:(?:your|my)\s+(?:{_EN_ADJ}\s+)?|{_EN_ADJ}\s+){_EN_NOUN}",
    r"\byou are now\s+(?:a|an|in|the|my|dan|acting|operating|free|no longer|unrestricted|jailbroken)\b",
    r"\bsystem\s+prompt\b|\bnew\s+instructions?\s*:",
    r"\b(?:jailbreak|dan)\s+mode\b|\b(?:admin|developer|god|sudo|unrestricted|debug)\s+mode\s+(?:is\s+)?"
    r"(?:enabled|activated|engaged|on)\s*[:!]",
    # "Assistant note:", "AI instruction:", "Note to the AI:", "Message for the model -"
    r"\b(?:assistant|ai|llm|chatbot|chatgpt|gpt|copilot|summari[sz]er)\s*(?:'s\s+)?"
    r"(?:note|notice|instructions?|directive|override|message|reminder|memo)\s*:",
    r"\b(?:note|notice|message|instructions?|reminder|memo)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?"
    r"(?:ai|assistant|model|llm|chatbot|language\s+model|summari[sz]er)s?\s*[:,\-\u2014]",
    # French
    rf"\b(?:ignorez|ignore|ignorer|oubliez|oublie|oublier|negligez)\s+(?:(?:toutes|tous|les|vos|tes|des|ces)\s+){{1,3}}"
    rf"(?:(?:precedentes|anterieures|dernieres)\s+)?{_FR_NOUN}",
    r"\b(?:tu es|vous etes)\s+(?:maintenant|desormais|a present)\b|\b(?:prompt|invite|consignes?)\s+(?:du\s+)?systeme\b",
    rf"\bnouvelles?\s+{_FR_NOUN}\s*:|\b(?:note|remarque|message)\s+(?:pour|a)\s+(?:l'|l\u2019|le\s+|la\s+)?"
    r"(?:ia|assistant|modele|chatbot)\b",
    # German
    rf"\b(?:ignoriere|ignorier|ignorieren\s+sie|ignoriert|vergiss|vergesst|vergessen\s+sie|missachte|missachten\s+sie)\s+"
    rf"(?:(?:alle|die|deine|ihre|samtliche|jegliche|bisherigen|vorherigen|vorigen|obigen|fruheren|vorangegangenen|"
    rf"vorhergehenden|ursprunglichen)\s+){{0,3}}{_DE_NOUN}",
    rf"\bdu bist (?:jetzt|nun|ab sofort)\b|\bsystem-?\s?prompts?\b|\bneue\s+{_DE_NOUN}\s*:",
    r"\b(?:hinweis|notiz|nachricht|anweisung)\s+(?:an|fur)\s+(?:den\s+|die\s+|das\s+)?(?:ki|assistenten|assistent|modell|chatbot)\b",
    # Spanish (and Italian, Portuguese)
    rf"\b(?:ignora|ignore|ignoren|ignorar|ignorate|olvida|olvide|olviden|descarta|descarte|omite|omita|dimentica|esqueca)\s+"
    rf"(?:(?:todas|todos|las|los|tus|sus|de|tutte|le|as|os|suas)\s+){{1,3}}(?:(?:anteriores|previas)\s+)?{_ES_NOUN}",
    r"\b(?:ahora eres|ahora es usted|a partir de ahora eres|ora sei|agora voce e)\b|\bprompt\s+del\s+sistema\b",
    r"\bnuevas?\s+instruccion(?:es)?\s*:|\b(?:nota|mensaje)\s+(?:para|al|a)\s+(?:el\s+|la\s+)?(?:ia|asistente|modelo|chatbot)\b",
    # Chinese (and Japanese)
    rf"(?:忽略|无视|無視|忽视|忽視|不要理会|不理会|忘记|忘記|忘掉|跳过|跳過)\s*(?:掉\s*)?(?:(?:所有|全部|一切|之前|以前|先前|"
    rf"上面|上述|以上|前面|此前|你的|原来|原有|原來)\s*的?\s*){{1,3}}{_ZH_NOUN}",
    rf"(?:以前|前|上記)の{_ZH_NOUN}を無視|你(?:现在|現在)是|(?:从|從)现在起你是|系(?:统|統)(?:提示|指令)|新的?(?:指令|指示)\s*:",
    rf"(?:给|給){_ZH_AI}的?(?:说明|說明|提示|备注|備註|指令)|{_ZH_AI}\s*(?:注意|备注|備註|须知|須知)\s*:",
    # chat-template tokens
    r"<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\|>",
    r"\[/?inst\]|<</?sys>>|###\s*(?:instruction|system)\b",
)))


# Every pattern above contains one of these (folded) literals: lines without one are not searched.
_TRIGGER = re.compile("|".join(map(re.escape, (
    "ignor", "disregard", "forget", "override", "bypass", "you are now", "prompt", "instruction", "directive",
    "mode", "note", "message", "memo", "reminder", "oubli", "neglig", "tu es", "vous etes", "systeme", "nouvelle",
    "remarque", "vergiss", "vergess", "missacht", "du bist", "neue", "hinweis", "notiz", "nachricht", "anweisung",
    "olvid", "descart", "omit", "dimentic", "esquec", "ahora", "ora sei", "agora", "nueva", "nota", "mensaje",
    "忽", "无视", "無視", "理会", "忘", "跳过", "跳過", "你现在", "你現在", "现在起", "現在起", "系统", "系統", "新",
    "给", "給", "注意", "备注", "備註", "须知", "須知", "<|", "[inst", "[/inst", "<<sys", "<</sys", "###"))))
_NEWLINE = re.compile("\n")


def fold(text: str) -> tuple[str, Sequence[int]]:
    """The text as the instruction filter reads it, and for each folded character the offset it came from."""
    if text.isascii():
        return text.lower(), range(len(text))
    out: list[str] = []
    index: list[int] = []
    memo: dict[str, str] = {}
    for i, ch in enumerate(text):
        piece = memo.get(ch)
        if piece is None:
            piece = memo[ch] = _fold_char(ch)
        if piece:
            out.append(piece)
            index.extend([i] * len(piece))
    return "".join(out), index


def _fold_char(ch: str) -> str:
    chars = unicodedata.normalize("NFKD", ch).lower()
    kept = "".join(c for c in chars if c not in _INVISIBLE and unicodedata.category(c) not in _DROPPED_CATEGORIES)
    return kept.translate(_HOMOGLYPHS)


def _regions(folded: str) -> list[Span]:
    """Stretches of the folded text worth searching: each line with a trigger, with the lines either side."""
    triggers = list(_TRIGGER.finditer(folded))
    if not triggers:
        return []
    breaks = [m.start() for m in _NEWLINE.finditer(folded)]
    lines: list[list[int]] = []  # [first, last] line numbers
    for m in triggers:
        k = bisect_left(breaks, m.start())
        if lines and k - 1 <= lines[-1][1] + 1:
            lines[-1][1] = k + 1
        else:
            lines.append([max(k - 1, 0), k + 1])
    return [(breaks[lo - 1] + 1 if lo else 0, breaks[hi] if hi < len(breaks) else len(folded)) for lo, hi in lines]


def _instruction_lines(text: str) -> list[Span]:
    folded, index = fold(text)
    spans = []
    for m in (m for lo, hi in _regions(folded) for m in _INSTRUCTION.finditer(folded, lo, hi)):
        s, e = index[m.start()], index[m.end() - 1] + 1
        start = text.rfind("\n", 0, s) + 1
        end = text.find("\n", e)
        spans.append((start, len(text) if end == -1 else end))
    return spans


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _comments(text: str) -> tuple[list[Span], list[Span]]:
    """Hidden comments (content) and layout markers, as two lists of spans."""
    hidden, markers = [], []
    for m in _COMMENT.finditer(text):
        (markers if _MARKER.fullmatch(m.group(1)) else hidden).append(m.span())
    return hidden, markers


def untrusted_spans(text: str) -> list[Span]:
    """Hidden comments and lines that carry an instruction to a model: what the reviewer is told was ignored."""
    return _merged(_comments(text)[0] + _instruction_lines(text))


def overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def blank(text: str, spans: Sequence[Span]) -> str:
    """The text with these spans replaced by spaces (newlines kept): same length, same offsets."""
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def mask(text: str) -> tuple[str, list[Span]]:
    """The notes with untrusted spans (and layout markers, silently) blanked, and the untrusted spans."""
    hidden, markers = _comments(text)
    spans = _merged(hidden + _instruction_lines(text))
    return blank(text, _merged(spans + markers)), spans
