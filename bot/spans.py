"""Candidate quotes: the sentence units inside retrieved chunks, each described by ranking features.

The features are cheap (the unit vectors were computed at indexing time), so scoring every unit of
every retrieved chunk costs a few milliseconds. `bot.ranker` turns them into one score; which units are an asked
speaker's is `bot.attribution`'s to say.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from wordfreq import zipf_frequency

from bot.attribution import Attribution, Voices, appositions
from bot.conversation import Resolved
from bot.question import MONTHS, NAME_RUN, NOW, WEEKDAYS, AnswerType, Question
from bot.weights import coverage, weighted_terms
from corpus import Article, Span
from index.lexical import STOP_WORDS, LexicalIndex
from index.store import Units

ANSWER_TYPES = [t for t in AnswerType if t is not AnswerType.OTHER]  # one feature each: cues differ in worth
FEATURES = ("dense", "dense_gap", "dense_window", "coverage", "coverage_gap", "coverage_window", "context_coverage",
            "retrieval", *(f"type_{t.value}" for t in ANSWER_TYPES), "novelty", "headline", "lead",
            "speaker", "speaker_attributed", "speaker_direct", "topic_missing")
_TYPE_COLUMNS = [FEATURES.index(f"type_{t.value}") for t in ANSWER_TYPES]
_GAPS = {FEATURES.index("dense_gap"): FEATURES.index("dense"),
         FEATURES.index("coverage_gap"): FEATURES.index("coverage")}

_POSSESSIVE_OPENING = re.compile(r"\s*(?:Its|Their|His|Her)\s")
# A sentence that opens by introducing someone: "Caspar Dellow, 58, who ran the authority …", "Ana Ruiz, a nurse, …"
_INTRODUCED = re.compile(rf"\s*({NAME_RUN.pattern}),\s+(?:\d{{1,3}},|who\b|an?\b|the\b)")
_CAPITALISED = re.compile(r"(?<=\s)[A-Z][\w’'-]+")
_COMMON = 4.0  # Zipf frequency: "Parts" (5.1) opens a sentence as any word may, "Greenland" (3.4) is a name
_CALENDAR = re.compile(f"{WEEKDAYS}|{MONTHS}")
# "about the strike and about the rate decision": either topic makes a quote relevant.
_TOPIC_SPLIT = re.compile(r"\s*(?:,|\band\b|\bor\b)\s*(?:about|on|regarding|concerning)\s+", re.I)
_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                 r"(?:thir|four|fif|six|seven|eigh|nine)teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                 r"hundred|thousand|million|billion|trillion|dozen|half")
_TYPE_CUES = {
    AnswerType.NUMBER: re.compile(rf"\d|\b({_NUMBER_WORDS})\b", re.I),
    AnswerType.AMOUNT: re.compile(rf"[$€£¥]\s?\d|\d\s?%|\b({_NUMBER_WORDS}|\d[\d,.]*)\s+(percent|per cent|dollars?|"
                                  r"euros?|pounds?|yuan|yen|rubles?|tons?|tonnes?|barrels?|kilo\w*|miles?|acres?|"
                                  r"points?|times|million|billion|trillion|mph|km/h|kph|km|metres|meters|feet|"
                                  r"degrees)\b", re.I),
    AnswerType.DATE: re.compile(rf"\b(1[0-9]{{3}}|20[0-9]{{2}})s?\b|\b({MONTHS}|{WEEKDAYS}|"
                                r"yesterday|today|tomorrow|tonight|century|decade|noon|midnight|"
                                r"(last|next|this|early|late) (week|month|year|spring|summer|autumn|fall|winter)|"
                                r"\d+ ((thousand|million|billion) )?(days?|weeks?|months?|years?) (ago|later|earlier))\b|"
                                # news style: "Oct. 4", "Sept. 12", and the hour: "10 a.m.", "6:30 p.m."
                                r"\b(Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\. \d|\b\d{1,2}(:\d\d)? ?[ap]\.m\."),
    AnswerType.PLACE: re.compile(r"\b(in|at|from|near|to|across|outside|inside)\s+(the\s+)?[A-Z]"),
    AnswerType.REASON: re.compile(r"\b(because|due to|owing to|thanks to|since|so that|in order to|as a result|"
                                  r"result(ed|s)? (of|in|from)|caused by|driven by|blam(e|es|ed|ing)|led to|after|amid|"
                                  r"fears? (of|that)|concerns? (about|over|that)|reasons?|(came|comes|stems?|stemmed) "
                                  r"from|prompted|triggered|sparked|cit(ed|ing))\b", re.I),
}
_NAMING = re.compile(r"\b(?:named|called|dubbed|christened|known as|(?:a new|the) name,?)\s+(?:(?:it|him|her|them)\s+)?"
                     r"(?:the\s+)?[“\"‘']?[A-Z]")
# What answers "how deep", "how old", "how often" …: a number with a unit of what is measured ("14 metres", "a
# 57-kilometre tunnel", "two weeks"), an age ("Selma Dravik, 41,"), a frequency ("every four hours", "twice a day").
_SCALE = r"(?:hundred|thousand|million|billion|trillion)"
_AMOUNT = rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS}|a few|several|a|an)(?:\s+{_SCALE})?(?:\s*-\s*|\s+|(?<=\d))"
_LENGTH = re.compile(rf"{_AMOUNT}(?:km|kilomet(?:re|er)s?|met(?:re|er)s?|m|miles?|feet|foot|ft|inch(?:es)?|cm|"
                     r"centimet(?:re|er)s?|millimet(?:re|er)s?|mm|yards?|nautical miles|light[- ]years?|storeys|"
                     r"stories|floors)\b", re.I)
# A time taken or passed, not an age ("a boat about 3,000 years old" is no answer to how long it is)
_DURATION = re.compile(rf"{_AMOUNT}(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|"
                       r"centuries|century|generations?)\b(?![\s-]+old\b)", re.I)
_UNNUMBERED = ("long", "time", "often")  # measures often given without a number: "until March", "every Saturday"
_HOW_DONE = re.compile(r"\W*how\s+(?:is|was|are|were|do|does|did|can|could|will|would|has|have|had)\b", re.I)
# How many without a numeral: "none", "twice", "thousands", "several"
_COUNT_WORDS = re.compile(r"\b(?:none|once|twice|thrice|(?:dozen|hundred|thousand|million|billion)s|several|a few|"
                          r"a handful)\b", re.I)
# Verbs of speech that say nothing of what was said
_MERELY_SPOKE = ("say said says think thinks thought tell told tells mean meant state stated add added write wrote "
                 "comment commented respond responded react reacted note noted explain explained feel felt describe "
                 "described report reported reports believe believes believed")
_MEASURE_CUES = {
    **dict.fromkeys(("deep", "tall", "high", "far", "wide"), [_LENGTH]),
    "long": [_LENGTH, _DURATION],
    "time": [_DURATION],
    # An age ("She was 88.", "110 million years old", "thirty years of age"); a time passed ("for 52 years") is a
    # weaker sign (`_WEAK_MEASURE_CUES`): "married for 52 years" gives no age.
    "old": [re.compile(rf"{_AMOUNT}years?(?:-|\s)old\b|\byears? of age\b|\baged?\s+(?:\d|(?:{_NUMBER_WORDS})\b)|"
                       r"[A-Z][\w’'-]+,\s+\d{1,3},|\bat (?:the age of )?\d{1,3}\b|\bborn\b|"
                       r"\b(?:is|was)\s+\d{1,3}\s*(?:[.;]|$)", re.I)],
    "often": [re.compile(r"\bevery\b|\b(?:once|twice|\w+ times)\b|\b(?:daily|weekly|monthly|annually|hourly|yearly|"
                         r"nightly|rarely|seldom|never|always|often|regularly|occasionally|usually)\b|"
                         r"\b(?:a|per|each) (?:day|week|month|year|hour|minute)\b", re.I)],
    "fast": [re.compile(r"km/h|kph|mph|\bknots?\b|\b(?:kilomet\w+|miles|met\w+|feet|centimet\w+|millimet\w+)\s+"
                        r"(?:an|per|a|each|every)\s+(?:hour|second|minute|day|week|month|year|decade)", re.I)],
    "heavy": [re.compile(rf"{_AMOUNT}(?:kg|kilo(?:gram)?s?|tonnes?|tons?|pounds?|lbs?|grams?|ounces?)\b", re.I)],
    **dict.fromkeys(("hot", "cold"), [re.compile(r"degrees?|°", re.I)]),
    "score": [re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b(?![-–]\d)")],  # "beating the Gulls 88-81", "won 3–1"
}
_WEAK_MEASURE_CUES = {"old": _DURATION}  # "built 120 years ago": the age of a thing
# What answers a question about a sum of money: a sum ("$2.4 billion", "8,000 euros", "USD100"), or what stands
# for one ("free"); not a bare count ("1.1 million paid rides"). A share ("20%") answers how much a sum changed.
# On SQuAD v1.1 train, the answer sentences of 423 of its 430 such questions hold one or the other, and 416 do
# when a share is taken for no answer to what something costs ("How much will it cost?"). "Per cent" is a share.
_CURRENCY_NAMES = (r"dollars?|euros?|pounds?|kroner|kronor|krona|krone|yen|yuan|renminbi|francs?|marks?|rupees?|"
                   r"crowns?|pesos?|rubles?|roubles?|lira|shillings?|(?<!per )cents?|pence|dirhams?|riyals?|rand|zloty|"
                   r"forints?")
_SUM = re.compile(rf"[$€£¥₹¢]|\b(?:USD|EUR|GBP)(?=\d|\b)|\b(?:free|{_CURRENCY_NAMES})\b", re.I)
_SHARE = re.compile(r"%|\b(?:percent|per cent)\b", re.I)


# A share price or a currency moving: "Shares in Halvik fell 8 percent", "Krona's stock jumped", "The rouble rose".
_MOVED = (r"[^.;]{0,60}?\b(?:rose|rise|risen|fell|fall|fallen|jump(?:ed|s)?|climb(?:ed|s)?|drop(?:ped|s)?|"
          r"slump(?:ed|s)?|plunge[ds]?|soar(?:ed|s)?|gain(?:ed|s)?|lost|los(?:e|es)|slid|slide|tumble[ds]?|surge[ds]?|"
          r"rall(?:ied|ies|y)|sank|edged|closed|ended|finished|traded|higher|lower|up|down|strengthen(?:ed|s)?|"
          r"weaken(?:ed|s)?)\b")
_MOVES = re.compile(rf"\b(?:shares?|stocks?|share price|currency|exchange rate|{_CURRENCY_NAMES})\b{_MOVED}", re.I)


# An amount in a currency no list knows ("14.6 billion dalers"): the word after an amount where a story speaks of
# money ("estimated to cost 14.6 billion dalers", "a grant of 1.2 million dalers").
_SPENT = re.compile(r"\b(?:cost|costs|costing|worth|pay|pays|paid|paying|price[ds]?|fine[ds]?|spend|spends|spent|"
                    r"spending|budget|turnover|revenues?|profits?|grant|funds?|funding|salary|wages?|fees?|tolls?|"
                    r"fares?|loan|bill|sum|raised?|earn(?:s|ed)?)\b(?:\W+[a-z]+){0,6}?\W+\d[\d,.]*"
                    rf"(?:\s+{_SCALE}\s+([a-z]+)\b|\s+([a-z]+)(?=\s+(?:a|an|per|each)\s+(?:day|week|month|year)\b))")


@functools.lru_cache(maxsize=1024)
def currencies(story: str) -> frozenset[str]:
    """The words a story gives sums in that the currency list above does not know: the word after an amount of
    money, scaled ("estimated to cost 14.6 billion dalers") or by the month ("paying 300 dalers a month"), with its
    singular ("the daler strengthened"); not a measure of time or length ("spent 2 million hours"). A currency is
    one in every story: "899 corra" is a price where another story says "a profit of 41.6 million corra"."""
    found = {w for m in _SPENT.finditer(story) if (w := m[1] or m[2]) not in STOP_WORDS and not _SUM.search(w)
             and not _SHARE.search(w) and not _DURATION.search(f"2 {w}") and not _LENGTH.search(f"2 {w}")}
    return frozenset(found | {w[:-1] for w in found if w.endswith("s")})


def states_money(text: str, *, shares: bool = True, local: frozenset[str] = frozenset()) -> bool:
    """Does `text` state a sum (or, with `shares`, a share) of money? In a `local` currency too (see `currencies`)."""
    if _SUM.search(text) or (shares and _SHARE.search(text)):
        return True
    return _local_sum(text, local)


def _local_sum(text: str, local: frozenset[str]) -> bool:
    """Does `text` state a sum in one of the `local` currencies ("2,500 dunets", "a 40-million-dunet loan")?"""
    return bool(local) and bool(re.search(rf"\d[\d,.]*(?:[\s-]+{_SCALE})?[\s-]+{_one_of(local)}\b", text))


def holds_what_is_asked(question: Question, text: str, *, local: frozenset[str]) -> bool:
    """Does `text` hold what a question of a kind with a sure sign of its answer asks for? A money question wants a
    sum (in a `local` currency too); how investors took something, a share price or a currency moving. Other
    questions want nothing in particular."""
    if question.money and not states_money(text, shares=not question.sum_only, local=local):
        return False
    return not question.market or _moves(text, local)


def lacks_the_number(question: Question, text: str) -> bool:
    """Does `text` lack the number a question asking how many, how old or what attendance wants ("How many people
    live on Tessmoor?" against "The island has enough food for at least a week")? "How long" and "how often" may be
    answered without one ("until March", "every Saturday"), and so may a question asking how something was done
    ("How was it decided how many …?"); "none", "twice" or "thousands" say how many; a dateline's date and a time of
    day ("19:30 — Finance Minister Ilse Marrow …") are no answer.
    On SQuAD v1.1 train, 154 of the 6,981 sentences that answer such a question (2.2%) read so, most of them by a
    slip of the gold offsets ("one" inside "done")."""
    return (question.answer_type is AnswerType.NUMBER and question.measure not in _UNNUMBERED
            and not _HOW_DONE.match(question.text)
            and not _TYPE_CUES[AnswerType.NUMBER].search(_CLOCK.sub("", _DATELINE.sub("", text)))
            and not _COUNT_WORDS.search(text))


def lacks_the_date(question: Question, text: str) -> bool:
    """Does `text` lack the date a question asking "On what date …?" or "Which day …?" wants ("… has been waiting 19
    months for a hip replacement")? On SQuAD v1.1 train, 15 of the 524 sentences that answer such a question (2.9%)
    read so ("On what day is using musical instruments not allowed?": "the Sabbath")."""
    return question.date_asked and not _TYPE_CUES[AnswerType.DATE].search(_DATELINE.sub("", text))


def _moves(text: str, local: frozenset[str]) -> bool:
    """Does `text` say a share price or a currency moved, in a `local` currency too ("The sovel rose 0.6 percent")?"""
    return bool(_MOVES.search(text)) or (bool(local) and bool(re.search(rf"\b{_one_of(local)}\b{_MOVED}", text, re.I)))


@functools.lru_cache(maxsize=64)
def _one_of(words: frozenset[str]) -> str:
    """A pattern matching any of `words`."""
    return f"(?:{'|'.join(map(re.escape, sorted(words)))})"


def names_another(question: Question, text: str, *, story: str) -> bool:
    """Does `text` (of `story`) name something the question does not: a capitalised word, not a day or a month, nor
    a common word opening the sentence ("The", "Parts makers warned …") unless the story capitalises it inside one
    too? What answers "Which firm audited the bank?" does ("KPMG"); "two supermarket chains" does not, nor does
    "sold in Ardrin and Kessel Bay" to "Which chains sell it?", though it answers "Which countries …?"."""
    known = STOP_WORDS | {w.lower() for w in re.findall(r"[\w-]+", question.text)}
    if not question.named_in:
        text = _WHERE.sub(" ", text)
    return any(w.lower() not in known for w in _names(_DATELINE.sub("", text), _story_names(story)))


def _names(text: str, story_names: frozenset[str] = frozenset()) -> list[str]:
    """The names `text` holds: its capitalised words, but a day or a month, or a common word opening it ("The")
    unless its story capitalises it inside a sentence too (`story_names`)."""
    return [w for m in re.finditer(r"\b[A-Z][\w-]+", text) if not _CALENDAR.fullmatch(w := m[0])
            and (re.search(r"\w", text[:m.start()]) or zipf_frequency(w, "en") < _COMMON or w.lower() in story_names)]


@functools.lru_cache(maxsize=1024)
def _story_names(story: str) -> frozenset[str]:
    """The words a story capitalises inside its sentences: its names."""
    return frozenset(m[0].lower() for m in re.finditer(r"(?<=[a-z,;] )[A-Z][\w-]+", story))


def states_the_dates(question: Question, article: Article) -> bool:
    """Does the article state every year and month the question names? A story that never says "1987" cannot say
    what happened in 1987, however close its words: on SQuAD v1.1 train, 6,734 of the 6,812 questions that name a
    year name only years their Wikipedia article states, and 760 of the 761 that name a month (other than May) only
    months it states, in full or as news abbreviates them ("Dec. 4", "Sept 12")."""
    return (all(re.search(rf"(?<!\d){year}(?!\d)", article.text) for year in question.years)
            and all(re.search(rf"\b(?:{month}|{month[:3]}t?)\b", article.text) for month in question.months))


# A number and the few words after it, up to a comma or stop: "620,000 customers", "Two of the seven members", a
# few more after "of" ("84,300 of its Solenne sport utility vehicles"). Each number has its own: "73 of the vault's
# 410 safe-deposit boxes" counts boxes by its second. On SQuAD v1.1 train's 4,907 "how many" questions, the
# answer's sentence counts what is asked in 74.8% (73.3% with four words after each number, taken in turn), the
# paragraph's other sentences in 6.6% (6.3%).
_COUNT = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS}|once|twice)\b"
                    rf"(?=(\s+of(?:[\s-]+[\w’'-]+){{1,5}}|(?:[\s-]+[\w’'-]+){{1,4}}))", re.I)
# Or a count given after what it counts, by a verb: "confirmed measles cases rose to 64", "the toll stood at 12" (on
# SQuAD's "how many" questions, 4 more answer sentences and 7 more others count what is asked).
# Who a number may count in a question counting people: "How many patients …?" is answered by "followed 412 adults"
# less surely than by "412 patients" (on SQuAD v1.1 train, 38% of the sentences counting other people answer such a
# question, 70% of those counting what it asks, 12% of the other sentences with a number).
_PEOPLE = ("people persons adults patients participants volunteers subjects children kids women men residents workers "
           "employees members students pupils voters citizens inhabitants visitors passengers fans soldiers troops "
           "civilians refugees migrants individuals families households")
_COUNTED_BEFORE = re.compile(rf"\b([\w’'-]+)\s+(?:rose|fell|climbed|grew|increased|jumped|reached|hit|totall?ed|"
                             rf"numbered|stood\s+at|came\s+to|(?:is|are|was|were)(?:\s+now)?)(?:\s+(?:to|at|by))?\s+"
                             rf"(?:(?:about|around|some|nearly|almost|over|more\s+than)\s+)?"
                             rf"(?=(?:\d[\d,.]*|{_NUMBER_WORDS})\b)", re.I)
# Where something is: "in Ardrin and Kessel Bay" names no chains that sell it (see `question._WHICH_IN`).
_WHERE = re.compile(r"\b(?:in|near|across|outside|throughout)\s+(?:the\s+)?[A-Z][\w’'-]*(?:(?:,\s*|\s+and\s+|\s+)"
                    r"[A-Z][\w’'-]*)*")
# A news dateline ("HALVERING, March 14 —", "LONDON (Reuters) -") says where and when the story was filed,
# not what it is about: left in, its date and place would pass for an answer to every when/where question.
_DATELINE = re.compile(r"^\s*([A-Z][A-Z.'’ -]*[A-Z])\b(?:,[^—–\n]{1,40}?)?\s*(?:\([^)\n]{1,30}\)\s*)?[—–-]{1,2}\s")
_CLOCK = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b")  # a time of day: "19:30", "6:45 p.m."
_TERMINAL = re.compile(r"[.!?…\"”’')\]]\s*$")


@dataclass(slots=True)
class Candidate:
    article: Article
    span: Span
    features: np.ndarray
    score: float = 0.0
    cross: float | None = None  # the cross-encoder's logit, once it has read this candidate
    continuation: Span | None = None  # the last unit that carries on this one's quote ("…,” she said.)
    introduced: str = ""  # the name of whom this lead describes, given by the next sentence ("Caspar Dellow, 58, …")

    @property
    def text(self) -> str:
        return self.article.text[self.span.start:self.span.end]

    def feature(self, name: str) -> float:
        return float(self.features[FEATURES.index(name)])

    @property
    def typed(self) -> bool:
        """Does it hold what the question's answer type asks for (a date for "when", a place for "where")?"""
        return bool(self.features[_TYPE_COLUMNS].max() > 0)


@dataclass(frozen=True, slots=True)
class _ArticleView:
    """What describing an article's units against one question needs, computed once per article."""
    article: Article
    units: Units
    texts: list[str]  # each unit's text, less a dateline
    terms: list[set[str]]
    matched: list[set[str]]  # each unit's terms and compounds: what question words it answers to
    dense: np.ndarray  # each unit's similarity to the question
    voices: Voices  # which units are the asked speaker's
    subject: set[str]  # what the whole story is about: its headline's terms, and its dateline's place
    paragraph_starts: list[int]  # the first unit of each paragraph
    introduced: dict[int, str]  # a lead that describes its subject: the name the next sentence gives them

    def about(self, i: int) -> set[str]:
        """What unit `i` may be about: the terms of its paragraph, of the paragraph before (an interviewer's
        question before the answer), and the story's subject; not of the next one (the next question)."""
        p = bisect_right(self.paragraph_starts, i) - 1
        end = self.paragraph_starts[p + 1] if p + 1 < len(self.paragraph_starts) else len(self.texts)
        return set().union(*self.matched[self.paragraph_starts[max(p - 1, 0)]:end]) | self.subject


@dataclass(frozen=True, slots=True)
class RetrievedChunk:
    article: Article
    start: int
    end: int
    rank: int  # 0 is best


class CandidateBuilder:
    """Describes every unit of the retrieved chunks against one question."""

    def __init__(self, resolved: Resolved, question_vector: np.ndarray, lexical: LexicalIndex, *,
                 local: frozenset[str] = frozenset()) -> None:
        self._q = resolved.question
        self._local = local  # the currencies no list knows that the stories give sums in
        self._vector = question_vector
        self._lexical = lexical
        self._attribution = Attribution(self._q, lexical)
        speaker = self._attribution.terms
        self._q_terms = self._weighted(NOW.sub(" ", resolved.question.text))
        if speaker:  # the speaker has features of their own; coverage is of what else is asked, not of a verb
            # that only says they spoke ("said", "told") or of when they spoke ("after the match"); a verb that says
            # what kind of thing they said ("urged", "warned", "denied") is asked
            framing = set(self._lexical.terms(" ".join((_MERELY_SPOKE, self._q.occasion or ""))))
            self._q_terms = {t: w for t, w in self._q_terms.items() if t not in speaker and t not in framing}
        # The earlier question alone, or with its answer: a long answer's many words must not drown its subject.
        self._contexts = [w for t in (resolved.earlier_question, resolved.context) if t and (w := self._weighted(t))]
        self._topics = [w for t in _TOPIC_SPLIT.split(self._q.topic) if (w := self._weighted(t))] if self._q.topic else []
        self._q_words = {w.lower() for w in re.findall(r"\w+", resolved.question.text)}
        self._counted = set(self._lexical.terms(self._q.counted)) if self._q.counted else set()
        self._people = set(self._lexical.terms(_PEOPLE))
        # The words that ask for what such a sign answers ("cost", "investors react")
        self._asking = set(self._lexical.terms(" ".join(self._q.asking_words))) & self._q_terms.keys()

    def _weighted(self, text: str) -> dict[str, float]:
        return weighted_terms(self._lexical, text)

    def _answers_asking(self, text: str) -> set[str]:
        """The words that ask for what `text` holds: "set aside 45 million dollars" says what it will cost without
        saying "cost"; "Shares in Halvik fell 8 percent" how investors reacted."""
        return self._asking if self._asking and holds_what_is_asked(self._q, text, local=self._local) else set()

    def build(self, chunks: Sequence[RetrievedChunk], units_of: dict[str, Units]) -> list[Candidate]:
        # A unit's retrieval evidence is its article's rank (by best chunk): within one article, which chunk
        # ranked first says little about which sentence answers.
        article_rank = {a: r for r, a in enumerate(dict.fromkeys(c.article.id for c in sorted(chunks, key=lambda c: c.rank)))}
        best_rank: dict[tuple[str, int], int] = {}
        for chunk in chunks:
            for i, span in enumerate(units_of[chunk.article.id].spans):
                if span.start >= chunk.start and span.end <= chunk.end:
                    best_rank[(chunk.article.id, i)] = article_rank[chunk.article.id]
        articles = {c.article.id: c.article for c in chunks}
        candidates = []
        for article_id in dict.fromkeys(a for a, _ in best_rank):
            view = self._view(articles[article_id], units_of[article_id])
            candidates += [self._describe(view, i, rank) for (aid, i), rank in best_rank.items() if aid == article_id]
        if candidates:  # gaps to the best candidate: how a unit compares with its rivals for this question
            table = np.stack([c.features for c in candidates])
            for gap, base in _GAPS.items():
                table[:, gap] = table[:, base] - table[:, base].max()
            for c, row in zip(candidates, table, strict=True):
                c.features = row
        return candidates

    def _view(self, article: Article, units: Units) -> _ArticleView:
        texts = [_DATELINE.sub("", article.text[s.start:s.end]) for s in units.spans]
        terms = [set(self._lexical.terms(t)) for t in texts]
        # What a unit's words match: its compounds too ("the share buyback" is what "would buy back shares" names),
        # and the words that ask for what it holds ("cost" where it states a sum).
        matched = [words | self._lexical.compounds(t) | self._answers_asking(t)
                   for words, t in zip(terms, texts, strict=True)]
        if self._q.answer_type is AnswerType.PERSON:
            # "Who leads the Coastal League?" is answered by "Its leader, Dorian Pask, called the cut …": its noun
            # names the asked verb, and its "Its" what the sentence before names ("The opposition Coastal League …").
            matched = [m | self._lexical.agents(t) | (terms[k - 1] if k and _POSSESSIVE_OPENING.match(t) else set())
                       for k, (m, t) in enumerate(zip(matched, texts, strict=True))]
        if not self._q.speaker:
            # The title a question calls someone by ("the prime minister") is what a sentence naming them only by
            # surname is about: "Marteval gave Ashby an atlas", in a story that says "Prime Minister Corwen Ashby".
            for title, surname in self._titled(article.text):
                matched = [m | title if surname in t else m for m, t in zip(matched, terms, strict=True)]
        spans = units.spans
        paragraph_starts = [0, *(k for k in range(1, len(spans))
                                 if "\n" in article.text[spans[k - 1].end:spans[k].start])]
        voices = self._attribution.read(article.text, spans, texts, terms)
        # A speaker's quotation says what the sentence framing it says it is about: "Olusanya was frustrated at his
        # side's finishing. “We had enough chances to win two finals,” he said."
        matched = [m | terms[k - 1] if k and k not in paragraph_starts and voices.of(k)[2] and voices.of(k - 1)[0]
                   and not voices.of(k - 1)[2] else m for k, m in enumerate(matched)]
        # A story filed from HAVDAL is about Havdal throughout, as it is about what its headline names.
        place = next((m[1] for s in spans[:3] if (m := _DATELINE.match(article.text[s.start:s.end]))), "")
        # The names the lead gives and the story names again are its actors ("Pilsby Dairy and Northmilk … agreed
        # to merge"): every sentence is about them, as about its headline; not a name the lead gives once ("19:30 —
        # Health Minister Ilse Marrow has promised …").
        lead = next((k for k, s in enumerate(spans) if not is_headline(article.text, s)), 0)
        # A lead that describes its subject ("The former head of the port authority was sentenced …") is about
        # whom the next sentence introduces by name ("Caspar Dellow, 58, who ran the authority …"): it answers to
        # the name, and is as near a question about them as that sentence is.
        dense = units.vectors @ self._vector
        introduced: dict[int, str] = {}
        if (found := _introduced_after(texts, lead)) and not (name := set(self._lexical.terms(found[1]))) & terms[lead]:
            after, introduced[lead] = found
            matched[lead] = matched[lead] | name
            dense[lead] = max(dense[lead], dense[after])
        named = self._lexical.terms(" ".join(_names(texts[lead]))) if texts else []
        actors = {t for t in named if any(t in words for k, words in enumerate(terms) if k != lead)}
        return _ArticleView(article, units, texts, terms, matched, dense, voices,
                            set(self._lexical.terms(f"{article.title} {place}")) | actors, paragraph_starts, introduced)

    def _titled(self, text: str) -> list[tuple[set[str], str]]:
        """The titles of the question that `text` gives someone, each with their surname's term."""
        found = []
        for match in appositions(text):
            title, surname = set(self._lexical.terms(match.title)), self._lexical.terms(match.surname)
            if (title and len(surname) == 1 and title <= self._q_terms.keys() and surname[0] not in self._q_terms
                    and zipf_frequency(match.surname, "en") < _COMMON):  # a name, not "AFC Championship Game"
                found.append((title, surname[0]))
        return found

    def _describe(self, view: _ArticleView, i: int, rank: int) -> Candidate:
        article, units, texts, terms = view.article, view.units, view.texts, view.terms
        lo, hi = max(0, i - 1), min(len(texts), i + 2)
        window_vector = units.vectors[lo:hi].sum(axis=0)
        # Every sentence of a story is about what its headline names, whether it repeats it or not ("The
        # instrument … was lying in 14 metres of water" under "Stolen astrolabe found"): a lead that repeats the
        # story's subject must not outscore the sentence that holds the asked detail by that alone.
        matched = view.matched[i] | view.subject
        # What a unit is about is often named only around it: by its neighbours, or by the story's subject.
        surroundings = set().union(*view.matched[lo:hi]) | view.subject
        text, own = texts[i], terms[i]
        speaker, attributed, direct = view.voices.of(i)
        features = np.array([
            view.dense[i],
            0.0,  # dense_gap, set once all candidates are known
            float(window_vector @ self._vector / max(np.linalg.norm(window_vector), 1e-9)),
            coverage(self._q_terms, matched) if self._q_terms else speaker,
            0.0,  # coverage_gap
            coverage(self._q_terms, surroundings) if self._q_terms else speaker,
            max((coverage(c, surroundings) for c in self._contexts), default=0.0),
            1.0 / (1 + rank),
            *self._type_cues(text),
            len(own - self._q_terms.keys()) / max(len(own), 1),
            float(is_headline(article.text, units.spans[i])),
            float(bool(_DATELINE.match(article.text[units.spans[i].start:units.spans[i].end]))),
            speaker,
            attributed,
            direct,
            self._topic_missing(view.about(i)),
        ], dtype=np.float32)
        return Candidate(article, units.spans[i], features, continuation=view.voices.continuation(i),
                         introduced=view.introduced.get(i, ""))

    def _topic_missing(self, surroundings: set[str]) -> float:
        """How much of the asked topic ("about the blackouts") neither the unit, its neighbours nor the story's subject
        mention."""
        if not self._topics:
            return 0.0
        return 1.0 - max(coverage(t, surroundings) for t in self._topics)

    def _type_cues(self, text: str) -> list[float]:
        """One feature per answer type: whether the unit holds what this question's type asks for."""
        kind = self._q.answer_type
        if kind is AnswerType.NAME:  # a proper name that holds a word of the question ("... Partnership Treaty"), or
            # one given ("They have named it Cryobius harrowensis")
            found = bool(_NAMING.search(text)) or any(set(self._lexical.terms(run)) & self._q_terms.keys()
                                                      for run in NAME_RUN.findall(text))
        elif kind is AnswerType.PERSON:
            found = any(w.lower() not in self._q_words for w in _CAPITALISED.findall(text))
        else:
            found = bool((cue := _TYPE_CUES.get(kind)) and cue.search(text)) or (
                kind is AnswerType.AMOUNT and _local_sum(text, self._local))  # "an emergency grant of 2,500 dunets"
        value = float(found)
        if found and self._counted:  # "how many customers": a number that counts customers is the answer, not
            # a number of something else (a date, a percentage); one that counts other people perhaps is
            counts = [m[1] for pattern in (_COUNT, _COUNTED_BEFORE) for m in pattern.finditer(text)]
            value = (1.0 if any(map(self._counts, counts))
                     else 0.75 if self._counted & self._people and any(map(self._counts_people, counts)) else 0.0)
            found = value > 0
        if found and kind is AnswerType.NUMBER and self._q.measure:  # any number may be the depth asked for; one
            # in metres more likely is
            weak = _WEAK_MEASURE_CUES.get(self._q.measure)
            value = (1.0 if any(cue.search(text) for cue in _MEASURE_CUES[self._q.measure])
                     else 0.75 if weak and weak.search(text) else 0.5)
        return [value if kind is t else 0.0 for t in ANSWER_TYPES]

    def _counts(self, words: str) -> bool:
        """Do `words` name what the question counts? "gigatons" counts tons."""
        return any(term.endswith(counted) for term in self._lexical.terms(words) for counted in self._counted)

    def _counts_people(self, words: str) -> bool:
        """Do `words` (what a number is followed by) count people, as "412 adults" does?"""
        return bool(set(self._lexical.terms(words)[:2]) & self._people)


def _introduced_after(texts: list[str], lead: int) -> tuple[int, str] | None:
    """The sentence after the lead (`texts[lead]`, perhaps cut in pieces) and the name it opens by introducing
    someone by ("Caspar Dellow, 58, who ran the authority …"), if it does."""
    after = next((k + 1 for k in range(lead, len(texts)) if _TERMINAL.search(texts[k])), len(texts))
    return (after, intro[1]) if after < len(texts) and (intro := _INTRODUCED.match(texts[after])) else None


def is_headline(text: str, span: Span) -> bool:
    """A headline or crosshead: alone on its line, with no closing punctuation."""
    return not _TERMINAL.search(text[span.start:span.end]) and _alone_on_line(text, span)


def asks(text: str) -> bool:
    """Is the unit a question? It asks; it does not answer (an explainer's "When will it open?", an interviewer's
    "Q: Why farm in a mine?")."""
    return text.rstrip().endswith("?")


def _alone_on_line(text: str, span: Span) -> bool:
    after = text.find("\n", span.end)
    return (not text[text.rfind("\n", 0, span.start) + 1:span.start].strip()
            and not text[span.end:after if after >= 0 else len(text)].strip())
