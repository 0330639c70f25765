#!/usr/bin/env python3
"""What the browser engine's code is made of: the function bodies of the unoptimised jiancha_wasm.wasm (it keeps
its name section) summed by the crate their (mangled) names belong to, raw and gzipped (each crate's bodies
compressed together, a fair share of the module's gzipped code).

    python3 scripts/wasm-size.py [target/wasm32-unknown-unknown/wasm/jiancha_wasm.wasm]

Build first with `bash web-demo/build.sh` (or `cargo build -p jiancha-wasm --target wasm32-unknown-unknown
--profile wasm`). The figures are before wasm-opt, which shrinks every crate's code by about the same share.
"""
import gzip
import re
import sys
from collections import defaultdict


def leb(b, i):
    n = shift = 0
    while True:
        x = b[i]
        i += 1
        n |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return n, i


def sections(b):
    if b[:4] != b"\0asm":
        sys.exit("not a WebAssembly module")
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        yield sid, b[j:j + size]
        i = j + size


def crate_of(name):
    """The crate of a Rust symbol (legacy `_ZN…E` mangling, or already demangled), else a bucket."""
    if name.startswith("_ZN"):
        i, parts = 3, []
        while i < len(name) and name[i].isdigit():
            m = re.match(r"\d+", name[i:])
            n = int(m.group())
            i += len(m.group())
            parts.append(name[i:i + n])
            i += n
        first = parts[0] if parts else name
        # `<T as Trait>::f` is mangled as `_$LT$T$u20$as$u20$Trait$GT$`: the type's crate is the code's owner.
        first = first.replace("_$LT$", "").replace("$LT$", "")
        return re.split(r"\.\.|\$", first)[0] or "(other)"
    if "::" in name:
        return name.lstrip("<&").split("::")[0]
    if name.startswith("__wbg") or name.startswith("__wbindgen") or "wasm_bindgen" in name:
        return "wasm_bindgen"
    return "(runtime and unnamed)"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "target/wasm32-unknown-unknown/wasm/jiancha_wasm.wasm"
    b = open(path, "rb").read()
    imported = 0
    names = {}
    bodies = []
    for sid, data in sections(b):
        if sid == 2:  # imports: functions imported take the first indices
            n, i = leb(data, 0)
            for _ in range(n):
                for _ in range(2):
                    ln, i = leb(data, i)
                    i += ln
                kind = data[i]
                i += 1
                if kind == 0:
                    _, i = leb(data, i)
                    imported += 1
                elif kind == 1:
                    i += 1
                    flags, i = leb(data, i)
                    _, i = leb(data, i)
                    if flags & 1:
                        _, i = leb(data, i)
                elif kind == 2:
                    flags, i = leb(data, i)
                    _, i = leb(data, i)
                    if flags & 1:
                        _, i = leb(data, i)
                elif kind == 3:
                    i += 2
        elif sid == 10:
            n, i = leb(data, 0)
            for _ in range(n):
                size, j = leb(data, i)
                bodies.append(data[j:j + size])
                i = j + size
        elif sid == 0:
            ln, i = leb(data, 0)
            if data[i:i + ln] != b"name":
                continue
            i += ln
            while i < len(data):
                sub = data[i]
                size, j = leb(data, i + 1)
                if sub == 1:
                    n, k = leb(data, j)
                    for _ in range(n):
                        idx, k = leb(data, k)
                        ln, k = leb(data, k)
                        names[idx] = data[k:k + ln].decode("utf-8", "replace")
                        k += ln
                i = j + size
    if not names:
        sys.exit(f"{path} has no name section: use the build before wasm-opt")
    groups = defaultdict(list)
    for k, body in enumerate(bodies):
        groups[crate_of(names.get(imported + k, ""))].append(body)
    total = sum(len(x) for x in bodies)
    total_gz = len(gzip.compress(b"".join(bodies), 9))
    rows = []
    for crate, bs in groups.items():
        joined = b"".join(bs)
        rows.append((len(gzip.compress(joined, 9)), len(joined), len(bs), crate))
    rows.sort(reverse=True)
    print(f"{path}: {len(bodies)} functions, code {total:,} bytes raw, {total_gz:,} gzipped together")
    print(f"{'crate':28} {'functions':>9} {'raw':>10} {'gzipped':>9} {'share':>6}")
    shown = 0
    for gz, raw, n, crate in rows:
        if shown >= 20:
            break
        shown += 1
        print(f"{crate:28} {n:9} {raw:10,} {gz:9,} {raw / total:6.1%}")
    rest = rows[20:]
    if rest:
        print(f"{'(' + str(len(rest)) + ' more)':28} {sum(r[2] for r in rest):9} {sum(r[1] for r in rest):10,} "
              f"{sum(r[0] for r in rest):9,} {sum(r[1] for r in rest) / total:6.1%}")


main()
