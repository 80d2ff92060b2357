"""Reading templates from files: plain text, Markdown, HTML, Jinja/Liquid and macro exports (JSON).

Every template keeps a map from each character of the text we lint back to its offset in the source it
came from, so a finding points at the line and column the author edits, not at a position in rendered
text.  HTML is read with the standard library's :class:`html.parser.HTMLParser`, which reports where each
piece of text starts; comments (``<!-- -->``, ``{# #}``) and Jinja/Liquid statements (``{% %}``) are blanked
out of the text but kept in the source, so inline suppressions are found and offsets stay valid.

A macro export holds many templates in one file: Zendesk macros (``{"macros": [{"title", "actions":
[{"field": "comment_value" | "comment_value_html", "value"}]}]}``) and Freshdesk canned responses
(``{"title", "content" | "content_html"}``, as a list or under ``canned_responses``).  Their findings point
at the line of the macro's text in the JSON file.

Unreadable input (a binary file, an undecodable file, JSON that is not a macro export) raises
:class:`~analyser.errors.InputError`, which the CLI reports in one line with exit code 2.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from analyser.errors import InputError

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2", ".liquid", ".tmpl", ".tpl", ".hbs", ".handlebars", ".mustache")
JSON_SUFFIXES = (".json",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + TEMPLATE_SUFFIXES + JSON_SUFFIXES

_COMMENTS = re.compile(r"<!--.*?-->|\{#.*?#\}|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.DOTALL)
# Jinja/Liquid statements, and Handlebars/Mustache block helpers, partials and comments ({{#if x}}, {{/if}},
# {{else}}, {{> partial}}, {{!-- note --}}): logic, not text the customer reads
_STATEMENT = re.compile(r"\{%.*?%\}|\{\{!--.*?--\}\}|\{\{~?\s*(?:[#/^>!][^{}]*|else\s*)~?\}\}", re.DOTALL)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "hr",
        "section",
        "header",
        "footer",
        "article",
    ]
)
_SKIP_TAGS = frozenset(["script", "style", "head", "title"])
_MAX_BYTES = 5_000_000


class NotAnExport(InputError):
    """Valid JSON that is no macro export: an error for a file named on the command line, skipped in a walk
    (a folder of templates may hold package.json, a baseline or a SARIF file)."""


@dataclass
class Template:
    """One template: ``text`` (what the rules read) with ``offsets[i]`` = index in ``source`` of ``text[i]``.

    ``source`` is the file's text, or for a macro the macro's own text; ``anchor`` is the (line, column) in
    the file where ``source`` starts, set only for macros inside a JSON export.
    """

    path: str
    text: str
    offsets: list[int]
    source: str
    name: str | None = None
    anchor: tuple[int, int] | None = None
    line_starts: list[int] = field(default_factory=list)
    markup: str = "text"  # "text" (plain, Markdown, Jinja) or "html": what a fix may insert

    def __post_init__(self) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]

    def source_offset(self, index: int) -> int:
        """The source offset of text index ``index`` (clamped to the text)."""
        if not self.offsets:
            return 0
        return self.offsets[min(max(index, 0), len(self.offsets) - 1)]

    def position(self, source_offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset inside ``source``."""
        from bisect import bisect_right

        line = bisect_right(self.line_starts, source_offset) - 1
        return line + 1, source_offset - self.line_starts[line] + 1


def _identity(path: str, source: str, *, name: str | None = None, anchor=None) -> Template:
    """Plain text, Markdown or a Jinja/Liquid template: comments and statements blanked, offsets kept."""
    text = _COMMENTS.sub(_blank, source)
    text = _STATEMENT.sub(_blank, text)
    return Template(path, text, list(range(len(source))), source, name=name, anchor=anchor)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


class _TextWithOffsets(HTMLParser):
    """HTML to text, remembering where in the source each character of text came from."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.skip = 0

    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _emit(self, text: str, start: int, *, raw: bool = True) -> None:
        for i, char in enumerate(text):
            if char.isspace():
                if self.chars and self.chars[-1] in " \n":
                    continue
                char = " "
            self.chars.append(char)
            self.offsets.append(start + i if raw else start)

    def _break(self, count: int) -> None:
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.offsets.pop()
        trailing = len(self.chars) - len("".join(self.chars).rstrip("\n"))
        for _ in range(max(0, count - trailing)):
            self.chars.append("\n")
            self.offsets.append(self._here())

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self._break(2 if tag in ("p", "ul", "ol", "table", "blockquote") else 1)
            if tag == "li":
                self._emit("- ", self._here(), raw=False)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self._break(2 if tag in ("p", "ul", "ol", "table", "blockquote") else 1)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in ("br", "hr"):
            self._break(1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._emit(data, self._here())

    def handle_entityref(self, name: str) -> None:
        import html

        if not self.skip:
            self._emit(html.unescape(f"&{name};"), self._here(), raw=False)

    def handle_charref(self, name: str) -> None:
        import html

        if not self.skip:
            self._emit(html.unescape(f"&#{name};"), self._here(), raw=False)


def _html(path: str, source: str, *, name: str | None = None, anchor=None) -> Template:
    """HTML (optionally with Jinja/Liquid in it): text laid out by paragraphs and list items."""
    masked = _STATEMENT.sub(_blank, re.sub(r"\{#.*?#\}", _blank, source, flags=re.DOTALL))
    parser = _TextWithOffsets(masked)
    parser.feed(masked)
    parser.close()
    text = "".join(parser.chars)
    lead = len(text) - len(text.lstrip())
    return Template(
        path,
        text[lead:].rstrip(),
        parser.offsets[lead : lead + len(text[lead:].rstrip())],
        source,
        name=name,
        anchor=anchor,
        markup="html",
    )


def looks_like_html(text: str) -> bool:
    from analyser.clean.markup import looks_like_html as _looks

    return _looks(text)


@dataclass(frozen=True)
class Encoding:
    """How a file's text was stored, so that ``--fix`` writes it back the same way."""

    name: str = "utf-8"
    bom: bool = False
    newline: str = "\n"


def _stat_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a template file, or ``None`` when it is a regular file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "no such file or directory"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"cannot read the file ({error.strerror or error})"
    if stat.S_ISDIR(info.st_mode):
        return "is a directory"
    if not stat.S_ISREG(info.st_mode):
        return f"not a regular file ({_kind(info.st_mode)}); name template files only"
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def read_bytes(path: Path) -> bytes:
    """At most ``_MAX_BYTES + 1`` bytes of a *regular* file; never blocks on a pipe or reads a device forever."""
    problem = _stat_problem(path)
    if problem:
        raise InputError(problem, file=str(path))
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the check above still cannot hang the run
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except PermissionError:
        raise InputError("cannot read the file (permission denied)", file=str(path)) from None
    except OSError as error:
        problem = "symbolic link loop" if error.errno == errno.ELOOP else f"cannot read the file ({error.strerror})"
        raise InputError(problem, file=str(path)) from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise InputError("not a regular file; name template files only", file=str(path))
        try:
            return handle.read(_MAX_BYTES + 1)
        except OSError as error:
            raise InputError(f"cannot read the file ({error.strerror or error})", file=str(path)) from None


def decode(data: bytes, display: str) -> tuple[str, Encoding]:
    """Template text from bytes (UTF-8, else Windows-1252), line endings as ``\\n``; an InputError for binary."""
    if len(data) > _MAX_BYTES:
        raise InputError(f"file is larger than {_MAX_BYTES // 1_000_000} MB; not a template", file=display)
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not a text template", file=display)
    for name in ("utf-8", "cp1252"):
        try:
            text = data.decode(name)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 leaves five bytes undefined
        raise InputError("not UTF-8 or Windows-1252 text", file=display)
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 50):
        raise InputError("binary file, not a text template", file=display)
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n").replace("\r", "\n"), Encoding(name, bom, newline)


def encode(text: str, encoding: Encoding) -> bytes:
    """The inverse of :func:`decode` for text written back by ``--fix``."""
    if encoding.newline != "\n":
        text = text.replace("\n", encoding.newline)
    return (("\ufeff" if encoding.bom else "") + text).encode(encoding.name)


def read_source(path: Path) -> str:
    """The file's text; an :class:`InputError` for a binary, unreadable, undecodable or non-regular file."""
    return decode(read_bytes(path), str(path))[0]


def templates_from_file(path: Path, display: str | None = None) -> list[Template]:
    """Every template in one file (one for text/HTML/Jinja, one per macro for a JSON export)."""
    display = display or str(path)
    return templates_from_text(read_bytes(path), display, name_for_format=path.name)


def templates_from_text(data: bytes | str, display: str, *, name_for_format: str | None = None) -> list[Template]:
    """Templates from a file's content (bytes as read, or text); ``name_for_format``'s suffix picks the reader.

    This is what ``lint -`` uses for standard input, with ``--stdin-filename`` as the name."""
    if isinstance(data, bytes):
        source, _ = decode(data, display)
    else:
        source = data.replace("\r\n", "\n").replace("\r", "\n")
    suffixes = [s.lower() for s in Path(name_for_format or display).suffixes]
    suffix = suffixes[-1] if suffixes else ""
    if suffix in JSON_SUFFIXES:
        return list(_macros(display, source))
    is_html = suffix in HTML_SUFFIXES or any(s in HTML_SUFFIXES for s in suffixes[:-1])
    if suffix in TEMPLATE_SUFFIXES and not is_html:
        is_html = looks_like_html(source)
    if not suffix and not is_html:
        is_html = looks_like_html(source)
    return [_html(display, source) if is_html else _identity(display, source)]


def _macros(display: str, source: str) -> Iterator[Template]:
    try:
        data = json.loads(source)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}", file=display
        ) from None
    items = _macro_items(data)
    if items is None:
        raise NotAnExport(
            "JSON is not a Zendesk macro export ({'macros': [...]}) nor Freshdesk canned responses "
            "([{'title', 'content'}] or {'canned_responses': [...]})",
            file=display,
        )
    search_from = 0
    for index, (title, body, is_html) in enumerate(items):
        name = title or f"#{index + 1}"
        anchor, search_from = _locate_value(source, body, search_from)
        if is_html or looks_like_html(body):
            yield _html(display, body, name=name, anchor=anchor)
        else:
            yield _identity(display, body, name=name, anchor=anchor)


def _macro_items(data: object) -> list[tuple[str, str, bool]] | None:
    """(title, text, is_html) for each macro or canned response; ``None`` when the shape is unknown."""
    if isinstance(data, dict):
        for key in ("macros", "canned_responses", "results"):
            if isinstance(data.get(key), list):
                return _macro_items(data[key])
        if isinstance(data.get("macro"), dict):
            return _macro_items([data["macro"]])
        if "actions" in data or "content" in data or "content_html" in data:
            return _macro_items([data])
        return None
    if not isinstance(data, list):
        return None
    items = []
    for entry in data:
        if not isinstance(entry, dict):
            return None
        title = str(entry.get("title") or entry.get("name") or "")
        if isinstance(entry.get("actions"), list):  # Zendesk macro
            bodies = [
                (a.get("value"), a.get("field") == "comment_value_html")
                for a in entry["actions"]
                if isinstance(a, dict) and a.get("field") in ("comment_value", "comment_value_html")
            ]
            if not bodies:
                continue  # a macro that only sets fields has no text to lint
            value, is_html = bodies[-1]
            if isinstance(value, list):  # the API's ["channel:all", "text"] form
                value = value[-1] if value else ""
            items.append((title, str(value or ""), is_html))
        elif "content" in entry or "content_html" in entry:  # Freshdesk canned response
            html_body = entry.get("content_html")
            if isinstance(html_body, str) and html_body.strip():
                items.append((title, html_body, True))
            else:
                items.append((title, str(entry.get("content") or ""), False))
        else:
            return None
    return items


def _locate_value(source: str, body: str, start: int) -> tuple[tuple[int, int], int]:
    """(line, column) in the JSON file where the string ``body`` starts (its opening quote)."""
    encoded = json.dumps(body, ensure_ascii=False)[:40]
    position = source.find(encoded, start)
    if position < 0:
        encoded = json.dumps(body)[:40]
        position = source.find(encoded, start)
    if position < 0:
        position = start
    line = source.count("\n", 0, position) + 1
    column = position - (source.rfind("\n", 0, position) + 1) + 1
    return (line, column), position + 1


@dataclass
class Collected:
    """The files a run will lint, the paths it could not use, and how many paths (template files, and folders
    not walked) the configuration's ``exclude`` or ``.gitignore`` excluded."""

    files: list[Path] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    excluded: int = 0
    walked: set[Path] = field(default_factory=set)  # found by walking a folder, not named


def collect_files(
    paths: Iterable[str | Path],
    exclude: Iterable[str] = (),
    *,
    root: Path | None = None,
    force_exclude: bool = False,
    respect_gitignore: bool = True,
) -> Collected:
    """Files to lint: named files as given, directories walked for template suffixes (sorted).

    A walk skips hidden entries, never follows a symbolic link to a directory (no loops), is iterative (a
    folder 1,000 levels deep is walked, not a RecursionError), applies ``exclude`` (globs matched against
    the path relative to ``root``, each of its parent folders, and the name) and, by default, the
    ``.gitignore`` files of the repository.  A file named explicitly is linted whatever its suffix, and is
    excluded only with ``force_exclude`` (as ruff's ``--force-exclude``, for pre-commit, which names files).
    """
    collected = Collected()
    patterns = list(exclude)
    for item in paths:
        path = Path(item)
        if os.path.isdir(path):  # a folder named on the command line is walked even through a link
            _walk(path, patterns, root, respect_gitignore, collected)
            continue
        problem = _stat_problem(path)
        if problem and problem != "is a directory":
            collected.errors.append(InputError(problem, file=str(path)))
        elif force_exclude and (_excluded(path, patterns, root) or _ignored_by_git(path, respect_gitignore)):
            collected.excluded += 1
        else:
            collected.files.append(path)
    return collected


def _walk(top: Path, patterns: list[str], root: Path | None, respect_gitignore: bool, collected: Collected) -> None:
    ignore = _GitIgnore(top) if respect_gitignore else None
    found: list[Path] = []
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError as error:
            collected.errors.append(InputError(f"cannot read the folder ({error.strerror or error})", file=str(folder)))
            continue
        if ignore is not None:
            ignore.enter(folder)
        for entry in listing:
            if entry.name.startswith("."):
                continue
            candidate = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if is_dir:
                if _excluded(candidate, patterns, root, folder=True) or (ignore and ignore.ignored(candidate, True)):
                    collected.excluded += 1  # a folder counts once: it is not walked
                    continue
                stack.append(candidate)
            elif is_file and entry.name.lower().endswith(SUPPORTED_SUFFIXES):
                if _excluded(candidate, patterns, root) or (ignore and ignore.ignored(candidate, False)):
                    collected.excluded += 1
                else:
                    found.append(candidate)
    collected.files.extend(sorted(found))
    collected.walked.update(found)


def _relative_parts(path: Path, root: Path | None) -> list[str]:
    """Ways to name ``path`` for an exclude glob: relative to ``root``, as given, and its name."""
    names = [path.as_posix(), path.name]
    if root is not None and _inside(Path(os.path.abspath(path)), Path(os.path.abspath(root))):
        names.append(Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix())
    return names


def _excluded(path: Path, patterns: list[str], root: Path | None = None, *, folder: bool = False) -> bool:
    """Whether an ``exclude`` glob matches the path, a folder it is in, or its name."""
    if not patterns:
        return False
    from fnmatch import fnmatch

    for name in _relative_parts(path, root):
        parts = name.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        for pattern in patterns:
            bare = pattern.rstrip("/")
            if fnmatch(name, pattern) or (folder and fnmatch(name, bare)) or path.match(pattern):
                return True
            if any(fnmatch(prefix, bare) for prefix in prefixes[:-1]):
                return True  # "drafts" or "drafts/" excludes everything below
    return False


def _ignored_by_git(path: Path, respect_gitignore: bool) -> bool:
    if not respect_gitignore:
        return False
    folder = Path(os.path.dirname(os.path.abspath(path)))
    ignore = _GitIgnore(folder)
    return ignore.ignored(Path(os.path.abspath(path)), False)


class _GitIgnore:
    """The ``.gitignore`` files (and ``.git/info/exclude``) that apply below a folder, as git reads them.

    Patterns are matched relative to the folder of the file they come from; a deeper file's verdict wins,
    and a file's own later lines win over earlier ones (``!keep.txt``).  Outside a git repository only the
    ``.gitignore`` files inside the walked folder apply."""

    def __init__(self, top: Path) -> None:
        self.specs: list[tuple[Path, object]] = []
        self.seen: set[str] = set()
        top = Path(os.path.abspath(top))
        repository = next((d for d in (top, *top.parents) if (d / ".git").exists()), None)
        if repository is not None:
            self._add(repository, repository / ".git" / "info" / "exclude")
            for folder in reversed([d for d in (top, *top.parents) if d != top and _inside(d, repository)]):
                self.enter(folder)

    def _add(self, base: Path, file: Path) -> None:
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        from pathspec import GitIgnoreSpec

        self.specs.append((base, GitIgnoreSpec.from_lines(lines)))

    def enter(self, folder: Path) -> None:
        folder = Path(os.path.abspath(folder))
        if str(folder) in self.seen:
            return
        self.seen.add(str(folder))
        if (folder / ".gitignore").is_file():
            self._add(folder, folder / ".gitignore")

    def ignored(self, path: Path, is_dir: bool) -> bool:
        path = Path(os.path.abspath(path))
        verdict = False
        for base, spec in self.specs:
            if not _inside(path, base) or path == base:
                continue
            relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
            result = spec.check_file(relative)  # type: ignore[attr-defined]
            if result.include is not None:
                verdict = result.include
        return verdict


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False
