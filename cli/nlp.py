"""`zhiren extract` and `zhiren nlp train|eval`: the name-extraction commands.

``extract`` reads one plain-text document or JSON Lines ``{"id", "text", "date"?}`` (a file or
``-`` for stdin, in UTF-8, GBK/GB18030, Big5 or UTF-16) and writes one JSON object per
document to stdout; a bad document becomes an object with an ``error`` and the rest of
the batch goes on.  Progress and the summary go to stderr so stdout stays JSON Lines.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from zhiren.errors import InputError, ZhirenError
from zhiren.ingest.authority_linking import AuthorityLinker
from zhiren.nlp.dates import parse_date
from zhiren.nlp.decode import UndecodableInput, decode_bytes
from zhiren.nlp.extract import KINDS, Extractor, Record, error_record
from zhiren.nlp.pipeline import MODEL_DIR, ModelMissing

DEFAULT_NER_DATA = Path("../shared/data/ner")


def read_input(source: str) -> bytes:
    """The bytes of a file, or of stdin for ``-``."""
    if source == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=source) from None


def is_json_lines(text: str) -> bool:
    """JSON Lines when the first non-blank line is a JSON object with a text field."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and "text" in record


def documents(text: str, source: str) -> Iterator[tuple[int, str | None, str | Record, int | None]]:
    """(line, id, text, catalogue year) per document, or (line, id, error object, None) for a bad line.

    A JSON Lines record's optional ``date`` (its catalogue date: 光绪二十二年九月, 1896) is the year
    ``--authority`` resolves the document at; without it, the dates in the text count."""
    if not is_json_lines(text):
        yield 1, source, text, None
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record: Any = json.loads(line)
        except ValueError as exc:
            yield number, None, error_record(None, "invalid_json", str(exc), file=source, line=number), None
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            doc_id = str(record.get("id")) if isinstance(record, dict) else None
            message = "expected an object with a string field text"
            yield number, doc_id, error_record(doc_id, "missing_text", message, file=source, line=number), None
            continue
        doc_id = None if record.get("id") is None else str(record["id"])
        date = record.get("date")
        year = parse_date(date).year if isinstance(date, str) and date.strip() else None
        if date is not None and year is None:
            message = f"date not understood: {date!r} (a reign or Western date, e.g. 光绪二十二年九月 or 1896)"
            yield number, doc_id, error_record(doc_id, "invalid_date", message, file=source, line=number), None
            continue
        yield number, doc_id, record["text"], year


@click.command("extract")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="text",
    show_default=True,
    help="What the documents are; switches the lineage and letter rules.",
)
@click.option("--fast", is_flag=True, help="Rules and gazetteer only, without the statistical model.")
@click.option("--processes", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@click.option(
    "--authority",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Link mentions to the persons of this authority file (biogref CSV shape).",
)
@click.argument("source", default="-", metavar="[FILE|-]")
def extract(kind: str, fast: bool, processes: int, authority: Path | None, source: str) -> None:
    """Find person names in text; write one JSON object per document (JSON Lines)."""
    data = read_input(source)
    try:
        text, _encoding = decode_bytes(data, source)
    except UndecodableInput as exc:
        raise InputError(str(exc).removeprefix(f"{source}: "), file=source) from None
    try:
        extractor = Extractor(statistical=not fast, n_process=processes)
    except ModelMissing as exc:
        raise ZhirenError(f"{exc}; or run with --fast") from None

    linker = AuthorityLinker.load(authority, extractor) if authority else None
    items = list(documents(text, source))
    texts = [(doc_id, body) for _, doc_id, body, _ in items if isinstance(body, str)]
    results = extractor.extract_many(texts, kind=kind)
    errors: list[str] = []
    n_mentions = 0
    with click.progressbar(items, label="extract", file=sys.stderr, show_pos=True) as bar:
        for line, _doc_id, body, year in bar:
            record = next(results) if isinstance(body, str) else body
            if linker is not None and "error" not in record:
                record = linker.link(record, year)
            if "error" in record:
                errors.append(f"{source}:{line}: {record['error']['message']}")
            n_mentions += len(record["mentions"])
            click.echo(json.dumps(record, ensure_ascii=False))
    if linker is not None:
        linker.close()
    click.echo(f"read {len(items)} documents, {n_mentions} mentions, {len(errors)} errors", err=True)
    for error in errors:
        click.echo(f"  {error}", err=True)
    if errors:
        sys.exit(1)


@click.group("nlp")
def nlp_group() -> None:
    """Train and evaluate the PERSON model."""


@nlp_group.command("train")
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_NER_DATA,
    show_default=True,
    help="The NER corpora folder (its README lists them); cbdb/, genealogy/ and late-qing/ beside it.",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build/person_ner"),
    show_default=True,
    help="Work folder for corpora and checkpoints.",
)
@click.option("--max-steps", type=int, default=None, help="Stop after this many updates.")
@click.option(
    "--pretrain", is_flag=True, help="Pretrain the tok2vec on raw text first (a variant; the shipped model has none)."
)
@click.option("--install", is_flag=True, help=f"Copy the best model into the package ({MODEL_DIR}).")
def train_command(data: Path, output: Path, max_steps: int | None, pretrain: bool, install: bool) -> None:
    """Rebuild the PERSON model from the annotated corpora (fixed seed: reproducible)."""
    from zhiren.nlp.ner.train import measure, train

    if not data.is_dir():
        raise InputError("training data folder not found", file=str(data))
    best = train(data, output, max_steps=max_steps, pretraining=pretrain)
    metrics = measure(best, data)
    (best / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    click.echo(json.dumps(metrics), err=True)
    if install:
        shutil.rmtree(MODEL_DIR, ignore_errors=True)
        shutil.copytree(best, MODEL_DIR)
        click.echo(f"installed {best} as {MODEL_DIR}", err=True)


@nlp_group.command("eval")
@click.option(
    "--ner",
    "path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Char-per-line BIO/BIOES file (or CLUENER/Boson JSON Lines).",
)
@click.option(
    "--model",
    type=click.Path(path_type=Path, file_okay=False),
    default=MODEL_DIR,
    help="Model folder (default: the shipped one).",
)
def eval_command(path: Path, model: Path) -> None:
    """Exact-span PERSON precision, recall and F1, as one JSON object."""
    from zhiren.nlp.ner.evaluate import evaluate_ner
    from zhiren.nlp.pipeline import load_person_model

    if not path.is_file():
        raise InputError("file not found", file=str(path))
    try:
        scores = evaluate_ner(path, load_person_model(model))
    except ModelMissing as exc:
        raise ZhirenError(str(exc)) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not a BIO/BIOES or JSON Lines NER file: {exc}", file=str(path)) from None
    click.echo(json.dumps({"file": str(path), **scores}, ensure_ascii=False))
