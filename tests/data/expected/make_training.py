#!/usr/bin/env python3
"""Writes the expected JSON Lines and CoNLL files of tests/export.rs, without hamish.

    pip install uniseg==0.10.1
    python3 tests/data/expected/make_training.py

Words come from `uniseg` (a Python implementation of UAX #29, not the Rust crate hamish
uses). The rest is done here its own way: text as a list of chars, a span edge set, char
by char scanning for whitespace, tags per token by looking each token up in the spans.

Two articles:
- the sample (seeds/), with a Speaker (John Kerry), his Claim and a Country (CN) in it;
- `hard.txt` (below): a quoted claim nested in a claim that ends on `"` before `.`, a
  Country after the clitic و, a claim over a paragraph end, two spaces, a final line end.
"""

import hashlib
import json
import os
import sys

from uniseg.wordbreak import words

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SAMPLE = "000_f8766ef2dd105986.txt"
LABELS = ["Speaker", "Claim", "Country"]

HARD = 'قال كيري:  "إن بكين قالت "لن نتراجع" أمس".\nوالصين تعمل مع\nالعراق.\n'


def find(text, piece, nth=0):
    """Char offset of the nth occurrence of piece."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(piece, at + 1)
    return at


def hard_spans(text):
    kerry = find(text, "كيري")
    outer = find(text, '"إن')
    outer_end = find(text, 'أمس"') + len('أمس"')
    inner = find(text, '"لن')
    inner_end = find(text, 'نتراجع"') + len('نتراجع"')
    china = find(text, "والصين") + 1
    line2 = find(text, "والصين")
    iraq = find(text, "العراق")
    # (id, label, start, end, links)
    return [
        (1, "Speaker", kerry, kerry + 4, {"entity": "John Kerry"}),
        (2, "Claim", outer, outer_end, {"speaker": 1}),
        (3, "Claim", inner, inner_end, {}),
        (4, "Country", china, china + 5, {"country": "CN"}),
        (5, "Claim", line2, iraq + 6, {}),
        (6, "Country", iraq, iraq + 6, {"country": "IQ"}),
    ]


def sample_spans(text):
    return [
        (1, "Speaker", 27, 35, {"entity": "John Kerry"}),
        (2, "Claim", 49, 129, {"speaker": 1}),
        (3, "Country", 52, 57, {"country": "CN"}),
    ]


def is_space(c):
    # Python's own idea of whitespace, which str.split() uses.
    return c.isspace()


def tokenize(text, spans):
    """[(start, end, ws)] in chars, covering the text."""
    starts = {s for _, _, s, _, _ in spans}
    ends = {e for _, _, _, e, _ in spans}
    edges = starts | ends
    # Cut points: the word boundaries of uniseg, and every edge.
    cuts = {0, len(text)}
    at = 0
    for w in words(text):
        at += len(w)
        cuts.add(at)
    cuts |= {e for e in edges if 0 <= e <= len(text)}
    points = sorted(cuts)
    pieces = [(a, b) for a, b in zip(points, points[1:]) if a < b]
    # Whitespace pieces join into runs, except across an edge.
    runs = []
    for a, b in pieces:
        blank = all(is_space(c) for c in text[a:b])
        if blank and runs and runs[-1][2] and a not in edges:
            runs[-1] = (runs[-1][0], b, True)
        else:
            runs.append((a, b, blank))
    out = []
    for a, b, blank in runs:
        if not blank:
            out.append([a, b, False, False])
            continue
        if (
            out
            and not out[-1][3]
            and out[-1][1] == a
            and text[a] == " "
            and a not in starts
            and (a + 1) not in ends
        ):
            out[-1][2] = True
            a += 1
        if a < b:
            out.append([a, b, False, True])
    return out  # [start, end, ws, is_space]


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def jsonl(name, text, spans, annotator):
    toks = tokenize(text, spans)
    tokens = [
        {"text": text[s:e], "start": s, "end": e, "id": i, "ws": ws}
        for i, (s, e, ws, _) in enumerate(toks)
    ]
    out_spans = []
    for sid, label, s, e, links in sorted(spans, key=lambda x: (x[2], x[3], x[0])):
        ts = next(i for i, t in enumerate(toks) if t[0] == s)
        te = next(i for i, t in enumerate(toks) if t[1] == e)
        out_spans.append(
            {
                "id": sid,
                "start": s,
                "end": e,
                "token_start": ts,
                "token_end": te,
                "label": label,
                "text": text[s:e],
                "links": {k: links[k] for k in ("entity", "country", "speaker") if k in links},
            }
        )
    relations = []
    for head in out_spans:
        to = head["links"].get("speaker")
        child = next((c for c in out_spans if c["id"] == to), None)
        if child is None:
            continue
        ends = lambda x: {k: x[k] for k in ("start", "end", "token_start", "token_end", "label")}
        relations.append(
            {
                "head": head["token_end"],
                "child": child["token_end"],
                "head_span": ends(head),
                "child_span": ends(child),
                "label": "Attributed",
            }
        )
    obj = {
        "file": name,
        "text": text,
        "sha256": sha(text),
        "annotator": annotator,
        "status": "InProgress",
        "tokens": tokens,
        "spans": out_spans,
        "relations": relations,
    }
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def paragraphs(text):
    """Char ranges of the lines, without their line ends; no empty last line."""
    out = []
    at = 0
    for line in text.split("\n"):
        out.append((at, at + len(line.rstrip("\r"))))
        at += len(line) + 1
    if text.endswith("\n"):
        out.pop()
    return out


def tags_for(text, spans, label):
    """{token index: tag} over the word tokens, for one label."""
    toks = [t for t in tokenize(text, spans) if not t[3]]
    mine = sorted(
        [(s, e) for _, l, s, e, _ in spans if l == label], key=lambda x: (x[0], -x[1])
    )
    kept = []
    for s, e in mine:
        if any(s < ke and s >= ks for ks, ke in kept):
            continue  # nested in, or overlapping, one kept before
        kept.append((s, e))
    paras = paragraphs(text)

    def para(i):
        return next(n for n, (a, b) in enumerate(paras) if a <= toks[i][0] < b)

    tags = ["O"] * len(toks)
    for s, e in kept:
        inside = [i for i, t in enumerate(toks) if s <= t[0] and t[1] <= e]
        for k, i in enumerate(inside):
            first = k == 0 or para(i) != para(inside[k - 1])
            tags[i] = ("B-" if first else "I-") + label
    return toks, tags, paras


def conll2003(text, spans, label):
    toks, tags, paras = tags_for(text, spans, label)
    lines = ["-DOCSTART- O", ""]
    for a, b in paras:
        inside = [i for i, t in enumerate(toks) if a <= t[0] < b]
        if not inside:
            continue
        lines += [text[toks[i][0] : toks[i][1]] + " " + tags[i] for i in inside]
        lines.append("")
    return "\n".join(lines) + "\n"


def multi(name, text, spans):
    per = [tags_for(text, spans, l) for l in LABELS]
    toks, _, paras = per[0]
    blocks = []
    for a, b in paras:
        inside = [i for i, t in enumerate(toks) if a <= t[0] < b]
        if inside:
            blocks.append(
                "".join(
                    text[toks[i][0] : toks[i][1]]
                    + "".join("\t" + p[1][i] for p in per)
                    + "\n"
                    for i in inside
                )
            )
    head = "# file = %s\n# columns = token %s\n" % (name, " ".join(LABELS))
    return head + "\n".join(blocks)


def write(path, body):
    with open(os.path.join(HERE, path), "w", encoding="utf-8", newline="") as f:
        f.write(body)


def main():
    with open(os.path.join(ROOT, "seeds", SAMPLE), encoding="utf-8", newline="") as f:
        sample = f.read()
    s_spans = sample_spans(sample)
    h_spans = hard_spans(HARD)
    assert sample[27:35] == "جون كيري" and sample[52:57] == "الصين", "the sample moved"
    write("sample.jsonl", jsonl(SAMPLE, sample, s_spans, "ليلى"))
    write("sample.conll", multi(SAMPLE, sample, s_spans))
    write("hard.jsonl", jsonl("hard.txt", HARD, h_spans, None))
    write("hard.conll", multi("hard.txt", HARD, h_spans))
    os.makedirs(os.path.join(HERE, "conll2003"), exist_ok=True)
    for label in LABELS:
        body = conll2003(sample, s_spans, label) + conll2003(HARD, h_spans, label)
        write(os.path.join("conll2003", label + ".conll"), body)
    # The offsets the Rust test builds the hard article with.
    print(json.dumps([(i, l, s, e) for i, l, s, e, _ in h_spans]), file=sys.stderr)


if __name__ == "__main__":
    main()
