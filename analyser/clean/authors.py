"""Who wrote a message: ``agent``, ``customer`` or ``system``.

Only agent messages that the customer saw are scored, so the author's role decides what is measured.
Helpdesks say it in different ways: a user role (Zendesk ``end-user``/``agent``/``admin``), a direction flag
(Freshdesk ``incoming``), whether the author is the ticket's requester / caller / reporter, an account type
(Jira ``customer``/``atlassian``/``app``), or a system account (Zendesk author ``-1``, ServiceNow ``system``,
automations and bots).  :func:`classify_author` combines those signals in one order of precedence, so every
reader classifies the same way.
"""

from __future__ import annotations

from collections.abc import Collection

_AGENT_ROLES = {
    "agent",
    "admin",
    "administrator",
    "operator",
    "behandelaar",
    "staff",
    "atlassian",
    "responder",
    "light_agent",
    "team_member",
    "support",
    "itil",
    "employee_agent",
}
_CUSTOMER_ROLES = {
    "end-user",
    "end_user",
    "enduser",
    "customer",
    "requester",
    "contact",
    "caller",
    "person",
    "aanmelder",
    "klant",
    "client",
    "user",
    "reporter",
    "visitor",
}
_SYSTEM_ROLES = {"system", "app", "bot", "automation", "trigger", "rule", "api", "integration", "guest"}
_SYSTEM_AUTHORS = {
    "-1",
    "system",
    "guest",
    "automation",
    "zendesk",
    "answerbot",
    "answer bot",
    "jira automation",
    "automation for jira",
    "topdesk",
    "servicenow",
    "mailer-daemon",
    "no-reply",
    "noreply",
}


def _norm(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() in ("nan", "none", "<na>", "null") else text


def classify_author(
    *,
    author_id: object = None,
    role: object = None,
    requester_ids: Collection[str] = (),
    agent_ids: Collection[str] = (),
    incoming: bool | None = None,
    name: object = None,
) -> str:
    """The author's role, by precedence: system account, explicit role, requester, known agent, direction.

    An author we cannot place is a ``customer``: wrongly scoring a customer's words as an agent's would
    corrupt the measurements, while an unscored agent message only loses one data point.
    """
    author = _norm(author_id)
    role_text = _norm(role).lower()
    name_text = _norm(name).lower()
    if author.lower() in _SYSTEM_AUTHORS or name_text in _SYSTEM_AUTHORS or role_text in _SYSTEM_ROLES:
        return "system"
    if role_text in _AGENT_ROLES:
        return "agent"
    if role_text in _CUSTOMER_ROLES:
        return "customer"
    if author and author in requester_ids:
        return "customer"
    if author and author in agent_ids:
        return "agent"
    if incoming is not None:
        return "customer" if incoming else "agent"
    return "customer"
