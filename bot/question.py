"""What a question asks for: its expected answer type, and the speaker of a "what did X say" question."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from itertools import islice, takewhile

from bot.errors import QuestionError
from index.lexical import STOP_WORDS


class Request(Enum):
    FACT = "fact"  # a question the articles may answer: "Who signed the treaty?"
    GIST = "gist"  # what the articles, or those about a topic, are about: "Summarize the story about the tram"
    MENTIONS = "mentions"  # which articles name something: "Which articles mention Haldane?"


class AnswerType(Enum):
    PERSON = "person"
    DATE = "date"
    PLACE = "place"
    NAME = "name"
    NUMBER = "number"
    AMOUNT = "amount"
    REASON = "reason"
    OTHER = "other"


# What "how deep / long / often …" measures: a number in the measure's unit answers it best ("14 metres").
MEASURES = ("deep", "tall", "high", "far", "wide", "long", "old", "often", "fast", "heavy", "hot", "cold")
_WHO = r"who(?:m|se|['’]s)?\b"
_PREPOSITION = r"(?:to|for|with|by|from|of|about|against|in|under|during|at|on|after|before|upon|over|behind)"
# "What did the renovation cost?", "What will the new line cost the city?": a sum; not what a cost was put down to
# ("What did Kerry think cost him the race?") or a cost's kind ("What did the cost overruns mean?").
_WHAT_COST = re.compile(r"\bwhat (?:did|does|do|will|would|could|might|should)\s+"
                        r"(?!(?:\S+\s+){0,3}(?:think|say|said|believe)\b)(?:[\w’'-]+\s+){1,6}?cost\b"
                        r"(?!\s+(?:of|overruns?|savings?|increases?|estimates?)\b)", re.I)
_TYPE_RULES = [
    (re.compile(rf"\bhow much\b|\bwhat (percentage|proportion|fraction|amount|price|share)\b|"
                rf"{_WHAT_COST.pattern}", re.I), AnswerType.AMOUNT),
    # "What was the attendance / the death toll / the interest rate?": on SQuAD v1.1 train, 90% or more of the answers
    # to each such noun hold a number (capacity 12 of 17, length 20 of 24, weight 5 of 7: left out).
    (re.compile(rf"\bhow (many|big|large|{'|'.join(MEASURES)})\b|"
                r"\bwhat (?:was |is |were |are )?(?:the )?(?:\w+ )?(number|score|speed|size|temperature|population|"
                r"distance|age|total|attendance|turnout|height|margin|rate|(?:life)?span|toll)\b", re.I),
     AnswerType.NUMBER),
    # "When …?", "… and when?", "since when", not "What happens when …?"
    (re.compile(r"^\W*(?:(?:and|so|but|then)\s+)?when\b|\b(?:since|until|till|from) when\b|\bwhen\W*$|"
                r"\bwhat (year|day|date|time|month|decade|century)\b|\bwhich (year|day|month)\b", re.I),
     AnswerType.DATE),
    # "Who …?", "And who …?", "To whom …?", "… signed by whom?", "… know who …?", "In the US, who …?", "the name of
    # the player who …"; not a relative "who" after a noun ("Where did the residents who had to leave sleep?" asks
    # where).
    (re.compile(rf"^\W*(?:(?:and|so|but|then|or)\s+)?(?:{_PREPOSITION}\s+)?{_WHO}|\b{_PREPOSITION}\s+{_WHO}|"
                rf"{_WHO}\W*$|\b(?:know|say|said|says|tell|told|find out|ask|asked|wonder|reveal|identify|confirm)\s+"
                rf"(?:me\s+|us\s+)?who\b|,\s*{_WHO}|\bnames? (?:of )?(?:the|a|an|one) [^?]{{0,40}}?\bwho\b", re.I),
     AnswerType.PERSON),
    (re.compile(r"\bwhere\b|\bwhat (city|country|place|region|state)\b|\bwhich (city|country|region)\b", re.I),
     AnswerType.PLACE),
    (re.compile(r"\bwhy\b|\bwhat (caused|led)\b", re.I), AnswerType.REASON),
    (re.compile(r"\b(is|are|was|were) (it|they|that|this|the \w+( \w+){0,3}) (called|named|known as)\b|"
                r"\bwhat(?: is|'s| was) the (name|title)\b", re.I), AnswerType.NAME),
]

SPEECH_VERBS = ("say", "said", "says", "think", "thinks", "thought", "warn", "warned", "warns", "call", "called",
                "calls", "tell", "told", "tells", "claim", "claimed", "claims", "announce", "announced", "argue",
                "argued", "mean", "meant", "state", "stated", "add", "added", "write", "wrote", "promise",
                "promised", "believe", "believes", "believed", "predict", "predicted", "describe", "described",
                "comment", "commented", "respond", "responded", "react", "reacted", "hail", "hailed", "note",
                "noted", "insist", "insisted", "suggest", "suggested", "explain", "explained", "vow", "vowed",
                "feel", "felt", "admit", "admitted", "deny", "denied", "criticize", "criticized", "praise",
                "praised", "urge", "urged", "report", "reported", "reports", "blamed", "blames", "criticise",
                "criticised", "criticises", "criticizes", "welcomed", "welcomes", "accused", "accuses", "conceded",
                "concedes", "acknowledged", "acknowledges", "stressed", "stresses", "replied", "tweeted")
_VERBS = "|".join(SPEECH_VERBS)
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# The lower-case particles of a surname: "Marta de la Cruz", "Pieter van Dam", "Ursula von der Leyen".
PARTICLES = r"(?:(?:de|del|della|der|di|da|do|dos|das|du|van|von|den|ter|le|la|al|el|bin|ibn)\s+)*"
NAME_RUN = re.compile(rf"[A-Z][\w’'-]+(?:\s+{PARTICLES}[A-Z][\w’'-]+){{1,6}}")  # "Foreign Minister Sergey Lavrov"
# A word of speech after a determiner is a noun: "What did the report say?" asks what the report said.
_NOT_A_NOUN = "".join(rf"(?<!\b{d})" for d in ("the", "a", "an", "this", "that", "its", "his", "her", "their", "our"))
# "Did anyone call the police?", "Does every state have …?": no one in particular is asked about.
_INDEFINITE = (r"(?:anyone|anybody|someone|somebody|everyone|everybody|no one|nobody|you|we|i|every|all|many|some|"
               r"any|each|most|few)")
_SPEAKER = [
    re.compile(rf"^\s*what (?:did|does|do|has|have|had|will|would) (?P<who>.+?){_NOT_A_NOUN} (?:{_VERBS})\b"
               r"(?P<rest>.*)$", re.I),
    # Or asked whether they said it: "Does Vinter think it would work elsewhere?", "Did Lavrov comment on the treaty?"
    # ("Did the union say when the ballot closes?" asks when it closes.)
    re.compile(rf"^\s*(?:did|does|do) (?!{_INDEFINITE}\b)(?P<who>(?:\S+ ){{0,3}}?\S+?){_NOT_A_NOUN} (?:{_VERBS})\b"
               r"(?!\s+(?:when|where|why|how|what|who|which|whether|if)\b)(?P<rest>.*)$", re.I),
    re.compile(r"^\s*how (?:did|does|do|has|have|will|would) (?P<who>.+?) (?:describe|call|characteri[sz]e|explain|"
               r"justify|defend|sum up|assess)\b(?P<rest>.*)$", re.I),
    re.compile(r"^\s*what (?:did|does|do|will|would) (?P<who>.+?) make of\b(?P<rest>.*)$", re.I),
    # What they expect is what they said they expect: "When does he think people can go home?" (not "When did she
    # say it?": when she spoke)
    re.compile(r"^\s*(?:when|how (?:long|soon)) (?:did|does|do|will|would) (?P<who>.+?) (?:think|expect|"
               r"believe|predict|hope|estimate|reckon|forecast)\b(?P<rest>.*)$", re.I),
    re.compile(r"^\s*what (?:is|was|are|were) (?P<who>.+?)['’]s? (?:view|position|reaction|response|comment|"
               r"statement|message|stance|opinion)s?\b(?P<rest>.*)$", re.I),
    # What a person fears is what they said they fear: "What worries the hospital's head of emergency medicine most?"
    re.compile(r"^\s*what (?:worries|worried|concerns|concerned|troubles|troubled|frightens|frightened|angers|"
               r"angered|bothers|bothered) (?!(?:is|are|was|were|has|have|had|do|does|did)\b)(?P<who>.+?)"
               r"(?:\s+(?:the\s+)?most)?(?P<rest>(?:\s+about\b.*)?)[\s?.!]*$",
               re.I),
]
# "According to the analyst, what is the bigger question?": a person named or by a title, not "officials" nor an
# organisation's initials ("According to the AAA, what is the percentage of …?" cites its figures). A question of a
# type stays a fact question, whoever's figures it cites ("How many seats did it win, according to the near-final
# results?").
_CITED = r"(?!(?:the\s+)?(?-i:[A-Z]{2,})\b)(?:the\s+|(?-i:[A-Z]))"
_ACCORDING = [re.compile(rf"^\s*according to (?P<who>{_CITED}[^,]+?),\s*(?P<rest>.+)$", re.I),
              re.compile(rf"^(?P<rest>.+?),?\s+according to (?P<who>{_CITED}[^,?]+?)[\s?.!]*$", re.I)]
# A follow-up's opening word joins it to the conversation; the question starts after it: "And what did their
# president warn?"
_OPENING = re.compile(r"^\s*(?:and|but|so|also|then|ok(?:ay)?|well)\b[\s,]+", re.I)
# "At the Hallinsk talks, what did Stroud say …?": a setting put first is when they spoke.
_SETTING_FIRST = re.compile(r"^\s*(?P<setting>(?:at|in|during|after|before|on)\s+[^,?]{2,60}),\s*(?P<rest>.+)$", re.I)
# "What does the central bank now think …": when, not who.
_WHEN_SPOKEN = re.compile(r"\s+(?:now|still|also|then|first|later|ever|again|really|actually)$", re.I)
_TOPIC_LEAD = re.compile(r"^\s*(?:about|on|of|regarding|concerning|to)\b", re.I)
# "What did she say after the match?": when they spoke, not what about; the quote need not name the match (but "…
# say happens when you cap rents" asks what happens). It runs up to a topic, if one follows: "… last week about the
# budget".
_OCCASION = re.compile(rf"\b(?:after|before|during|(?<!happens )(?<!happen )(?<!happened )when|while|until|"
                       rf"at the (?:end|start) of|yesterday|today|"
                       rf"last (?:week|month|year|night)|this (?:week|month|year|morning|afternoon|evening)|"
                       rf"on (?:{WEEKDAYS}))\b.*?(?=\s+(?:about|regarding|concerning)\b|$)", re.I)
# What something costs: words that ask for a sum.
_PRICE_WORDS = ("cost", "costs", "costing", "price", "priced", "fee", "fees", "charge", "charges", "charged", "fare",
                "fares", "toll", "tolls")
# A money question asks for a sum, unless it asks how much one changed ("How much did fares rise?"): a share
# answers that. On SQuAD v1.1 train, 6 of the 420 money questions are answered by a share and ask no change
# ("How much revenue does mining provide Namibia?" "25%").
_CHANGE = re.compile(r"\b(?:rise|rises|rose|risen|fall|falls|fell|fallen|increase[ds]?|decrease[ds]?|drop|drops|"
                     r"dropped|grow|grows|grew|grown|cut|cuts|climb(?:ed|s)?|jump(?:ed|s)?|decline[ds]?|gain(?:ed|s)?|"
                     r"lose|loses|lost|raise[ds]?|hike[ds]?|change[ds]?|up|down)\b", re.I)
_HOW_MANY = re.compile(r"\bhow many\s+(.*)", re.I)
# "Which firm audited …?", "Which two carmakers …?", "In which countries …?", "Which two members voted against?": a
# name answers it ("KPMG"), not the kind ("two Asian carmakers, which she declined to name"; "two voted against").
_WHICH_NAMED = re.compile(r"^\W*(?:(?:in|for|from|to|at|by|with|of)\s+)?which\s+(?:[\w’'-]+\s+){0,2}?"
                          r"(?:compan(?:y|ies)|firms?|manufacturers?|makers?|carmakers?|suppliers?|contractors?|"
                          r"chains?|retailers?|banks?|insurers?|airlines?|shipping lines?|clubs?|teams?|part(?:y|ies)|"
                          r"countr(?:y|ies)|cit(?:y|ies)|universit(?:y|ies)|newspapers?|broadcasters?|brands?|"
                          r"agenc(?:y|ies)|groups?|members?|officials?|judges?|ministers?|players?|directors?|"
                          r"executives?|MPs?|lawmakers?|politicians?|candidates?)\b", re.I)
# What is named after "in" answers "Which country …?" or "Which newspaper …?" ("in The Times"); not "Which chains
# sell it?" ("sold in Ardrin and Kessel Bay" says where). On SQuAD v1.1 train, 8 of the 538 answers to other
# "which" questions of `_WHICH_NAMED` follow "in", "near", "across", "outside" or "throughout", 6 of them newspapers.
_WHICH_IN = re.compile(r"\bwhich\s+(?:[\w’'-]+\s+){0,2}?(?:countr(?:y|ies)|cit(?:y|ies)|newspapers?)\b", re.I)
# The asker's present ("What does the job involve these days?"): an article says it in the present tense, not in
# these words, so they are no words of the question to find in it.
NOW = re.compile(r"\b(?:these days|nowadays|currently|at the moment|at present|right now|presently)\b", re.I)
# A measure asked for: "How deep was the water?" wants a depth ("14 metres"), not any number ("in 2019").
_MEASURE = re.compile(rf"\bhow ({'|'.join(MEASURES)})\b", re.I)
# "How long did the strike last?", "How long does the company have to appeal?" ask for a time; "How long is the
# tunnel?", "How long will the tunnel be?" for a length or a time. On SQuAD v1.1 train, 213 answers to "how long" and
# a verb's auxiliary (not "… be?") give a time, 2 a length.
_HOW_LONG_TIME = re.compile(r"\bhow long (?:does|do|did|will|would|has|have|had|can|could|should|must|might|may)\b"
                            r"(?![^?]*\bbe\b)", re.I)
# "What was the final score?" asks for a result ("88-81"). On SQuAD v1.1 train, all 7 answers to a "score" asked
# so (not "the SAT score", "the walk score") read so.
_SCORE = re.compile(r"\bwhat (?:is|was|were|are) the (?:final |winning |half-?time |full-?time )?score\b", re.I)
# "On what date …?", "Which day …?" ask for a date, where "when" may be answered by an event ("after the vote").
_WHAT_DATE = re.compile(r"\b(?:what|which) (?:date|day)s?\b(?! back)", re.I)
# A year the question names ("in 1987", "the 2004-2005 season"), not part of a longer figure ("1,987", "2022.5").
YEAR = re.compile(r"(?<![\w.,])(?:1[0-9]{3}|20[0-9]{2})(?![\w.,]*\d)")
# A month it names ("inflation in the year to December"); not "May", a verb as often.
MONTH = re.compile(rf"\b(?!May\b)(?:{MONTHS})\b")
# The words that ask for a sum of money: a sum answers them, named or not ("set aside 45 million dollars" says
# what it will cost).
_MONEY_WORDS = (*_PRICE_WORDS, "pay", "paid", "pays", "spend", "spent", "spends", "earn", "earned", "earns", "raise",
                "raised", "fine", "fined", "worth", "owe", "owed", "owes", "sell", "sold", "budget", "revenue",
                "revenues", "profit", "salary", "wage", "wages", "funding", "money", "invest", "invested", "donate",
                "donated", "loan", "lent", "borrow", "borrowed", "income", "tax", "taxes", "compensation", "damages",
                "bail", "ransom", "bonus", "subsidy", "grant", "award", "awarded", "bill", "earnings", "turnover",
                "cash")
# "How much did the repairs cost?": a sum of money, not a share ("how much of") or a comparison ("how much more
# …", "… compared to …").
_HOW_MUCH_MONEY = re.compile(
    r"\bhow much\b(?!\s+(?:time|of|longer|more|less|faster|further)\b)(?!.*\b(?:compared|comparison|than)\b).*"
    rf"\b(?:{'|'.join(_MONEY_WORDS)})\b", re.I)
# How investors took something: "How did investors react to the recall?", "What happened to Krona's shares?", "How
# did the e-scooter firm's stock do …?", "How did the national currency move …?"; a share price or a currency moving
# answers it ("Shares in Halvik fell 8 percent", "The sovel rose 0.6 percent"), in words the question need not share.
_OWNER = r"(?:(?:the|its|their)\s+)?(?:[\w’'-]+\s+){0,2}?(?:[\w’'-]+['’]s?\s+)?"
_MARKET = re.compile(rf"\bhow did {_OWNER}(?:stock |financial |national |local )?(?:investors?|markets?|shares|stocks?|"
                     r"share price|shareholders|traders|wall street|currency|exchange rate) (?:react|respond|take|"
                     r"greet|receive|view|welcome|perform|do|fare|move|end up|close|finish)\b|"
                     rf"\bwhat happened to {_OWNER}(?:shares?|stocks?|share price|currency|exchange rate)\b", re.I)
_MARKET_WORDS = ("investor", "investors", "market", "markets", "stock", "stocks", "share", "shares", "shareholders",
                "traders", "react", "reacted", "respond", "responded", "take", "took", "greet", "greeted", "receive",
                "received", "happened", "currency", "exchange", "move", "moved")
# A sum itself: "What was the price of …?", "What was Solenne Air's net profit in the third quarter?"; a share
# ("a 31 percent rise in profit") does not say what it was.
_SUM_ASKED = re.compile(
    r"\bwhat (?:is|was|were|are|will be|would be) (?:the|its|their|his|her|[\w’'-]+(?: (?-i:[A-Z])[\w’'-]+)*"
    r"(?:['’]s|s['’])) (?:(?:net|total|annual|gross|operating|average|estimated|quarterly|yearly|monthly|full-year|"
    r"pre-tax|underlying|basic|base|starting|median|final|overall|tax|fiscal) )*(?:cost|price|budget|fee|salary|"
    r"revenues?|profit|fine|bill|earnings|income|turnover|wages?|pay)(?=\s*\??$|\s+(?:in|for|of|to|last|this|next|"
    r"per)\b)", re.I)
# Requests about the articles rather than for a fact in them, asked as requests ("Summarize …", "Give me the key
# points", "tl;dr", "What is this article about?"), not as questions that name a summary ("What did the summary
# say?"). Their topic is what is left once the request's own words are gone ("the tram").
_GIST = r"(?:summary|overview|gist|recap|rundown|(?:main|key) (?:points?|facts?|takeaways?)|takeaways?)"
_IS = r"(?:['’]s|\s+is|\s+are|\s+was|\s+were)"
_GIST_REQUEST = re.compile(
    rf"^\W*(?:(?:please|can you|could you|would you)\s+)?(?:summar(?:ise|ize|y)|recap|overview|gist|tl;?dr|"
    rf"(?:give|tell|show) (?:me|us) (?:an? |the )?{_GIST})\b|"
    rf"^\W*what{_IS}\s+(?:the\s+)?{_GIST}\b|^\W*{_GIST}\W*$|"
    rf"^\W*what{_IS}\s+(?:this|that|the|these|those)\s+(?:\w+\s+)?(?:article|story|stories|piece|report|news)s?\s+"
    r"(?:about|on)\b|"
    # "What's the latest on the Korvik plant?", "What's new?", "Any news about the strike?"
    r"^\W*(?:what(?:['’]s|\s+is|\s+are)\s+(?:new|the latest(?: news)?|the news|happening)|(?:any|the latest) news)\b"
    r"(?=\W*$|\s+(?:on|with|about|in|from)\b)",
    re.I)
# "Which articles mention Haldane?", "Find stories about the strike", "Is Haldane mentioned anywhere?"
_MENTIONS = re.compile(
    r"^\W*(?:which|what) (?:articles?|stories|story|pieces?|reports?)\s+(?:\w+\s+)?(?:mention|name|cover|quote|"
    r"discuss|talk about|refer to|(?:are|is) about)s?\b|"
    r"^\W*(?:(?:please|can you|could you)\s+)?(?:find|list|show|search)(?: me)?(?: for)? (?:the |all |any )?"
    r"(?:articles?|stories|pieces?|reports?)\s+(?:about|on|mentioning|naming|covering|that mention)\b|"
    r"^\W*(?:is|are|was|were)\b(?=.+\bmentioned\b)", re.I)
_REQUEST_WORDS = frozenset("summary summaries summarise summarize summarised summarized summarising summarizing "
                           "overview gist tl dr tldr recap main key point points fact facts takeaway takeaways give "
                           "tell show brief briefly short quick article articles story stories piece pieces report "
                           "reports news text document mention mentions mentioned mentioning name names naming cover "
                           "covers covering quote quotes discuss discusses talk talks refer refers find list "
                           "search anywhere new latest happening".split())
# "How long was the line shut, and when will it reopen?", "When does it open? What does it cost?": two questions.
MAX_PARTS = 3  # each part is answered on its own; a pasted list of questions is read whole
_NEXT_QUESTION = re.compile(r"(?<=\?)\s+(?=\S)|"
                            r",?\s+(?:and|but)\s+(?=(?:who|whom|whose|what|when|where|why|which|how)\s)", re.I)
# Several people, each named (ending in a capitalised word) or by a title: "Lavrov, Putin and the Iranian president".
_SPEAKER_LIST = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_ONE_PERSON = re.compile(r"(?i:the)\s+.+|.*\b[A-Z][\w’'-]*")
_QUESTION_START = re.compile(r"(?:who|whom|whose|what|when|where|why|which|how|is|are|was|were|do|does|did|can|"
                             r"could|will|would|should|has|have|had)\b", re.I)


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    answer_type: AnswerType
    speaker: str | None  # "Lavrov" in "What did Lavrov say about the treaty?"
    topic: str | None  # "the treaty" in the same; what a gist or mentions request is about
    occasion: str | None = None  # "after the match" in "What did she say after the match?"
    counted: str | None = None  # "members" in "How many members of the committee voted for a cut?"
    money: bool = False  # asks for a sum of money: "How much will the repairs cost?"
    market: bool = False  # asks how investors took something: "How did the stock market react to the deal?"
    which_named: bool = False  # asks which company, team, country or members: "Which firm audited the accounts?"
    named_in: bool = False  # asks which country, city or newspaper: what follows "in" may name it ("in The Times")
    sum_only: bool = False  # asks for a sum, not how much one changed: a share ("profit fell 18 percent") does not say
    measure: str | None = None  # "deep" in "How deep was the water where the divers found it?"; "time" in "How long
    # did the strike last?"
    years: tuple[str, ...] = ()  # "1987" in "How much did it cost to build the viaduct in 1987?"
    months: tuple[str, ...] = ()  # "December" in "What was inflation in the year to December?"
    date_asked: bool = False  # asks for a date by name: "On what date does the strike start?"
    request: Request = Request.FACT  # a gist or mentions request is about `topic`, if it names one

    @property
    def asking_words(self) -> tuple[str, ...]:
        """The words that ask for what a sure sign answers: "cost" for a sum, "react" for a share price moving."""
        return (_MONEY_WORDS if self.money else ()) + (_MARKET_WORDS if self.market else ())

    @property
    def speaker_by_title(self) -> bool:
        """Is the speaker asked by a title ("the water minister", "the medical director of Virelle Hospital"), not
        by name ("Rahimi")?"""
        words = (self.speaker or "").split()
        return bool(words) and (words[-1][:1].islower() or words[0][:1].islower())


def validate(question: object, *, max_chars: int) -> str:
    """The question stripped, or a `QuestionError` saying what is wrong with it."""
    if not isinstance(question, str):
        raise QuestionError(f"a question must be text, got {type(question).__name__}")
    text = question.strip()
    if not text:
        raise QuestionError("the question is empty; type a question about the articles")
    if len(text) > max_chars:
        raise QuestionError(f"the question is {len(text):,} characters long; the limit is {max_chars:,} "
                            "(VERBATIM_MAX_QUESTION_CHARS); ask something shorter")
    if "\x00" in text:
        raise QuestionError("the question contains binary data (NUL characters); send plain text")
    return text


def parts(question: Question) -> list[str]:
    """The questions asked, each on its own: a second one starts after a question mark or with "and" plus a
    question word. At most `MAX_PARTS`, each reading as a question of three words or more ("Who won and how?"
    stays whole, so does "Goldenson proposed a merger with UPT and what network?"), and a "what did X say"
    question stays whole: its "and" joins topics. But one about several people asks each what they said ("What did
    Lavrov and Putin say?"); "Iranian and Russian officials" are one speaker."""
    text = question.text
    speaker = question.speaker or ""
    start = text.find(speaker)
    if the := re.search(r"\bthe\s+$", text[:start], re.I):  # "the mayor and the governor": the first is "the mayor"
        start, speaker = the.start(), text[the.start():start + len(speaker)]
    people = _SPEAKER_LIST.split(speaker)  # a list ends "… and X"; "Smith, the chief executive" is one person
    if (" and " in speaker and 2 <= len(set(people)) == len(people) <= MAX_PARTS
            and all(_ONE_PERSON.fullmatch(p) for p in people)):
        return [text[:start] + person + text[start + len(speaker):] for person in people]
    pieces = [p.strip() for p in _NEXT_QUESTION.split(text) if p.strip()]
    if (question.speaker or not 2 <= len(pieces) <= MAX_PARTS
            or any(len(p.split()) < 3 or not _QUESTION_START.match(p) for p in pieces)):
        return [text]
    return [p[0].upper() + p[1:].rstrip(" ,;") + ("" if p.endswith("?") else "?") for p in pieces]


def analyse(text: str) -> Question:
    for pattern, request in ((_MENTIONS, Request.MENTIONS), (_GIST_REQUEST, Request.GIST)):
        if pattern.search(text):
            words = re.findall(r"[\w’'-]+", pattern.sub(" ", text))
            topic = " ".join(w for w in words if w.lower() not in STOP_WORDS | _REQUEST_WORDS)
            return Question(text, AnswerType.OTHER, None, topic or None, request=request)
    answer_type = asked_type(text)
    body = _OPENING.sub("", text)
    setting = _SETTING_FIRST.match(body)
    for pattern in _SPEAKER + (_ACCORDING if answer_type is AnswerType.OTHER else []):
        if match := pattern.match(setting["rest"] if setting else body):
            who = re.sub(r"^(the|a|an)\s+", "", match["who"].strip(" ?"), flags=re.I)
            who = _WHEN_SPOKEN.sub("", who)
            rest = match["rest"].strip(" ?.!")
            occasion = _OCCASION.search(rest)
            if occasion:
                rest = (rest[:occasion.start()] + rest[occasion.end():]).strip()
            topic = _TOPIC_LEAD.sub("", rest).strip()
            spoken = " ".join(o for o in (setting and setting["setting"], occasion and occasion[0]) if o)
            return Question(text, AnswerType.OTHER, who or None, topic or None, spoken or None)
    sum_asked = bool(_SUM_ASKED.search(text))
    return Question(text, answer_type, None, None, counted=_counted(text), years=tuple(YEAR.findall(text)),
                    months=tuple(MONTH.findall(text)), date_asked=bool(_WHAT_DATE.search(text)),
                    measure=_measure(text),
                    money=sum_asked or bool(_HOW_MUCH_MONEY.search(text) or _WHAT_COST.search(text)),
                    sum_only=sum_asked or not _CHANGE.search(text),
                    market=bool(_MARKET.search(text)), which_named=bool(_WHICH_NAMED.search(text)),
                    named_in=bool(_WHICH_IN.search(text)))


def asked_type(text: str) -> AnswerType:
    """What kind of answer `text` asks for, by its words alone ("what royalty rate it would pay": a number)."""
    return next((t for pattern, t in _TYPE_RULES if pattern.search(text)), AnswerType.OTHER)


def _measure(text: str) -> str | None:
    """What "how deep / long / often …" measures: "deep", or "time" for a "how long" that asks how long it takes, or
    "score" for a game's result."""
    if _HOW_LONG_TIME.search(text):
        return "time"
    if _SCORE.search(text):
        return "score"
    return m[1].lower() if (m := _MEASURE.search(text)) else None


def _counted(text: str) -> str | None:
    """What "how many" counts: up to three words before the first stop word ("members" in "How many members of
    the committee …", "container ships" in "… how many container ships are waiting?")."""
    if not (match := _HOW_MANY.search(text)):
        return None
    words = takewhile(lambda w: w.lower() not in STOP_WORDS, re.findall(r"[\w’'-]+", match[1]))
    return " ".join(islice(words, 3)) or None
