"""What the table generators share: printing the generated Rust, or writing it over the
region between its BEGIN and END GENERATED markers in a source file."""

import sys


def emit(text, begin, end, update=None):
    """Prints `text`, or with `update` replaces the `begin` ... `end` region of that file
    (the END line included) with it."""
    if not update:
        sys.stdout.write(text)
        return
    with open(update, encoding="utf-8") as f:
        src = f.read()
    start = src.find(begin)
    stop = src.find(end, start)
    if start < 0 or stop < 0:
        sys.exit("%s: no %r ... %r region" % (update, begin, end))
    stop = src.index("\n", stop) + 1
    with open(update, "w", encoding="utf-8") as f:
        f.write(src[:start] + text + src[stop:])
