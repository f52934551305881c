"""Main-text extraction for crawled news pages: keep the article, drop the site around it.

:func:`main_text` works on pages saved as plain text, one line at a time. A line is dropped when it is
page furniture: a navigation menu or ticker (a run of short lines without sentence punctuation), a
boilerplate notice (cookies, subscriptions, donation appeals, copyright), an author/date/photo-credit
line, a "Read also / Most read / Related" heading together with the list of other headlines under it,
or a repeat of an earlier line. A comment section at the end of a page goes too, and so does a
comment with a "Reply" line under it after the article. A line that reads as prose (several sentences, or a
long line) is never dropped except for an unmistakable notice (cookies, subscriptions, donations, copyright), so clean
text passes through unchanged.

HTML pages are first reduced to their text by :func:`scoring.html_text.extract_article` (trafilatura).
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

# --- what a line looks like ------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
#: Closing quotes and brackets that may follow a sentence's final punctuation.
CLOSERS = "\"”’')]"
#: The same as a regular-expression character class.
CLOSING = "[" + re.escape(CLOSERS) + "]"
#: A sentence end inside a line: terminal punctuation, optional closing quotes, then a capital or digit.
_SENTENCE_BREAK = re.compile(r"[.!?]" + CLOSING + r"*\s+[\"“'(]?[A-Z0-9]")
_BULLET = re.compile(r"^\s*(?:[-–—•*·▪►>]|\d{1,2}[.)])\s+")

#: Lines this long (in words) are prose even without a full stop (pages are often cut mid-sentence).
PROSE_WORDS = 25
#: A run of at least this many short lines (menus, tickers, headline lists) is dropped as a whole.
MIN_RUN = 4

# --- boilerplate vocabulary ------------------------------------------------------------------------

# Most of the vocabulary below is matched against the lower-cased line, after a test for literal
# fragments (``*_KEYS``): main_text runs on every article at scoring time and has to be fast.

#: Notices that are never article text, even in a long line.
_NOTICE = re.compile(
    r"\b(?:cookies?\b|privacy (?:policy|settings)|terms of (?:use|service)|all rights reserved|copyright\b"
    r"|subscri(?:be|ption)\b|newsletters?\b|sign up\b|log ?in to\b|become (?:a|our) (?:patron|member)\b"
    r"|one-time donation|support (?:us|our (?:work|journalism|newsroom))\b|donate\b|independent journalism"
    r"|you could close this page|join our community|paywall|premium (?:article|content)"
    r"|continue reading|already a subscriber|create (?:a free|an) account|enable javascript"
    r"|ad ?blocker|(?:follow|find) us on\b|read the original article|catch all the|with inputs from agencies"
    r"|article continues (?:after|below)|contact us at|report an error|free articles?\b"
    r"|promotional emails|opt out at any time|unsubscribe|need your consent|hyperlink to"
    r"|reproduction (?:is |of (?:the |our )?materials (?:is )?)?(?:allowed|permitted|prohibited|forbidden)"
    r"|(?:using|use of) (?:the )?materials"
    r"|we and our (?:\d+ )?(?:partners|vendors)|tracking technologies|(?:withdraw|manage) (?:your )?consent"
    r"|do not necessarily (?:reflect|represent)|(?:has|have) not been moderated|house rules|unlimited access"
    r"|journalists fight on their own front ?line)"
)
#: Literal fragments, one of which every notice contains: a fast test before the regular expression.
_NOTICE_KEYS = ("cookie", "privacy", "terms of", "rights reserved", "copyright", "subscri", "newsletter",
                "sign up", "log in", "login", "become a", "donat", "support us", "support our", "journalism",
                "close this page", "join our", "paywall", "premium", "continue reading", "create a",
                "javascript", "blocker", " us on", "original article", "catch all", "inputs from",
                "article continues", "contact us", "report an error", "free article",
                "promotional", "opt out", "unsubscribe", "consent", "reproduc", "hyperlink",
                "materials", "partners", "vendors", "tracking", "necessarily", "moderated", "house rules",
                "unlimited", "become our", "journalists fight")
#: Literal fragments, one of which every credit or caption contains.
_CREDIT_KEYS = ("photo", "image", "credit", "pictured", "footage", "getty", "afp", "ap", "reuters", "epa",
                "tass", "updated", "created", "published", "posted", "read", "object")

#: Labels of page furniture at the start of a line, alone or before a colon or bar:
#: "Author: ...", "Tags: ...", "Share", "Advertisement", "- Country:".
_FURNITURE_LABEL = re.compile(
    r"\W*(?:authors?|journalist|editor|reporter|correspondent|written by|edited by|posted by"
    r"|date|published|publication time|updated|created|last updated|reading time|photos?|image|video"
    r"|illustrative (?:photo|image)|credits?|caption|tags?|topics?|categor(?:y|ies)|filed under"
    r"|keywords|country|region|section|shares?|advertisement|sponsored|promoted|listen|print"
    r"|comments?|email)\s*(?:[:|]|$)"
    r"|\W*publication time\b|\W*(?:news[- ]picture|page loader|summarize)\W*$"
)
#: Credits, captions, timestamps and roles anywhere in a short line.
_CREDIT = re.compile(
    r"\b(?:(?:photo|image|credit|pictured|footage)\s*(?:by\b|:)|getty images|via (?:getty|reuters|ap|afp)\b"
    r"|illustrative (?:photo|image)"
    r"|(?:updated|created|published|posted)\s*:|\d+\s*min(?:ute)?s? read|object object)"
    r"|/\s*(?:afp|ap|reuters|epa|tass)\b|\((?:photo|image|credit)\b"
)
#: A photo caption or an embedded post, whatever its length: "[1/2] Ukrainian servicemen fire …",
#: "Item 1 of 2 …", one sentence and its credit ("… in Kherson, Ukraine June 6, 2023. REUTERS/Stringer";
#: not a paragraph that ends in one), "Media caption, Watch: …", "— Hanna Maliar (@HannaMaliar)
#: August 16, 2023", "pic.twitter.com/XxA1bC2dEf" (matched on the original case).
_CAPTION = re.compile(
    r"\W*(?:\[\d+/\d+\]|[Ii]tem \d+ of \d+\b|(?:[Mm]edia|[Ii]mage) caption\b|pic\.twitter\.com/\w+\W*$)"
    r"|[^.!?]*[.!?]?\s*\b(?:REUTERS|AFP|AP|EPA)/[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}\W*$"
    r"|\W*[—–-]\s*[^()\n]{1,80}\(@\w{1,15}\)\s+\w+\.?\s+\d{1,2},\s+\d{4}(?:\s+pic\.twitter\.com/\w+)?\W*$"
)
#: A byline: "By Name Surname" and little else (matched on the original case).
_BYLINE = re.compile(r"\W*[Bb]y\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*(?:[|,·-]|$)")
#: A breadcrumb trail: "Home / News / War in Ukraine", "World › Europe".
_BREADCRUMB = re.compile(r"[^/›»>|]{1,30}(?:\s[/›»>|]\s[^/›»>|]{1,40}){2,}$")
#: A name followed by a role at the end of a line: "Anna Ivanenko - editor".
_ROLE_SUFFIX = re.compile(r"[-–|,]\s*(?:editor|author|journalist|correspondent|reporter)\s*$")
#: Headings of lists of other stories; the list under them goes too.
_LIST_HEADING = re.compile(
    r"^\W*(?:read (?:also|more|next)|also read|see also|related(?: articles| news| stories| posts| topics)?"
    r"|more (?:from|on|news|stories|in)|most (?:read|popular|viewed|shared)|popular(?: now| news)?"
    r"|latest(?: news| stories| updates| articles)?|top stories|trending(?: now)?|recommended(?: for you)?"
    r"|you (?:may|might) (?:also )?(?:like|be interested)|editor'?s picks|what to read next|news feed"
    r"|breaking(?: news)?|live updates|read more on|more news|other news|watch (?:more|also|next)"
    r"|in case you missed it|don't miss|further reading)\b",
    re.IGNORECASE,
)
_DATE_TOKEN = (
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\d+(?:st|nd|rd|th)?"
    r"|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
    r"|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|ist|gmt|utc|est|edt|et|eest|eet|cet|cest|bst|msk|at|updated)"
)
#: A line that is only a date, a time or a count ("11.08.2024", "Friday 9 February 2024 - 02:03", "1627").
_DATE_OR_NUMBER = re.compile(rf"^\W*{_DATE_TOKEN}(?:[\s,.|/·–-]+{_DATE_TOKEN})*\W*$", re.IGNORECASE)
#: Words of site chrome; a short line made only of them is a menu item or a button.
_CHROME_WORDS = frozenset(
    "home news world europe ukraine russia politics business economy opinion opinions analysis sport sports"
    " culture video videos photo photos gallery podcast podcasts live menu open close search login log in"
    " out sign register subscribe subscription account profile donate about contact us our team more all"
    " section sections latest top stories story main back next previous share tweet facebook twitter x"
    " telegram whatsapp linkedin pinterest email print copy link comments comment reply follow rss app"
    " apps language choose your english ua ru en de fr pl uk русский українська left right page loader"
    " advertisement ad ads sponsored partner content special project projects reports analytics"
    " investigations columnists blogs blog interviews interview features feature newsletter newsletters"
    " weather markets tech science health lifestyle travel entertainment cookies settings accept reject"
    " contacts advertising advertise ok agree manage preferences privacy policy terms skip to navigation"
    " toggle cart shop store jobs careers events magazine epaper archive tags topics category categories"
    " a the and of to in on for with by daily weekly war front frontline map maps summary summarize"
    " country countries other region read also".split()
)
#: A currency or market ticker: "USD78.39", "OIL 67.16 ▲".
_TICKER = re.compile(r"^\W*[A-Z]{2,6}\s*[+-]?[\d.,]+%?\W*$")
#: A byline label with the name on the next line ("Author", "Journalist:").
_BYLINE_LABEL = re.compile(r"\W*(?:authors?|journalist|editor|reporter|correspondent|written by|text by|by)\W*$")
#: A list item that starts with a time: "14:05 Air raid alert ...".
_TIMESTAMP = re.compile(r"\W*\d{1,2}:\d{2}\b")
_PLAIN_ITEM = object()
_NON_LATIN_LETTER = re.compile(r"[^\W\da-zA-Z\u00C0-\u024F_]")
#: The heading of a comment section ("Comments (14)", "3 comments", "Join the discussion").
_COMMENTS_HEADING = re.compile(r"\W*(?:\d+\s+)?(?:comments?|join the discussion|discussion)\s*(?:\(\d+\))?\W*$", re.I)
_COMMENT_ACTION = r"(?:reply|like|dislike|report|share|\d+\s*(?:s|m|min|h|hr|hours?|d|days?)(?:\s+ago)?)"
#: A commenter and the age of the comment: "Volodymyr_K • 2 hours ago", "jimbob42 · 35m ago".
_COMMENTER = r"[^\W\d][\w.'’ -]{0,40}\s[·•|]\s*\d+\s*(?:s|m|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?|months?)\s+ago"
#: The action line under a comment ("Reply · Like · 2h", "Reply", "4 days ago") or the commenter's line over it.
_ACTIONS = (rf"\W*(?:{_COMMENT_ACTION}(?:\s*[·•|]\s*{_COMMENT_ACTION})+|reply"
            r"|\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago(?:\s+edited)?)\W*$")
_COMMENT_UI = re.compile(rf"{_ACTIONS}|{_COMMENTER}\W*$", re.I)
#: The action line alone; with a "Reply" in it, it is under a comment and nothing else.
_ACTION_LINE = re.compile(_ACTIONS, re.I)
#: A comment on one line, after its commenter: "jimbob42 · 35m ago: Meanwhile …".
_COMMENT_LINE = re.compile(_COMMENTER + r"\s*:", re.I)
#: A list heading over a live blog's entries rather than over other stories.
_LIVE_HEADING = re.compile(r"^\W*(?:live(?: updates| blog)?|breaking(?: news)?)\b", re.IGNORECASE)
_TRAILING_LIST_WORDS = ("read also", "read more", "also read", "see also")
_TRAILING_LIST_HEADING = re.compile(r"\s*(?:read also|read more|also read|see also)\s*:?\s*$", re.I)


def main_text(text: str) -> str:
    """The article in a crawled page saved as text, without the page around it.

    Keeps the article's lines in order, verbatim but for the notice sentences cut from a paragraph
    (which comes back on one line); drops navigation, tickers, notices, credits, bylines, lists of
    other headlines and repeated lines. Clean text comes back unchanged (up to
    surrounding whitespace and runs of blank lines).
    """
    if not isinstance(text, str):
        raise TypeError(f"main_text expects a str, got {type(text).__name__}")
    return _cleaned_cached(text) if len(text) <= CACHED_CHARS else _cleaned(text)


#: Texts up to this long have their cleaned form cached (the scorer checks what cleaning leaves of
#: a record before the model cleans it again); 1,024 of them hold at most ~80 MB.
CACHED_CHARS = 20_000


def _cleaned(text: str) -> str:
    """:func:`main_text` of a str."""
    units = [_without_trailing_list_heading(unit) for unit in _units(text.strip().splitlines())]
    flat = [" ".join(unit.split()) for unit in units]
    kinds = [_kind(line) for line in flat]
    keep = [kind != _BLANK for kind in kinds]
    has_notice = "©" in text or _has_key(text.lower(), _NOTICE_KEYS)
    tables = _attack_tables(flat)
    _drop_furniture(units, flat, kinds, keep, has_notice, tables)
    entries = _drop_headline_lists(units, flat, kinds, keep)
    _drop_comments(flat, kinds, keep)
    _drop_repeats(flat, kinds, keep)
    _drop_short_runs(flat, kinds, keep, tables)
    _drop_replied_comments(flat, kinds, keep)  # after the runs: the names between comments are one
    _keep_live_blog(flat, kinds, keep, entries)
    kept: list[str] = []
    for unit, kind, wanted in zip(units, kinds, keep):
        if wanted:
            kept.append(unit)
        elif kind == _BLANK and kept and kept[-1].strip():
            kept.append("")
    return "\n".join(kept).strip()


_cleaned_cached = lru_cache(maxsize=1024)(_cleaned)


def _without_trailing_list_heading(unit: str) -> str:
    """A paragraph that ends in a dangling "Read also:" (the link list was cut off) without it."""
    tail = unit[-16:].rstrip(" \t:").lower()
    if not tail.endswith(_TRAILING_LIST_WORDS):
        return unit
    rest = _TRAILING_LIST_HEADING.sub("", unit)
    return rest if rest.count(" ") >= 3 else unit


#: A line ending in one of these characters or words continues on the next line.
_CONTINUING_END = tuple(",;([“\"-")
_CONTINUING_WORDS = frozenset("in of the a an and or to for on at by with from that as".split())


def _units(lines: list[str]) -> list[str]:
    """Lines, with a sentence broken over several lines (by links or markup) rejoined into one unit:
    a line that starts in lower case, or follows a line ending in a comma or a function word. The
    heading of a list of stories or of comments ("Read also", "Comments (14)"), a labelled line of
    page furniture ("Tags: …") or a short notice starts a unit of its own even then (an article
    cut off mid-sentence would run into it, and go with it), and so does a table's row or rule.
    """
    units: list[str] = []
    last = -1  # index of the last non-blank unit
    joinable = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            units.append(line)
            continue
        row = _is_table_line(stripped)
        continues = joinable or (stripped[0].islower() and not stripped.startswith("by "))
        if last >= 0 and continues and not row and not _stands_apart(stripped):
            units[last] = "\n".join([units[last], *units[last + 1:], line])
            del units[last + 1:]
        else:
            units.append(line)
            last = len(units) - 1
        joinable = not row and (stripped.endswith(_CONTINUING_END) or stripped.rsplit(None, 1)[-1].lower() in _CONTINUING_WORDS)
    return units


def is_table_row(line: str) -> bool:
    """Whether ``line`` is a row of a pipe table ("Lyman | 9 | Nevske"): two pipes or more."""
    return line.count("|") >= 2


def _is_table_line(line: str) -> bool:
    """Whether a stripped line is a table's row or rule ("Lyman | 9 | Nevske", "-----+-----"): a unit
    of its own, never part of a broken sentence (a header ending "Near / in the area of" is none)."""
    return is_table_row(line) or bool(TABLE_RULE.fullmatch(line))


_FIRST_LETTER = re.compile(r"[^\W\d_]")
#: A heading and its headline on one line, apart: "Read also: …", "Latest | …", "News Feed, …"
#: ("Latest figures from the General Staff show …" is a sentence).
_HEADING_SEPARATOR = re.compile(r"\W*[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s*[:|,–—-]")


def _stands_apart(line: str) -> bool:
    """Whether a stripped line is a list or comments heading ("Read also", "Read also: Russians
    strike …", "Comments (14)") or a furniture label ("Tags: …", "Photo: …"), capitalised as such,
    or a short notice ("Subscribe to unlock this article")."""
    letter = _FIRST_LETTER.search(line)
    if letter is None or not letter.group().isupper():
        return False
    lower = line.lower()
    return (_LIST_HEADING.match(line) is not None and (line.count(" ") < 4 or _HEADING_SEPARATOR.match(line) is not None)
            or _COMMENTS_HEADING.match(line) is not None or _FURNITURE_LABEL.match(lower) is not None
            or (line.count(" ") < 12 and _is_notice(lower)))


# Unit kinds: blank, prose (never dropped but for notices), sentence (one sentence), short (no
# sentence punctuation, few words: headlines, menu items, labels).
_BLANK, _PROSE, _SENTENCE, _SHORT = range(4)


def _is_kept_text(kinds: list[int], keep: list[bool], i: int) -> bool:
    """Whether unit ``i`` is kept and reads as article text (a sentence, or prose)."""
    return keep[i] and kinds[i] in (_PROSE, _SENTENCE)
#: Marks a short unit already explained as furniture; it no longer counts towards a run of short lines.
_EXPLAINED = -1
_TERMINALS = ".!?…"


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends with sentence punctuation (closing quotes and brackets allowed after it)."""
    tail = line.rstrip().rstrip(CLOSERS)
    return bool(tail) and tail[-1] in _TERMINALS


def _kind(line: str) -> int:
    """The kind of a whitespace-normalised unit."""
    if not line:
        return _BLANK
    words = line.count(" ") + 1
    if words >= PROSE_WORDS:
        return _PROSE
    if words < 5 or not ends_sentence(line):
        return _SHORT
    return _PROSE if words >= 10 and _SENTENCE_BREAK.search(line) else _SENTENCE


def _drop_furniture(units: list[str], flat: list[str], kinds: list[int], keep: list[bool], has_notice: bool,
                    tables: set[int]) -> None:
    """Notices anywhere but in long prose (from a shorter line of five words or more, only its notice
    sentences: "… injured by a drone. © Ukrinform 2025" keeps its report); captions and embedded
    posts anywhere; bylines, dates, credits, chrome and foreign-script lines outside prose."""
    after_byline_label = False
    for i, (line, kind) in enumerate(zip(flat, kinds)):
        if kind == _BLANK:
            continue
        if ("/" in line or "(@" in line or line.startswith(("[", "Item", "item", "Media", "Image"))) and _CAPTION.match(line):
            keep[i] = False
            kinds[i] = _EXPLAINED if kind == _SHORT else kind
            continue
        if kind == _PROSE and not has_notice:
            after_byline_label = False
            continue
        lower = line.lower()
        if has_notice and (kind != _PROSE or len(line) < 600) and ("©" in line or _is_notice(lower)):
            article = _without_notice_sentences(line) if line.count(" ") >= 4 else ""
            keep[i] = bool(article)
            if article:
                units[i] = flat[i] = article
        elif kind != _PROSE and (
            _is_furniture(line, lower) and i not in tables or _DATE_OR_NUMBER.match(line) or _TICKER.match(line)
            or _is_chrome(lower) or mostly_foreign_script(line)
            or (after_byline_label and kind == _SHORT and line.count(" ") < 4)
        ):
            keep[i] = False
        if not keep[i] and kind == _SHORT:
            kinds[i] = _EXPLAINED
        after_byline_label = kind == _SHORT and _BYLINE_LABEL.match(lower) is not None


def _has_key(lower: str, keys: tuple[str, ...]) -> bool:
    return any(key in lower for key in keys)


def _is_notice(lower: str) -> bool:
    return _has_key(lower, _NOTICE_KEYS) and _NOTICE.search(lower) is not None


#: Where a line's sentences meet: terminal punctuation (closing quotes allowed), space, and anything
#: but a lower-case letter ("… by a drone. © Ukrinform 2025").
_SENTENCE_SEAM = re.compile(r"[.!?]" + CLOSING + r"*(?=\s+[^\sa-z])")


#: A credit in brackets inside a sentence: "(photo © Reuters)".
_BRACKETED_CREDIT = re.compile(r"\s*\([^()]*©[^()]*\)")


def _without_notice_sentences(line: str) -> str:
    """A line without its bracketed credits and its sentences that are notices; "" when nothing
    else is left."""
    line = _BRACKETED_CREDIT.sub("", line)
    cuts = [0, *(m.end() for m in _SENTENCE_SEAM.finditer(line)), len(line)]
    sentences = [line[a:b].strip() for a, b in zip(cuts, cuts[1:])]
    return " ".join(t for t in sentences if t and "©" not in t and not _is_notice(t.lower()))


def _is_furniture(line: str, lower: str) -> bool:
    """A byline, date label, credit, caption, breadcrumb, share/ad label or one-line comment (the
    line is not prose)."""
    return bool(_FURNITURE_LABEL.match(lower) or _BYLINE.match(line) or _BREADCRUMB.match(line) or _COMMENT_LINE.match(line)
                or _ROLE_SUFFIX.search(lower[-24:]) or (_has_key(lower, _CREDIT_KEYS) and _CREDIT.search(lower)))


def _is_chrome(lower: str) -> bool:
    words = [w for w in _WORD.findall(lower) if not w.isdigit()] if len(lower) < 80 else ()
    return 0 < len(words) <= 6 and all(w in _CHROME_WORDS for w in words)


#: Common English function words that other languages in Latin letters do not share (not "in", "a",
#: "on"): at least 0.076 of the words of each of the 2,200 labelled texts.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to is was that for with by at from as it are were has have said its this an be after their which".split()
)
#: Common function words of German, French, Spanish, Italian, Portuguese, Dutch, Polish and Danish
#: or Norwegian that English does not use ("die", "do", "il" of "Il-76" and "z" of the Russian
#: symbol left out): at most 0.073 of the words of a labelled or corpus text, 0.10-0.32 of news in
#: those languages.
_FOREIGN_FUNCTION_WORDS = frozenset("""
der das und ist nicht mit von zu den dem des ein eine einen im auf sich auch wird wurde werden nach bei aus
le la les de des et est une un du dans pour que qui sur pas au aux ont été par
el los las del y en una por con para es se al lo como más fue
gli di che non sono della nel alla è
os da dos das em um não ao pelo pela foram
het een van op te met voor niet zijn werd door
w na się nie że jest jak od za przez oraz
og på av til som er med har ikke blev
""".split())
_LETTER_WORD = re.compile(r"[^\W\d_]+")


def mostly_foreign_words(text: str, sample: int = 1500, least: int = 20, share: float = 0.08) -> bool:
    """Whether ``text`` (its first ``sample`` characters, at least ``least`` words) is in another
    language than English although in Latin letters: at least ``share`` of its words are function
    words of another language (:data:`_FOREIGN_FUNCTION_WORDS`), and more of them than English
    ones. Terse English (bulletin lines, alerts, headline lists) has few words of either kind and
    passes; three "the" settle it at once."""
    part = text[:sample]
    if part.count(" the ") >= 3:  # the common case, in a microsecond
        return False
    words = [w.lower() for w in _LETTER_WORD.findall(part)]
    foreign = sum(w in _FOREIGN_FUNCTION_WORDS for w in words)
    return len(words) >= least and foreign >= share * len(words) and foreign > sum(w in _ENGLISH_FUNCTION_WORDS for w in words)


def mostly_foreign_script(line: str) -> bool:
    """Whether most letters of ``line`` are of another script than Latin (Cyrillic, Arabic, …)."""
    if line.isascii():
        return False
    letters = sum(ch.isalpha() for ch in line)
    return letters > 0 and len(_NON_LATIN_LETTER.findall(line)) * 2 > letters


def _drop_headline_lists(units: list[str], flat: list[str], kinds: list[int], keep: list[bool]) -> list[int]:
    """A "Read also / Most read / Related / Latest news" heading and the headlines listed under it;
    returns the indices of the dropped items that may be a live blog's entries (see
    :func:`_keep_live_blog`): time-stamped sentences under a "Live updates" or "Breaking" heading.

    The list takes the form of its first item: bulleted items end at the first line without a
    bullet, time-stamped items ("14:05 ...") at the first line without a time; plain items at the
    first unit that reads as article text (a sentence, or prose) unless it is a teaser (see
    :func:`_is_teaser`) or a question (:func:`_is_question_headline`). No item runs to twice
    ``PROSE_WORDS`` words (headlines that :func:`_units` ran together, one cut off after "in" or a
    comma, count one by one: see :func:`_item_words`). A heading that carries its own headline
    ("Read also: Russians strike ...") goes alone when article text follows.
    """
    i, entries = 0, []
    while i < len(flat):
        if kinds[i] == _PROSE or not _LIST_HEADING.match(flat[i]):
            i += 1
            continue
        keep[i] = False
        live = _LIVE_HEADING.match(flat[i]) is not None
        i += 1
        if _carries_headline(flat[i - 1]):
            continue
        item_form = None
        while i < len(flat):
            if kinds[i] != _BLANK:
                line = flat[i]
                words = _item_words(units[i], line)
                form = _BULLET if _BULLET.match(line) else _TIMESTAMP if _TIMESTAMP.match(line) else None
                if item_form is None:
                    item_form = form or _PLAIN_ITEM
                if words >= 2 * PROSE_WORDS:
                    break
                if (item_form is _PLAIN_ITEM and kinds[i] in (_SENTENCE, _PROSE)
                        and not _is_teaser(line) and not _is_question_headline(line)):
                    break
                if item_form is not _PLAIN_ITEM and form is not item_form:
                    break
                if live and item_form is _TIMESTAMP and keep[i] and kinds[i] in (_SENTENCE, _PROSE):
                    entries.append(i)
                keep[i] = False
            i += 1
    return entries


def _item_words(unit: str, line: str) -> int:
    """The words of a list item: of its longest line when :func:`_units` joined list items (every
    line after the first starts in capitals: it is no lower-case continuation of a sentence). A
    paragraph hard-wrapped so that every line starts in capitals and cut off without a full stop
    would be read as items too; teaser lists whose lines end in "the" or "of" are far more common."""
    if "\n" not in unit:
        return line.count(" ") + 1
    parts = [part.strip() for part in unit.split("\n") if part.strip()]
    if any(after[0].islower() for after in parts[1:]):
        return line.count(" ") + 1
    return max(part.count(" ") + 1 for part in parts)


def _keep_live_blog(flat: list[str], kinds: list[int], keep: list[bool], entries: list[int]) -> None:
    """Keep the time-stamped entries of a live list (:func:`_drop_headline_lists`) when they hold
    more words than the sentences kept around them: then they are the page's article, a live blog
    (a sidebar of breaking news beside a report holds fewer)."""
    around = sum(flat[i].count(" ") + 1 for i, k in enumerate(kinds) if keep[i] and k in (_PROSE, _SENTENCE))
    if sum(flat[i].count(" ") + 1 for i in entries) > around:
        seen = set()
        for i in entries:
            keep[i] = flat[i] not in seen
            seen.add(flat[i])


def _is_question_headline(line: str) -> bool:
    """A headline asking a question ("Why did Russia move its Black Sea Fleet out of Sevastopol?"):
    one short sentence ending in a question mark, which an article's text seldom is."""
    return line.rstrip(CLOSERS).endswith("?") and line.count(" ") < 12 and not _SENTENCE_BREAK.search(line)


def _is_teaser(line: str) -> bool:
    """A headline with the start of its story: ending in an ellipsis, or cut off mid-sentence (no
    sentence punctuation, colon or semicolon at its end)."""
    tail = line.rstrip().rstrip(CLOSERS)
    return tail.endswith(("…", "...")) or not (ends_sentence(line) or tail.endswith((":", ";")))


def _drop_comments(flat: list[str], kinds: list[int], keep: list[bool]) -> None:
    """A comment section after the article's first sentence: its heading, when a "Reply · Like",
    "Reply" or "4 days ago" line follows within six lines, and the comments under it, up to the
    next list heading or to prose that no "Reply · Like" line follows (the article again). A
    comment counter above the article stays."""
    for i, line in enumerate(flat):
        if kinds[i] == _PROSE or not _COMMENTS_HEADING.match(line):
            continue
        if not _comment_ui_follows(flat, kinds, i, 6) or not any(_is_kept_text(kinds, keep, j) for j in range(i)):
            continue
        for j in range(i, len(flat)):
            if j > i and (_LIST_HEADING.match(flat[j]) or (
                    kinds[j] == _PROSE and not _comment_ui_follows(flat, kinds, j, 2) and not _after_comment_ui(flat, kinds, j))):
                break
            keep[j] = False
        return


def _drop_replied_comments(flat: list[str], kinds: list[int], keep: list[bool]) -> None:
    """Comments whose heading is gone (or was never there): each "Reply · Like · 2h" line after the
    article's first sentence, and the short comment (not prose) right above it, unless that is the
    article's first sentence itself."""
    first = next((i for i in range(len(kinds)) if _is_kept_text(kinds, keep, i)), len(kinds))
    for i in range(first + 1, len(flat)):
        if kinds[i] == _PROSE or not _ACTION_LINE.match(flat[i]) or "reply" not in flat[i].lower():
            continue
        keep[i] = False
        before = _previous_unit(kinds, i)
        if before is not None and before > first and kinds[before] in (_SENTENCE, _SHORT):
            keep[before] = False


def _comment_ui_follows(flat: list[str], kinds: list[int], i: int, within: int) -> bool:
    """Whether a "Reply · Like · 2h" line is among the ``within`` non-blank units after unit ``i``."""
    following = itertools.islice((j for j in range(i + 1, len(flat)) if kinds[j] != _BLANK), within)
    return any(_COMMENT_UI.match(flat[j]) for j in following)


def _after_comment_ui(flat: list[str], kinds: list[int], i: int) -> bool:
    """Whether the non-blank unit before unit ``i`` is a comment's "Name • 2 hours ago" line."""
    before = _previous_unit(kinds, i)
    return before is not None and _COMMENT_UI.match(flat[before]) is not None


def _previous_unit(kinds: list[int], i: int) -> int | None:
    """The index of the last non-blank unit before unit ``i``."""
    return next((j for j in range(i - 1, -1, -1) if kinds[j] != _BLANK), None)


def _carries_headline(line: str) -> bool:
    """Whether a list heading line holds its own headline ("Read also: Russians strike ...")."""
    rest = _LIST_HEADING.sub("", line, count=1).strip(" :-–—|").split()
    return len(rest) >= 4 and rest[0].lower() not in ("in", "on", "from", "at", "for", "by")


def _drop_short_runs(flat: list[str], kinds: list[int], keep: list[bool], tables: set[int]) -> None:
    """Runs of ``MIN_RUN`` or more unexplained short units (menus, tickers, headline lists without a
    heading); blank lines and furniture already dropped do not break a run. The article's own units
    in a run stay (see :func:`_article_units`)."""
    run: list[int] = []
    started = False  # has the article's text begun?
    n = len(kinds)
    for i, kind in enumerate(kinds + [_PROSE]):
        if kind in (_BLANK, _EXPLAINED):
            continue
        if kind == _SHORT and keep[i]:
            run.append(i)
            continue
        if len(run) >= MIN_RUN:
            opens_article = i < n and keep[i] and not started
            for j in set(run) - _article_units(flat, kinds, keep, run, opens_article, tables):
                keep[j] = False
        run = []
        started = started or (i < n and _is_kept_text(kinds, keep, i))


#: A row of the article's own figures in a digest's table: a name, a count and what it counts, set
#: apart by dashes ("Kupiansk — 8 — Kupiansk, Petropavlivka, Kindrashivka"); menus hold no counts, and
#: a score ("Dynamo Kyiv — 2 — 1 Shakhtar") has a number after its second dash.
_FIGURES_ROW = re.compile(r"[A-Z][\w'’ &/.-]{1,40}?\s[—–-]\s\d[\d,]*\s[—–-]\s[^\W\d]")
#: A table header's cell over a column of attacks ("Attacks", "Combat clashes", "Assaults (day)").
ATTACKS_HEADER = re.compile(r"\b(?:attacks?|assaults?|clashes|engagements)\b", re.IGNORECASE)
#: A line between a table's rows ("|---|---|", "------").
TABLE_RULE = re.compile(r"[-=_+:|\s]+")


def table_cells(line: str) -> list[str]:
    """The cells of a pipe table's row ("| Lyman | 12 | Zarichne |" -> ["Lyman", "12", "Zarichne"])."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def is_attacks_header(line: str) -> bool:
    """Whether ``line`` heads a pipe table with a column of attacks: cells, no number, one after the
    first (the names' column) naming attacks (:data:`ATTACKS_HEADER`; "Combat losses", "Population"
    and "2024" name none, nor does an infobox's "Attack type | Airstrikes")."""
    return is_table_row(line) and not any(ch.isdigit() for ch in line) and any(map(ATTACKS_HEADER.search, table_cells(line)[1:]))


#: A masthead line that is not the title: a byline, a date ("By Anna Ivanenko and Oleh Pavlenko",
#: "Published March 5, 2025 11:20AM (EST)"), a menu or a table row ("News | War | Politics").
_NOT_A_TITLE = re.compile(r"\W*(?:by|published|updated|posted)\b|.*(?:\b\d{1,2}:\d{2}\b|[|{])", re.IGNORECASE)


def _attack_tables(flat: list[str]) -> set[int]:
    """The units of the pipe tables of ``flat`` whose header names a column of attacks (a General
    Staff digest's "Direction | Combat clashes | Areas" over "Lyman | 12 | Zarichne"): header,
    rules and rows, the article's figures however like a breadcrumb or a menu each row looks.
    Tables of anything else (populations, scores) stay clutter."""
    tables, block = set(), []
    for i, line in enumerate(flat + [""]):
        if _is_table_line(line):
            block.append(i)
            continue
        if any(is_attacks_header(flat[j]) for j in block):
            tables.update(block)
        block = []
    return tables


def _article_units(flat: list[str], kinds: list[int], keep: list[bool], run: list[int], opens_article: bool,
                   tables: set[int]) -> set[int]:
    """The units of a run of short ones that belong to the article: its last paragraph cut off
    mid-sentence (the run's first unit, of fifteen words or more, right after the article's text),
    its title (the longest unit of six words or more that is no byline, date or list item, in a run
    the article's first sentence follows; without it dev's news items score 0.014 lower primary
    macro-F1; the last such unit instead keeps standfirsts, bullets and "This audio is created with
    AI assistance" over titles), a bulleted list under a lead-in of ten words or more that ends
    in a colon ("… including provisions that would:") and a table of its figures (two rows or more
    of :data:`_FIGURES_ROW`: a General Staff digest's "Lyman — 19 — Torske, Zarichne") or a pipe
    table of attacks (``tables``, :func:`_attack_tables`)."""
    spared = {j for j in run if _FIGURES_ROW.match(flat[j])}
    if len(spared) < 2:
        spared = set()
    spared.update(tables.intersection(run))
    before = _previous_unit(kinds, run[0])
    if (before is not None and _is_kept_text(kinds, keep, before) and flat[run[0]].count(" ") >= 14
            and _is_teaser(flat[run[0]]) and not _NOT_A_TITLE.match(flat[run[0]])):
        spared.add(run[0])
    if opens_article:
        titles = [j for j in run
                  if flat[j].count(" ") >= 5 and not _NOT_A_TITLE.match(flat[j]) and not _BULLET.match(flat[j])]
        if titles:
            spared.add(max(titles, key=lambda j: len(flat[j])))
    for k, j in enumerate(run[:-1]):
        if flat[j].endswith(":") and flat[j].count(" ") >= 9 and _BULLET.match(flat[run[k + 1]]):
            spared.add(j)
            spared.update(itertools.takewhile(lambda item: _BULLET.match(flat[item]), run[k + 1:]))
    return spared


def _drop_repeats(flat: list[str], kinds: list[int], keep: list[bool]) -> None:
    """Every later copy of a unit (titles and captions are often repeated on a page)."""
    seen: set[str] = set()
    for i, (line, kind) in enumerate(zip(flat, kinds)):
        if kind == _BLANK:
            continue
        key = line.lower()
        if key in seen:
            keep[i] = False
            if kind == _SHORT:
                kinds[i] = _EXPLAINED
        elif keep[i]:
            seen.add(key)
