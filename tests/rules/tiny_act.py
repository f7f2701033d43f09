"""A tiny act, one feature at a time, for testing the engine apart from any real law."""

TINY_ACT = """
id: tiny
number: "1"
title: "Tiny act"
short_title: "Tiny"
signed: 2025-01-01
in_force: {value: 2025-01-02, evidence: T, reference: "Art. 9"}
source: https://example.org/tiny
version: "1"
court_note: "A court decides."
parameters:
  cutoff: {value: 2025-01-02, evidence: T, reference: "Art. 9"}
  adult: {value: 18, evidence: T, reference: "Art. 1"}
questions:
  - id: kind
    type: choice
    text: "Which kind?"
    options:
      - {value: small, label: "Small"}
      - {value: big, label: "Big"}
  - id: age
    type: number
    text: "How old?"
  - id: day
    type: date
    text: "When?"
  - id: paid
    type: yes_no
    text: "Paid?"
benefits:
  - id: release
    title: "Release"
    article: "Art. 2"
    evidence: T
    explanation: "Small ones are released."
    when: {all: [{kind: small}, {fact: day, before: $cutoff}]}
    outcome: release_from_punishment
  - id: reduce
    title: "Reduce"
    article: "Art. 3"
    evidence: N
    explanation: "Big ones paid are reduced."
    when: {all: [{kind: big}, {paid: yes}]}
    outcome: sentence_reduced
    fraction: "1/3"
  - id: none
    title: "Nothing"
    article: "Art. 4"
    evidence: I
    explanation: "Nothing applies."
    when: always
    outcome: not_covered
blockers:
  - id: young
    title: "Young"
    article: "Art. 5"
    evidence: CC
    explanation: "Minors are excluded."
    when: {fact: age, lt: $adult}
    outcome: not_covered
"""
