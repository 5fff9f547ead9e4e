"""Fit a conversation into the model's context: the oldest turns go first, with a notice."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from edgestudio.core.errors import InferenceError

MESSAGE_OVERHEAD = 8  # role markers and separators a chat template adds around each message


def fit_context(
    system_prompt: str,
    turns: Sequence[tuple[str, str]],
    count_tokens: Callable[[str], int],
    context_length: int,
    max_tokens: int,
) -> tuple[list[dict[str, str]], int]:
    """Messages for the model and how many earlier messages had to be dropped.

    ``turns`` are (role, content) pairs ending with the user's new message. The system prompt
    and the newest message always stay; older messages are dropped oldest first, a user
    message together with the answer that followed it.
    """
    if not turns or turns[-1][0] != "user":
        raise ValueError("the conversation must end with a user message")
    budget = context_length - max_tokens
    system = [{"role": "system", "content": system_prompt}] if system_prompt.strip() else []
    cost = [count_tokens(content) + MESSAGE_OVERHEAD for _, content in turns]
    fixed = sum(count_tokens(m["content"]) + MESSAGE_OVERHEAD for m in system) + cost[-1]
    if fixed > budget:
        raise InferenceError(
            f"This message is too long for the model: it needs about {fixed} tokens and the context "
            f"holds {context_length} ({max_tokens} kept for the answer).",
            "Shorten the message or the system prompt, or lower the maximum answer length.",
        )
    start = 0
    total = fixed + sum(cost[:-1])
    while total > budget and start < len(turns) - 1:
        drop = 2 if turns[start][0] == "user" and start + 1 < len(turns) - 1 else 1
        total -= sum(cost[start : start + drop])
        start += drop
    kept = [{"role": role, "content": content} for role, content in turns[start:]]
    return system + kept, start
