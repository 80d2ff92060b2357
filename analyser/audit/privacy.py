"""Privacy and output safety for the audit: customer names, agent aliases, spreadsheet-safe cells.

An export rarely has a requester-name column, but every reply opens by addressing the customer ("Dear Ms
Taylor,", "Hoi Ruud,").  :func:`greeting_names` harvests those names from all replies so the
:class:`~analyser.clean.pseudonymise.Pseudonymiser` hides them in every other reply they occur in too.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from analyser.clean.personal_data import PersonalDataFinder
from analyser.io import neutralise_cell, neutralise_frame

__all__ = [
    "agent_aliases",
    "agent_name_forms",
    "greeting_names",
    "mask_user_paths",
    "neutralise_cell",  # spreadsheet safety lives in analyser.io, shared with the study's CSV
    "neutralise_frame",
]


def greeting_names(texts: Iterable[str]) -> set[str]:
    """Names each text gives for the people in it: the greeting ("Dear Ben Lewis," -> "Ben Lewis"), a
    title ("mevrouw de Vries"), an introduction or a signature; see
    :class:`~analyser.clean.personal_data.PersonalDataFinder`."""
    finder = PersonalDataFinder()
    return {name for text in texts for name in finder.names_in(text)}


def agent_name_forms(agent_id: str) -> list[str]:
    """Names an agent id may appear as in text: ``lisa.smith`` -> ``Lisa Smith`` (its parts too, via the
    Pseudonymiser), so ``--pseudonymise-agents`` hides a name the signature cleaning left behind."""
    parts = [p for p in re.split(r"[._\s-]+", str(agent_id)) if p.isalpha() and len(p) >= 2]
    return [" ".join(p.capitalize() for p in parts)] if parts else []


def agent_aliases(agent_ids: Iterable[str], key: str = "") -> dict[str, str]:
    """Stable aliases for agents.

    With a ``key`` the alias is a keyed hash (HMAC-SHA256) of the id, so the same agent keeps the same
    alias in every report made with that key and nobody without the key can recompute it from a list of
    names.  Without a key, agents are numbered in sorted id order ("Agent 01", ...): stable for the same
    set of agents, and not derivable from a name at all.
    """
    ids = sorted({str(a) for a in agent_ids if isinstance(a, str) and a})
    if key:
        out = {}
        for agent in ids:
            digest = hmac.new(key.encode("utf-8"), agent.encode("utf-8"), hashlib.sha256).hexdigest()
            out[agent] = f"Agent {digest[:6].upper()}"
        return out
    width = max(2, len(str(len(ids))))
    return {agent: f"Agent {position:0{width}d}" for position, agent in enumerate(ids, start=1)}


_USER_PATH = re.compile(r"(?i)(\b[a-z]:\\(?:users|documents and settings)\\|/home/|/Users/)([^\\/\s]+)")


def mask_user_paths(text: str) -> str:
    """A file path names its user (``C:\\Users\\tevans\\...``): the user folder becomes ``[USER]``."""
    return _USER_PATH.sub(lambda m: m.group(1) + "[USER]", text) if isinstance(text, str) else text
