"""One typed settings model: every setting of every command, its type, its default and its meaning, in one place.

Settings live in ``[tool.ticket-analyser]`` of ``pyproject.toml`` or in a ``ticket-analyser.toml`` /
``.ticket-analyser.toml`` (top-level keys there); as with ruff, the nearest file up from the input (or the
working directory) wins, and an explicit ``--config FILE`` beats both.  Keys are kebab-case, as ruff's are.
Command-line options override the file, and they go through the same conversion and checks, so a value means
the same wherever it was written.

Each table is one frozen dataclass below (``[tool.ticket-analyser.extract]`` is :class:`ExtractSettings`, and
so on); a field's metadata holds its key and its help text, and ``python -m analyser.settings`` prints the
reference page ``docs/configuration.md`` from the same definitions.  A new table (vocabulary, scorecard,
engine, ...) is a new dataclass added to :data:`SECTIONS`.

Errors are one line naming the file, the table, the key and what was expected (``ConfigError``, exit code 2);
an unknown key lists the valid ones.  Keys of the old snake_case spelling (``text_column``) still work, with a
deprecation warning that the command line prints.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import sys
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from analyser.errors import ConfigError, InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = (".ticket-analyser.toml", "ticket-analyser.toml", "pyproject.toml")
LANGUAGE_CHOICES = ("auto", "en", "nl")


def setting(default: Any = None, help: str = "", *, key: str | None = None, secret: bool = False, **kwargs: Any) -> Any:
    """A dataclass field that is a setting: ``key`` is its kebab-case name (default: the field name with
    dashes), ``help`` its one-line meaning, ``secret`` keeps it out of reports and ``--show-settings``."""
    metadata = {"key": key, "help": help, "secret": secret}
    if "default_factory" in kwargs:
        return field(default_factory=kwargs["default_factory"], metadata=metadata)
    return field(default=default, metadata=metadata)


def _key(item: dataclasses.Field) -> str:
    return item.metadata.get("key") or item.name.replace("_", "-")


# --- the sections ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractSettings:
    """``[tool.ticket-analyser.extract]``: how ``extract`` reads its input."""

    text_column: str | None = setting(
        None, "Column holding the reply text. Default: body_clean when present (ingest output), else body."
    )
    id_column: str | None = setting(
        None, "Column that identifies a reply (kept in the output, checked for duplicates). Default: reply_id."
    )
    chunksize: int = setting(2000, "Replies read and scored per chunk; memory grows with it, not with the input.")
    all_messages: bool = setting(
        False, "Score every message, not only public agent replies (when the input has author_role/public)."
    )
    jobs: int = setting(0, "Worker processes scoring chunks side by side; 0: one per core. The output is the same.")

    def __post_init__(self) -> None:
        if self.chunksize < 1:
            raise ConfigError(f"chunksize must be at least 1, got {self.chunksize}")
        if self.jobs < 0:
            raise ConfigError(f"jobs must be 0 (one per core) or more, got {self.jobs}")


@dataclass(frozen=True)
class StudySettings:
    """``[tool.ticket-analyser.study]``: how the Stelling 1 study is run.  Every field ends up in
    ``results.json`` under ``reproducibility.configuration``.

    ``communication_cut`` splits tickets into good and poor communication for the 2x2 table: ``"median"``
    (two halves of equal size, whatever the score's calibration), ``"mean"``, or a number on the 0-100 scale.
    ``aggregate`` says which agent reply stands for the ticket: the first reply (what the customer saw first),
    the mean over all public agent replies, or the worst reply (a single bad reply may be what is remembered).
    """

    alpha: float = setting(0.05, "Significance level of every test.")
    seed: int = setting(42, "Seed of the bootstrap resampling.")
    communication_cut: str | float = setting(
        "median", "Good/poor communication cut for the 2x2 table: median, mean, or a score from 0 to 100."
    )
    aggregate: Literal["first", "mean", "worst"] = setting(
        "mean", "Which agent reply stands for the ticket: the first, the mean of all, or the worst."
    )
    bootstrap_resamples: int = setting(2000, "Bootstrap resamples for correlation intervals.", key="bootstrap")
    power: float = setting(0.80, "Power for the minimum-detectable-effect statement.")
    scale: Literal["1-5", "1-10", "good/bad"] | None = setting(
        None, "Study only tickets rated on this CSAT scale (needed when scales are mixed)."
    )
    communication_feature: str = setting("communication_score", "The reply column that measures communication.")
    technical_feature: str = setting("technical_score", "The reply column that measures technical content.")
    controls: bool = setting(True, "Control for category, priority and channel in the model when present.")
    ticket_features: Literal["measures", "controls", "off"] = setting(
        "off",
        "Conversation features per ticket (customer sentiment change, solution offered, first reply time, from "
        "the whole thread: customer messages are scored too, which takes longer): correlated with CSAT as "
        "communication measures, added to the model as controls, or off.",
    )

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 0.5:
            raise InputError(f"alpha must be between 0 and 0.5, got {self.alpha}")
        if not 0 < self.power < 1:
            raise InputError(f"power must be between 0 and 1, got {self.power}")
        if self.bootstrap_resamples < 100:
            raise InputError(f"bootstrap resamples must be at least 100, got {self.bootstrap_resamples}")
        if self.aggregate not in ("first", "mean", "worst"):
            raise InputError(f"aggregate must be one of first, mean, worst, got '{self.aggregate}'")
        if self.ticket_features not in ("measures", "controls", "off"):
            raise InputError(f"ticket-features must be one of measures, controls, off, got '{self.ticket_features}'")
        cut = self.communication_cut
        if isinstance(cut, str) and cut not in ("median", "mean"):
            try:
                object.__setattr__(self, "communication_cut", float(cut))
            except ValueError:
                raise InputError(
                    f"communication-cut must be 'median', 'mean' or a number from 0 to 100, got '{cut}'"
                ) from None
        if isinstance(self.communication_cut, int | float) and not isinstance(self.communication_cut, bool):
            object.__setattr__(self, "communication_cut", float(self.communication_cut))
            if not 0 <= self.communication_cut <= 100:
                raise InputError(f"communication-cut must be between 0 and 100, got {self.communication_cut}")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class AuditSettings:
    """``[tool.ticket-analyser.audit]``: how the team-lead audit filters and flags.

    ``date_from``/``date_to`` are inclusive calendar days (UTC) on the reply's sent time.  ``min_replies``:
    an agent with fewer scored replies is counted in the team figures but gets no scorecard, because a
    percentile from two replies says nothing about how someone writes.  ``flag_below``: a reply is flagged
    only when its communication score is below this (default: the team's 25th percentile), so a strong
    agent's "worst" replies are not presented as problems.
    """

    date_from: date | None = setting(None, "First day of replies to include (YYYY-MM-DD).", key="from")
    date_to: date | None = setting(None, "Last day of replies to include (YYYY-MM-DD).", key="to")
    teams: tuple[str, ...] = setting((), "Only tickets of these teams.", key="team")
    channels: tuple[str, ...] = setting((), "Only replies on these channels (email, chat, web, ...).", key="channel")
    languages: tuple[str, ...] = setting((), "Only replies in these languages (en, nl).", key="language")
    min_replies: int = setting(5, "Replies an agent needs for a scorecard.")
    flagged_per_agent: int = setting(3, "Flagged replies shown per agent.")
    flag_below: float | None = setting(None, "Flag replies scoring below this. Default: the team's 25th percentile.")
    pseudonymise_agents: bool = setting(False, "Replace agent names with stable aliases.")
    compare_to: str | None = setting(
        None,
        "Period to compare with, FROM:TO (YYYY-MM-DD:YYYY-MM-DD), or 'none'. Default: the period of equal length "
        "that ends the day before --from (or before the first reply).",
    )
    ticket_url: str = setting(
        "",
        "Link to a ticket in the helpdesk, with {ticket_id}, e.g. https://example.zendesk.com/agent/tickets/{ticket_id}.",
    )
    alias_key: str = setting(
        "", "Secret key for agent aliases (or TICKET_ANALYSER_ALIAS_KEY); never written out.", secret=True
    )

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError(f"--from {self.date_from} is after --to {self.date_to}: the date range is reversed")
        if self.min_replies < 1:
            raise InputError(f"min-replies must be at least 1, got {self.min_replies}")
        if self.flagged_per_agent < 0:
            raise InputError(f"flagged-per-agent must be 0 or more, got {self.flagged_per_agent}")
        if self.flag_below is not None and not 0 <= self.flag_below <= 100:
            raise InputError(f"flag-below must be a score from 0 to 100, got {self.flag_below}")
        if self.compare_to is not None:
            object.__setattr__(self, "compare_to", _period(self.compare_to))
        if self.ticket_url and (
            not self.ticket_url.startswith(("https://", "http://")) or "{ticket_id}" not in self.ticket_url
        ):
            raise InputError(f"ticket-url must be an http(s) address with {{ticket_id}} in it, got '{self.ticket_url}'")
        languages = tuple(code.lower() for code in self.languages)
        bad = [code for code in languages if code not in ("en", "nl", "und")]
        if bad:
            raise InputError(f"language must be en, nl or und, got {', '.join(bad)}")
        object.__setattr__(self, "languages", languages)

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out.pop("alias_key")  # a secret: never written to a report
        return {key: (list(value) if isinstance(value, tuple) else value) for key, value in out.items()}

    def comparison_period(self, start: date | None, end: date | None) -> tuple[date, date] | None:
        """The period the audit compares with: ``compare-to`` when given (None for 'none'), else the period
        of equal length that ends the day before ``start`` (the audited period is ``start``..``end``)."""
        if self.compare_to == "none":
            return None
        if self.compare_to:
            first, last = self.compare_to.split(":")
            return date.fromisoformat(first), date.fromisoformat(last)
        if start is None or end is None:
            return None
        length = (end - start).days + 1
        return start - timedelta(days=length), start - timedelta(days=1)

    def ticket_link(self, ticket_id: object) -> str | None:
        """The helpdesk address of a ticket (``ticket-url`` with the id filled in, URL-quoted), or None."""
        if not self.ticket_url or ticket_id is None:
            return None
        from urllib.parse import quote

        return self.ticket_url.replace("{ticket_id}", quote(str(ticket_id), safe=""))

    def filters_text(self) -> str:
        """The filters in force, in words (for the report header)."""
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"replies from {self.date_from or 'the start'} to {self.date_to or 'the end'}")
        for label, values in (("team", self.teams), ("channel", self.channels), ("language", self.languages)):
            if values:
                parts.append(f"{label} {', '.join(values)}")
        return "; ".join(parts) or "all replies"


def _period(value: str) -> str:
    """``FROM:TO`` (two dates, in order) or ``none``, normalised; an InputError naming the option otherwise."""
    text = str(value).strip().lower()
    if text in ("none", "off", "no"):
        return "none"
    parts = text.split(":")
    try:
        if len(parts) != 2:
            raise ValueError
        first, last = date.fromisoformat(parts[0].strip()), date.fromisoformat(parts[1].strip())
    except ValueError:
        raise InputError(f"compare-to must be FROM:TO as YYYY-MM-DD:YYYY-MM-DD, or none; got '{value}'") from None
    if first > last:
        raise InputError(f"compare-to {value}: the period is reversed ({first} is after {last})")
    return f"{first}:{last}"


@dataclass(frozen=True)
class EvaluateSettings:
    """``[tool.ticket-analyser.evaluate]``: where ``evaluate`` finds the human-labelled reference data."""

    data: str | None = setting(None, "Folder with the labelled sets. Default: ../shared/data beside the checkout.")


@dataclass(frozen=True)
class EngineSettings:
    """``[tool.ticket-analyser.engine]``: where ``extract`` and ``study --features`` do their work: in this
    process (``local``) or on a Dask cluster (``dask``, the ``[dask]`` extra; see docs/scale.md).

    With ``dask`` and no ``scheduler``, a ``LocalCluster`` is started on this machine (one single-threaded
    worker process per core), so ``--engine dask`` is also the multi-core path on one box.  The input is cut
    into partitions of about ``partition-size`` rows that never split a ticket; each is one output part.
    """

    name: Literal["local", "dask"] = setting(
        "local", "local: this process; dask: a Dask cluster (a running one, or a LocalCluster on this machine)."
    )
    scheduler: str | None = setting(
        None, "Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786. Default: start a LocalCluster."
    )
    partition_size: int = setting(
        5000, "Input rows per partition (a ticket is never split): one task and one output part each."
    )
    workers: int = setting(0, "Worker processes of a LocalCluster (one thread each); 0: one per core.")
    memory_limit: str = setting(
        "auto", "Memory limit per LocalCluster worker, e.g. 2GiB; auto: the machine's memory shared by the workers."
    )
    connect_timeout: float = setting(10.0, "Seconds to wait for the scheduler before giving up (exit code 2).")

    def __post_init__(self) -> None:
        if self.partition_size < 1:
            raise ConfigError(f"partition-size must be at least 1, got {self.partition_size}")
        if self.workers < 0:
            raise ConfigError(f"workers must be 0 (one per core) or more, got {self.workers}")
        if not 0 < self.connect_timeout <= 300:
            raise ConfigError(f"connect-timeout must be between 0 and 300 seconds, got {self.connect_timeout}")


@dataclass(frozen=True)
class Settings:
    """All settings of one run: top-level keys plus one section per table."""

    language: Literal["auto", "en", "nl"] = setting(
        "auto", "Language of the replies: auto detects it per reply; en or nl skips detection."
    )
    default_language: Literal["en", "nl"] = setting(
        "en",
        "Language of a reply that detection cannot decide (too short or mixed) and whose ticket does not tell.",
    )
    model: str | None = setting(
        None, "Installed trained spaCy pipelines to use, e.g. en_core_web_sm,nl_core_news_sm. Default: built-in."
    )
    mapping: Mapping[str, str] = setting(
        help='Canonical column name = your export\'s column name, e.g. body = "Message".', default_factory=dict
    )
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    study: StudySettings = field(default_factory=StudySettings)
    audit: AuditSettings = field(default_factory=AuditSettings)
    evaluate: EvaluateSettings = field(default_factory=EvaluateSettings)
    engine: EngineSettings = field(default_factory=EngineSettings)
    lint_table: Mapping[str, Any] = field(default_factory=dict, metadata={"key": "lint"})
    vocabulary_table: Mapping[str, Any] = field(default_factory=dict, metadata={"key": "vocabulary"})
    scorecard_table: Mapping[str, Any] = field(default_factory=dict, metadata={"key": "scorecard"})
    path: Path | None = field(default=None, metadata={"internal": True})
    warnings: tuple[str, ...] = field(default=(), metadata={"internal": True})

    @property
    def lint(self):  # -> analyser.lint.settings.LintSettings (imported lazily: lint must stay light)
        """The ``[tool.ticket-analyser.lint]`` table as validated lint settings, with the vocabulary."""
        from analyser.lint.settings import settings_from_table

        lint = settings_from_table(dict(self.lint_table), where=self.where("lint"), root=self.root)
        lint.vocabulary = self.vocabulary
        return lint

    @property
    def vocabulary(self):  # -> analyser.nlp.spelling.Vocabulary (imported lazily)
        """``[tool.ticket-analyser.vocabulary]``: words the spelling check accepts or rejects, as Vale's
        vocabularies (scoring and the linter read the same one)."""
        from analyser.nlp.spelling import vocabulary_from_table

        return vocabulary_from_table(dict(self.vocabulary_table), where=self.where("vocabulary"), root=self.root)

    @property
    def scorecard(self):  # -> analyser.audit.scorecard.Scorecard | None (imported lazily)
        """``[tool.ticket-analyser.scorecard]``: the team's own scorecard (weights, categories, auto-fail), or
        None when the table is absent.  Rule codes are checked against the rules in force (the team's
        ``rules-folder`` included)."""
        if not self.scorecard_table:
            return None
        from analyser.audit.scorecard import scorecard_from_table

        rules = self.lint.rules if self.lint_table else None
        return scorecard_from_table(dict(self.scorecard_table), where=self.where("scorecard"), rules=rules)

    @property
    def root(self) -> Path | None:
        return self.path.parent if self.path else None

    def where(self, section: str | None = None) -> str:
        """How to name a table in messages: ``pyproject.toml: [tool.ticket-analyser.study]``."""
        return _where(self.path, section)


#: Tables with their dataclass; the lint table is validated by analyser.lint.settings (it has nested tables).
SECTIONS: dict[str, type] = {
    "extract": ExtractSettings,
    "study": StudySettings,
    "audit": AuditSettings,
    "evaluate": EvaluateSettings,
    "engine": EngineSettings,
}
TOP_LEVEL_KEYS = ("language", "default-language", "model", "mapping", *SECTIONS, "lint", "vocabulary", "scorecard")
#: Keys that moved from a table to the top level: (table, old key) -> top-level key.
_MOVED = {("extract", "language"): "language", ("extract", "model"): "model"}


# --- converting values ------------------------------------------------------------------------------------


def _where(path: Path | None, section: str | None) -> str:
    if path is None:
        return f"[{section}]" if section else "settings"
    table = section if path.name != "pyproject.toml" else f"tool.ticket-analyser.{section}" if section else ""
    return f"{path}: [{table}]" if table else f"{path}: [tool.ticket-analyser]"


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in typing.get_args(annotation) if a is not type(None)]
        return " or ".join(names)
    if origin in (tuple, list):
        return "a list of strings"
    if origin in (Mapping, dict) or annotation in (Mapping, dict):
        return "a table of strings"
    return {
        bool: "true or false",
        int: "an integer",
        float: "a number",
        str: "a string",
        date: "a date (YYYY-MM-DD)",
    }.get(annotation, str(annotation))


class _Mismatch(Exception):
    pass


def _convert(value: Any, annotation: Any) -> Any:
    """``value`` as ``annotation`` (strict: TOML already types its values), or raise _Mismatch."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(annotation)
        if value is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return _convert(value, option)
            except _Mismatch:
                continue
        raise _Mismatch
    if origin is Literal:
        if value in typing.get_args(annotation):
            return value
        raise _Mismatch
    if origin in (tuple, list):
        if isinstance(value, str):
            value = [part for part in value.split(",")]
        if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
            raise _Mismatch
        return tuple(item.strip() for item in value if item.strip())
    if origin in (Mapping, dict) or annotation in (Mapping, dict):
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise _Mismatch
        return dict(value)
    if annotation is bool:
        if isinstance(value, bool):
            return value
        raise _Mismatch
    if annotation is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _Mismatch
    if annotation is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise _Mismatch
    if annotation is str:
        if isinstance(value, str):
            return value
        raise _Mismatch
    if annotation is date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise _Mismatch from None
        raise _Mismatch
    raise _Mismatch  # pragma: no cover - a type the model does not use


def check_keys(values: Mapping[str, Any], valid: typing.Iterable[str], where: str) -> None:
    """Reject unknown keys with a message naming the table and the valid keys (for nested tables)."""
    valid = list(valid)
    unknown = sorted(set(values) - set(valid))
    if unknown:
        raise ConfigError(f"unknown key(s) {', '.join(unknown)} in {where}; valid: {', '.join(valid)}")


def _fields(cls: type) -> dict[str, tuple[dataclasses.Field, Any]]:
    """kebab-case key -> (field, resolved type) for a settings dataclass."""
    hints = typing.get_type_hints(cls)
    return {
        _key(item): (item, hints[item.name])
        for item in dataclasses.fields(cls)
        if not item.metadata.get("internal") and item.name not in SECTIONS and not item.name.endswith("_table")
    }


def build_section(
    cls: type, values: Mapping[str, Any], where: str, warnings: list[str] | None = None, *, options: bool = False
) -> Any:
    """An instance of the settings dataclass ``cls`` from ``values`` (kebab-case keys; snake_case accepted
    with a warning).  Every value is converted and checked; errors name ``where`` and the key (``--key``,
    the option, when ``options`` says the values came from the command line)."""
    known = _fields(cls)
    kwargs: dict[str, Any] = {}
    for raw_key, value in values.items():
        key = raw_key
        if key not in known and key.replace("_", "-") in known:
            key = key.replace("_", "-")
            if warnings is not None:
                warnings.append(f"{where}: '{raw_key}' is deprecated; write '{key}'")
        if key not in known:
            raise ConfigError(f"{where}: unknown key '{raw_key}'; valid: {', '.join(known)}")
        item, annotation = known[key]
        try:
            kwargs[item.name] = _convert(value, annotation)
        except _Mismatch:
            name = f"--{key}" if options else f"{where}: '{key}'"
            raise ConfigError(f"{name} must be {_type_name(annotation)}, got {value!r}") from None
    try:
        return cls(**kwargs)
    except (InputError, ConfigError) as error:
        message = getattr(error, "message", None) or str(error)
        if options:
            matched = next((key for key in known if message.startswith(key)), None)
            raise ConfigError(f"--{message}" if matched else message) from None
        raise ConfigError(f"{where}: {message}") from None


def override(section: Any, where: str = "command line", **values: Any) -> Any:
    """``section`` with the given fields replaced, skipping values that are ``None`` or empty (an option not
    given).  Values go through the same conversion as the file's, so the two cannot disagree."""
    given = {
        _key(item): values[item.name]
        for item in dataclasses.fields(section)
        if item.name in values and values[item.name] not in (None, ())
    }
    if not given:
        return section
    current = {_key(item): getattr(section, item.name) for item in dataclasses.fields(section)}
    try:
        build_section(type(section), given, where, options=True)  # the given values alone: errors name --options
        return build_section(type(section), {**current, **given}, where)
    except ConfigError as error:
        raise InputError(str(error)) from None


# --- finding and reading the file ---------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the configuration ({error.strerror or error})") from None


def find_config_file(start: str | Path | None = None) -> Path | None:
    """The nearest configuration file from ``start`` (default: the working directory) upwards."""
    try:
        here = Path(start or Path.cwd()).resolve()
        if here.is_file():
            here = here.parent
    except (OSError, RuntimeError):  # a symlink loop or an unreadable path: search from the working directory
        here = Path.cwd()
    for directory in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            try:
                if not candidate.is_file():
                    continue
            except OSError:
                continue
            if name != "pyproject.toml":
                return candidate
            if "ticket-analyser" in _read(candidate).get("tool", {}):
                return candidate
    return None


def settings_from_dict(data: Mapping[str, Any], path: Path | None = None) -> Settings:
    """Validated settings from the ``[tool.ticket-analyser]`` table (as a dict)."""
    warnings: list[str] = []
    unknown = sorted(set(data) - set(TOP_LEVEL_KEYS))
    if unknown:
        raise ConfigError(
            f"{_where(path, None)}: unknown key(s) {', '.join(unknown)}; valid: {', '.join(TOP_LEVEL_KEYS)}"
        )
    tables: dict[str, dict[str, Any]] = {}
    for name in (*SECTIONS, "lint", "vocabulary", "scorecard"):
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{_where(path, name)} must be a table")
        tables[name] = dict(table)
    top = {key: data[key] for key in ("language", "default-language", "model", "mapping") if key in data}
    for (table, old), new in _MOVED.items():
        if old in tables[table]:
            warnings.append(f"{_where(path, table)}: '{old}' is deprecated here; write it at the top level")
            top.setdefault(new, tables[table].pop(old))
    general = build_section(Settings, top, _where(path, None), warnings)
    sections = {name: build_section(cls, tables[name], _where(path, name), warnings) for name, cls in SECTIONS.items()}
    settings = dataclasses.replace(
        general,
        **sections,
        lint_table=tables["lint"],
        vocabulary_table=tables["vocabulary"],
        scorecard_table=tables["scorecard"],
        path=path,
        warnings=tuple(warnings),
    )
    if tables["lint"]:
        settings.lint  # validate now: a typo in any table is an error whatever the command  # noqa: B018
    if tables["scorecard"]:
        # Validated now, like the lint table; the base install (lint only) has no feature catalogue to check
        # the names against, and the audit checks them when it runs.
        with contextlib.suppress(ImportError):
            settings.scorecard  # noqa: B018
    return settings


def load_settings(path: str | Path | None = None, *, start: str | Path | None = None) -> Settings:
    """Load the settings: an explicit ``path``, or the nearest file from ``start`` upwards, or the defaults."""
    file = Path(path) if path else find_config_file(start)
    if file is None:
        return Settings()
    if not file.is_file():
        raise ConfigError(f"{file}: configuration file not found")
    data = _read(file)
    if file.name == "pyproject.toml":
        data = data.get("tool", {}).get("ticket-analyser", {})
    return settings_from_dict(data, file)


def with_general(settings: Settings, **values: Any) -> Settings:
    """``settings`` with top-level values from the command line (``language``, ``model``...) where given."""
    given = {key: value for key, value in values.items() if value is not None}
    if not given:
        return settings
    current = {_key(item): getattr(settings, item.name) for item in dataclasses.fields(Settings)}
    current = {key: value for key, value in current.items() if key in ("language", "default-language", "model")}
    try:
        general = build_section(Settings, {**current, **{k.replace("_", "-"): v for k, v in given.items()}}, "")
    except ConfigError as error:
        raise InputError(str(error).lstrip(": ")) from None
    return dataclasses.replace(
        settings, language=general.language, default_language=general.default_language, model=general.model
    )


# --- the reference page ----------------------------------------------------------------------------------


def _toml(value: Any) -> str:
    """A default as it would be written in the TOML file."""
    if value in (None, (), {}):
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    return f"`{value}`"


def markdown() -> str:
    """docs/configuration.md, rendered from the dataclasses above."""
    lines = [
        "# Configuration",
        "",
        "<!-- generated by `python -m analyser.settings`; edit analyser/settings.py, not this file -->",
        "",
        (__doc__ or "").strip(),
        "",
        "## `[tool.ticket-analyser]`",
        "",
        "| key | type | default | meaning |",
        "|---|---|---|---|",
    ]

    def rows(cls: type) -> list[str]:
        instance = cls()
        out = []
        for key, (item, annotation) in _fields(cls).items():
            if key in SECTIONS or key == "lint":
                continue
            default = getattr(instance, item.name)
            shown = "" if item.metadata.get("secret") else _toml(default)
            out.append(f"| `{key}` | {_type_name(annotation)} | {shown} | {item.metadata.get('help', '')} |")
        return out

    lines += rows(Settings)
    for name, cls in SECTIONS.items():
        summary = " ".join(inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0].split())
        lines += ["", f"## `[tool.ticket-analyser.{name}]`", "", summary, ""]
        lines += ["| key | type | default | meaning |", "|---|---|---|---|", *rows(cls)]
    lines += [
        "",
        "## `[tool.ticket-analyser.vocabulary]`",
        "",
        "Words the spelling check accepts or rejects on top of the dictionaries, as Vale's vocabularies; `extract`,",
        "`audit` and `lint` read the same one. Keys: `accept`, `reject` (lists of words or patterns matched against",
        "the whole word), `accept-files`, `reject-files` (files of them, relative to the configuration file),",
        '`english` (`both`, `us` or `gb`). See the README, "Spelling and grammar".',
        "",
        "## `[tool.ticket-analyser.scorecard]`",
        "",
        "The team's own scorecard, scored by the audit beside the fixed `communication_score` as `scorecard_score`:",
        "`name`, `weights` (per rubric dimension: politeness, empathy, readability, jargon, structure, respect,",
        "correctness), `categories.NAME` tables (`feature` with `zero`/`full`, or lint `rules` with `penalty`;",
        "each with a `weight`) and `auto-fail` (`rules`, `features`). See [audit.md](audit.md#your-own-scorecard).",
        "",
        "## `[tool.ticket-analyser.lint]`",
        "",
        "The linter's table (rules, thresholds, per-path settings) is described in [lint.md](lint.md).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(markdown())
