"""Batch assessment: a CSV of clients in, the same CSV with each client's verdict added.

One row per person; columns named by question id (docs/batch.md). Other columns (a client
reference, notes) pass through untouched; a row whose first cell starts with "#" is a comment
and passes through too. Each cell is read on its own: a bad value is reported in the row's
`errors` column as "column: message" and the row is assessed on its other cells
(`rules.assess`: the verdict on the answers as they are, never-answered questions listed in
`missing`).

Shared by `amnesty batch` and the upload page; nothing here keeps the data: it is read from
bytes and written to bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

import rules
from rules import UNKNOWN, Act, AnswerError, Dependency, LegalDoubt, Question, Verdict
from rules.model import NO, YES
from web import present

RESULT_COLUMNS = ("outcome", "fraction", "verdict", "provisions", "articles", "evidence",
                  "missing", "doubts", "errors", "act", "rules_version")
"""The columns added to every row, in this order (a re-run replaces them)."""
LIST_SEPARATOR = " | "
"""Between the items of a list in one cell (articles themselves may contain "; ")."""
COMMENT = "#"

YES_WORDS = frozenset({"yes", "y", "да", "д", "иә", "ия", "иа", "true"})
NO_WORDS = frozenset({"no", "n", "нет", "н", "жоқ", "жок", "false"})
UNKNOWN_WORDS = frozenset({"unknown", "?", "не знаю", "неизвестно", "білмеймін", "белгісіз",
                           "don't know", "dont know", "i don't know"})
ENCODINGS = ("utf-8-sig", "cp1251")
"""UTF-8 (with or without the BOM Excel writes), else Windows-1251: Excel's "CSV" in Russian
and Kazakh Windows. Any byte sequence decodes in cp1251, so it is the last resort."""
DELIMITERS = (";", ",", "\t")

EMPTY_FILE = _l("the file is empty.")
NO_QUESTION_COLUMNS = _l("no column is named by a question id (the first row must be the "
                         "header, e.g. article;stage;damage).")
UNREADABLE = _l("the file is not valid CSV (%(detail)s).")
NOT_TEXT = _l("the file is not text: save it from the spreadsheet as CSV.")


class CsvError(ValueError):
    """A file that cannot be read at all (a bad cell is reported in its row instead)."""

    def __init__(self, message, **params):
        super().__init__(str(message))
        self.message, self.params = message, params

    def problem(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    columns: dict[int, str] = field(default_factory=dict)
    """Column index -> question id, for the columns named by a question of the act."""

    def ignored(self, act: Act) -> list[str]:
        """Columns that are neither questions nor results: passed through, not read."""
        return [name for i, name in enumerate(self.header)
                if i not in self.columns and _key(name) not in RESULT_COLUMNS and name.strip()]


def _key(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


# -- reading ---------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise CsvError(NOT_TEXT)  # UTF-16, XLSX or another binary file
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise CsvError(NOT_TEXT)  # only the few bytes cp1251 leaves undefined get here


def sniff_delimiter(first_line: str) -> str:
    """The separator of the header row: the one it uses most (";" is Excel's in kk/ru)."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read(data: bytes, act: Act | None = None) -> Table:
    """The table in a CSV file; its question columns are those of `act` (default act)."""
    text, encoding = decode(data)
    if not text.strip():
        raise CsvError(EMPTY_FILE)
    delimiter = sniff_delimiter(text.lstrip().split("\n", 1)[0])
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as e:
        raise CsvError(UNREADABLE, detail=str(e)) from None
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    header = [cell.strip().lstrip("\ufeff").strip() for cell in rows[0]]
    table = Table(header, rows[1:], delimiter, encoding)
    act = act or rules.default_act()
    for i, name in enumerate(header):
        question = act.question(_key(name))
        if question is not None and question.id not in table.columns.values():
            table.columns[i] = question.id
    if not table.columns:
        raise CsvError(NO_QUESTION_COLUMNS)
    return table


# -- assessing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row's result: the verdict (None for a comment or an empty row) and its bad cells."""

    number: int
    """The row's number in a spreadsheet (the header is row 1)."""
    verdict: Verdict | None
    errors: tuple[tuple[str, str], ...] = ()
    """(column, message) for each cell that could not be read, in the current language."""


def is_comment(row: list[str]) -> bool:
    return bool(row) and row[0].lstrip().startswith(COMMENT)


class Reader:
    """Reads cells into canonical answers, with the words people type for yes, no and "I don't
    know" in the three languages; remembers what it has read (clients share articles)."""

    def __init__(self, act: Act):
        self.act = act
        self._seen: dict[tuple[str, str], object] = {}

    def cell(self, question: Question, raw: str):
        """The canonical answer; CellError with the message (in the current language)."""
        key = (question.id, raw)
        if key not in self._seen:
            found = self._read(question, raw)
            if isinstance(found, AnswerError):
                found = CellError(present.text(self.act, found.message))
            self._seen[key] = found
        found = self._seen[key]
        if isinstance(found, CellError):
            raise found
        return found

    def _read(self, question: Question, raw: str):
        word = " ".join(raw.lower().replace("’", "'").split())
        if word in UNKNOWN_WORDS:
            value = UNKNOWN
        elif word in YES_WORDS and YES in question.values:
            value = YES
        elif word in NO_WORDS and NO in question.values:
            value = NO
        elif question.values and word in question.values:
            value = word
        else:
            value = raw.strip()
        try:
            return rules.normalise(self.act, {question.id: value})[question.id]
        except AnswerError as e:
            return e


def assess_rows(act: Act, table: Table, remember: bool = True) -> Iterator[Row]:
    """Each data row's result, in order. Translated texts use the current language.

    Clients often share the same answers (and a sparse row costs the engine a few ms, as it
    works out what each missing answer would change), so a verdict is computed once per
    distinct set of answers; `remember=False` computes every row (the benchmark's worst case).
    """
    reader = Reader(act)
    verdicts: dict[tuple, Verdict] = {}
    for index, cells in enumerate(table.rows):
        number = index + 2
        if is_comment(cells) or not any(c.strip() for c in cells):
            yield Row(number, None)
            continue
        answers, errors = {}, []
        for column, qid in table.columns.items():
            raw = cells[column].strip() if column < len(cells) else ""
            if not raw:
                continue
            try:
                answers[qid] = reader.cell(act.question(qid), raw)
            except CellError as e:
                errors.append((table.header[column], e.message))
        key = tuple(answers.items())
        verdict = verdicts.get(key) if remember else None
        if verdict is None:
            verdict = verdicts[key] = rules.assess(act, answers)
        yield Row(number, verdict, tuple(errors))


class Columns:
    """The added columns of a row, in the current language; texts are made once per run."""

    def __init__(self, act: Act):
        self.act = act
        self._articles: dict[str, str] = {}
        self._titles: dict[tuple, str] = {}

    def article(self, provision) -> str:
        if provision.id not in self._articles:
            self._articles[provision.id] = present.text(self.act, provision.citation.article)
        return self._articles[provision.id]

    def title(self, v: Verdict) -> str:
        key = (v.outcome, v.fraction, present.possibly_covered(v))
        if key not in self._titles:
            self._titles[key] = present.outcome_title(v)
        return self._titles[key]

    def values(self, row: Row) -> list[str]:
        v = row.verdict
        if v is None:
            return [""] * len(RESULT_COLUMNS)
        join = LIST_SEPARATOR.join
        missing = [d.question_id if not d.answered else f"{d.question_id}={UNKNOWN}"
                   for d in v.depends_on if isinstance(d, Dependency)]
        doubts = [d.provision.id for d in v.depends_on if isinstance(d, LegalDoubt)]
        return [
            v.outcome,
            v.fraction or "",
            self.title(v),
            join(p.id for p in v.provisions),
            join(self.article(p) for p in v.provisions),
            join(p.citation.evidence for p in v.provisions),
            join(missing),
            join(doubts),
            join(f"{column}: {message.rstrip('.')}" for column, message in row.errors),
            self.act.id,
            v.rules_version,
        ]


# -- writing ---------------------------------------------------------------------------------


def write(table: Table, results: Iterable[Row], act: Act | None = None) -> bytes:
    """The table with the result columns added (replacing any from an earlier run), as UTF-8
    with a BOM (so Excel reads Kazakh and Russian letters right), in the input's delimiter."""
    act = act or rules.default_act()
    keep = [i for i, name in enumerate(table.header) if _key(name) not in RESULT_COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=table.delimiter, lineterminator="\r\n")
    writer.writerow([table.header[i] for i in keep] + list(RESULT_COLUMNS))
    columns = Columns(act)
    width = len(table.header)
    for cells, row in zip(table.rows, results, strict=True):
        cells = cells + [""] * (width - len(cells))
        if is_comment(cells):
            writer.writerow([cells[i] for i in keep])
            continue
        writer.writerow([cells[i] for i in keep] + columns.values(row) + cells[width:])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def run(data: bytes, act: Act | None = None,
        progress: Callable[[Iterator[Row]], Iterator[Row]] | None = None
        ) -> tuple[bytes, Table, list[Row]]:
    """Read, assess and write in one go: (the result file, the table, the rows' results)."""
    act = act or rules.default_act()
    table = read(data, act)
    rows = assess_rows(act, table)
    results = list(progress(rows) if progress else rows)
    return write(table, results, act), table, results


# -- the template ------------------------------------------------------------------------------

REF_COLUMN = "ref"
REF_HELP = _l("Your reference for the client (passed through unchanged). Please use a number, "
              "not a name.")
VALUES_HELP = _l("Allowed values:")
ARTICLE_VALUES = _l("the article as on the verdict, e.g. 190-2 or ч. 2 ст. 190")
UNKNOWN_VALUE = _l("unknown = I don't know; empty = not answered")


def template(act: Act, lang: str) -> bytes:
    """An empty client list with the act's question ids as columns and two comment rows: each
    question in the language, and the values it accepts (with their meaning). ";" for kk and ru,
    "," for en: what a spreadsheet expects in each, so it opens in columns."""
    delimiter = "," if lang == "en" else ";"
    questions = act.questions
    header = [REF_COLUMN, *(q.id for q in questions)]
    texts = ["# " + str(REF_HELP), *(present.text(act, q.text) for q in questions)]
    values = ["# " + str(VALUES_HELP), *(_values_help(act, q) for q in questions)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([header, texts, values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _values_help(act: Act, q: Question) -> str:
    if q.type == "article":
        allowed = str(ARTICLE_VALUES)
    elif q.type == "yes_no":
        allowed = f"{YES} / {NO}"
    else:
        allowed = LIST_SEPARATOR.join(
            f"{c.value} = {c.label}" for c in present.choices(act, q) if c.value != UNKNOWN)
    if q.allows_unknown:
        allowed += f" ({UNKNOWN_VALUE})"
    return allowed


def template_name(act: Act, lang: str) -> str:
    return f"{act.id}-clients-{lang}.csv"


def result_name(filename: str) -> str:
    """"clients.csv" -> "clients-results.csv"."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem[:-4] if stem.lower().endswith(".csv") else stem
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem).strip("._") or "clients"
    return f"{safe}-results.csv"


def summary(results: list[Row]) -> Mapping[str, int]:
    """Rows by outcome, and how many had bad cells."""
    counts: dict[str, int] = {}
    for row in results:
        if row.verdict is not None:
            counts[row.verdict.outcome] = counts.get(row.verdict.outcome, 0) + 1
    counts["rows_with_errors"] = sum(1 for row in results if row.errors)
    return counts


def error_lines(results: list[Row]) -> list[str]:
    return [gettext("row %(row)s, %(column)s: %(message)s", row=row.number, column=column,
                    message=message)
            for row in results for column, message in row.errors]
