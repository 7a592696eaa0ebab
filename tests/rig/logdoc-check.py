#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""logdoc-check.py DOC SOURCE...: every line the driver logs is explained in
DOC (docs/troubleshooting.md). For each dev_err/dev_warn/dev_info,
netdev_err/netdev_warn/netdev_info, dev_err_probe and dev_err_ratelimited
call in the SOURCE files, the format string's fixed text up to its first
conversion (at most its first five words, at least two) must appear in DOC.
A format that starts with a conversion ("%s\\n") is not checked. Prints one
PASS or FAIL line per string; exit status 1 if any is missing.
"""
import re
import sys

CALL = re.compile(r"\b(?:dev_err_probe|dev_err_ratelimited|dev_err|dev_warn|dev_info|"
                  r"netdev_err|netdev_warn|netdev_info)\s*\(")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def formats(path):
    text = open(path).read()
    for m in CALL.finditer(text):
        # The format is the first string literal of the call's arguments.
        depth, i = 1, m.end()
        while depth and i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        s = STRING.search(text, m.end(), i)
        if s:
            yield s.group(1)


def key(fmt):
    fixed = re.split(r"%", fmt.replace('\\"', '"').replace("\\n", ""), maxsplit=1)[0]
    words = fixed.split()
    if len(words) < 2:
        return None
    return " ".join(words[:5]).rstrip(":,(")


def main():
    doc = open(sys.argv[1]).read().replace("`", "")
    doc = " ".join(doc.split())
    missing = 0
    for path in sys.argv[2:]:
        for fmt in formats(path):
            k = key(fmt)
            if k is None:
                continue
            if k in doc:
                print(f"PASS: logged line documented: {k}")
            else:
                print(f"FAIL: logged line not in {sys.argv[1]}: {k} ({path})")
                missing += 1
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
