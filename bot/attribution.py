"""Who speaks in a story: which of an article's units give the words of the speaker a question asks about
("What did Lavrov say?").

A unit is the speaker's when it names them, as asked or by a title or surname an apposition pairs with the asked
name ("Russian Foreign Minister Sergey Lavrov"); when it carries on a quote of theirs ("…,” he said), or a bare
title refers back to them ("The minister said …"); or when the article gives it to them without naming them: a
transcript line under their label, an interview answer, the first person of their byline.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from itertools import islice
from typing import NamedTuple

from bot.question import PARTICLES, SPEECH_VERBS, Question
from bot.weights import coverage, weighted_terms
from corpus import Span
from index.lexical import LexicalIndex

MAX_QUOTE_CHARS = 450  # a speaker's quotation with its continuation
Aliases = list[tuple[dict[str, float], bool]]  # each alias's weighted terms, and whether it is a title

_QUOTE_MARK = re.compile(r"[“”\"«»]")
# British style quotes in single marks ('It hurts,' Holloway said.), which are apostrophes too: one opens before a
# word, not after one; it closes at the next mark that ends a word, not inside one ("don't", "Holloway's").
_REOPENS = re.compile(r"\s*['‘]")
_SINGLE_QUOTED = re.compile(r"(?<![\w’'])['‘](?=[^\s'‘’])(?P<inside>[^\n]*?)(?P<close>(?<=\S)['’](?!\w)|$)", re.M)
_OPENS = re.compile(r"\s*[“\"«]")
_DIRECT_QUOTE = re.compile(r"[“\"«]\s*\S+(?:\s+\S+){2,}")
_POSSESSIVE = re.compile(r"\b[\w-]+['’]s?\b(?=\s)")
_SURNAME = rf"{PARTICLES}(?:(?:al|el|ad|ash)-)?[A-Z][\w’'-]+"  # "van der Linde", "al-Mansour"
# In an article these are nouns more often than speech: "faced calls to resign", "his claims".
_NOUNS_TOO = {"call", "calls", "claim", "claims", "comment", "state", "note", "vow", "promise", "praise", "mean",
              "report", "reports"}
_SPEECH_VERBS = "|".join(v for v in SPEECH_VERBS if v not in _NOUNS_TOO)
# A title of up to four words (the first capitalised, perhaps cut short: "Dr."), then a first name and a surname; a
# possessive is no first name ("Brennholt Motors’ Korvik plant"), nor is a verb of speech part of a title
# ("Haverford described Ombrey General as …").
_NOT_IN_TITLE = "|".join(("and", "the", "of", "between", "with", "in", "on", "at", "for", "to", "from", "by",
                          _SPEECH_VERBS))
_APPOSITION = re.compile(rf"\b(?P<title>[A-Z][\w’'-]+\.?(?:\s+(?!(?:{_NOT_IN_TITLE})\b)"
                         r"[\w’'-]+){0,3}?)\s+"
                         rf"[A-Z][\w-]+\s+(?P<surname>{_SURNAME})\b(?![’']?\s+{PARTICLES}[A-Z])")
# Or a first name and a surname, then the title (a description, not another name: "Water Minister, Yusuf Rahimi,"
# is no Mr Minister): "Jorun Dahl, the structural engineer who led the assessment," or "….” said Jorun Dahl, a
# structural engineer."; or the title, then the name
# between commas: "Brennholt’s head of human resources, Oliver Strand, who …".
_APPOSITION_AFTER = re.compile(rf"\b[A-Z][\w’'-]+\s+(?P<surname>{_SURNAME}),\s+(?:the\s+|an?\s+)?"
                               r"(?P<title>(?=[^,.;]*\b[a-z])[^,.;]{3,120}?)(?=,|\.(?:\s|$)|\s+said\b)")
# A title with whose it is after it: "medical director of Virelle Hospital", "an economist at the central bank".
_OF = re.compile(r"(?P<role>.+?)\s+(?:of|at)\s+(?:the\s+)?(?P<owner>.+)", re.S)
_RELATIVE = re.compile(r"\s+(?:who|that|which)\b.*", re.S)  # not "whose": "the Office, whose director" is its director
_RARE = 4.0  # a word this rare (below 3.5 on wordfreq's Zipf scale) names someone; a common one ("Home") need not
# "An entomologist who was not involved in the study" is the outside, independent entomologist.
_UNINVOLVED = re.compile(r"\bnot\s+(?:involved|part of)\b")
# Or said of them after their name and where they work: "Professor Johan Treval of the Institute of Marine Sciences,
# who was not involved in the study, said …"
_UNINVOLVED_AFTER = re.compile(r"[^,;.]{0,100},\s+who\s+(?:[\w’'-]+\s+){0,2}?not\s+(?:involved|part of)\b")
_OUTSIDER = "outside independent expert"  # what a speaker "not involved" in the work is to it
# Or an organisation's, through "whose": "Pellmark’s Consumer Safety Office, whose director, Vera Haakonsen, said".
_APPOSITION_WHOSE = re.compile(r"\b(?P<title>(?:[A-Z][\w’'-]*\s+){0,4}[A-Z][\w’'-]*,\s+whose\s+[\w’'-]+"
                               rf"(?:\s+[\w’'-]+){{0,2}}?),\s+[A-Z][\w’'-]+\s+(?P<surname>{_SURNAME})"
                               r"(?=[,.]|\s+said\b)")
# Or the title of the person named before, with another country's: "Foreign Minister Johanna van der Linde and her
# Kelvari counterpart, Karim al-Mansour" is Kelvar's foreign minister.
_COUNTERPART = re.compile(rf"\b(?P<role>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+[A-Z][\w’'-]+\s+{_SURNAME}"
                          r"[^.;]{0,80}?"
                          rf"\b(?:his|her|their|its)\s+(?P<whose>[A-Z][\w’'-]+)\s+counterparts?,?\s+[A-Z][\w’'-]+\s+"
                          rf"(?P<surname>{_SURNAME})")
_TITLE_WORD = r"(?!(?:said|says|told|added)\b)[\w’'-]+"  # “…,” said the chair, X: "said" is not the title
_APPOSITION_COMMA = re.compile(rf"(?<![\w’'-])(?P<title>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,5}}),\s+"
                               rf"[A-Z][\w’'-]+\s+(?P<surname>{_SURNAME})(?=[,.]|\s+said\b)")
_SPEECH = re.compile(rf"\b({_SPEECH_VERBS}|according to|citing)\b", re.I)
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
# "Ekdahl also criticised the referee, Anton Brisk, …": Ekdahl speaks, not Brisk.
_ADVERB = r"(?:also|later|then|again|earlier|once|still|repeatedly|\w+ly)"
_NAMED_SPEAKER = re.compile(rf"[”\"],?\s+(?P<before>{_NAME})\s+(?:said|says|added|told|wrote)\b|"
                            rf"[,”\"]\s+(?:said|says|added)\s+"
                            rf"(?P<after>(?:[^,.;“”\"]{{1,60}},\s+)?(?:\w+\s+){{0,3}}?{_NAME})(?={_CLAUSE_END})|"
                            rf"\b(?P<described>(?:[^,.;“”\"]{{1,60}},\s+)?{_NOT_A_NAME}{_NAME},\s+[^,.;“”\"]{{3,120}}|"
                            rf"[^,.;“”\"]{{1,60}},\s+{_NOT_A_NAME}{_NAME}),\s+"
                            r"(?:said|says|added|told)\b|"
                            rf"\b{_NOT_A_NAME}(?P<subject>{_NAME})\s+(?:{_ADVERB}\s+)?(?:{_SPEECH_VERBS})\b|"
                            rf"\b(?:according to|citing)\s+(?P<source>{_SOURCE.pattern})")  # the source speaks, through them
# A bare title speaking: "The minister said …", “…,” the minister said.
_DEFINITE = re.compile(r"(?:^\s*The|[,”\"]\s+the)\s+(?P<title>(?:[\w’'-]+\s+){0,2}?[\w’'-]+)"
                       r"(?=\s+(?:said|says|added|told|urged|warned)\b)")
# “…,” she said. / She also warned … / But he acknowledged …
_CONTINUATION = re.compile(r"^\s*[“\"]|\b(he|she|they) (said|added|told|says|continued|noted)\b|^\s*(?:(?:But|And|Yet|"
                           r"However|Still|Later|Then|Instead),?\s+(?:he|she|they)|He|She|They)\b")
# "she described her method", "he once told an interviewer"
_PRONOUN_SPEAKS = re.compile(rf"\b(?:he|she)\s+(?:\w+\s+)?(?:{_SPEECH_VERBS})\b", re.I)
_CARRY = 3  # how many units back a "she said" may carry a speaker, each carrying on the one before
# An interview transcript: "Q: …" asks, "A: …" answers.
_INTERVIEW_QUESTION = re.compile(r"^\s*Q\s*:", re.M)
_INTERVIEW_ANSWER = re.compile(r"\s*A\s*:")
# Or unlabelled, under an introduction that says it is one: a paragraph that asks, then the paragraphs answering.
_ASKED_PARAGRAPH = re.compile(r"^[^\n“”\"]{3,200}\?[ \t]*$", re.M)
_INTERVIEW = re.compile(r"\binterview|\b(?:spoke|talked) to\b", re.I)
# A transcript's line starts with who speaks it: "LINDQVIST: …", "Sofia Lindqvist: …".
_LABEL = re.compile(r"\s*(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*:\s")
# A byline at the top ("By Henrik Aldous, Opinion columnist"): the writer, whose "I" is theirs.
_BYLINE = re.compile(r"\W*By\s+(?P<writer>[A-Z].*)")
_LINE = re.compile(r"[^\n]+")
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|my|me|myself)\b")


class Attribution:
    """What a question asks of its speaker; `read` finds them in each article."""

    def __init__(self, question: Question, lexical: LexicalIndex) -> None:
        self._q = question
        self._lexical = lexical
        speaker = question.speaker or ""
        speaker = _head_last(speaker) if question.speaker_by_title else speaker
        self.terms = self._weighted(speaker) if speaker else {}  # the speaker as asked
        # Whose title it is may go unsaid beside the name: "Brennholt's chief executive" is "Chief executive
        # Anselm Richter" in Brennholt's story.
        self._role = (self._weighted(_POSSESSIVE.sub(" ", f"{speaker} ")) or self.terms) if speaker else {}
        self._heads = set(lexical.terms(_HEADS))
        self._bodies = set(lexical.terms(_BODIES))

    def _weighted(self, text: str) -> dict[str, float]:
        return weighted_terms(self._lexical, text)

    def read(self, text: str, spans: Sequence[Span], texts: list[str], terms: list[set[str]]) -> Voices:
        """Who speaks in each unit of an article (`texts` and `terms` are its units' text and terms; a unit's text
        may lack the start of its span, a dateline)."""
        aliases = self._aliases(text)
        if aliases:  # no one to find, nothing to read (most questions ask for no speaker)
            text = _double_quoted(text)
            texts = [text[span.end - len(unit):span.end] for span, unit in zip(spans, texts, strict=True)]
        return Voices(self._lexical, text, spans, texts, terms, aliases)

    def _aliases(self, text: str) -> Aliases:
        """The speaker's term sets: the speaker as asked, plus the title and surname an apposition pairs with it
        ("Russian Foreign Minister Sergey Lavrov", "Chief executive Mira Castell") when the title holds the asked
        role's head ("the Iranian ambassador" is no Iranian President). A title is marked: it names the speaker only
        with a word beside its head, so "the foreign minister" is Lavrov, "Finance Minister" not; so is a speaker
        asked by a common noun: "Western officials" are not "Russian officials". Nor is a title that qualifies its
        head otherwise than the question does: "Norwegian Fisheries Minister Kari Holmen" is no Danish fisheries
        minister."""
        if not self._q.speaker or not self.terms:
            return []
        by_title = self._q.speaker_by_title
        aliases = [(self.terms, by_title)]
        *_, (last, weight) = self.terms.items()
        if not by_title and len(self.terms) > 1 and weight >= _RARE and _names_in_full(text, self._q.speaker):
            # News names a person in full once, then by surname alone ("Transport Minister Petter Haldane said";
            # “…,” Haldane said.), whichever of the names is the rarer word; not a company by a word of its name
            # ("Ardent Home").
            aliases.append(({last: weight}, False))
        *modifiers, head = self._role
        owner = [t for t in self.terms if t not in self._role]  # "Brennholt" of "Brennholt's"
        # Titles by how many of the asked title's words the story must complete: none where a title says all of it
        unsaid_by: dict[int, list[Aliases]] = {}
        short = _abbreviations(text)
        for match in appositions(text):
            # "general secretary of the KNF" is of the Keldorian Nursing Federation (KNF) the story named before
            full = re.sub(r"\b[A-Z]{2,6}\b", lambda m: short.get(m[0], m[0]), match.title)
            title, surname = self._weighted(_spelled_out(_head_last(full))), self._weighted(match.surname)
            # "Professor Johan Treval …, who was not involved in the study," is the outside expert asked for
            uninvolved = _UNINVOLVED.search(match.title) or _UNINVOLVED_AFTER.match(text, match.end)
            outsider = self._weighted(_OUTSIDER) if uninvolved else {}
            title |= outsider
            if not title or not surname:
                continue
            # "Van der Berg's deputy, Anouk Smit" is no title of van der Berg's
            if (head in outsider or head in self._lexical.terms(_POSSESSIVE.sub(" ", f"{_spelled_out(match.title)} "))
                    or (head in self._heads and _leads(match.title))):
                # Asked by a title: "the Orsted chief executive" is "Chief Executive Mads Nipper" in a story that
                # names Orsted; what the title leaves unsaid, the story must say.
                others = [t for t in title if t != head]
                unsaid = [m for m in (*modifiers, *owner) if _lacks(others, m)]
                # A boss asked for is whatever their title calls them ("Corvane's boss" is "Chief executive Liva
                # Sanderhof")
                lead = _LEADS.search(_head_last(full)) if head in self._heads else None
                said = set(self._weighted(lead[0])) if lead else set()
                if (not self._differs([*modifiers, *owner], [t for t in others if t not in said])
                        and all(_mentions(text, m) for m in unsaid)):
                    unsaid_by.setdefault(len(unsaid), []).append([(title, True), (surname, False)])
            # Asked by name: "Sergey Lavrov" is "Foreign Minister Sergei Lavrov"; a title is no surname.
            elif (not by_title and head in surname
                  and coverage(self._role, set(self._weighted(text[match.start:match.end]))) >= 0.5):
                unsaid_by.setdefault(0, []).append([(title, True), (surname, False)])
        # The story's titles closest to the asked one win: where it gives the title whole ("Ostria's transport
        # minister, Karel Dvornik"), a bare one is another country's ("Transport Minister Nils Aavik" in a story about
        # Varnland and Ostria); the nurses' union's head is the "general secretary of the Nursing Federation", not
        # "the association's director".
        return aliases + [alias for pair in (unsaid_by[min(unsaid_by)] if unsaid_by else []) for alias in pair]

    def _differs(self, asked: list[str], title: list[str]) -> bool:
        """Does a title name another role than the asked one (see `_contradicts`)? What kind of body it is may be
        said either way where the rest agrees: "the competition regulator" is the "Competition Authority", but "the
        union's president" is no president of Sarvonne."""
        core = [t for t in asked if t not in self._bodies], [t for t in title if t not in self._bodies]
        if any(not _lacks(core[1], t) for t in core[0]):
            return _contradicts(*core)
        return _contradicts(asked, title)


class Voices:
    """Who speaks in one article's units, for one question's speaker (none: no unit is theirs)."""

    def __init__(self, lexical: LexicalIndex, text: str, spans: Sequence[Span], texts: list[str],
                 terms: list[set[str]], aliases: Aliases) -> None:
        self._lexical = lexical
        self._text, self._spans, self._texts, self._terms = text, spans, texts, terms
        self._aliases = aliases
        self._names = set().union(*(alias.keys() for alias, _ in aliases))  # the terms of all the speaker's names
        self._opened = self._quotations() if aliases else []
        self._own = self._own_words()
        self._found: dict[int, tuple[float, float, float]] = {}

    def of(self, i: int) -> tuple[float, float, float]:
        """Is unit `i` the speaker's (named, carried on from them, or their own words); does it report their
        words; does it quote them directly?"""
        if not self._aliases:
            return 0.0, 0.0, 0.0
        if i not in self._found:
            self._found[i] = self._voice(i)
        return self._found[i]

    def _voice(self, i: int) -> tuple[float, float, float]:
        text = self._texts[i]
        named = self.names(text)
        another = self._speaks_for_another(text)
        opened = self._opened[i]  # inside a quotation opened in an earlier unit: whoever opened it speaks
        continued = i > 0 and not another and (
            bool(_CONTINUATION.search(text)) and self._carries_on(i) or self._refers_back(i)
            or opened is not None and self.of(opened)[1] > 0 or self._subject_speaks(i))
        theirs = i in self._own  # an interview answer or a column's "I": their words, as a quotation is
        speaker = float(named or continued or theirs)
        attributed = speaker * float(not another and (theirs or self._speech(text)))
        direct = attributed * float(theirs or bool(_DIRECT_QUOTE.search(text)))
        return speaker, attributed, direct

    def _carries_on(self, i: int) -> bool:
        """Does unit `i` (“…,” she added.) carry on from the speaker? The units before it carry on from a unit that
        names them, or where their title speaks (“…,” the foreign minister said.), within a few units: “…,” she
        said. / “But …,” she added. Not from one that gives its words to someone else ("Ekdahl criticised the
        referee, Anton Brisk, …" / “…,” she said.)."""
        for j in range(i - 1, max(i - 1 - _CARRY, -1), -1):
            if self._speaks_for_another(self._texts[j]):
                return False
            if self.names(self._texts[j]) or self._refers_back(j):
                return True
            if not _CONTINUATION.search(self._texts[j]):
                return False
        return False

    def _subject_speaks(self, i: int) -> bool:
        """Does unit `i` give words to "she" or "he" in a story whose headline names the speaker (a profile, an
        obituary: "In a rare interview in 2011, she described her method plainly: …"), with no one else given words
        since the speaker was last named?"""
        text, spans = self._texts[i], self._spans
        headline = len(spans) > 1 and "\n" in self._text[spans[0].end:spans[1].start]
        if (not headline or not self.names(self._texts[0]) or _CONTINUATION.search(text)  # "she said": carried on
                or not _PRONOUN_SPEAKS.search(text)):
            return False
        for j in range(i - 1, 0, -1):
            if self.names(self._texts[j]):
                return True
            if self._speaks_for_another(self._texts[j]) or _DEFINITE.search(self._texts[j]):
                return False
        return True

    def _quotations(self) -> list[int | None]:
        """For each unit, the earlier unit that opened a quotation still open where it starts, if any. A quotation
        runs on over a paragraph break when the next paragraph opens with a quotation mark and the last did not
        close it (a quote of several paragraphs); any other paragraph starts outside one."""
        opened: list[int | None] = []
        current: int | None = None
        for i, span in enumerate(self._spans):
            unit = self._text[span.start:span.end]
            if i and "\n" in self._text[self._spans[i - 1].end:span.start]:
                if current is not None and _OPENS.match(unit):
                    unit = unit.lstrip()[1:]  # the quotation's mark again, not a new one
                else:
                    current = None
            opened.append(current)
            for mark in _QUOTE_MARK.findall(unit):
                if mark in "“«" or (mark == '"' and current is None):
                    current = i if current is None else current
                else:
                    current = None
        return opened

    def continuation(self, i: int) -> Span | None:
        """The last unit that carries unit `i`'s quote on. The next unit does unless it gives its words to someone
        else; the speaker's own words run on to the end of their paragraph ("VARGA: No. We made an offer in March
        …"), but not into someone else's ("… put it better than I can. “They keep …”")."""
        spans = self._spans
        if i in self._own:  # the rest of their paragraph, as far as a quote may run
            last = i
            while (last + 1 in self._own and spans[last + 1].end - spans[i].start <= MAX_QUOTE_CHARS
                   and "\n" not in self._text[spans[last].end:spans[last + 1].start]):
                last += 1
            return spans[last] if last > i else None
        if (i + 1 < len(self._texts) and _CONTINUATION.search(self._texts[i + 1])
                and not self._speaks_for_another(self._texts[i + 1])):
            return spans[i + 1]
        return None

    def names(self, text: str) -> bool:
        """Does `text` name the speaker by some alias? An alias must keep its head, its last word, other than
        as a possessive: "Putin’s policy" is not Putin, but "Ostvik’s port director" is the Ostvik port director."""
        text = self._without_others(text)
        terms = set(self._lexical.terms(text))
        plain = set(self._lexical.terms(_POSSESSIVE.sub(" ", text)))
        for alias, title in self._aliases:
            *modifiers, head = alias
            keeps_modifier = not (title and modifiers) or bool(terms.intersection(modifiers))
            if coverage(alias, terms) >= 0.5 and head in plain and keeps_modifier:
                return True
        return False

    def _own_words(self) -> set[int]:
        """The units the article gives to the speaker though they do not name them: the lines of a transcript
        labelled with the speaker's name ("LINDQVIST: Our offer is fair."); the answers ("A: …", each to the next
        "Q: …", or each paragraph after one that only asks) of an interview whose introduction, above the first
        question, names the speaker; and the writer's own first-person sentences, outside any quotation, in an
        article whose byline names them."""
        if not self._aliases:
            return set()
        text, spans = self._text, self._spans
        words = {i for i, span in enumerate(spans)
                 if (label := _LABEL.match(text, _line_start(text, span))) and self.names(label["who"])}
        first_question = _INTERVIEW_QUESTION.search(text)
        asked = [m.start() for m in _ASKED_PARAGRAPH.finditer(text, text.find("\n") + 1)]  # not the headline
        if first_question and self.names(text[:first_question.start()]):
            words |= {i for i, span in enumerate(spans) if _INTERVIEW_ANSWER.match(text, _line_start(text, span))}
        elif len(asked) > 1 and _INTERVIEW.search(intro := text[:asked[0]]) and self.names(intro):
            words |= {i for i, span in enumerate(spans)
                      if span.start > asked[0] and _line_start(text, span) not in asked}
        top = islice((line[0] for line in _LINE.finditer(text) if line[0].strip()), 3)  # not the whole article
        byline = next((m for line in top if (m := _BYLINE.match(line))), None)
        if byline and self.names(byline["writer"]):
            words |= {i for i, span in enumerate(spans) if _FIRST_PERSON.search(unit := text[span.start:span.end])
                      and self._opened[i] is None and not _QUOTE_MARK.search(unit)}  # not someone they quote
        return words

    def _without_others(self, text: str) -> str:
        """`text` less the appositions that name someone other than the speaker: a title there is that person's
        ("Danish Fisheries Minister Jens Krag said …")."""
        chars = list(text)
        for m in appositions(text):  # by place, not by text: two may overlap ("Kelvar's Water Minister, Yusuf
            # Rahimi, who did not travel …")
            if not self._names.intersection(set(self._lexical.terms(text[m.start:m.end]))
                                            - set(self._lexical.terms(m.title))):
                chars[m.start:m.end] = " " * (m.end - m.start)
        return "".join(chars)

    def _refers_back(self, i: int) -> bool:
        """Does one of the speaker's titles speak in unit `i`, bare ("The minister said …", “…,” the minister said),
        qualified no otherwise than the title ("The Norwegian minister" is not the Danish one), where the last unit
        before it to name anyone by that title names the speaker (a bare title between refers back too: "The chief
        said …" twenty sentences on is still the fire chief named at the top)? Then that is the speaker again."""
        text = self._texts[i]
        if not (bare := _DEFINITE.search(text)) or not (terms := list(weighted_terms(self._lexical, bare["title"]))):
            return False
        *described, head = terms
        if not any(title and head == list(alias)[-1] and not _contradicts(list(alias)[:-1], described)
                   for alias, title in self._aliases):
            return False
        for j in range(i - 1, -1, -1):
            if head not in self._terms[j] or (_DEFINITE.search(self._texts[j]) and not self.names(self._texts[j])):
                continue
            return self.names(self._texts[j])
        return False

    def _speaks_for_another(self, text: str) -> bool:
        """Does the unit give its quotation by name to someone other than the speaker? (“…,” Renn said.)"""
        named = [bool(self._names.intersection(self._lexical.terms(next(g for g in m.groups() if g))))
                 for m in _NAMED_SPEAKER.finditer(text)]
        return bool(named) and not any(named)

    def _speech(self, text: str) -> bool:
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
                    or bool(source and self._names.intersection(self._lexical.terms(source[0]))))

        return any(theirs(m) for m in _SPEECH.finditer(text))


def _double_quoted(text: str) -> str:
    """`text` with the quotations of its paragraphs that quote in single marks marked double instead, character
    for character, so they are read as quotations are. One left open at its paragraph's end is a quotation of
    several paragraphs only if the next paragraph opens with a mark again."""
    chars = list(text)
    for paragraph in _LINE.finditer(text):
        if _QUOTE_MARK.search(paragraph[0]):  # double marks quote here; single ones are quotes inside quotes
            continue
        for m in _SINGLE_QUOTED.finditer(text, paragraph.start(), paragraph.end()):
            if m["close"]:
                chars[m.start()], chars[m.start("close")] = "“", "”"
            elif _REOPENS.match(text, paragraph.end()):
                chars[m.start()] = "“"
    return "".join(chars)


def _line_start(text: str, span: Span) -> int:
    return text.rfind("\n", 0, span.start) + 1


# What a title before a name says in words a question uses: "Justice Amara Lindqvist" is the judge.
_TITLES = {"justice": "judge", "dr": "doctor", "prof": "professor", "gov": "governor", "sen": "senator",
           "rep": "representative", "gen": "general", "col": "colonel", "lt": "lieutenant", "sgt": "sergeant",
           "det": "detective", "insp": "inspector", "supt": "superintendent", "cllr": "councillor"}
# A title that makes its holder the head of what they work for, as a question may call them: "chair of the Ilvaran
# Competition Authority" is the head of the competition authority, the port authority's boss; not its deputy chair.
_LEADS = re.compile(r"\b(?:chair(?:man|woman|person)?|president|(?:managing\s+|executive\s+)?director(?:-general)?|"
                    r"chief\s+executive|general\s+secretary|secretary-general|governor|leader|commissioner)$", re.I)
_HEADS = "head boss chief leader"  # what a question calls such a holder
_BODIES = ("regulator watchdog authority agency office body commission board bureau service union federation "
           "association")  # kinds of body
# A short form defined in brackets after its full form: "The Keldorian Nursing Federation (KNF)"
_DEFINED = re.compile(r"(?P<full>(?:[A-Z][\w’'-]*\s+(?:(?:of|and|for|the)\s+)*){1,8})\((?P<short>[A-Z]{2,6})\)")
_SECOND = re.compile(r"\b(?:deputy|vice|assistant|associate)\b", re.I)


class Apposition(NamedTuple):
    """A title paired with a name: "Foreign Minister Sergey Lavrov" between `start` and `end` of its text."""

    title: str  # "Foreign Minister"
    surname: str  # "Lavrov"
    start: int
    end: int


def _abbreviations(text: str) -> dict[str, str]:
    """The short forms a story defines, each with its full form: "the Keldorian Nursing Federation (KNF)"."""
    found: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        words = m["full"].split()
        for k in range(len(words)):  # the full form starts at the word whose initials the short form spells
            capitals = "".join(w[0] for w in words[k:] if w[0].isupper())
            if capitals == m["short"] and words[k][0].isupper():
                found[m["short"]] = " ".join(words[k:])
                break
    return found


@functools.lru_cache(maxsize=1024)  # an article's are read for every question that retrieves it
def appositions(text: str) -> tuple[Apposition, ...]:
    found = [Apposition(m["title"], m["surname"], m.start(), m.end())
             for pattern in (_APPOSITION, _APPOSITION_AFTER, _APPOSITION_COMMA, _APPOSITION_WHOSE)
             for m in pattern.finditer(text)]
    return (*found, *(Apposition(f"{m['whose']} {m['role']}", m["surname"], m.start("whose"), m.end())
                      for m in _COUNTERPART.finditer(text)))


def _head_last(title: str) -> str:
    """A title with its head as its last word, as the aliases read it: "medical director of Virelle Hospital" is
    "Virelle Hospital’s medical director"; "the former surgeon who led the audit" is a former surgeon."""
    title = _RELATIVE.sub("", title)
    return f"{of['owner']}’s {of['role']}" if (of := _OF.fullmatch(title)) else title


def _spelled_out(title: str) -> str:
    """A title with the word a question would use for its head: "Justice" before a name is a judge, "Dr." a
    doctor."""
    head = title.split()[-1].rstrip(".").lower() if title.split() else ""
    return f"{title} {_TITLES[head]}" if head in _TITLES else title


def _leads(title: str) -> bool:
    """Does `title` make its holder the head of what they work for ("chair of the Competition Authority")?"""
    return bool(_LEADS.search(_head_last(title))) and not _SECOND.search(title)


def _names_in_full(text: str, name: str) -> bool:
    """Does `text` give `name` whole, its words in order?"""
    return re.search(r"\b" + r"\s+".join(map(re.escape, name.split())) + r"\b", text, re.I) is not None


def _lacks(terms: Sequence[str], term: str) -> bool:
    """Is `term` missing from `terms`, its kin included ("Spanish" is "Spain's")?"""
    return not any(t[:3] == term[:3] for t in terms)


def _contradicts(asked: Sequence[str], title: Sequence[str]) -> bool:
    """Do an asked role's modifiers and a title's each hold a word the other lacks ("Danish" against "Norwegian")?"""
    return any(_lacks(title, t) for t in asked) and any(_lacks(asked, t) for t in title)


def _mentions(text: str, term: str) -> bool:
    """Does `text` name `term` (a stem), or its kin ("Russian" in a story about Russia)?"""
    return re.search(rf"\b{re.escape(term[:4])}", text, re.I) is not None
