"""Precision and recall of the text reader (dangvu.exchange.text) against a hand-made answer
file.

    .venv/bin/python bench/extract/score.py [--seeds DIR] [--answers FILE] [-v]

DIR defaults to ../shared/seeds beside the repository (the five articles of issue 11) and
FILE to bench/extract/answers.json: for each article, every figure a reader would list
(written by hand from the articles, not from the reader's output), with the keys of
`dangvu extract --format json`.

How a figure read matches an answer: the values are equal (to 1e-6), and the subjects
agree: at least half of the answer subject's words (lower case, diacritics removed:
core.text.normalize) are among the words of the subject read. Matching is one to one,
greedily in reading order, the read figure with the most subject words in common winning.
Precision = matched / figures read; recall = matched / figures in the answers. For the
matched figures it also prints how often the unit, target, percent of target and
qualifier agree (the unit agreeing when it is equal once normalized).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--answers", default=str(Path(__file__).with_name("answers.json")))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from dangvu.core.text import normalize
    from dangvu.exchange.text import extract

    def words(text):
        return set(normalize(text or "").split())

    answers = json.loads(Path(args.answers).read_text(encoding="utf-8"))
    total_read = total_answers = total_matched = 0
    fields = {"unit": 0, "target": 0, "percent_of_target": 0, "qualifier": 0}
    print(f"{'article':<28} {'read':>5} {'answers':>8} {'matched':>8} {'precision':>10} {'recall':>7}")
    for name, expected in sorted(answers.items()):
        text = (Path(args.seeds) / name).read_text(encoding="utf-8")
        read = [f.as_dict() for f in extract(text)]
        for f in read:
            assert f["quote"] in text, f
        used: set[int] = set()
        matched = 0
        for answer in expected:
            want = words(answer["subject"])
            best, best_common = None, 0
            for i, f in enumerate(read):
                if i in used or abs(float(f["value"]) - float(answer["value"])) > 1e-6:
                    continue
                common = len(want & words(f["subject"]))
                if common * 2 >= len(want) and common > best_common:
                    best, best_common = i, common
            if best is None:
                if args.verbose:
                    print(f"    missed: {answer['value']} {answer['unit']} — {answer['subject']}")
                continue
            used.add(best)
            matched += 1
            got = read[best]
            fields["unit"] += normalize(got["unit"] or "") == normalize(answer["unit"] or "")
            for key in ("target", "percent_of_target", "qualifier"):
                fields[key] += got[key] == answer[key]
        if args.verbose:
            for i, f in enumerate(read):
                if i not in used:
                    print(f"    extra:  {f['value']} {f['unit']} — {f['subject']}  «{f['quote']}»")
        total_read += len(read)
        total_answers += len(expected)
        total_matched += matched
        print(f"{name:<28} {len(read):>5} {len(expected):>8} {matched:>8} "
              f"{_ratio(matched, len(read)):>10} {_ratio(matched, len(expected)):>7}")
    print(f"{'all':<28} {total_read:>5} {total_answers:>8} {total_matched:>8} "
          f"{_ratio(total_matched, total_read):>10} {_ratio(total_matched, total_answers):>7}")
    print("of the matched figures, agreeing: " + ", ".join(
        f"{key} {count}/{total_matched}" for key, count in fields.items()))


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"


if __name__ == "__main__":
    main()
