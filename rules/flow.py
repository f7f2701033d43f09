"""What to ask next, and the verdict.

The act's provisions form two ordered lists:

* benefits, most favourable first (release, then reductions by 1/3, 1/4, 1/5), ending with a
  rule that always applies and says why nothing else did;
* blockers (out of the law's time scope, exclusions, doubtful exclusions) that turn a benefit
  into "not covered" or "undetermined".

Each rule's condition is True, False or unknown. From the unknown ones the engine knows every
outcome still possible; when only one is left, that is the verdict. Otherwise it asks the first
question (in the act's order) that settles a fact an undecided rule still depends on, blockers
before benefits: people outside the amnesty learn it first. When no question can help any more
(the person said "I don't know"), the verdict is "undetermined" and says which answer would
decide it, and how.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rules import derivers
from rules.conditions import Condition, Is, T
from rules.messages import N_, AnswerError
from rules.model import (
    NO,
    NOT_COVERED,
    UNDETERMINED,
    UNKNOWN,
    YES,
    Act,
    Message,
    Provision,
    Question,
)

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Ask:
    """The next question."""

    question: Question
    number: int
    """1 for the first question, 2 for the second, …"""
    remaining_max: int
    """At most this many questions are left, this one included."""
    notices: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Alternative:
    value: Any
    outcome: str
    fraction: str | None
    provision: Provision | None


@dataclass(frozen=True)
class Dependency:
    """A question the verdict depends on, with the outcome each answer would give."""

    question_id: str
    question: Question
    alternatives: tuple[Alternative, ...]
    """Empty for a free answer (an article number): any answer may change the verdict."""
    answered: bool
    """True when answered "I don't know"; False when never answered (an empty batch cell)."""


@dataclass(frozen=True)
class LegalDoubt:
    """A point the dossier cannot settle: the verdict cannot be certain until someone (a lawyer,
    the official text) answers it."""

    provision: Provision


@dataclass(frozen=True)
class Verdict:
    outcome: str
    fraction: str | None
    provisions: tuple[Provision, ...]
    """The deciding provisions, with the definition items (Art. 1) that made them apply."""
    depends_on: tuple[Dependency | LegalDoubt, ...]
    next_steps: tuple[Message, ...]
    notes: tuple[Message, ...]
    act: Act
    court_note: str
    questions_asked: int
    notices: tuple[Message, ...] = ()

    @property
    def rules_version(self) -> str:
        return self.act.rules_version

    @property
    def evidence(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.citation.evidence for p in self.provisions))


@dataclass
class State:
    """What the answers establish: known facts, and facts a question could still settle."""

    values: dict[str, Any]
    pending: dict[str, str]
    """Fact -> the question to ask now to settle it."""
    latent: dict[str, str]
    """Fact -> a question that cannot be asked yet (its ask_if is open) but may be later."""
    notices: tuple[Message, ...]

    @property
    def open_facts(self) -> set[str]:
        return self.pending.keys() | self.latent.keys()


@dataclass
class _Evaluation:
    final: frozenset[tuple[str, str | None]]
    benefit: Provision
    """The first benefit rule that holds (the last one always does)."""
    possible_benefits: frozenset[tuple[str, str | None]]
    benefit_candidates: list[Provision]
    blocker: Provision | None
    blocker_candidates: list[Provision] = field(default_factory=list)

    @property
    def certain(self) -> bool:
        return len(self.final) == 1


# -- answers ----------------------------------------------------------------------------------


def normalise(act: Act, answers: Answers) -> dict[str, Any]:
    """Check every answer against its question; return them in canonical form.

    An empty answer (None or "") counts as not answered, which is what a blank cell means.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError("", N_("The answers must be a mapping of question id to answer."))
    out = {}
    for qid, value in answers.items():
        question = act.question(qid)
        if question is None:
            raise AnswerError(qid, N_("There is no question \"%(question)s\" in this act."),
                              question=qid)
        if value is None or value == "":
            continue
        out[qid] = normalise_answer(question, value)
    return out


def normalise_answer(question: Question, value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() == UNKNOWN:
        if not question.allows_unknown:
            raise AnswerError(question.id, N_("This question needs an answer; \"I don't know\" "
                                              "is not possible here."))
        return UNKNOWN
    kind = question.type
    if kind == "yes_no":
        if value is True or (isinstance(value, str) and value.strip().lower() == YES):
            return YES
        if value is False or (isinstance(value, str) and value.strip().lower() == NO):
            return NO
        raise AnswerError(question.id, N_("Answer yes or no."))
    if kind == "choice":
        value = YES if value is True else NO if value is False else value
        if isinstance(value, str) and question.option(value.strip()):
            return value.strip()
        raise AnswerError(question.id, N_("Choose one of the options: %(options)s."),
                          options=", ".join(question.values))
    if kind == "article":
        if not isinstance(value, str):
            raise AnswerError(question.id, N_("Write the article as text, for example 190-2."))
        return derivers.get(question.deriver).parse(value)
    if kind == "number":
        try:
            if isinstance(value, bool):
                raise ValueError
            return value if isinstance(value, int | float) else float(str(value).strip())
        except ValueError:
            raise AnswerError(question.id, N_("Write a number.")) from None
    if kind == "date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise AnswerError(question.id, N_("Write a date as YYYY-MM-DD.")) from None
    raise AssertionError(kind)  # the loader admits no other type


# -- facts ------------------------------------------------------------------------------------


def resolve(act: Act, answers: Answers) -> State:
    """Turn canonical answers into facts: answered, derived, pending or unknown.

    Questions are read in the act's order; the first that settles a fact wins. An unanswered
    question makes the facts it could settle pending, unless an earlier answer settled them
    already or its ask_if does not hold (a later answer may still make it hold: hence the
    second pass).
    """
    values: dict[str, Any] = {}
    pending: dict[str, str] = {}
    waiting: list[Question] = []
    notices: list[Message] = []
    for question in act.questions:
        qid = question.id
        answer = answers.get(qid)
        if answer is None:
            if question.ask_if is None or question.ask_if.value(values) is True:
                _settle_later(question, values, pending)
            else:
                waiting.append(question)
            continue
        if answer == UNKNOWN:
            continue
        if qid not in values and qid not in pending:
            values[qid] = answer
        if question.deriver:
            derivation = derivers.get(question.deriver).derive(answer)
            settled = derivation.values
            if derivation.notice:
                notices.append(derivation.notice)
        elif question.options:
            settled = question.option(answer).sets
        else:
            continue
        for fact, value in settled.items():
            if fact not in values and fact not in pending:
                values[fact] = value
    for question in waiting:
        if question.ask_if.value(values) is True:
            _settle_later(question, values, pending)
    latent: dict[str, str] = {}
    for question in waiting:
        if question.ask_if.value(values) is not True and (
                question.ask_if.reach(values, pending.keys()) & T):
            for fact in question.settles:
                if fact not in values and fact not in pending:
                    latent.setdefault(fact, question.id)
    return State(values, pending, latent, tuple(notices))


def _settle_later(question: Question, values, pending) -> None:
    for fact in question.settles:
        if fact not in values and fact not in pending:
            pending[fact] = question.id


# -- rules ------------------------------------------------------------------------------------


def _evaluate(act: Act, facts: Mapping[str, Any], skip: Provision | None = None) -> _Evaluation:
    """Which outcomes are still possible. `skip` is a rule to treat as false."""
    possible: set[tuple[str, str | None]] = set()
    candidates: list[Provision] = []
    for rule in act.benefits:
        holds = False if rule is skip else rule.when.value(facts)
        if holds is False:
            continue
        possible |= rule.outcomes(facts)
        if holds is None:
            candidates.append(rule)
            continue
        benefit = rule
        break
    ev = _Evaluation(frozenset(), benefit, frozenset(possible), candidates, None)
    if any(outcome != NOT_COVERED for outcome, _ in possible):
        for rule in act.blockers:
            holds = False if rule is skip else rule.when.value(facts)
            if holds is False:
                continue
            if holds is None:
                ev.blocker_candidates.append(rule)
                continue
            ev.blocker = rule
            break
    final = set()
    for pair in possible:
        if pair[0] == NOT_COVERED:
            final.add(pair)
            continue
        final.update((rule.outcome, None) for rule in ev.blocker_candidates)
        final.add((ev.blocker.outcome, None) if ev.blocker else pair)
    ev.final = frozenset(final)
    return ev


def _live_facts(rules: Iterable[Provision], facts: Mapping[str, Any], open_facts) -> set[str]:
    """The open facts whose answers can still change one of the given rules."""
    out: set[str] = set()
    for rule in rules:
        out |= rule.when.live(facts, open_facts)
        if rule.outcome_by and rule.outcome_by[0] in open_facts:
            out.add(rule.outcome_by[0])
    return out


def next_step(act: Act, answers: Answers) -> Ask | Verdict:
    """The next question to ask, or the verdict when no answer could change it any more."""
    answers = normalise(act, answers)
    state = resolve(act, answers)
    ev = _evaluate(act, state.values)
    if not ev.certain:
        candidates, remaining = _candidate_questions(act, state, ev, answers)
        if candidates:
            return Ask(
                act.question(candidates[0]),
                number=len(answers) + 1,
                remaining_max=remaining,
                notices=state.notices,
            )
    return _verdict(act, answers, state, ev)


def _candidate_questions(act: Act, state: State, ev: _Evaluation,
                         answers: Answers) -> tuple[list[str], int]:
    """Questions that can be asked now and still change the outcome: those for the blockers
    first (exclusions before benefits), each group in the act's order. Also an upper bound on
    how many questions may still come: every unanswered question that could settle a fact the
    outcome still hangs on, those not askable yet included."""
    def live(rules):
        return _live_facts([r for r in rules if _useful(act, state, ev, r)], state.values,
                           state.open_facts)

    blocker_facts = live(ev.blocker_candidates)
    benefit_facts = live([*ev.benefit_candidates, ev.benefit])
    candidates = []
    for facts in (blocker_facts, benefit_facts):
        now = sorted({state.pending[f] for f in facts if f in state.pending}, key=act.order)
        candidates += [q for q in now if q not in candidates]
    may_come = {
        qid for fact in blocker_facts | benefit_facts for qid in act.facts[fact].providers
        if qid not in answers and _may_be_asked(act.question(qid), state)
    }
    return candidates, len(may_come | set(candidates))


def _may_be_asked(question: Question, state: State) -> bool:
    return question.ask_if is None or bool(
        question.ask_if.reach(state.values, state.open_facts) & T)


def _useful(act: Act, state: State, ev: _Evaluation, rule: Provision) -> bool:
    """Whether settling this undecided rule can change the outcome.

    A rule that can still come true is worth its questions. One that can only turn false
    (it also hangs on an answer that was "I don't know") is worth them only if its outcome
    would then drop out: not when another open rule gives the same outcome.
    """
    if rule.when.reach(state.values, state.open_facts) & T:
        return True
    return _evaluate(act, state.values, skip=rule).final != ev.final


def assess(act: Act, answers: Answers) -> Verdict:
    """The verdict on the answers as they are, asking nothing more: what a batch row gets.
    Questions never answered count as unknown and are listed among what the verdict depends on.
    """
    answers = normalise(act, answers)
    state = resolve(act, answers)
    return _verdict(act, answers, state, _evaluate(act, state.values))


def prune(act: Act, answers: Answers) -> dict[str, Any]:
    """Keep only the answers the flow still asks for, in the order it asks them.

    After a person goes back and changes an answer, answers to questions that no longer apply
    are dropped (and so never stored or shown).
    """
    answers = normalise(act, answers)
    kept: dict[str, Any] = {}
    while True:
        step = next_step(act, kept)
        if isinstance(step, Verdict) or step.question.id not in answers:
            return kept
        kept[step.question.id] = answers[step.question.id]


# -- the verdict ------------------------------------------------------------------------------


def _verdict(act: Act, answers, state: State, ev: _Evaluation) -> Verdict:
    facts = state.values
    if ev.certain:
        ((outcome, fraction),) = ev.final
        provisions = _deciding(act, ev, facts)
        dependencies: list[Dependency] = []
        doubts = [LegalDoubt(p) for p in provisions
                  if any(o == UNDETERMINED for o, _ in p.outcomes(facts))]
    else:
        outcome, fraction = UNDETERMINED, None
        open_rules = [*ev.blocker_candidates, *ev.benefit_candidates, ev.benefit]
        # In play: the open exclusions and the benefits that may apply. A rule that would only
        # say "not covered" is left to "what would change the answer".
        shown = [*ev.blocker_candidates, ev.blocker] + [
            rule for rule in (*ev.benefit_candidates, ev.benefit)
            if any(outcome != NOT_COVERED for outcome, _ in rule.outcomes(facts))
        ]
        provisions = tuple(dict.fromkeys(p for p in shown if p is not None))
        unknown = set(act.facts) - facts.keys()
        dependencies = _dependencies(act, answers, state, _live_facts(open_rules, facts, unknown))
        doubts = [LegalDoubt(p) for p in provisions if p.outcome == UNDETERMINED and (
            p.when.value(facts) is True)]
    context = {**facts, "outcome": outcome, "fraction": fraction}
    return Verdict(
        outcome=outcome,
        fraction=fraction,
        provisions=provisions,
        depends_on=(*dependencies, *doubts),
        next_steps=_messages(act.next_steps, context),
        notes=_messages(act.notes, context),
        act=act,
        court_note=act.court_note,
        questions_asked=len(answers),
        notices=state.notices,
    )


def _deciding(act: Act, ev: _Evaluation, facts) -> tuple[Provision, ...]:
    if ev.possible_benefits == {(NOT_COVERED, None)} or ev.blocker is None:
        return (ev.benefit, *_supporting(act, ev.benefit.when, facts))
    if ev.blocker.outcome == UNDETERMINED:
        # The doubt, and what would apply without it.
        return (ev.blocker, ev.benefit, *_supporting(act, ev.benefit.when, facts))
    return (ev.blocker,)


def _supporting(act: Act, condition: Condition, facts) -> tuple[Provision, ...]:
    """The definition items that hold, for each defined term the condition relies on."""
    out: list[Provision] = []
    stack = [condition]
    while stack:
        node = stack.pop()
        if isinstance(node, Is) and node.value(facts):
            out.extend(i for i in act.definitions[node.name].items if i.when.value(facts))
        stack.extend(getattr(node, "parts", ()))
        if hasattr(node, "part"):
            stack.append(node.part)
    return tuple(dict.fromkeys(out))


def _dependencies(act: Act, answers, state: State, open_facts) -> list[Dependency]:
    """For each question that could still settle the verdict, the outcome of each answer.

    A fact is traced to the question that could have settled it: the one left unanswered, or
    the first answered "I don't know". Questions whose every answer leaves the verdict open are
    left out, unless nothing else is left.
    """
    asked: dict[str, bool] = {}
    for fact_id in open_facts:
        if fact_id in state.pending:
            asked.setdefault(state.pending[fact_id], False)
            continue
        # The most specific question answered "I don't know" (the last one asked).
        unknown_at = [q for q in act.facts[fact_id].providers if answers.get(q) == UNKNOWN]
        if unknown_at:
            asked.setdefault(unknown_at[-1], True)
    out = []
    for qid in sorted(asked, key=act.order):
        question = act.question(qid)
        alternatives = []
        for value in question.values:
            state_if = resolve(act, {**answers, qid: value})
            ev = _evaluate(act, state_if.values)
            if ev.certain:
                ((outcome, fraction),) = ev.final
                deciding = _deciding(act, ev, state_if.values)[0]
            else:
                outcome, fraction, deciding = UNDETERMINED, None, None
            alternatives.append(Alternative(value, outcome, fraction, deciding))
        out.append(Dependency(qid, question, tuple(alternatives), asked[qid]))
    telling = [d for d in out if not d.alternatives or any(
        a.outcome != UNDETERMINED for a in d.alternatives)]
    return telling or out


def _messages(notes, context) -> tuple[Message, ...]:
    return tuple(Message(n.text) for n in notes if n.when.value(context))
