"""Match a document's headings to a profile's chapters.

Matching is by name: exact (after normalisation) or an alias, else rapidfuzz similarity
above a threshold. A child chapter is looked for under its parent's heading first and
anywhere else second, so that a chapter in the wrong place is *found, misplaced* rather
than *missing*. Coverage (the share of required chapters found) picks the profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .profiles import Chapter, Profile
from .structure import Heading, Outline, normalise_title

#: Similarity (0-100) from which a heading counts as naming a chapter.
MATCH_THRESHOLD = 80
#: Similarity from which a heading is offered as "did you mean".
SUGGEST_THRESHOLD = 40
#: Score of a title that fits a chapter's pattern (瑞金医院概况 for 单位概况): a match, but
#: weaker than a name or alias, and too weak to call two headings duplicates (≥ 90).
PATTERN_SCORE = 85
#: Longest normalised title a pattern is tried on (titles are short; body lines are not).
MAX_PATTERN_TITLE = 40


@cache
def fuzz_ratio():
    """rapidfuzz's ``fuzz.ratio``, imported on first use: listing or explaining rules scores no heading."""
    from rapidfuzz.fuzz import ratio

    return ratio


def similarity(title_key: str, chapter: Chapter, patterns: bool = False) -> float:
    """How well a normalised heading title names ``chapter`` (0-100).

    Containment counts only when the chapter name covers most of the title, and plain
    character overlap is scored by ``fuzz.ratio`` over the whole strings, so a shared
    suffix alone (环境管理 / 安全管理: 50) stays below the threshold. With ``patterns``, a
    title fitting one of the chapter's patterns scores ``PATTERN_SCORE``.
    """
    return _score(title_key, _keys(chapter), chapter, patterns)


def _keys(chapter: Chapter) -> list[str]:
    """The chapter's names, normalised as titles are (found once per chapter, not per heading)."""
    return [key for key in map(normalise_title, chapter.names()) if key]


def _score(title_key: str, keys: list[str], chapter: Chapter, patterns: bool) -> float:
    best = 0.0
    if title_key:
        ratio = fuzz_ratio()
        for key in keys:
            if key == title_key:
                return 100.0
            if key in title_key and len(key) / len(title_key) >= 0.6:
                best = max(best, 90.0)
            best = max(best, ratio(title_key, key))
    if patterns and best < PATTERN_SCORE and len(title_key) <= MAX_PATTERN_TITLE and chapter.fits_pattern(title_key):
        best = PATTERN_SCORE
    return best


@dataclass
class ChapterMatch:
    """A chapter of the profile and the heading that names it (or None: missing)."""

    chapter: Chapter
    parents: tuple[Chapter, ...]
    heading: Heading | None
    score: float
    #: Found, but not under the heading its parent chapter matched.
    misplaced: bool = False

    @property
    def required(self) -> bool:
        """Required, and so are all its parents (a required part of an optional chapter is not)."""
        return self.chapter.required and all(parent.required for parent in self.parents)


@dataclass
class ProfileMatch:
    """A profile laid over the outline: each chapter's heading, found or missing."""

    profile: Profile
    matches: list[ChapterMatch]  # profile order, depth-first
    by_heading: dict[int, ChapterMatch] = field(default_factory=dict)  # heading line → match
    #: Chosen by the user (``--profile``), not detected: checked against it however poor the fit.
    forced: bool = False

    @property
    def coverage(self) -> float:
        required = [m for m in self.matches if m.required]
        if not required:
            return 1.0
        return sum(1 for m in required if m.heading is not None) / len(required)

    @property
    def top_coverage(self) -> float:
        """The share of the required top-level chapters found."""
        top = [m for m in self.matches if not m.parents and m.required]
        return sum(1 for m in top if m.heading is not None) / len(top) if top else 1.0

    @property
    def fit(self) -> float:
        """How well the document follows the profile: its chapters overall and its top level
        alike, so that one deleted chapter holding most sub-chapters does not hand the
        document to another profile."""
        return (self.coverage + self.top_coverage) / 2

    def of(self, chapter: Chapter) -> ChapterMatch:
        return next(m for m in self.matches if m.chapter is chapter)

    def chapter_for_line(self, outline: Outline, line_number: int) -> Chapter | None:
        """The deepest profile chapter whose heading contains ``line_number``."""
        for heading in reversed(outline.path_at(line_number)):
            match = self.by_heading.get(heading.line)
            if match is not None:
                return match.chapter
        return None

    def role_at(self, outline: Outline, line_number: int) -> str | None:
        """The role (review, outlook, honours…) of the chapter around ``line_number``."""
        for heading in reversed(outline.path_at(line_number)):
            match = self.by_heading.get(heading.line)
            if match is None:
                continue
            for node in (match.chapter, *reversed(match.parents)):
                if node.role:
                    return node.role
        return None


def match_profile(profile: Profile, outline: Outline, forced: bool = False) -> ProfileMatch:
    candidates = outline.chapters
    used: set[int] = set()
    result = ProfileMatch(profile, [], forced=forced)

    def place(chapters: list[Chapter], parents: tuple[Chapter, ...], scope: list[Heading] | None) -> None:
        for chapter in chapters:
            heading, score, misplaced = _best_heading(chapter, scope, candidates, used)
            if heading is not None:
                used.add(heading.line)
            match = ChapterMatch(chapter, parents, heading, score, misplaced)
            result.matches.append(match)
            if heading is not None:
                result.by_heading[heading.line] = match
            # Children are looked for under this chapter's heading, or, when it is absent,
            # under the parent's scope (an optional level may be left out).
            child_scope = descendants(heading) if heading is not None else scope
            place(chapter.children, (*parents, chapter), child_scope)

    place(profile.chapters, (), None)
    return result


def _best_heading(
    chapter: Chapter, scope: list[Heading] | None, candidates: list[Heading], used: set[int]
) -> tuple[Heading | None, float, bool]:
    """The best unused heading for ``chapter``: inside ``scope`` if possible, else anywhere.

    A pattern (``.{2,14}概况``) counts only where the chapter belongs, never anywhere: a
    ``项目概况`` deep in the body is not a misplaced 单位概况.
    """

    keys = _keys(chapter)

    def best_of(headings: list[Heading], patterns: bool = True) -> tuple[Heading | None, float]:
        found, found_score = None, 0.0
        for heading in headings:
            if heading.line in used:
                continue
            score = _score(heading.key, keys, chapter, patterns)
            # Prefer shallower headings on equal score: a chapter beats a list item's twin.
            if score >= MATCH_THRESHOLD and (
                score > found_score or score == found_score and heading.level < found.level
            ):
                found, found_score = heading, score
        return found, found_score

    if scope is not None:
        heading, score = best_of(scope)
        if heading is not None:
            return heading, score, False
        heading, score = best_of(candidates, patterns=False)
        return heading, score, heading is not None
    top = [h for h in candidates if h.parent is None]
    heading, score = best_of(top)
    if heading is not None:
        return heading, score, False
    heading, score = best_of(candidates, patterns=False)
    return heading, score, heading is not None


def descendants(heading: Heading) -> list[Heading]:
    """Every chapter below ``heading``, in document order; a loop, not recursion (a hostile
    outline can nest thousands deep)."""
    found: list[Heading] = []
    stack = list(reversed(heading.chapters()))
    while stack:
        child = stack.pop()
        found.append(child)
        stack.extend(reversed(child.chapters()))
    return found


def nearest_heading(chapter: Chapter, headings: list[Heading]) -> tuple[Heading | None, float]:
    """The heading most like ``chapter`` for a "did you mean" (below the match threshold)."""
    ratio = fuzz_ratio()
    best, best_score = None, 0.0
    for heading in headings:
        score = max(ratio(heading.key, normalise_title(name)) for name in chapter.names())
        if score > best_score:
            best, best_score = heading, score
    return (best, best_score) if best_score >= SUGGEST_THRESHOLD else (None, best_score)


def choose_profile(profiles: dict[str, Profile], outline: Outline) -> list[ProfileMatch]:
    """Every profile matched against the outline, best fit first (ties: fewer chapters)."""
    matches = [match_profile(profile, outline) for profile in profiles.values()]
    return sorted(matches, key=lambda m: (-round(m.fit, 3), len(m.matches), m.profile.id))


def known_titles(profiles: dict[str, Profile]) -> dict[str, bool]:
    """Normalised chapter names of all profiles → whether the name is a top-level chapter."""
    titles: dict[str, bool] = {}
    for profile in profiles.values():
        for chapter, parents in profile.walk():
            for name in chapter.names():
                key = normalise_title(name)
                titles[key] = titles.get(key, False) or not parents
    return titles
