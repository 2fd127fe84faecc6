"""What a story says it leaves out: "His salary was not disclosed", "… an outside manufacturer, which it did not
name", "He declined to say how much the recall would cost", "The council has not yet chosen a builder"; and whom
it describes and never names ("a 58-year-old man was seriously injured").

A story that says so about what a question asks does not answer it, however close its other sentences come: the
honest reply is that the story withholds it. A withheld thing is about the question when the two share a word and
do not ask for different kinds of thing (a sum, a count, a date, a place, a reason, a manner, a name).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

import Stemmer

from bot.question import AnswerType, Question, asked_type
from index.lexical import STOP_WORDS

_NOT = (r"(?:declined|refused|did\s+not|didn['’]t|does\s+not|doesn['’]t|would\s+not|wouldn['’]t|could\s+not|"
        r"couldn['’]t|will\s+not|won['’]t|has\s+not|hasn['’]t|have\s+not|haven['’]t|had\s+not|hadn['’]t|"
        r"(?:is|are|was|were|has|have)\s+yet)")
_GIVEN = (r"disclosed|released|revealed|published|announced|given|made\s+public|confirmed|decided|set|chosen|named|"
          r"identified|specified|finali[sz]ed|determined|scheduled")
# Saying nothing is withholding only of something: "did not say how much", not "did not say the plan would fail";
# leaving it open too ("did not agree on how the cost would be shared", "would not put a value on the tablets").
_TELL = (r"say\s+(?=(?:how|when|who|whom|which|what|where|why)\b)|disclose|reveal|give|name|identify|specify|release|"
         r"confirm\s+(?=(?:how|when|who|whom|which|what|where|why)\b)|make\s+public|choose|chosen|named|"
         r"identified|decided\s+(?=(?:how|when|who|whom|which|what|where|why)\b)|set|publish(?:ed)?|announced?|"
         r"agree\s+(?:on\s+)?(?=(?:how|when|who|whom|which|what|where|whether)\b)|put")
_CLAUSE = r"[^.;:!?,—–()\"“”]"
# Each with the kind of thing it withholds, where the words say it ("at a later date": when).
_WITHHOLDING_CLAUSES: list[tuple[re.Pattern[str], str | None]] = [
    # "His salary was not disclosed", "Their names have not been released", "The names would not be released until
    # …", "The date is yet to be set"; not a standing fact ("The highest court is not named the Supreme Court").
    (re.compile(rf"(?P<thing>{_CLAUSE}+?)\s+(?:(?:has|have|had)\s+not\s+(?:yet\s+)?been|(?:was|were)\s+not(?:\s+yet)?|"
                rf"(?:is|are|was|were|has|have|remains?|remained)\s+yet\s+to\s+be|(?:will|would)\s+not\s+be)\s+"
                rf"(?:{_GIVEN})\b",
                re.I), None),
    # "No date has been set for the ministry to reconsider the application": what it is for says what is withheld.
    (re.compile(rf"\bno\s+(?P<thing>(?:[\w-]+\s+){{0,2}}?[\w-]+\s+(?:has|have|had|was|were|is|are)\s+(?:yet\s+)?"
                rf"(?:been\s+)?(?:{_GIVEN})\b{_CLAUSE}*)", re.I), None),
    # "… but neither side said when that would happen", "No one would say how many were inside"
    (re.compile(rf"\b(?:neither|nobody|no\s+one|none)\b{_CLAUSE}{{0,40}}?\s+(?:said|say|says|would\s+say|gave|"
                rf"disclosed|knew|knows)\s+(?P<thing>(?:how|when|who|whom|which|what|where|why)\b{_CLAUSE}+)", re.I),
     None),
    (re.compile(rf"(?P<thing>{_CLAUSE}+?)\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+withheld\b|"
                rf"(?P<thing2>{_CLAUSE}+?)\s+(?:remains?|remained)\s+(?:unknown|undisclosed|confidential|secret|"
                rf"unclear)\b|"
                rf"(?P<thing3>{_CLAUSE}+?)\s+(?:is|are|was|were)\s+not\s+(?:yet|immediately)\s+known\b", re.I), None),
    # "It was not immediately clear how many people were inside"
    (re.compile(rf"\b(?:it|that)\s+(?:is|was|remains|remained)\s+(?:unclear|not\s+(?:yet|immediately)\s+"
                rf"(?:known|clear))\s+(?P<thing>{_CLAUSE}+)", re.I), None),
    # "He declined to say how much the recall would cost", "The council has not yet chosen a builder"
    (re.compile(rf"\b{_NOT}\s+(?:yet\s+)?(?:to\s+)?(?:be\s+)?(?:{_TELL})\s*(?P<thing>{_CLAUSE}+)", re.I), None),
    (re.compile(rf"\bwithout\s+(?:naming|identifying|saying|giving|disclosing|specifying|revealing)\s+"
                rf"(?P<thing>{_CLAUSE}+)", re.I), None),
    # "… an outside manufacturer, which it did not name", "… made by a contract manufacturer he did not name"
    (re.compile(rf"(?P<thing>{_CLAUSE}+?),?\s+(?:(?:which|whom|who|whose\s+\w+)\s+(?:\S+\s+){{0,3}}?|"
                rf"(?:he|she|it|they|we|police)\s+){_NOT}\s+(?:to\s+)?(?:name|identify)\b", re.I), "name"),
    (re.compile(r"\b(?:undisclosed|unspecified)\s+(?P<thing>(?:[\w-]+\s+){0,2}[\w-]+)", re.I), None),
    (re.compile(r"\b(?:unnamed|unidentified)\s+(?P<thing>(?:[\w-]+\s+){0,2}[\w-]+)", re.I), "name"),
    # "A memorial will be held at a later date"; not the past ("… was borrowed back at a later date")
    (re.compile(rf"(?P<thing>{_CLAUSE}*?\b(?:will|would|shall|to)\b{_CLAUSE}*?)\s+(?:at\s+a\s+later\s+date|in\s+due\s+"
                rf"course)\b", re.I), "date"),
]
# A word every withholding clause above holds: most sentences have none, and are not read by those patterns at all.
_MAY_WITHHOLD = re.compile(r"\b(?:not|yet|withheld|unknown|undisclosed|confidential|secret|unclear|declined|refused|"
                           r"without|unnamed|unidentified|unspecified|later\s+date|due\s+course|no|neither|nobody|"
                           r"none)\b|n['’]t\b", re.I)
# A withheld thing that stands for something said before it: "… but she declined to name them", "The cyclist, a
# nurse who has not been named, …", "… but neither side said when that would happen".
_REFERS = re.compile(r"^\s*(?:(?:how|when|where|why|whether)\s+(?:that|this|it|they)\b|(?:them|him|her|it|they|their|"
                     r"his|its)\b)|\b(?:who|which|that)\s*$", re.I)
# Or a person, for a question about a person it names by a pronoun too: "He has not been named." ("What's his name?")
_HE_OR_SHE = re.compile(r"\s*(?:he|she)\s*$", re.I)
_PERSON_PRONOUN = re.compile(r"\b(?:he|she|his|her|him)\b", re.I)
# "… a price for those markets", "Redundancy payments would be above the legal minimum, but it did not give figures":
# what it is of is named earlier in its sentence.
_POINTS = re.compile(r"\b(?:those|these)\b|^\W*(?:(?:an?|the|any)\s+)?(?:[\w-]+\s+)?[\w-]+\W*$", re.I)
# What kind of thing is withheld, or asked for: a sum, a count, a date, a place, a reason, a manner or a name. A thing
# opening with a question word is of its kind ("how much the strike was costing"); else its nouns say ("the cause of
# death"), and then the verb ("… which it did not name").
_OPENINGS = [(re.compile(rf"^\W*{opening}\b", re.I), kind) for opening, kind in (
    ("how much", "amount"), ("how many", "count"), ("how (?:long|old|far|big|large|deep|tall|high|often|fast)", "count"),
    ("how", "manner"), ("when", "date"), ("where", "place"), ("why", "reason"), ("whom?|which", "name"))]
# "… declined to name them", not "her salary"
_PERSONS = re.compile(r"^\s*(?:them|him|her)(?:\s+(?:or|and)\b|\s*$)", re.I)
_NOUNS = [
    ("name", re.compile(r"\b(?:names?|identit(?:y|ies)|named?|identify|identified|unnamed|unidentified|chosen|"
                        r"choose)\b", re.I)),
    ("amount", re.compile(r"\b(?:costs?|costing|prices?|fees?|salary|salaries|sums?|amounts?|value|terms|"
                          r"compensation|pay|bill|budget|wages?)\b", re.I)),
    ("count", re.compile(r"\bnumber\b", re.I)),
    ("date", re.compile(r"\b(?:dates?|timing|timetable|schedule[ds]?|later date|due course)\b", re.I)),
    ("place", re.compile(r"\blocations?\b", re.I)),
    ("reason", re.compile(r"\b(?:cause|reasons?|motives?|started|sparked|triggered)\b", re.I)),  # "What started …?"
]
# A figure or an estimate is a sum or a count, as the rest of the thing says ("a figure for the cost of the
# closures", "a figure for jobs there").
_FIGURE = re.compile(r"\b(?:figures?|estimates?)\b", re.I)
_ASKED_KIND = {AnswerType.DATE: "date", AnswerType.AMOUNT: "amount", AnswerType.NUMBER: "count",
               AnswerType.PLACE: "place", AnswerType.REASON: "reason", AnswerType.PERSON: "name",
               AnswerType.NAME: "name"}
# "What salary …?", "In which two markets …?"
_WHICH = re.compile(r"^\W*(?:(?:in|for|from|to|at|by|with|of|on)\s+)?(which|what)\s+"
                    r"(?!(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could)\b)(?P<noun>\w+)", re.I)
# A question about the withholding itself: "Who declined to name the supplier?", "Why was the nurse not named?"
_ABOUT_WITHHOLDING = re.compile(r"\b(?:declin|refus|withh|unnamed|undisclosed)|\bnot\s+(?:yet\s+)?(?:been\s+)?"
                                r"(?:named|identified|disclosed|released|revealed)\b", re.I)
_STEMMER = Stemmer.Stemmer("english")
# The words that ask ("how much"): they tie "How much of the fire is contained?" to "… how much money it hoped to raise".
_ASKING = frozenset(("how", "much", "many", "when", "where", "why", "who", "whom", "which", "what", "whether"))


class Withheld(NamedTuple):
    sentence: int  # which of the story's sentences says it
    shared: int  # how many of the question's words the withheld thing names: two or more name it plainly


def says_what_is_withheld(question: Question, sentences: Sequence[str], *, earlier: str = "") -> Withheld | None:
    """The first of a story's `sentences` that says what the question asks for was not given, if one does. A thing
    that refers back stands for what is said before it, in its sentence and the one before. A question that names
    nothing but what it asks for ("What's his name?") is about what the `earlier` question of its conversation was
    ("A firefighter was taken to hospital, right?")."""
    if _ABOUT_WITHHOLDING.search(question.text) or not (asked := _asked_kind(question)):
        return None
    words = _stems(question.text)
    if all(_kinds(word) for word in words):
        words |= _stems(earlier)
    for n, sentence in enumerate(sentences):
        if not _MAY_WITHHOLD.search(sentence):
            continue
        for pattern, withheld in _WITHHOLDING_CLAUSES:
            for match in pattern.finditer(sentence):
                thing = next(filter(None, match.groupdict().values()), "")
                if asked not in ((withheld,) if withheld else _kinds(thing) or _kinds(match[0].replace(thing, ""))):
                    continue
                refers = _REFERS.search(thing) or (_HE_OR_SHE.match(thing) and _PERSON_PRONOUN.search(question.text))
                before = (f"{sentences[n - 1] if n else ''} {sentence[:match.start()]}" if refers
                          else sentence[:match.start()] if _POINTS.search(thing) else "")
                about = f"{before} {thing}"
                if shared := _shared(words, _stems(about)):
                    return Withheld(n, shared)
    return None


def _asked_kind(question: Question) -> str | None:
    if kind := _ASKED_KIND.get(question.answer_type):
        return kind
    if question.money:
        return "amount"
    which = _WHICH.match(question.text)
    if which is None:
        return next(iter(_kinds(question.text)), None)
    # "What salary …?" asks for a sum; "Which players …?" for names; "What injuries …?" for neither.
    return next(iter(_kinds(which["noun"])), "name" if which[1].lower() == "which" else None)


def _kinds(text: str) -> tuple[str, ...]:
    """The kinds of thing `text` is: one if it opens with a question word, else each its nouns name, first the
    likeliest ("a date or a price": when and how much)."""
    if _WHICH.match(text) and (kind := _ASKED_KIND.get(asked_type(text))):
        return (kind,)  # "what royalty rate Greyfell would pay": as the question would ask it
    if opened := next((kind for opening, kind in _OPENINGS if opening.match(text)), None):
        return (opened,)
    if _PERSONS.match(text):
        return ("name",)
    kinds = tuple(kind for kind, nouns in _NOUNS if nouns.search(text))
    if _FIGURE.search(text) and not {"amount", "count"} & set(kinds):
        kinds += ("amount", "count")
    return kinds


@functools.lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    """Its common words and their stems (names recur all through a story, and tie a withheld thing to nothing); the
    words too, as a stem may cut a compound short ("wildfir")."""
    words = [w for w in re.findall(r"\b[a-z][\w-]+", text) if w not in STOP_WORDS and w not in _ASKING]
    return frozenset(words + _STEMMER.stemWords(words))


def _shared(ours: frozenset[str], theirs: frozenset[str]) -> int:
    """How many of our words they hold, or words one of which begins or ends the other ("build" and "builder",
    "fire" and "wildfire")? A word and its stem count once."""
    held = {a for a in ours for b in theirs
            if a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a) or a.endswith(b)
                                                         or b.endswith(a)))}
    return len({a for a in held if not any(o != a and a.startswith(o) for o in held)})


# "What is the name of the man injured …?", "Who was the resident taken to hospital?": a person asked for by a
# description, which a story may give without a name ("a 58-year-old man was seriously injured").
_PEOPLE = ("man|men|woman|women|boy|girl|child|children|person|people|resident|residents|victim|victims|driver|"
           "drivers|passenger|passengers|suspect|suspects|couple|officer|officers|worker|workers|employee|teenager|"
           "pensioner|cyclist|pedestrian|motorist|firefighter|nurse|student|patient|climber|fisherman|hiker|tourist|"
           "buyer|owner|donor|bidder|referee|pilot|soldier|prisoner|gunman|attacker|rider|customer|neighbour|"
           "witness|survivor|journalist|guard|teacher|doctor|mother|father|son|daughter|wife|husband|baby|pupil")
_DESCRIBED = re.compile(r"^\W*(?:what\s+(?:is|was|are|were)\s+the\s+names?\s+of|who\s+(?:is|was|were|are))\s+the\s+"
                        rf"(?:[\w-]+\s+){{0,3}}?(?P<head>{_PEOPLE})(?=\s+(?:who|that|whose|which|in|at|on|by|from|"
                        r"with|over|after|during|for)\b|\s+\w+ed\b|\s*[?,]|\s*$)")


def leaves_unnamed(question: Question, sentence: str, story: str) -> bool:
    """Does `sentence` describe the person the question asks to name ("a 46-year-old man had been questioned") in
    a `story` that never names them: no name beside the description ("the referee, Anton Brisk"; "Jorun Dahl, a
    structural engineer"; "a fisherman called Aldrich")? On SQuAD v1.1 train, 1 of the 87 questions asking for
    a person so is answered by a sentence that reads so: the name comes 60 characters after ("a beautiful woman,
    sometimes described as … and called Lucretia")."""
    if not (asked := _DESCRIBED.match(question.text[:1].lower() + question.text[1:])):
        return False
    head = asked["head"]
    described = re.search(rf"\b(?:a|an|two|three|four)\s+(?:[\w-]+\s+){{0,3}}?{head}\b(?!\s*,?\s+\(?[A-Z])", sentence)
    named = re.search(rf"\b{head}\b(?:,?\s+(?:[A-Z][\w’'-]+\s+){{0,2}}[A-Z][\w’'-]+|,\s+[^,.;]{{0,40}}?\b[A-Z][a-z]|"
                      rf"[^.;]{{0,40}}?\b(?:called|named|known\s+as)\s+[A-Z])|"
                      rf"[A-Z][\w’'-]+\s+[A-Z][\w’'-]+,?\s+\(?(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?{head}\b", story)
    return described is not None and named is None
