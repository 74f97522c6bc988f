#!/usr/bin/env python3
"""The shared library as a user gets it: `meson install` into a temporary
root puts libfolcheck.so.0 (SONAME libfolcheck.so.0), include/folcheck.h
and folcheck.pc in place; examples/c/check_trace.c builds with
`pkg-config --cflags --libs folcheck` and runs; the library exports exactly
the functions folcheck.h declares (src/libfolcheck.map), no more, no less.

Environment: MESON_BUILD_ROOT (the build directory), FOLCHECK_SOURCE (the
repository root).  Exit 0 when everything holds.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from fctest import Checks  # noqa: E402

checks = Checks(defer=True)
check = checks.check


def declared_functions(header):
    text = open(header, encoding="utf-8").read()
    return set(re.findall(r"^[a-z_][a-z0-9_ \*]*?\b(fc_[a-z0-9_]+)\s*\(",
                          text, re.M))


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib],
                         capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtWiBbDdRr":
            names.add(parts[2].split("@")[0])
    return names


def main():
    build = os.environ.get("MESON_BUILD_ROOT") or sys.argv[1]
    source = os.environ.get("FOLCHECK_SOURCE") or sys.argv[2]
    header = os.path.join(source, "include", "folcheck.h")
    mapfile = os.path.join(source, "src", "libfolcheck.map")

    # the version script lists exactly the header's functions
    declared = declared_functions(header)
    mapped = set(re.findall(r"\b(fc_[a-z0-9_]+);",
                            open(mapfile, encoding="utf-8").read()))
    check(declared == mapped,
          f"src/libfolcheck.map and include/folcheck.h differ: only in the "
          f"header {sorted(declared - mapped)}, only in the map "
          f"{sorted(mapped - declared)}")

    root = tempfile.mkdtemp(prefix="folcheck-install-")
    try:
        p = subprocess.run(["meson", "install", "-C", build, "--destdir",
                            root, "--no-rebuild", "--quiet"],
                           capture_output=True, text=True)
        if not check(p.returncode == 0, f"meson install failed: {p.stderr}"):
            return checks.finish()
        found = {}
        for top, _, files in os.walk(root):
            for f in files:
                found.setdefault(f, os.path.join(top, f))
        for f in ("folcheck", "folcheck.h", "folcheck.pc", "libfolcheck.so",
                  "libfolcheck.so.0"):
            check(f in found, f"meson install did not install {f}")
        if checks.failures:
            return checks.finish()
        lib = found["libfolcheck.so.0"]
        soname = subprocess.run(["objdump", "-p", lib], capture_output=True,
                                text=True).stdout
        check(re.search(r"SONAME\s+libfolcheck\.so\.0\b", soname),
              "the library's SONAME is not libfolcheck.so.0")
        names = exported(lib)
        check(names == declared,
              f"exported but not in folcheck.h: {sorted(names - declared)}; "
              f"in folcheck.h but not exported: {sorted(declared - names)}")

        # pkg-config, from the installed .pc moved to the temporary root
        pcdir = os.path.dirname(found["folcheck.pc"])
        pc = open(found["folcheck.pc"], encoding="utf-8").read()
        prefix = re.search(r"^prefix=(.*)$", pc, re.M).group(1)
        with open(found["folcheck.pc"], "w", encoding="utf-8") as f:
            f.write(pc.replace(f"prefix={prefix}",
                               f"prefix={root}{prefix}", 1))
        env = dict(os.environ, PKG_CONFIG_PATH=pcdir)
        flags = subprocess.run(["pkg-config", "--cflags", "--libs",
                                "folcheck"], env=env, capture_output=True,
                               text=True)
        if not check(flags.returncode == 0,
                     f"pkg-config folcheck failed: {flags.stderr}"):
            return checks.finish()
        exe = os.path.join(root, "check_trace")
        cc = os.environ.get("CC", "cc").split()[0]
        p = subprocess.run([cc, "-std=c11", "-Wall", "-Werror",
                            os.path.join(source, "examples", "c",
                                         "check_trace.c"), "-o", exe]
                           + flags.stdout.split(),
                           capture_output=True, text=True)
        if not check(p.returncode == 0,
                     f"examples/c/check_trace.c does not build: {p.stderr}"):
            return checks.finish()
        run_env = dict(os.environ,
                       LD_LIBRARY_PATH=os.path.dirname(lib))
        p = subprocess.run([exe], capture_output=True, text=True,
                           env=run_env, timeout=120)
        check(p.returncode == 0, f"check_trace exited {p.returncode}: "
                                 f"{p.stderr}")
        out = p.stdout
        check('"verdict":"valid"' in out, f"no valid verdict in: {out}")
        check('"reward":1' in out, f"no reward 1 in: {out}")
        check('step 3:' in out and '"ill_formed"' in out,
              f"the session's third step is not ill-formed: {out}")
        check('session reward: {"reward":0' in out,
              f"an incoherent session is paid: {out}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
