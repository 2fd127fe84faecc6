"""Candidate quotes: the sentence units inside retrieved chunks, each described by ranking features.

The features are cheap (the unit vectors were computed at indexing time), so scoring every unit of
every retrieved chunk costs a few milliseconds. `bot.ranker` turns them into one score.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np
from wordfreq import zipf_frequency

from bot.conversation import Resolved
from bot.question import NAME_RUN, PARTICLES, SPEECH_VERBS, WEEKDAYS, AnswerType
from corpus import Article, Span
from index.lexical import LexicalIndex
from index.store import Units

MAX_QUOTE_CHARS = 450  # a speaker's quotation with its continuation
RARITY_CEILING = 7.5  # a word's weight is this minus its Zipf frequency: "the" ~0, "treaty" 3.2, "Lavrov" 4.8
MIN_WEIGHT = 0.5
ANSWER_TYPES = [t for t in AnswerType if t is not AnswerType.OTHER]  # one feature each: cues differ in worth
FEATURES = ("dense", "dense_gap", "dense_window", "coverage", "coverage_gap", "coverage_window", "context_coverage",
            "retrieval", *(f"type_{t.value}" for t in ANSWER_TYPES), "novelty", "headline",
            "speaker", "speaker_attributed", "speaker_direct", "topic_missing")
_GAPS = {FEATURES.index("dense_gap"): FEATURES.index("dense"),
         FEATURES.index("coverage_gap"): FEATURES.index("coverage")}

_QUOTE_MARK = re.compile(r"[“”\"«»]")
_DIRECT_QUOTE = re.compile(r"[“\"«]\s*\S+(?:\s+\S+){2,}")
_CAPITALISED = re.compile(r"(?<=\s)[A-Z][\w’'-]+")
_POSSESSIVE = re.compile(r"\b[\w-]+['’]s?\b(?=\s)")
_SURNAME = rf"{PARTICLES}[A-Z][\w’'-]+"
# A title of up to four words (the first capitalised), then a first name and a surname; a possessive is no first
# name ("Brennholt Motors’ Korvik plant").
_APPOSITION = re.compile(r"\b(?P<title>[A-Z][\w’'-]+(?:\s+(?!and\b|the\b|of\b)[\w’'-]+){0,3}?)\s+"
                         rf"[A-Z][\w-]+\s+(?P<surname>{_SURNAME})\b(?![’']?\s+[A-Z])")
# Or a first name and a surname, then the title (a description, not another name: "Water Minister, Yusuf Rahimi,"
# is no Mr Minister): "Jorun Dahl, the structural engineer who led the assessment,"; or the title, then the name
# between commas: "Brennholt’s head of human resources, Oliver Strand, who …".
_APPOSITION_AFTER = re.compile(rf"\b[A-Z][\w’'-]+\s+(?P<surname>{_SURNAME}),\s+(?:the\s+|a\s+)?"
                               r"(?P<title>(?=[^,.;]*\b[a-z])[^,.;]{3,80}?)(?=,|\s+said\b)")
_TITLE_WORD = r"(?!(?:said|says|told|added)\b)[\w’'-]+"  # “…,” said the chair, X: "said" is not the title
_APPOSITION_COMMA = re.compile(rf"(?<![\w’'-])(?P<title>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,5}}),\s+"
                               rf"[A-Z][\w’'-]+\s+(?P<surname>{_SURNAME})(?=[,.]|\s+said\b)")
# In an article these are nouns more often than speech: "faced calls to resign", "his claims".
_NOUNS_TOO = {"call", "calls", "claim", "claims", "comment", "state", "note", "vow", "promise", "praise", "mean",
              "report", "reports"}
_SPEECH_VERBS = "|".join(v for v in SPEECH_VERBS if v not in _NOUNS_TOO)
_SPEECH = re.compile(rf"\b({_SPEECH_VERBS}|according to|citing)\b", re.I)
# "about the strike and about the rate decision": either topic makes a quote relevant.
_TOPIC_SPLIT = re.compile(r"\s*(?:,|\band\b|\bor\b)\s*(?:about|on|regarding|concerning)\s+", re.I)
# Speech that is not the speaker's words: refused or negated ("did not respond to requests for comment"), or
# given to someone else by name (“…,” Renn said. / “…,” said Renn) or by "according to" (two people familiar).
_NEGATED = re.compile(r"\b(?:not|never|declined to|refused to)\s+(?:\w+\s+)?$", re.I)
# A refusal reports what was not said, whatever speech its clause goes on to name ("Keller declined to say whether
# investigators believed …").
_REFUSAL = re.compile(r"\b(?:declined|refused|would not|wouldn['’]t|did not|didn['’]t)\s+(?:to\s+)?(?:say|comment|"
                      r"discuss|confirm|specify|elaborate|reveal|disclose|speculate)\b", re.I)
_NAME = rf"[A-Z][\w’'-]+(?:\s+{_SURNAME})*"
_SOURCE = re.compile(r"[^,.;]{1,80}")  # who follows "according to", up to the end of the clause
# Where an inverted attribution's name ends ("…,” said Renn, who …" / "… said Renn in a statement"), unlike a
# reported clause's subject (", said Norway would table a compromise").
_CLAUSE_END = r"\s*(?:[,.;:!?)]|$)|\s+(?:in|on|at|from|during|after|before|when|as|to|of|who|whose)\b"
# Or by a name doing the speaking: "Putin hailed the deal as “…”" in a sentence that names Pezeshkian too; a source
# cited by name speaks too ("TASS reported, citing Jalali"). Who speaks may be described before the name (“…,”
# said the meeting's chair, Pieter van Dam) or after it ("Luis Ortega, Spain's fisheries minister, said"), and the
# description is part of who it is ("Brennholt’s head of human resources, Oliver Strand, who led the talks, said").
_NOT_A_NAME = r"(?!(?:He|She|They|It|We|I|You|This|That|These|Those|The|A|An|In|On|At|But|And)\b)"
_NAMED_SPEAKER = re.compile(rf"[”\"],?\s+(?P<before>{_NAME})\s+(?:said|says|added|told|wrote)\b|"
                            rf"[,”\"]\s+(?:said|says|added)\s+"
                            rf"(?P<after>(?:[^,.;“”\"]{{1,60}},\s+)?(?:\w+\s+){{0,3}}?{_NAME})(?={_CLAUSE_END})|"
                            rf"\b(?P<described>(?:[^,.;“”\"]{{1,60}},\s+)?{_NOT_A_NAME}{_NAME},\s+[^,.;“”\"]{{3,120}}|"
                            rf"[^,.;“”\"]{{1,60}},\s+{_NOT_A_NAME}{_NAME}),\s+"
                            r"(?:said|says|added|told)\b|"
                            rf"\b{_NOT_A_NAME}(?P<subject>{_NAME})\s+(?:{_SPEECH_VERBS})\b|"
                            rf"\b(?:according to|citing)\s+(?P<source>{_SOURCE.pattern})")  # the source speaks, through them
# A bare title speaking: "The minister said …", “…,” the minister said.
_DEFINITE = re.compile(r"(?:^\s*The|[,”\"]\s+the)\s+(?P<title>(?:[\w’'-]+\s+){0,2}?[\w’'-]+)"
                       r"(?=\s+(?:said|says|added|told|urged|warned)\b)")
_CONTINUATION = re.compile(r"^\s*[“\"]|\b(he|she|they) (said|added|told|says|continued|noted)\b|^\s*(He|She|They)\b")
_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|"
                 r"thousand|million|billion|trillion|dozen|half")
_TYPE_CUES = {
    AnswerType.NUMBER: re.compile(rf"\d|\b({_NUMBER_WORDS})\b", re.I),
    AnswerType.AMOUNT: re.compile(rf"[$€£¥]\s?\d|\d\s?%|\b({_NUMBER_WORDS}|\d[\d,.]*)\s+(percent|per cent|dollars?|"
                                  r"euros?|pounds?|yuan|yen|rubles?|tons?|tonnes?|barrels?|kilo\w*|miles?|acres?|"
                                  r"points?|times|million|billion|trillion|mph|km/h|kph|km|metres|meters|feet|"
                                  r"degrees)\b", re.I),
    AnswerType.DATE: re.compile(r"\b(1[0-9]{3}|20[0-9]{2})s?\b|\b(January|February|March|April|May|June|July|August|"
                                rf"September|October|November|December|{WEEKDAYS}|"
                                r"yesterday|today|tomorrow|tonight|century|decade|noon|midnight|"
                                r"(last|next|this|early|late) (week|month|year|spring|summer|autumn|fall|winter)|"
                                r"\d+ ((thousand|million|billion) )?(days?|weeks?|months?|years?) (ago|later|earlier))\b|"
                                # news style: "Oct. 4", "Sept. 12", and the hour: "10 a.m.", "6:30 p.m."
                                r"\b(Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\. \d|\b\d{1,2}(:\d\d)? ?[ap]\.m\."),
    AnswerType.PLACE: re.compile(r"\b(in|at|from|near|to|across|outside|inside)\s+(the\s+)?[A-Z]"),
    AnswerType.REASON: re.compile(r"\b(because|due to|owing to|thanks to|since|so that|in order to|as a result|"
                                  r"result(ed|s)? (of|in|from)|caused by|driven by|blamed (on|for)|led to|after|amid|"
                                  r"fears? (of|that)|concerns? (about|over|that)|reasons?)\b", re.I),
}
# What answers a question about a sum of money: a sum ("$2.4 billion", "8,000 euros", "USD100"), or what stands
# for one ("free"); not a bare count ("1.1 million paid rides"). A share ("20%") answers how much a sum changed.
# On SQuAD v1.1 train, the answer sentences of 395 of its 404 such questions hold one or the other, and 394 do
# when a share is taken for no answer to what something costs ("How much will it cost?").
_SUM = re.compile(r"[$€£¥₹¢]|\b(?:USD|EUR|GBP)(?=\d|\b)|\b(?:free|dollars?|euros?|pounds?|kroner|"
                  r"kronor|krona|krone|yen|yuan|renminbi|francs?|marks?|rupees?|crowns?|pesos?|rubles?|roubles?|"
                  r"lira|shillings?|cents?|pence|dirhams?|riyals?|rand|zloty|forints?)\b", re.I)
_SHARE = re.compile(r"%|\b(?:percent|per cent)\b", re.I)


def states_money(text: str, *, shares: bool = True) -> bool:
    """Does `text` state a sum (or, with `shares`, a share) of money?"""
    return bool(_SUM.search(text) or (shares and _SHARE.search(text)))


# A number and the few words after it, up to a comma or stop: "620,000 customers", "Two of the seven members".
_COUNT = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS}|once|twice)\b((?:[\s-]+[\w’'-]+){{1,4}})", re.I)
# A news dateline ("HALVERING, March 14 —", "LONDON (Reuters) -") says where and when the story was filed,
# not what it is about: left in, its date and place would pass for an answer to every when/where question.
_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'’ -]*[A-Z]\b(?:,[^—–\n]{1,40}?)?\s*(?:\([^)\n]{1,30}\)\s*)?[—–-]{1,2}\s")
# An interview transcript: "Q: …" asks, "A: …" answers.
_INTERVIEW_QUESTION = re.compile(r"^\s*Q\s*:", re.M)
_INTERVIEW_ANSWER = re.compile(r"\s*A\s*:")
# A transcript's line starts with who speaks it: "LINDQVIST: …", "Sofia Lindqvist: …".
_LABEL = re.compile(r"\s*(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*:\s")
# A byline at the top ("By Henrik Aldous, Opinion columnist"): the writer, whose "I" is theirs.
_BYLINE = re.compile(r"\W*By\s+(?P<writer>[A-Z].*)")
_LINE = re.compile(r"[^\n]+")
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|my|me|myself)\b")
_TERMINAL = re.compile(r"[.!?…\"”’')\]]\s*$")


@dataclass(slots=True)
class Candidate:
    article: Article
    span: Span
    features: np.ndarray
    score: float = 0.0
    cross: float | None = None  # the cross-encoder's logit, once it has read this candidate
    continuation: Span | None = None  # the last unit that carries on this one's quote ("…,” she said.)

    @property
    def text(self) -> str:
        return self.article.text[self.span.start:self.span.end]

    def feature(self, name: str) -> float:
        return float(self.features[FEATURES.index(name)])


@dataclass(frozen=True, slots=True)
class _ArticleView:
    """What describing an article's units against one question needs, computed once per article."""
    article: Article
    units: Units
    texts: list[str]  # each unit's text, less a dateline
    terms: list[set[str]]
    matched: list[set[str]]  # each unit's terms and compounds: what question words it answers to
    dense: np.ndarray  # each unit's similarity to the question
    speakers: list[tuple[dict[str, float], bool]]  # the asked speaker's aliases in this article
    headline: set[str]
    own_words: set[int]  # the units the article gives to the speaker without naming them (see `_own_words`)
    paragraph_starts: list[int]  # the first unit of each paragraph

    def about(self, i: int) -> set[str]:
        """What unit `i` may be about: the terms of its paragraph, of the paragraph before (an interviewer's
        question before the answer), and the headline; not of the next one (the next question)."""
        p = bisect_right(self.paragraph_starts, i) - 1
        end = self.paragraph_starts[p + 1] if p + 1 < len(self.paragraph_starts) else len(self.texts)
        return set().union(*self.matched[self.paragraph_starts[max(p - 1, 0)]:end]) | self.headline


@dataclass(frozen=True, slots=True)
class RetrievedChunk:
    article: Article
    start: int
    end: int
    rank: int  # 0 is best


class CandidateBuilder:
    """Describes every unit of the retrieved chunks against one question."""

    def __init__(self, resolved: Resolved, question_vector: np.ndarray, lexical: LexicalIndex) -> None:
        self._q = resolved.question
        self._vector = question_vector
        self._lexical = lexical
        self._speaker_terms = self._weighted(self._q.speaker) if self._q.speaker else {}
        # Whose title it is may go unsaid beside the name: "Brennholt's chief executive" is "Chief executive
        # Anselm Richter" in Brennholt's story.
        self._speaker_role = (self._weighted(_POSSESSIVE.sub(" ", f"{self._q.speaker} ")) or self._speaker_terms
                              if self._q.speaker else {})
        self._q_terms = self._weighted(resolved.question.text)
        if self._speaker_terms:  # the speaker has features of their own; coverage is of what else is asked,
            # not of the verb of speech or of when they spoke ("after the match")
            framing = set(self._lexical.terms(" ".join((*SPEECH_VERBS, self._q.occasion or ""))))
            self._q_terms = {t: w for t, w in self._q_terms.items() if t not in self._speaker_terms and t not in framing}
        # The earlier question alone, or with its answer: a long answer's many words must not drown its subject.
        self._contexts = [w for t in (resolved.earlier_question, resolved.context) if t and (w := self._weighted(t))]
        self._topics = [w for t in _TOPIC_SPLIT.split(self._q.topic) if (w := self._weighted(t))] if self._q.topic else []
        self._q_words = {w.lower() for w in re.findall(r"\w+", resolved.question.text)}
        self._counted = set(self._lexical.terms(self._q.counted)) if self._q.counted else set()

    def _weighted(self, text: str) -> dict[str, float]:
        return weighted_terms(self._lexical, text)

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
        # What a unit's words match, its compounds too: "the share buyback" is what "would buy back shares" names.
        matched = [words | self._lexical.compounds(t) for words, t in zip(terms, texts, strict=True)]
        speakers = self._speaker_aliases(article.text)
        spans = units.spans
        paragraph_starts = [0, *(k for k in range(1, len(spans))
                                 if "\n" in article.text[spans[k - 1].end:spans[k].start])]
        return _ArticleView(article, units, texts, terms, matched, units.vectors @ self._vector, speakers,
                            set(self._lexical.terms(article.title)),
                            self._own_words(article.text, units.spans, speakers), paragraph_starts)

    def _own_words(self, text: str, spans: Sequence[Span], speakers: list[tuple[dict[str, float], bool]]
                   ) -> set[int]:
        """The units an article gives to the speaker though they do not name them: the lines of a transcript
        labelled with the speaker's name ("LINDQVIST: Our offer is fair."); the answers ("A: …", each to the next
        "Q: …") of an interview whose introduction, above the first question, names the speaker; and the writer's
        own first-person sentences, outside any quotation, in an article whose byline names them."""
        if not speakers:
            return set()
        words = {i for i, span in enumerate(spans)
                 if (label := _LABEL.match(text, _line_start(text, span))) and self._names(speakers, label["who"])}
        first_question = _INTERVIEW_QUESTION.search(text)
        if first_question and self._names(speakers, text[:first_question.start()]):
            words |= {i for i, span in enumerate(spans) if _INTERVIEW_ANSWER.match(text, _line_start(text, span))}
        top = islice((line[0] for line in _LINE.finditer(text) if line[0].strip()), 3)  # not the whole article
        byline = next((m for line in top if (m := _BYLINE.match(line))), None)
        if byline and self._names(speakers, byline["writer"]):
            words |= {i for i, span in enumerate(spans)
                      if _FIRST_PERSON.search(text[span.start:span.end]) and not _quoted(text, span)}
        return words

    def _speaker_aliases(self, text: str) -> list[tuple[dict[str, float], bool]]:
        """The speaker's term sets: the speaker as asked, plus the title and surname an apposition pairs with it
        ("Russian Foreign Minister Sergey Lavrov", "Chief executive Mira Castell") when the title holds the asked
        role's head ("the Iranian ambassador" is no Iranian President). A title is marked: it names the speaker only
        with a word beside its head, so "the foreign minister" is Lavrov, "Finance Minister" not; so is a speaker
        asked by a common noun: "Western officials" are not "Russian officials". Nor is a title that qualifies its
        head otherwise than the question does: "Norwegian Fisheries Minister Kari Holmen" is no Danish fisheries
        minister."""
        if not self._q.speaker or not self._speaker_terms:
            return []
        by_title = self._q.speaker_by_title
        aliases = [(self._speaker_terms, by_title)]
        *modifiers, head = self._speaker_role
        owner = [t for t in self._speaker_terms if t not in self._speaker_role]  # "Brennholt" of "Brennholt's"
        for match in _appositions(text):
            title, surname = self._weighted(match["title"]), self._weighted(match["surname"])
            if not title or not surname:
                continue
            # "Van der Berg's deputy, Anouk Smit" is no title of van der Berg's
            if head in self._lexical.terms(_POSSESSIVE.sub(" ", f"{match['title']} ")):
                # Asked by a title: "the Orsted chief executive" is "Chief Executive Mads Nipper" in a story that
                # names Orsted; what the title leaves unsaid, the story must say.
                others = [t for t in title if t != head]
                unsaid = [m for m in (*modifiers, *owner) if _lacks(others, m)]
                alias = not _contradicts([*modifiers, *owner], others) and all(_mentions(text, m) for m in unsaid)
            else:  # asked by name: "Sergey Lavrov" is "Foreign Minister Sergei Lavrov"; a title is no surname
                alias = (not by_title and head in surname
                         and _coverage(self._speaker_role, set(title | surname)) >= 0.5)
            if alias:
                aliases += [(title, True), (surname, False)]
        return aliases

    def _without_others(self, names: set[str], text: str) -> str:
        """`text` less the appositions that name someone other than the speaker, whose names and titles hold the
        terms `names`: a title there is that person's ("Danish Fisheries Minister Jens Krag said …")."""
        for match in _appositions(text):
            person = set(self._lexical.terms(match[0])) - set(self._lexical.terms(match["title"]))
            if not names.intersection(person):
                text = text.replace(match[0], " ")
        return text

    def _names(self, aliases: list[tuple[dict[str, float], bool]], text: str) -> bool:
        """Does the unit name the speaker by some alias? An alias must keep its head, its last word, other than
        as a possessive: "Putin’s policy" is not Putin, but "Ostvik’s port director" is the Ostvik port director."""
        text = self._without_others(set().union(*(alias.keys() for alias, _ in aliases)), text)
        terms = set(self._lexical.terms(text))
        plain = set(self._lexical.terms(_POSSESSIVE.sub(" ", text)))
        for alias, title in aliases:
            *modifiers, head = alias
            keeps_modifier = not (title and modifiers) or bool(terms.intersection(modifiers))
            if _coverage(alias, terms) >= 0.5 and head in plain and keeps_modifier:
                return True
        return False

    def _refers_back(self, view: _ArticleView, i: int) -> bool:
        """Does one of the speaker's titles speak in unit `i`, bare ("The minister said …", “…,” the minister said),
        qualified no otherwise than the title ("The Norwegian minister" is not the Danish one), where the last of
        the few units before it to name anyone by that title names the speaker? Then that is the speaker again."""
        text = view.texts[i]
        if not (bare := _DEFINITE.search(text)) or not (terms := list(self._weighted(bare["title"]))):
            return False
        *described, head = terms
        if not any(title and head == list(alias)[-1] and not _contradicts(list(alias)[:-1], described)
                   for alias, title in view.speakers):
            return False
        before = next((j for j in range(i - 1, max(i - 4, -1), -1) if head in view.terms[j]), None)
        return before is not None and self._names(view.speakers, view.texts[before])

    def _speaks_for_another(self, names: set[str], text: str) -> bool:
        """Does the unit give its quotation by name to someone other than the speaker, whose names and titles
        hold the terms `names`? (“…,” Renn said.)"""
        named = [bool(names.intersection(self._lexical.terms(next(g for g in m.groups() if g))))
                 for m in _NAMED_SPEAKER.finditer(text)]
        return bool(named) and not any(named)

    def _speech(self, names: set[str], text: str) -> bool:
        """Does the unit report words that may be the speaker's: a quotation, or a verb of speech that is not
        refused ("did not respond") nor sourced to others ("according to two people familiar with the visit")?"""
        if _QUOTE_MARK.search(text):
            return True
        if _REFUSAL.search(text):
            return False

        def theirs(m: re.Match[str]) -> bool:
            if _NEGATED.search(text[:m.start()]):
                return False
            source = _SOURCE.match(text, m.end())
            return (m[0].lower() not in ("according to", "citing")
                    or bool(source and names.intersection(self._lexical.terms(source[0]))))

        return any(theirs(m) for m in _SPEECH.finditer(text))

    def _describe(self, view: _ArticleView, i: int, rank: int) -> Candidate:
        article, units, texts, terms = view.article, view.units, view.texts, view.terms
        lo, hi = max(0, i - 1), min(len(texts), i + 2)
        window_vector = units.vectors[lo:hi].sum(axis=0)
        window_terms = set().union(*view.matched[lo:hi])
        # What a unit is about is often named only around it: by its neighbours, or by the headline.
        surroundings = window_terms | view.headline
        text, own, speakers = texts[i], terms[i], view.speakers
        speaker = attributed = direct = 0.0
        names = set().union(*(alias.keys() for alias, _ in speakers))
        if speakers:
            named = self._names(speakers, text)
            another = self._speaks_for_another(names, text)
            continued = i > 0 and not another and (
                bool(_CONTINUATION.search(text)) and self._names(speakers, texts[i - 1]) or self._refers_back(view, i))
            theirs = i in view.own_words  # an interview answer or a column's "I": their words, as a quotation is
            speaker = float(named or continued or theirs)
            attributed = speaker * float(not another and (theirs or self._speech(names, text)))
            direct = attributed * float(theirs or bool(_DIRECT_QUOTE.search(text)))
        features = np.array([
            view.dense[i],
            0.0,  # dense_gap, set once all candidates are known
            float(window_vector @ self._vector / max(np.linalg.norm(window_vector), 1e-9)),
            _coverage(self._q_terms, view.matched[i]) if self._q_terms else speaker,
            0.0,  # coverage_gap
            _coverage(self._q_terms, window_terms) if self._q_terms else speaker,
            max((_coverage(c, surroundings) for c in self._contexts), default=0.0),
            1.0 / (1 + rank),
            *self._type_cues(text),
            len(own - self._q_terms.keys()) / max(len(own), 1),
            float(is_headline(article.text, units.spans[i])),
            speaker,
            attributed,
            direct,
            self._topic_missing(view.about(i)),
        ], dtype=np.float32)
        # The next unit carries this one's quote on unless it gives its words to someone else; the speaker's own
        # words run on to the end of their paragraph ("VARGA: No. We made an offer in March …"), but not into
        # someone else's ("… put it better than I can. “They keep …”").
        follows = None
        if i in view.own_words:  # the rest of their paragraph, as far as a quote may run
            spans, last = units.spans, i
            while (last + 1 in view.own_words and spans[last + 1].end - spans[i].start <= MAX_QUOTE_CHARS
                   and "\n" not in article.text[spans[last].end:spans[last + 1].start]):
                last += 1
            follows = spans[last] if last > i else None
        elif (i + 1 < len(texts) and _CONTINUATION.search(texts[i + 1])
              and not self._speaks_for_another(names, texts[i + 1])):
            follows = units.spans[i + 1]
        return Candidate(article, units.spans[i], features, continuation=follows)

    def _topic_missing(self, surroundings: set[str]) -> float:
        """How much of the asked topic ("about the blackouts") neither the unit, its neighbours nor the headline
        mention."""
        if not self._topics:
            return 0.0
        return 1.0 - max(_coverage(t, surroundings) for t in self._topics)

    def _type_cues(self, text: str) -> list[float]:
        """One feature per answer type: whether the unit holds what this question's type asks for."""
        kind = self._q.answer_type
        if kind is AnswerType.NAME:  # a proper name that holds a word of the question: "... Partnership Treaty"
            found = any(set(self._lexical.terms(run)) & self._q_terms.keys() for run in NAME_RUN.findall(text))
        elif kind is AnswerType.PERSON:
            found = any(w.lower() not in self._q_words for w in _CAPITALISED.findall(text))
        else:
            found = bool((cue := _TYPE_CUES.get(kind)) and cue.search(text))
        if found and self._counted:  # "how many customers": a number that counts customers is the answer, not
            # a number of something else (a date, a percentage)
            found = any(self._counts(m[1]) for m in _COUNT.finditer(text))
        return [float(found and kind is t) for t in ANSWER_TYPES]

    def _counts(self, words: str) -> bool:
        """Do `words` name what the question counts? "gigatons" counts tons."""
        return any(term.endswith(counted) for term in self._lexical.terms(words) for counted in self._counted)


def weighted_terms(lexical: LexicalIndex, text: str) -> dict[str, float]:
    """Each term's weight is how rare its word is in English at large (wordfreq), not in this corpus: a corpus of
    one article knows nothing of rarity, and the weights must mean the same at any size."""
    return {stem: max(MIN_WEIGHT, RARITY_CEILING - zipf_frequency(word, "en")) for stem, word in lexical.words(text)}


def topic_coverage(lexical: LexicalIndex, topic: str, text: str) -> float:
    """How much of `topic` `text` names, by weight."""
    return _coverage(weighted_terms(lexical, topic), set(lexical.terms(text)))


def is_headline(text: str, span: Span) -> bool:
    """A headline or crosshead: alone on its line, with no closing punctuation."""
    return not _TERMINAL.search(text[span.start:span.end]) and _alone_on_line(text, span)


def asks(text: str) -> bool:
    """Is the unit a question? It asks; it does not answer (an explainer's "When will it open?", an interviewer's
    "Q: Why farm in a mine?")."""
    return text.rstrip().endswith("?")


def _line_start(text: str, span: Span) -> int:
    return text.rfind("\n", 0, span.start) + 1


def _quoted(text: str, span: Span) -> bool:
    """Is the unit someone's quotation, or inside one opened earlier in its paragraph?"""
    before = text[_line_start(text, span):span.start]
    return (bool(_QUOTE_MARK.search(text[span.start:span.end])) or before.count("“") > before.count("”")
            or before.count('"') % 2 == 1)


def _appositions(text: str) -> list[re.Match[str]]:
    return [*_APPOSITION.finditer(text), *_APPOSITION_AFTER.finditer(text), *_APPOSITION_COMMA.finditer(text)]


def _lacks(terms: Sequence[str], term: str) -> bool:
    """Is `term` missing from `terms`, its kin included ("Spanish" is "Spain's")?"""
    return not any(t[:3] == term[:3] for t in terms)


def _contradicts(asked: Sequence[str], title: Sequence[str]) -> bool:
    """Do an asked role's modifiers and a title's each hold a word the other lacks ("Danish" against "Norwegian")?"""
    return any(_lacks(title, t) for t in asked) and any(_lacks(asked, t) for t in title)


def _mentions(text: str, term: str) -> bool:
    """Does `text` name `term` (a stem), or its kin ("Russian" in a story about Russia)?"""
    return re.search(rf"\b{re.escape(term[:4])}", text, re.I) is not None


def _coverage(weighted: dict[str, float], terms: set[str]) -> float:
    total = sum(weighted.values())
    return sum(w for t, w in weighted.items() if t in terms) / total if total else 0.0


def _alone_on_line(text: str, span: Span) -> bool:
    after = text.find("\n", span.end)
    return (not text[_line_start(text, span):span.start].strip()
            and not text[span.end:after if after >= 0 else len(text)].strip())
