"""Load and validate an act file (`rules/acts/<id>.yaml`) into an `Act`.

Every problem is reported as "<file>: <item>: <problem>", so whoever edits the law as data
sees at once where and what is wrong. The file format is described in docs/acts.md.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from rules import derivers
from rules.conditions import Always, Condition, ConditionError, Vocabulary
from rules.model import (
    EVIDENCE_LEVELS,
    FRACTIONS,
    NO,
    NOT_COVERED,
    OUTCOMES,
    QUESTION_TYPES,
    UNDETERMINED,
    YES,
    Act,
    Citation,
    Definition,
    Fact,
    Note,
    Option,
    Parameter,
    Provision,
    Question,
)

ACTS_DIR = Path(__file__).parent / "acts"
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_PLACEHOLDER = re.compile(r"%\((\w+)\)")
_FACT_KINDS = {"yes_no": "enum", "choice": "enum", "article": "text", "number": "number",
               "date": "date"}
BLOCKER_OUTCOMES = (NOT_COVERED, UNDETERMINED)


class ActError(ValueError):
    """An act file that cannot be used. The message names the file, the item and the problem."""

    def __init__(self, path: str, item: str, problem: str):
        super().__init__(f"{path}: {item}: {problem}")
        self.path, self.item, self.problem = path, item, problem


def load_act(path: str | Path) -> Act:
    path = Path(path)
    try:
        raw_bytes = path.read_bytes()
    except OSError as e:
        raise ActError(str(path), "file", f"cannot be read ({e.strerror})") from None
    try:
        raw = yaml.load(raw_bytes, Loader=_Loader)
    except yaml.YAMLError as e:
        raise ActError(str(path), "file", f"is not valid YAML ({_yaml_problem(e)})") from None
    return _ActBuilder(str(path), raw, raw_bytes).build()


def load_acts(directory: Path = ACTS_DIR) -> dict[str, Act]:
    acts: dict[str, Act] = {}
    for path in sorted(directory.glob("*.yaml")):
        act = load_act(path)
        if act.id in acts:
            raise ActError(str(path), "id", f"duplicate act id '{act.id}'")
        acts[act.id] = act
    return acts


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loading that refuses duplicate keys (YAML would silently keep the last one)."""


def _no_duplicate_keys(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def _yaml_problem(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1}" if mark else ""
    return f"{getattr(error, 'problem', None) or error}{where}"


def _yes_no(value: Any) -> Any:
    # YAML 1.1 reads bare yes/no as booleans; facts hold the strings "yes"/"no".
    return YES if value is True else NO if value is False else value


class _ActBuilder:
    def __init__(self, path: str, raw: Any, raw_bytes: bytes):
        self.path = path
        self.raw = raw
        self.digest = hashlib.sha256(raw_bytes).hexdigest()
        self.parameters: dict[str, Parameter] = {}
        self.messages: list[tuple[str, str]] = []

    def fail(self, item: str, problem: str) -> ActError:
        return ActError(self.path, item, problem)

    # -- helpers --------------------------------------------------------------------------

    def need(self, mapping: Any, key: str, item: str, kind: type | tuple = str) -> Any:
        if not isinstance(mapping, Mapping):
            raise self.fail(item, "must be a mapping")
        if key not in mapping or mapping[key] in (None, ""):
            raise self.fail(item, f"missing '{key}'")
        value = mapping[key]
        if not isinstance(value, kind):
            raise self.fail(f"{item}.{key}", f"must be {_kind_name(kind)}, not {value!r}")
        return value

    def message(self, mapping: Mapping, key: str, item: str, required: bool = True) -> str | None:
        if not required and not mapping.get(key):
            return None
        text = self.need(mapping, key, item)
        self.messages.append((f"{item}.{key}", text))
        return text

    def date(self, value: Any, item: str) -> date:
        if isinstance(value, date):
            return value
        raise self.fail(item, f"bad date {value!r} (write YYYY-MM-DD)")

    def ident(self, value: Any, item: str) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            raise self.fail(item, f"bad id {value!r} (lower-case letters, digits, . _ -)")
        return value

    def evidence(self, mapping: Mapping, item: str) -> str:
        level = self.need(mapping, "evidence", item)
        if level not in EVIDENCE_LEVELS:
            raise self.fail(
                f"{item}.evidence", f"unknown evidence level '{level}' (known: "
                f"{', '.join(EVIDENCE_LEVELS)})"
            )
        return level

    # -- sections -------------------------------------------------------------------------

    def build(self) -> Act:
        raw = self.raw
        if not isinstance(raw, Mapping):
            raise self.fail("file", "must hold a mapping at the top level")
        act_id = self.ident(self.need(raw, "id", "act"), "id")
        in_force_raw = self.need(raw, "in_force", "act", Mapping)
        self.parameters = self.build_parameters(raw.get("parameters") or {})
        in_force = Parameter(
            "in_force",
            self.date(self.need(in_force_raw, "value", "in_force", object), "in_force.value"),
            self.evidence(in_force_raw, "in_force"),
            self.need(in_force_raw, "reference", "in_force"),
        )
        questions = self.build_questions(self.need(raw, "questions", "act", list))
        facts = self.build_facts(raw.get("facts") or {}, questions)
        vocabulary = Vocabulary(
            {f.id: self.fact_kind(f, questions) for f in facts.values()},
            {f.id: f.values for f in facts.values()},
            {p.id: p.value for p in self.parameters.values()},
        )
        self.check_option_sets(questions, facts)
        questions = self.add_ask_if(questions, raw["questions"], vocabulary)
        definitions = self.build_definitions(raw.get("definitions") or {}, vocabulary)
        blockers = tuple(
            self.build_provision(r, f"blockers[{i}]", "blocker", vocabulary, questions)
            for i, r in enumerate(self.need(raw, "blockers", "act", list))
        )
        benefits = tuple(
            self.build_provision(r, f"benefits[{i}]", "benefit", vocabulary, questions)
            for i, r in enumerate(self.need(raw, "benefits", "act", list))
        )
        self.check_blocker_order(blockers)
        if not isinstance(benefits[-1].when, Always):
            raise self.fail(
                f"benefits[{len(benefits) - 1}]",
                "the last benefit rule must apply 'always' (the reason when nothing else does)",
            )
        self.check_unique(
            [i.id for d in definitions.values() for i in d.items]
            + [p.id for p in blockers + benefits],
            "provisions",
        )
        verdict_vocabulary = Vocabulary(
            {**vocabulary.fact_kinds, "outcome": "enum", "fraction": "enum"},
            {**vocabulary.fact_values, "outcome": OUTCOMES, "fraction": FRACTIONS},
            vocabulary.parameters,
            vocabulary.definitions,
        )
        next_steps = self.build_notes(raw.get("next_steps") or [], "next_steps", verdict_vocabulary)
        notes = self.build_notes(raw.get("notes") or [], "notes", verdict_vocabulary)
        self.check_unique([n.id for n in next_steps + notes], "notes")
        title = self.message(raw, "title", "act")
        short_title = self.message(raw, "short_title", "act")
        court_note = self.message(raw, "court_note", "act")
        self.check_placeholders()
        version = str(self.need(raw, "version", "act", (str, int, float)))
        return Act(
            id=act_id,
            title=title,
            short_title=short_title,
            number=self.need(raw, "number", "act"),
            signed=self.date(self.need(raw, "signed", "act", object), "signed"),
            in_force=in_force,
            source_url=self.need(raw, "source", "act"),
            version=version,
            rules_version=f"{version}+{self.rules_digest(questions)}",
            court_note=court_note,
            parameters=self.parameters,
            facts=facts,
            questions=questions,
            definitions=definitions,
            benefits=benefits,
            blockers=blockers,
            next_steps=next_steps,
            notes=notes,
            path=self.path,
        )

    def rules_digest(self, questions: tuple[Question, ...]) -> str:
        h = hashlib.sha256(self.digest.encode())
        for name in sorted({q.deriver for q in questions if q.deriver}):
            h.update(derivers.get(name).version.encode())
        return h.hexdigest()[:8]

    def build_parameters(self, raw: Any) -> dict[str, Parameter]:
        if not isinstance(raw, Mapping):
            raise self.fail("parameters", "must be a mapping of name: {value, evidence, reference}")
        out = {}
        for name, spec in raw.items():
            item = f"parameters.{name}"
            self.ident(name, item)
            value = self.need(spec, "value", item, object)
            as_of = spec.get("as_of")
            out[name] = Parameter(
                name,
                value,
                self.evidence(spec, item),
                self.need(spec, "reference", item),
                self.date(as_of, f"{item}.as_of") if as_of is not None else None,
            )
        return out

    def build_questions(self, raw: list) -> tuple[Question, ...]:
        questions = []
        for i, spec in enumerate(raw):
            item = f"questions[{i}]"
            qid = self.ident(self.need(spec, "id", item), f"{item}.id")
            item = f"questions[{i}] ({qid})"
            qtype = self.need(spec, "type", item)
            if qtype not in QUESTION_TYPES:
                raise self.fail(f"{item}.type", f"unknown type '{qtype}' (known: "
                                f"{', '.join(QUESTION_TYPES)})")
            options = self.build_options(spec.get("options"), qtype, item)
            deriver = spec.get("deriver")
            sets = {k for o in options for k in o.sets}
            if deriver is not None:
                try:
                    sets |= derivers.get(deriver).provides
                except KeyError:
                    raise self.fail(f"{item}.deriver", f"unknown deriver '{deriver}' (known: "
                                    f"{', '.join(derivers.names())})") from None
            text = self.message(spec, "text", item)
            questions.append(Question(
                id=qid,
                type=qtype,
                text=text,
                sms=self.message(spec, "sms", item, required=False) or text,
                help=self.message(spec, "help", item, required=False),
                options=options,
                allows_unknown=bool(spec.get("unknown", True)),
                deriver=deriver,
                sets=frozenset(sets),
            ))
        self.check_unique([q.id for q in questions], "questions")
        return tuple(questions)

    def build_options(self, raw: Any, qtype: str, item: str) -> tuple[Option, ...]:
        if qtype != "choice":
            if raw:
                raise self.fail(f"{item}.options", f"a {qtype} question has no options")
            return ()
        if not isinstance(raw, list) or len(raw) < 2:
            raise self.fail(f"{item}.options", "a choice question needs at least two options")
        options = []
        for j, spec in enumerate(raw):
            oitem = f"{item}.options[{j}]"
            value = self.ident(_yes_no(self.need(spec, "value", oitem, (str, bool))),
                               f"{oitem}.value")
            if value == "unknown":
                raise self.fail(oitem, "'unknown' is reserved for \"I don't know\"")
            sets = spec.get("sets") or {}
            if not isinstance(sets, Mapping):
                raise self.fail(f"{oitem}.sets", "must be a mapping of fact: value")
            label = self.message(spec, "label", oitem)
            options.append(Option(
                value=value,
                label=label,
                sms=self.message(spec, "sms", oitem, required=False) or label,
                sets={k: _yes_no(v) for k, v in sets.items()},
            ))
        self.check_unique([o.value for o in options], f"{item}.options")
        return tuple(options)

    def build_facts(self, raw: Any, questions: tuple[Question, ...]) -> dict[str, Fact]:
        if not isinstance(raw, Mapping):
            raise self.fail("facts", "must be a mapping of fact: {values, label}")
        declared: dict[str, tuple[tuple[str, ...] | None, str | None]] = {}
        for name, spec in raw.items():
            item = f"facts.{name}"
            self.ident(name, item)
            if any(q.id == name for q in questions):
                raise self.fail(item, "is already a question; declare only facts without one")
            values = spec.get("values") if isinstance(spec, Mapping) else None
            if not isinstance(values, list) or not values:
                raise self.fail(item, "needs 'values', a list")
            declared[name] = (
                tuple(_yes_no(v) for v in values),
                self.message(spec, "label", item),
            )
        for q in questions:
            declared[q.id] = (q.values if _FACT_KINDS[q.type] == "enum" else None, None)
        facts = {}
        for name, (values, label) in declared.items():
            providers = tuple(q.id for q in questions if q.id == name or name in q.sets)
            if not providers:
                raise self.fail(f"facts.{name}", "no question settles this fact")
            facts[name] = Fact(name, values, label, providers)
        for q in questions:
            for name in q.sets:
                if name not in facts:
                    raise self.fail(f"questions ({q.id})", f"sets unknown fact '{name}'")
        return facts

    def fact_kind(self, fact: Fact, questions: tuple[Question, ...]) -> str:
        own = next((q for q in questions if q.id == fact.id), None)
        return _FACT_KINDS[own.type] if own else "enum"

    def add_ask_if(self, questions, raw, vocabulary) -> tuple[Question, ...]:
        out = []
        for question, spec in zip(questions, raw, strict=True):
            if spec.get("ask_if") is not None:
                item = f"questions ({question.id}).ask_if"
                condition = self.condition(spec["ask_if"], item, vocabulary)
                if question.id in condition.facts():
                    raise self.fail(item, "a question cannot depend on its own answer")
                question = replace(question, ask_if=condition)
            out.append(question)
        return tuple(out)

    def check_option_sets(self, questions, facts) -> None:
        for q in questions:
            for option in q.options:
                for name, value in option.sets.items():
                    allowed = facts[name].values
                    if allowed is not None and value not in allowed:
                        raise self.fail(
                            f"questions ({q.id}).options ({option.value}).sets",
                            f"'{value}' is not a value of fact '{name}' "
                            f"(values: {', '.join(allowed)})",
                        )

    def build_definitions(self, raw: Any, vocabulary: Vocabulary) -> dict[str, Definition]:
        if not isinstance(raw, Mapping):
            raise self.fail("definitions", "must be a mapping of name: {title, items}")
        out = {}
        for name, spec in raw.items():
            item = f"definitions.{name}"
            self.ident(name, item)
            items = tuple(
                self.build_provision(r, f"{item}.items[{i}]", "definition", vocabulary, ())
                for i, r in enumerate(self.need(spec, "items", item, list))
            )
            out[name] = Definition(name, self.message(spec, "title", item), items)
            vocabulary.definitions[name] = tuple(i.when for i in items)
        return out

    def build_provision(self, raw, item, kind, vocabulary: Vocabulary, questions) -> Provision:
        pid = self.need(raw, "id", item)
        item = f"{item} ({pid})"
        if "article" not in raw or "evidence" not in raw:
            raise self.fail(item, "missing citation: every provision needs 'article' and "
                            "'evidence'")
        citation = Citation(
            article=self.need(raw, "article", item),
            evidence=self.evidence(raw, item),
            probable=bool(raw.get("probable", False)),
            source=raw.get("source"),
        )
        when = self.condition(self.need(raw, "when", item, object), f"{item}.when", vocabulary)
        outcome, outcome_by, fraction = None, None, None
        if kind != "definition":
            outcome, outcome_by = self.outcome(raw, item, kind, vocabulary)
            fraction = raw.get("fraction")
            if fraction is not None and fraction not in FRACTIONS:
                raise self.fail(f"{item}.fraction", f"unknown fraction '{fraction}' (known: "
                                f"{', '.join(FRACTIONS)})")
        provision = Provision(
            id=pid,
            kind=kind,
            title=self.message(raw, "title", item),
            explanation=self.message(raw, "explanation", item),
            citation=citation,
            when=when,
            outcome=outcome,
            outcome_by=outcome_by,
            fraction=fraction,
            quote=self.message(raw, "quote", item, required=False),
            ask=self.message(raw, "ask", item, required=outcome == UNDETERMINED),
        )
        return provision

    def outcome(self, raw, item, kind, vocabulary):
        spec = self.need(raw, "outcome", item, (str, Mapping))
        allowed = BLOCKER_OUTCOMES if kind == "blocker" else OUTCOMES
        if isinstance(spec, str):
            if spec not in allowed:
                raise self.fail(f"{item}.outcome", f"unknown outcome '{spec}' (known: "
                                f"{', '.join(allowed)})")
            return spec, None
        fact = self.need(spec, "fact", f"{item}.outcome")
        values = self.need(spec, "values", f"{item}.outcome", Mapping)
        domain = vocabulary.fact_values.get(fact)
        if domain is None:
            raise self.fail(f"{item}.outcome.fact", f"'{fact}' is not a fact with a closed set "
                            "of values")
        missing = set(domain) - set(values)
        if missing:
            raise self.fail(f"{item}.outcome.values", f"no outcome for {sorted(missing)}")
        for value, outcome in values.items():
            if value not in domain or outcome not in allowed:
                raise self.fail(f"{item}.outcome.values", f"bad entry {value}: {outcome}")
        return None, (fact, dict(values))

    def check_blocker_order(self, blockers: tuple[Provision, ...]) -> None:
        # A certain exclusion must win over a doubtful one when both hold.
        seen_doubt = None
        for i, rule in enumerate(blockers):
            if rule.outcome_by is not None:
                raise self.fail(f"blockers[{i}] ({rule.id}).outcome", "a blocker has one outcome")
            if rule.outcome == UNDETERMINED:
                seen_doubt = rule.id
            elif seen_doubt:
                raise self.fail(f"blockers[{i}] ({rule.id})", f"a 'not_covered' blocker must "
                                f"come before the 'undetermined' ones (after '{seen_doubt}')")

    def build_notes(self, raw: Any, section: str, vocabulary: Vocabulary) -> tuple[Note, ...]:
        if not isinstance(raw, list):
            raise self.fail(section, "must be a list of {id, text, when}")
        notes = []
        for i, spec in enumerate(raw):
            item = f"{section}[{i}]"
            nid = self.ident(self.need(spec, "id", item), f"{item}.id")
            notes.append(Note(
                nid,
                self.message(spec, "text", f"{item} ({nid})"),
                self.condition(spec.get("when", "always"), f"{item} ({nid}).when", vocabulary),
            ))
        return tuple(notes)

    def condition(self, raw: Any, item: str, vocabulary: Vocabulary) -> Condition:
        try:
            return vocabulary.compile(raw)
        except ConditionError as e:
            raise self.fail(item, str(e)) from None

    def check_unique(self, ids: list[str], item: str) -> None:
        seen = set()
        for i in ids:
            if i in seen:
                raise self.fail(item, f"duplicate id '{i}'")
            seen.add(i)

    def check_placeholders(self) -> None:
        for item, text in self.messages:
            for name in _PLACEHOLDER.findall(text):
                if name not in self.parameters:
                    raise self.fail(item, f"names unknown parameter %({name})s")


def _kind_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", list: "a list", Mapping: "a mapping", object: "a value", int: "a number",
             float: "a number", bool: "true or false"}
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))
