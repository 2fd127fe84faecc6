"""Follow-ups: a question that leans on earlier turns ("When did he say it?") borrows their words and speaker."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.errors import QuestionError
from bot.question import NAME_RUN, SPEECH_VERBS, AnswerType, Question, analyse

_PRONOUN = re.compile(r"\b(he|she|they|him|her|them|his|hers|their|it|its|this|that|these|those|there|"
                      r"the same|the deal|the agreement|the plan|the company|the group)\b", re.I)
# A name or number of its own ("Who won on Saturday?", "the 2024 budget") lets a question stand alone.
_OWN_SUBJECT = re.compile(r"(?<=\s)[A-Z]|\d")
_PERSONAL = re.compile(r"^(he|she|they|him|her|them)$", re.I)
_MARKER = re.compile(r"\s*\[\d+\]")
_THIRD_PERSON = re.compile(r"\b(he|she|they)\b", re.I)
_SPEECH = re.compile(rf"\b(?:{'|'.join(SPEECH_VERBS)})\b", re.I)
# "Who is Henrik Aldous?": a question about a person it names.
_WHO_IS = re.compile(r"\W*(?i:who)(?:['’]s|\s+is|\s+was)\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\W*$")
# A question whose subject is "he" or "she" and that names nothing else ("When did he say it?", "How much did she
# pay?") needs an earlier turn to say who that is; alone, it would be answered from whichever "he said" sentence
# ranks first. One that names something ("When was he elected by Nixon?") can still find its story.
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:what|when|where|why|how|who|whom)(?:\s+\w+)?\s+(?:did|does|do|has|have|had|is|"
                              r"was|were|are|will|would|can|could|should)\s+(?P<pronoun>he|she)\b", re.I)
Message = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Resolved:
    """The question as asked, plus the earlier turns' text it depends on (empty when it stands alone)."""

    question: Question
    context: str
    earlier_question: str = ""  # the user's question that `context` starts with
    dangling: str | None = None  # "he" in "When did he say it?" asked with no earlier turn to say who

    @property
    def search_text(self) -> str:
        return f"{self.question.text} {self.context}".strip()

    @property
    def reading_text(self) -> str:
        """What the cross-encoder reads as the question: the question, then the one it follows up."""
        return f"{self.question.text} {self.earlier_question}".strip()


def normalise_history(history: Sequence[Message | str] | None) -> list[Message]:
    """OpenAI-style messages; plain strings are earlier user questions."""
    messages: list[Message] = []
    for turn in history or ():
        if isinstance(turn, str):
            messages.append({"role": "user", "content": turn})
        elif isinstance(turn, dict) and turn.get("role") in ("user", "assistant") and isinstance(turn.get("content"), str):
            messages.append({"role": turn["role"], "content": turn["content"]})
        else:
            raise QuestionError('history must be a list of {"role": "user" | "assistant", "content": "..."} '
                                f"messages, got {turn!r:.80}")
    return messages


def resolve(question: Question, history: Sequence[Message]) -> Resolved:
    """Attach the latest earlier turn to a question that refers back to it, by a pronoun ("When did he say
    it?") or by naming nothing of its own ("What are the opening hours?")."""
    asked = [k for k, m in enumerate(history) if m["role"] == "user"]
    last_user = history[asked[-1]]["content"] if asked else None
    if last_user is None:
        subject = _PRONOUN_SUBJECT.match(question.text)
        return Resolved(question, "", dangling=subject["pronoun"] if subject and not _OWN_SUBJECT.search(
            question.text) else None)
    if not (_PRONOUN.search(question.text) or not _OWN_SUBJECT.search(question.text)):
        return Resolved(question, "")
    last_answer = next((m["content"] for m in reversed(history) if m["role"] == "assistant"), "")
    earlier = analyse(last_user)
    speaker = question.speaker
    asks_their_words = bool(speaker and _PERSONAL.match(speaker))  # "What did she say?"
    # "When did he say it?" asks about the earlier speaker's words; "How long has she had her stall?" about her.
    about_their_words = bool(_THIRD_PERSON.search(question.text) and _SPEECH.search(question.text))
    if asks_their_words or (speaker is None and about_their_words):
        # The turn before may lean on its own earlier turn: "Who is the housing minister?", "What did she say about
        # renting?", "What did she say the government would set up?" asks the minister too.
        earlier = resolve(earlier, history[:asked[-1]]).question
        speaker = earlier.speaker
        if speaker is None and asks_their_words and earlier.answer_type is AnswerType.PERSON:
            # "Who manages Rovers?" … "What did she say?"; or "Who is Henrik Aldous?" … "What does he think?"
            speaker = _person_answered(last_user, last_answer) or _person_asked(last_user)
    context = f"{last_user} {_MARKER.sub('', last_answer)}".strip()
    return Resolved(replace(question, speaker=speaker), context[:1000], last_user)


def _person_asked(question: str) -> str | None:
    """The person a "who is" question names: "Henrik Aldous" in "Who is Henrik Aldous?"."""
    match = _WHO_IS.match(question)
    return match["name"] if match else None


def _person_answered(question: str, answer: str) -> str | None:
    """The first name in the answer to a "who" question that the question did not say itself: in
    “Rovers manager Ilse Marchetti, who took over …” that is "Ilse Marchetti". The sentence that repeats most of
    the question is searched first: a quote may open with a neighbouring sentence about someone else; and in it, a
    name beside the asked title first ("Governor Ilse Marthen", not the wire agency in "HALVIK, May 4 (Meridian
    News) -")."""
    asked = {w.lower() for w in re.findall(r"\w+", question)}

    def shared(text: str) -> int:
        return len(asked & {w.lower() for w in re.findall(r"\w+", text)})

    sentences = re.split(r"(?<=[.!?”])\s+", answer)
    for sentence in sorted(sentences, key=lambda s: -shared(s)):
        for run in sorted(NAME_RUN.findall(sentence), key=lambda r: not shared(r)):  # beside the title first
            words = [w for w in re.sub(r"^(The|A|An)\s+", "", run).split() if w.lower() not in asked]
            if len(words) >= 2:
                return " ".join(words)
    return None
