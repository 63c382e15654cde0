"""Structure audit: how well the clause parser reads numbered structure, per genre.

    python bench/structure_audit.py FOLDER [--json] [--details N] [--truth FILE]

Loads every document under FOLDER, parses it with the working tree's parser and compares the
clause records with the line-start markers of the text (rules: assistant/ingest/audit.py).
Genres come from the `kind` column of a SOURCES.tsv in FOLDER or its parent, else the format.
With --truth (JSON lines: {"file": …, "title": …, "doc_number": …}, e.g.
tests/data/realcorpus_metadata.jsonl) it also prints how much metadata matches the truth.
No index, no embedder. Exits 0 whatever the numbers are (they are the result); 2 when FOLDER
is not a folder.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="folder of documents (searched recursively)")
    ap.add_argument("--json", action="store_true", help="print the table (and details) as JSON")
    ap.add_argument(
        "--details",
        type=int,
        default=0,
        metavar="N",
        help="per genre, up to N example misses and the N most common lost lines",
    )
    ap.add_argument("--truth", type=Path, metavar="FILE", help="metadata truth file (JSON lines) to score against")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))  # audit the working tree, installed or not
    from assistant.ingest import audit

    if not args.folder.is_dir():
        print(f"not a folder: {args.folder}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    report = audit.audit_folder(args.folder)
    elapsed = time.perf_counter() - t0
    if args.json:
        print(json.dumps(audit.to_json(report, args.details), ensure_ascii=False, indent=2))
    else:
        print(audit.format_table(report))
        if args.details > 0:
            print()
            print(audit.format_details(report, args.details))
    if args.truth:
        rows = [json.loads(line) for line in args.truth.read_text(encoding="utf-8").splitlines() if line.strip()]
        metas = {d.file: d.meta for d in report.documents}
        score = audit.score_metadata((r for r in rows if r["file"] in metas), lambda f: metas[f])
        print()
        print(audit.format_truth(score))
        if args.details > 0:
            print("\n".join(f"  {m}" for m in score.misses[: args.details]))
    # Timing goes to stderr so that stdout is the same on every run.
    print(f"{len(report.documents)} documents audited in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
