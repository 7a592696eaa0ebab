#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""overlay-check.py DTBO NAME README BASE_DTB MERGED_DTB: one compiled overlay
against what its README.overlay entry (Raspberry Pi "Name/Info/Load/Params"
style) promises, and against a Pi-like base tree it was applied to (by
fdtoverlay, into MERGED_DTB):

- the entry for NAME exists with Info, Load ("dtoverlay=NAME") and Params;
- every documented parameter is in __overrides__ and every override is
  documented;
- each integer parameter patches a cell whose value is the documented
  default (so "int_pin" really is the interrupt's GPIO, "reset_pin" the
  reset GPIO's number, both in the pin group too); a boolean or byte-string
  parameter's property is absent by default; a fragment toggle names
  fragments that exist;
- applied to the base: the device node sits under spi0 with its
  compatible, spidev0 is disabled and spidev1 (the dormant fragment's
  target) is not.
Prints PASS:/FAIL: lines; exit status 1 if any failed.
"""
import re
import struct
import sys

FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


def parse_fdt(path):
    """The tree of a flattened device tree: {name: (props, children)}."""
    with open(path, "rb") as f:
        blob = f.read()
    (magic, _total, off_struct, off_strings) = struct.unpack(">IIII", blob[:16])
    if magic != 0xD00DFEED:
        raise ValueError(f"{path}: not a flattened device tree")
    root = {"props": {}, "children": {}}
    stack = []
    node = None
    pos = off_struct
    while True:
        (tok,) = struct.unpack(">I", blob[pos:pos + 4])
        pos += 4
        if tok == FDT_BEGIN_NODE:
            end = blob.index(b"\0", pos)
            name = blob[pos:end].decode()
            pos = (end + 4) & ~3
            new = root if node is None else {"props": {}, "children": {}}
            if node is not None:
                node["children"][name] = new
                stack.append(node)
            node = new
        elif tok == FDT_END_NODE:
            node = stack.pop() if stack else node
        elif tok == FDT_PROP:
            (length, nameoff) = struct.unpack(">II", blob[pos:pos + 8])
            pos += 8
            pname_end = blob.index(b"\0", off_strings + nameoff)
            pname = blob[off_strings + nameoff:pname_end].decode()
            node["props"][pname] = blob[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif tok == FDT_NOP:
            continue
        elif tok == FDT_END:
            return root
        else:
            raise ValueError(f"{path}: bad token {tok}")


def walk(node, path=""):
    yield path or "/", node
    for name, child in node["children"].items():
        yield from walk(child, f"{path}/{name}")


def find(tree, path):
    node = tree
    for part in [p for p in path.split("/") if p]:
        node = node["children"].get(part)
        if node is None:
            return None
    return node


def readme_entry(readme, name):
    """Params of NAME's entry: {param: default text}, or None."""
    text = open(readme).read()
    blocks = re.split(r"\n\s*\n\s*\n", text)
    for b in blocks:
        if re.search(rf"^Name:\s+{re.escape(name)}\s*$", b, re.M):
            if not re.search(r"^Info:\s+\S", b, re.M):
                return None
            if not re.search(rf"^Load:\s+dtoverlay={re.escape(name)}[,\s]", b, re.M):
                return None
            params = {}
            lines = b[b.index("Params:"):].splitlines()
            current = None
            # Pi style: "Params:" then each parameter at column 8, its text
            # further right; continuation lines are indented past column 8.
            for line in lines:
                col = line[8:]
                if col[:1].strip():
                    current, _, rest = col.partition(" ")
                    params[current] = rest.strip()
                elif current and col.strip():
                    params[current] += " " + col.strip()
            return params
    return None


def main():
    dtbo, name, readme, base_path, merged_path = sys.argv[1:6]
    fails = 0

    def check(ok, what):
        nonlocal fails
        print(("PASS: " if ok else "FAIL: ") + f"{name}: {what}")
        if not ok:
            fails += 1

    ov = parse_fdt(dtbo)
    params = readme_entry(readme, name)
    check(params is not None, f"README.overlay has a Name/Info/Load/Params entry for {name}")
    params = params or {}
    overrides = find(ov, "/__overrides__")
    check(overrides is not None, "the overlay has __overrides__")
    overrides = overrides["props"] if overrides else {}
    check(set(params) == set(overrides),
          f"documented parameters {sorted(params)} = overrides {sorted(overrides)}")

    by_phandle = {}
    for path, node in walk(ov):
        ph = node["props"].get("phandle")
        if ph:
            by_phandle[struct.unpack(">I", ph)[0]] = (path, node)

    for param, raw in sorted(overrides.items()):
        doc = params.get(param, "")
        dm = re.search(r"\bdefault (\w+)", doc)
        default = dm.group(1) if dm else None
        pos = 0
        ok = True
        seen = []
        while pos + 5 <= len(raw):
            (ph,) = struct.unpack(">I", raw[pos:pos + 4])
            end = raw.index(b"\0", pos + 4)
            target = raw[pos + 4:end].decode()
            pos = end + 1
            if ph == 0:
                frags = re.findall(r"[-+=!](\d+)", target)
                missing = [f for f in frags if find(ov, f"/fragment-{f}") is None
                           and find(ov, f"/fragment@{f}") is None]
                ok &= bool(frags) and not missing
                seen.append(f"fragments {frags}" + (f" missing {missing}" if missing else ""))
                continue
            path, node = by_phandle.get(ph, (None, None))
            if node is None:
                ok = False
                seen.append(f"phandle {ph} not in the overlay")
                continue
            m = re.match(r"([^:?\[]+)(?::(\d+)|(\?)|(\[))?$", target)
            prop = m.group(1)
            value = node["props"].get(prop)
            if m.group(2) is not None:
                off = int(m.group(2))
                if value is None or len(value) < off + 4:
                    ok = False
                    seen.append(f"{path} {prop} has no cell at {off}")
                    continue
                (cell,) = struct.unpack(">I", value[off:off + 4])
                good = default is not None and default.isdigit() and int(default) == cell
                ok &= good
                seen.append(f"{path.split('/')[-1]} {prop}[{off}]={cell}")
            else:
                good = value is None and (default in (None, "none", "off"))
                ok &= good
                seen.append(f"{path.split('/')[-1]} {prop} absent={value is None}")
        check(ok, f"parameter {param} (default {default}): " + "; ".join(seen))

    merged = parse_fdt(merged_path)
    dev = None
    for path, node in walk(merged):
        if path.startswith("/soc/spi@") and node["props"].get("compatible", b"").startswith(b"tsnlab,lan1qtsn\0"):
            dev = node
    check(dev is not None, "applied to a Pi-like base, the device sits under spi0 (tsnlab,lan1qtsn)")
    spidev0 = find(merged, "/soc/spi@7e204000/spidev@0")
    spidev1 = find(merged, "/soc/spi@7e204000/spidev@1")
    check(spidev0 is not None and spidev0["props"].get("status") == b"disabled\0",
          "applied: spidev0 (CE0) disabled")
    check(spidev1 is not None and spidev1["props"].get("status") == b"okay\0",
          "applied: spidev1 (CE1) left alone (its fragment is dormant)")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
