"""A Babel extractor for act files: every text of an act becomes a gettext message.

babel.cfg maps `rules/acts/*.yaml` to this function, so `pybabel extract` collects the act's
questions, options, provisions and next steps with the rest of the project's strings. Each
message carries a translator comment naming where it sits in the act (and, for SMS texts, the
length budget).
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

MESSAGE_KEYS = frozenset({
    "title", "short_title", "court_note", "text", "sms", "help", "label", "explanation",
    "quote", "ask", "article",
})
SMS_NOTE = "SMS: keep short; a whole SMS message must fit 2 segments (kk/ru: 134 characters)."


def extract_act(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    root = yaml.compose(fileobj.read().decode("utf-8"))
    yield from _walk(root, (), top=True)


def _walk(node, path: tuple[str, ...], top: bool = False) -> Iterator[tuple]:
    """Yield (line, function, message, comments) for every message; the comment is the path to
    it, e.g. "questions > stage > options > pending > sms"."""
    if isinstance(node, yaml.MappingNode):
        name = None if top else _name(node)
        base = (*path, name) if name else path
        for key_node, value_node in node.value:
            key = key_node.value
            if key in MESSAGE_KEYS and isinstance(value_node, yaml.ScalarNode):
                text = yaml.safe_load(yaml.serialize(value_node))
                if isinstance(text, str) and text:
                    comments = [" > ".join((*base, key))]
                    if key == "sms":
                        comments.append(SMS_NOTE)
                    yield value_node.start_mark.line + 1, None, text, comments
            else:
                yield from _walk(value_node, (*base, key))
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _walk(child, path)


def _name(node: yaml.MappingNode) -> str | None:
    for key_node, value_node in node.value:
        if key_node.value in ("id", "value") and isinstance(value_node, yaml.ScalarNode):
            return value_node.value
    return None
