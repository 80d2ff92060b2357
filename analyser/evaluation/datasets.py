"""Loaders for the labelled evaluation sets; each returns ``None`` when its folder is absent.

The files stay where they are (``../shared/data``): licences vary and EPITOME is non-commercial, so nothing
here is copied into the project.  Loaders return plain DataFrames so each evaluation reads alike.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

POLITENESS = "politeness-wikipedia"
EPITOME = "empathy-epitome-dev"
ONESTOP = "readability-onestopenglish-dev"
AMSTERDAM = "readability-nl-amsterdam-dev"
SATISFACTION = "satisfaction-uss-multiwoz"
SATISFACTION_PREFIX = "satisfaction-uss-"
TWITTER_CARE = "replies-twitter-care-ibm"
EPITOME_FILES = {
    "emotional_reaction": "emotional-reactions-reddit-dev.csv",
    "interpretation": "interpretations-reddit-dev.csv",
    "exploration": "explorations-reddit-dev.csv",
}
ONESTOP_LEVELS = ("Ele", "Int", "Adv")


def default_data_dir() -> Path:
    """``../shared/data`` beside the checkout (the layout the project's README describes)."""
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def politeness_wikipedia(data: Path) -> pd.DataFrame | None:
    """Wikipedia requests with their normalised politeness score (Danescu-Niculescu-Mizil et al. 2013)."""
    path = Path(data) / POLITENESS / "wikipedia.annotated.csv"
    if not path.is_file():
        return None
    frame = pd.read_csv(path)
    return frame.rename(columns={"Request": "text", "Normalized Score": "score"})[["Id", "text", "score"]]


def quartiles(frame: pd.DataFrame) -> pd.DataFrame:
    """The paper's task: top quartile (polite, 1) against bottom quartile (impolite, 0) of the score."""
    low, high = frame["score"].quantile([0.25, 0.75])
    kept = frame[(frame["score"] <= low) | (frame["score"] >= high)].copy()
    kept["label"] = (kept["score"] >= high).astype(int)
    return kept.reset_index(drop=True)


def epitome(data: Path) -> pd.DataFrame | None:
    """EPITOME responses, one row per response, a 0/1/2 level column per mechanism."""
    folder = Path(data) / EPITOME
    if not all((folder / name).is_file() for name in EPITOME_FILES.values()):
        return None
    merged: pd.DataFrame | None = None
    for mechanism, name in EPITOME_FILES.items():
        frame = pd.read_csv(folder / name)[["sp_id", "rp_id", "seeker_post", "response_post", "level"]]
        frame = frame.drop_duplicates(subset=["sp_id", "rp_id"]).rename(columns={"level": mechanism})
        merged = (
            frame
            if merged is None
            else merged.merge(frame[["sp_id", "rp_id", mechanism]], on=["sp_id", "rp_id"], how="inner")
        )
    assert merged is not None
    return merged.rename(columns={"response_post": "text"}).reset_index(drop=True)


def onestopenglish(data: Path) -> pd.DataFrame | None:
    """OneStopEnglish articles: one row per article and level (Ele < Int < Adv), complete triples only."""
    folder = Path(data) / ONESTOP
    if not folder.is_dir():
        return None
    rows = []
    for rank, level in enumerate(ONESTOP_LEVELS):
        for path in sorted((folder / f"{level}-Txt").glob("*.txt")):
            article = path.stem.rsplit("-", 1)[0]
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            rows.append({"article": article, "level": level, "rank": rank, "text": text})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return None
    complete = frame.groupby("article")["rank"].nunique()
    return frame[frame["article"].isin(complete[complete == 3].index)].reset_index(drop=True)


def amsterdam(data: Path) -> pd.DataFrame | None:
    """Dutch municipal sentences and their expert simplification (City of Amsterdam, EUPL-1.2)."""
    path = Path(data) / AMSTERDAM / "complex-simple-dev.csv"
    if not path.is_file():
        return None
    frame = pd.read_csv(path).rename(columns={"Complex": "complex", "Simple": "simple", "Document ID": "document"})
    frame = frame.dropna(subset=["complex", "simple"])
    frame = frame[frame["complex"].str.strip() != frame["simple"].str.strip()]
    return frame.reset_index(drop=True)


def uss_files(data: Path) -> list[Path]:
    """The User Satisfaction Simulation dialogue files under ``data`` (``satisfaction-uss-*/<PART>.txt``)."""
    found = []
    for folder in sorted(Path(data).glob(f"{SATISFACTION_PREFIX}*")):
        for path in sorted(folder.glob("*.txt")):
            if path.stem.upper() in ("MWOZ", "SGD", "REDIAL", "CCPE", "JDDC"):
                found.append(path)
    return found


def uss_turns(path: Path) -> pd.DataFrame:
    """System turns of a USS file with the next user turn's mean rating (Sun et al., SIGIR 2021).

    Lines are ``role<TAB>text<TAB>action<TAB>ratings`` (ratings comma-separated, one per annotator); a blank
    line ends a dialogue; the ``OVERALL`` line holds the dialogue's rating.  A system turn is kept when a
    rated user turn follows it; ``dissatisfied`` is that user turn's mean rating below 3 (1-5 scale).
    """
    dialogues: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                dialogues.append(current)
                current = []
            continue
        current.append(line.split("\t"))
    if current:
        dialogues.append(current)
    rows = []
    for number, dialogue in enumerate(dialogues):
        for index, turn in enumerate(dialogue[:-1]):
            following = dialogue[index + 1]
            if turn[0] != "SYSTEM" or following[0] != "USER" or following[1] == "OVERALL" or len(following) < 4:
                continue
            ratings = [float(r) for r in following[3].split(",") if r.strip()]
            if not ratings:
                continue
            mean = sum(ratings) / len(ratings)
            rows.append(
                {"dialogue": number, "turn": index, "text": turn[1], "rating": mean, "dissatisfied": int(mean < 3)}
            )
    return pd.DataFrame(rows, columns=["dialogue", "turn", "text", "rating", "dissatisfied"])


def twitter_agent_replies(data: Path) -> pd.DataFrame | None:
    """The agent replies of the IBM Twitter customer-care conversations (dev split, Apache-2.0).

    One row per agent tweet (``reply_id`` is the tweet id), ``text`` as the analyser scores it: the cleaning
    stage's ``body_clean`` (leading @handles and sign-off initials removed).
    """
    import json

    from analyser.clean import clean_reply

    path = Path(data) / TWITTER_CARE / "dev.json"
    if not path.is_file():
        return None
    rows: dict[str, str] = {}
    for conversation in json.loads(path.read_text(encoding="utf-8")):
        turns = list(conversation.get("dialogContent") or [])
        final = conversation.get("agentURL") or {}
        if final.get("url_utterance"):
            turns.append({"agent": True, "message": final["url_utterance"], "tweet_ID": final.get("tweet_ID")})
        for turn in turns:
            if "agent" in turn and turn.get("tweet_ID") and turn.get("message"):
                rows.setdefault(str(turn["tweet_ID"]), str(turn["message"]))
    frame = pd.DataFrame({"reply_id": list(rows), "raw": list(rows.values())})
    frame["text"] = [clean_reply(text).text for text in frame["raw"]]
    return frame[frame["text"].str.strip() != ""].reset_index(drop=True)
