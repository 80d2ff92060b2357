"""Why a reply was flagged, and what to write instead.

The reasons are the template linter's rules (:mod:`analyser.lint`) run on the reply as shown: the same rule
codes, phrases and positions a team sees when it lints its templates, so coaching and templates speak one
language and no second set of detectors has to be kept in step.  What this module adds is the *suggestion*:
a concrete rewrite for the phrase that fired (a plain-language word, a split sentence, the consistent u/je
form, an acknowledgement to add), and reasons for dimensions that lost points where no rule points at one
phrase (empathy, politeness).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache

#: Lint codes that say something about the template file, not about how the reply is written.
_IGNORED_CODES = frozenset({"TA001", "TA002", "TA003", "PH001"})
#: Codes about the whole reply (a missing greeting, low reading ease): nothing to highlight.
WHOLE_REPLY_CODES = frozenset({"RD001", "ST001", "ST002", "ST003"})


@dataclass
class Reason:
    """One reason a reply scored low: the rule, the phrase and where it is in the shown text."""

    code: str
    rule: str
    message: str
    phrase: str
    start: int | None
    end: int | None
    suggestion: str
    level: str = "warning"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _offsets(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    return starts


@cache
def _acronyms() -> dict[str, tuple[str, str]]:
    try:
        from analyser.nlp.components.jargon import acronym_table

        return acronym_table()
    except Exception:  # the resource is missing: suggestions fall back to the generic advice
        return {}


@cache
def _plain_nl() -> dict[str, str]:
    try:
        from analyser.lint.plain_words import plain_words

        return plain_words()
    except Exception:
        return {}


ACKNOWLEDGEMENT = {
    "en": 'Acknowledge what this means for the customer before the fix, e.g. "I understand how frustrating it is '
    'not to be able to work like this." or "Thanks for your patience while we sorted this out."',
    "nl": 'Erken eerst wat dit voor de klant betekent, bijvoorbeeld: "Ik begrijp dat het vervelend is dat u '
    'hierdoor niet verder kunt." of "Bedankt voor uw geduld terwijl wij dit uitzochten."',
}
COURTESY = {
    "en": 'Thank the customer and ask rather than order: "Thanks for letting us know. Could you ...?"',
    "nl": 'Bedank de klant en vraag in plaats van te bevelen: "Bedankt voor uw melding. Wilt u ...?"',
}
NEXT_STEP = {
    "en": 'Say what happens next and when: "I will check back with you tomorrow before 12:00."',
    "nl": 'Zeg wat er nu gebeurt en wanneer: "Ik neem morgen voor 12:00 uur contact met u op."',
}
GREETING = {"en": 'Open with a greeting: "Hi <name>,"', "nl": 'Begin met een aanhef: "Beste <naam>,"'}
CLOSING = {"en": 'End with a closing: "Kind regards,"', "nl": 'Sluit af met een groet: "Met vriendelijke groet,"'}

# Formal <-> informal Dutch address, most specific first (verb forms change with the pronoun).
_TO_FORMAL = [
    ("kun je", "kunt u"),
    ("wil je", "wilt u"),
    ("heb je", "hebt u"),
    ("ben je", "bent u"),
    ("zou je", "zou u"),
    ("kan je", "kunt u"),
    ("jij", "u"),
    ("jouw", "uw"),
    ("jou", "u"),
    ("je", "u"),
]
_TO_INFORMAL = [
    ("kunt u", "kun je"),
    ("wilt u", "wil je"),
    ("hebt u", "heb je"),
    ("heeft u", "heb je"),
    ("bent u", "ben je"),
    ("uw", "je"),
    ("u", "je"),
]
_SPLIT_AT = re.compile(
    r",\s+(?:and|but|so|because|which|omdat|maar|en|dus|waardoor|zodat|want)\s+|\s+(?:and then|en daarna|"
    r"because|omdat|waardoor|zodat|want|but|maar)\s+|;\s+|,\s+",
    re.IGNORECASE,
)
_DROP_WORDS = {"and", "en", "and then", "en daarna", "but", "maar", "so", "dus", "want"}


def split_sentence(sentence: str) -> str | None:
    """``sentence`` rewritten as two sentences at the conjunction or comma nearest its middle (None when
    there is no sensible place: a proposal, for the agent to polish)."""
    sentence = sentence.strip()
    middle = len(sentence) / 2
    candidates = [m for m in _SPLIT_AT.finditer(sentence) if 15 < m.start() < len(sentence) - 15]
    if not candidates:
        return None
    match = min(candidates, key=lambda m: abs(m.start() - middle))
    joint = match.group().strip(" ,;").lower()
    first = sentence[: match.start()].rstrip(" ,;")
    rest = sentence[match.end() :].lstrip()
    if joint and joint not in _DROP_WORDS:
        rest = f"{joint} {rest}"  # "because ..." keeps its word: "That is because ..."
        rest = ("That is " if re.match(r"because|which", joint) else "Dat komt " if joint == "omdat" else "") + rest
    if not rest:
        return None
    return f"{first}. {rest[:1].upper()}{rest[1:]}"


def _swap_address(sentence: str, to_formal: bool) -> str:
    pairs = _TO_FORMAL if to_formal else _TO_INFORMAL
    pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a, _ in pairs) + r")\b", re.IGNORECASE)
    table = dict(pairs)

    def replace(match: re.Match[str]) -> str:
        word = match.group()
        new = table[word.lower()]
        return new[:1].upper() + new[1:] if word[:1].isupper() else new

    return pattern.sub(replace, sentence)


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(
        text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start), text.rfind("\n", 0, start)
    )
    right_candidates = [i for i in (text.find(". ", end), text.find("? ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return (left + 1 if left >= 0 else 0), right


def correctness_suggestion(code: str, phrase: str, replacement: str | None, lang: str) -> str:
    """The fix of a spelling (SP) or grammar (GR) finding in words: the replacement the linter's fix holds."""
    if replacement:
        if lang == "nl":
            return f'Schrijf "{replacement}" in plaats van "{phrase}".'
        return f'Write "{replacement}" instead of "{phrase}".'
    if code == "SP002":
        return "Use the team's agreed wording instead." if lang == "en" else "Gebruik de afgesproken term."
    if lang == "nl":
        return f'Controleer de spelling van "{phrase}" (of voeg het woord toe aan de vocabulaire).'
    return f'Check the spelling of "{phrase}" (or add the word to the vocabulary).'


def suggestion_for(
    code: str,
    phrase: str,
    message: str,
    text: str,
    start: int | None,
    end: int | None,
    lang: str,
    replacement: str | None = None,
) -> str:
    """A concrete rewrite or addition for one rule finding (``replacement``: the text of the finding's fix)."""
    lang = lang if lang in ("en", "nl") else "en"
    if code == "JG002":
        plain = _acronyms().get(phrase.strip().upper())
        if plain:
            return f'Write "{plain[1] if lang == "nl" else plain[0]}" instead of "{phrase}", or explain it once.'
        return f'Explain "{phrase}" the first time you use it, or leave it out.'
    if code in ("JG001", "JG004"):
        plain = _acronyms().get(phrase.strip().upper())
        if plain:
            return f'Write "{plain[1] if lang == "nl" else plain[0]}" instead of "{phrase}".'
        alternatives = _plain_nl().get(phrase.strip().lower())
        if alternatives:
            return f'Schrijf "{alternatives.split(";")[0].strip()}" in plaats van "{phrase}".'
        if lang == "nl":
            return f'Zeg in gewone woorden wat "{phrase}" voor de klant betekent, of laat het weg.'
        return f'Say in plain words what "{phrase}" means for the customer, or leave it out.'
    if code == "JG003":
        return "Keep codes and paths for the internal note; tell the customer what it means for them."
    if code == "RD002":
        proposal = split_sentence(phrase)
        if proposal:
            return f'Split it: "{proposal}"'
        return "Split it into two or three shorter sentences, one point each."
    if code == "RD001":
        return "Use shorter sentences (under 20 words) and everyday words."
    if code == "AD001" and start is not None and end is not None:
        to_formal = phrase.strip().lower() not in ("u", "uw")
        s, e = _sentence_around(text, start, end)
        sentence = text[s:e].strip()
        rewritten = _swap_address(sentence, to_formal)
        form = "u" if to_formal else "je"
        if rewritten != sentence:
            return f'Houd één vorm aan ({form}): "{rewritten}"'
        return f"Houd één aanspreekvorm aan: {form}, zoals in de rest van het bericht."
    if code == "EM001":
        return ACKNOWLEDGEMENT[lang]
    if code == "TN001":
        return (
            "Describe what happened and the fix, without the customer's mistake: \"The password had expired, so "
            'I have reset it."'
            if lang == "en"
            else 'Beschrijf wat er gebeurde en de oplossing, niet de fout van de klant: "Het wachtwoord was '
            'verlopen, daarom heb ik het opnieuw ingesteld."'
        )
    if code == "TN002":
        return "Leave out phrases that suggest the customer should have known; explain the step instead."
    if code == "TN003":
        return COURTESY[lang]
    if code == "TN004":
        return f'Write "{phrase.capitalize()}" in normal case; use bold or a separate line for emphasis.'
    if code == "TN005":
        return "One exclamation mark at most, or none."
    if code.startswith(("SP", "GR")):
        return correctness_suggestion(code, phrase, replacement, lang)
    if code == "ST001":
        return GREETING[lang]
    if code == "ST002":
        return CLOSING[lang]
    if code == "ST003":
        return NEXT_STEP[lang]
    return message


def _replacement(finding: object) -> str | None:
    """The replacement text of a finding's fix when it is a single edit (spelling and grammar fixes are)."""
    fix = getattr(finding, "fix", None)
    edits = getattr(fix, "edits", ()) if fix is not None else ()
    return edits[0].content if len(edits) == 1 else None


def lint_reasons(text: str, lang: str) -> list[Reason]:
    """The lint findings on ``text`` as reasons with character offsets and a suggestion each."""
    from analyser.lint import lint_text

    findings = lint_text(text, path="reply")
    starts = _offsets(text)
    reasons = []
    for finding in findings:
        if finding.code in _IGNORED_CODES:
            continue
        start = end = None
        phrase = ""
        if finding.code not in WHOLE_REPLY_CODES and finding.end_line <= len(starts):
            start = starts[finding.line - 1] + finding.column - 1
            end = starts[finding.end_line - 1] + finding.end_column - 1
            if 0 <= start < end <= len(text) and end - start < len(text):
                phrase = text[start:end]
            else:
                start = end = None
        reasons.append(
            Reason(
                code=finding.code,
                rule=finding.name,
                message=finding.message,
                phrase=phrase,
                start=start,
                end=end,
                suggestion=suggestion_for(
                    finding.code, phrase, finding.message, text, start, end, lang, _replacement(finding)
                ),
                level=finding.level,
            )
        )
    return reasons


#: Score dimension -> (label, lint codes that already explain a loss there).
DIMENSIONS: dict[str, tuple[str, float]] = {
    "score_politeness": ("politeness", 20.0),
    "score_empathy": ("empathy", 20.0),
    "score_readability": ("readability", 20.0),
    "score_jargon": ("jargon", 15.0),
    "score_structure": ("structure", 15.0),
    "score_respect": ("respect", 10.0),
    # shown beside the rubric; not part of communication_score (a configurable scorecard may weigh it)
    "score_correctness": ("correctness", 10.0),
}
_COVERED = {
    "score_empathy": ("EM001",),
    "score_politeness": ("TN003",),
    "score_readability": ("RD001", "RD002"),
    "score_jargon": ("JG001", "JG002", "JG004"),
    "score_structure": ("ST001", "ST002", "ST003"),
    "score_respect": ("TN001", "TN002", "TN004", "TN005", "AD001"),
    "score_correctness": ("SP", "GR"),
}


def dimension_reasons(scores: dict[str, float], covered: Sequence[str], lang: str) -> list[Reason]:
    """Reasons for dimensions that lost at least half their points where no rule finding explains it."""
    lang = lang if lang in ("en", "nl") else "en"
    out = []
    for column, (label, points) in DIMENSIONS.items():
        value = scores.get(column)
        if value is None or value != value or value > points / 2:  # NaN or at least half the points
            continue
        if any(code.startswith(prefix) for code in covered for prefix in _COVERED[column]):
            continue
        advice = {
            "score_empathy": ACKNOWLEDGEMENT[lang],
            "score_politeness": COURTESY[lang],
            "score_structure": NEXT_STEP[lang],
            "score_readability": "Use shorter sentences (under 20 words) and everyday words.",
            "score_jargon": "Replace technical terms with what they mean for the customer.",
            "score_respect": "Keep the tone neutral: no blame, capitals or exclamation runs.",
            "score_correctness": "Run a spell check before sending; the linter's SP and GR rules show each fix.",
        }[column]
        out.append(
            Reason(
                code=label,
                rule=f"low {label}",
                message=f"{label} scored {value:.1f} of {points:.0f} points",
                phrase="",
                start=None,
                end=None,
                suggestion=advice,
                level="info",
            )
        )
    return out
