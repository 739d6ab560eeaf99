#!/usr/bin/env python3
# Where the widget's wasm bytes go: raw and gzip -9 bytes per section, and with a names build
# (configure with -DDELTAG_WASM_NAMES=ON; same code plus a name section) the code per origin
# and the largest functions. Figures only, for size work; no thresholds. Python 3 stdlib only.
#
#   python3 tests/bench/wasm_sizes.py build/<dir>/wasm/deltag-widget.wasm [--top N]
import argparse
import collections
import gzip

SECTIONS = {0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
            6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}


def leb(b, i):
    result = shift = 0
    while True:
        byte = b[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def read_name(b, i):
    n, i = leb(b, i)
    return b[i:i + n].decode("utf8", "replace"), i + n


def origin(name):
    """The library a function comes from, by its (demangled) name."""
    if "nlohmann" in name:
        return "nlohmann/json"
    if "deltag::widget" in name or name.startswith("deltag_"):
        return "widget"
    if "deltag::" in name:
        return "core"
    if name.startswith(("Im", "stb")) or "ImGui" in name or "ImDraw" in name or "ImFont" in name:
        return "imgui"
    if name.startswith("std::") or "__cxxabiv1" in name:
        return "libc++"
    return "libc/other"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("wasm")
    ap.add_argument("--top", type=int, default=30, help="largest functions to list (names build)")
    args = ap.parse_args()
    data = open(args.wasm, "rb").read()

    imported_funcs = 0
    bodies = []  # byte size of each function body, in function index order after imports
    names = {}
    rows = []
    i = 8
    while i < len(data):
        sid = data[i]
        size, start = leb(data, i + 1)
        end = start + size
        label = SECTIONS.get(sid, str(sid))
        if sid == 0:
            label = "custom " + read_name(data, start)[0]
        rows.append((label, size, len(gzip.compress(data[start:end], 9))))
        if sid == 2:  # imports: function imports come first in the function index space
            n, j = leb(data, start)
            for _ in range(n):
                _, j = read_name(data, j)
                _, j = read_name(data, j)
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imported_funcs += 1
                elif kind == 1:  # table: reftype, limits
                    flags, j = leb(data, j + 1)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:  # memory: limits
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:  # global: valtype, mutability
                    j += 2
        elif sid == 10:
            n, j = leb(data, start)
            for _ in range(n):
                body, k = leb(data, j)
                bodies.append(body + (k - j))
                j = k + body
        elif sid == 0 and rows[-1][0] == "custom name":
            j = read_name(data, start)[1]
            while j < end:
                sub = data[j]
                sub_size, j = leb(data, j + 1)
                if sub == 1:  # function names
                    n, k = leb(data, j)
                    for _ in range(n):
                        index, k = leb(data, k)
                        names[index], k = read_name(data, k)
                j += sub_size
        i = end

    print(f"{'section':<22} {'raw':>9} {'gzip -9':>9}")
    for label, raw, gz in rows:
        print(f"{label:<22} {raw:>9} {gz:>9}")
    print(f"{'whole file':<22} {len(data):>9} {len(gzip.compress(data, 9)):>9}")

    if not names:
        print("\n(no name section: configure a build with -DDELTAG_WASM_NAMES=ON for functions)")
        return
    funcs = [(size, names.get(index + imported_funcs, f"?{index}")) for index, size in enumerate(bodies)]
    by_origin = collections.Counter()
    for size, name in funcs:
        by_origin[origin(name)] += size
    print(f"\ncode by origin (raw bytes of {len(funcs)} function bodies)")
    for name, size in by_origin.most_common():
        print(f"{name:<22} {size:>9}")
    print(f"\nlargest {args.top} functions (raw bytes)")
    for size, name in sorted(funcs, reverse=True)[:args.top]:
        print(f"{size:>9}  {name[:140]}")


if __name__ == "__main__":
    main()
