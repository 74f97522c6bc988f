"""The shared library, through ctypes: finding it, its prototypes, and one
checker per thread and per set of options.

ctypes releases the GIL for the length of every call into the library, so
threads check in parallel; a checker (a Z3 context) is used by the thread
that made it only.
"""

import ctypes
import json
import os
import threading

_DIALECTS = {"native": 0, "folio": 1, "tptp": 2, "python": 3}
_lock = threading.Lock()
_lib = None


class FolcheckError(Exception):
    """A call folcheck refused: bad options, weights or arguments.  (A
    trace that cannot be checked is not an exception: its result has
    "verdict": "error".)"""


def _candidates():
    env = os.environ.get("FOLCHECK_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    # the build directory of a source checkout
    for build in ("build", "build-release", "builddir"):
        yield os.path.join(root, build, "libfolcheck.so.0")
    # the installed library, through the dynamic loader's search path
    yield "libfolcheck.so.0"


def _load():
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            errors.append(f"{path}: no such file")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
    raise FolcheckError("cannot load libfolcheck.so.0 (set FOLCHECK_LIBRARY "
                        "to its path): " + "; ".join(errors))


def _prototypes(lib):
    vp, cp, sz = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t
    perr = ctypes.POINTER(ctypes.c_void_p)
    table = {
        "fc_checker_new_json": (vp, [cp, perr]),
        "fc_checker_free": (None, [vp]),
        "fc_check_json": (vp, [vp, cp, cp, sz, ctypes.c_bool, ctypes.c_int]),
        "fc_session_new": (vp, [vp, cp, perr]),
        "fc_session_free": (None, [vp]),
        "fc_session_add_step": (vp, [vp, cp, cp, ctypes.POINTER(cp), sz]),
        "fc_session_conclude": (vp, [vp, cp]),
        "fc_session_result": (vp, [vp]),
        "fc_reward_json": (vp, [cp, cp, perr]),
        "fc_string_free": (None, [vp]),
        "fc_tune_allocator": (None, []),
    }
    for name, (res, args) in table.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args


def lib():
    global _lib
    if _lib is None:
        with _lock:
            if _lib is None:
                loaded = _load()
                _prototypes(loaded)
                # glibc's malloc thresholds fixed (folcheck.h,
                # fc_tune_allocator): without it, arithmetic traces after
                # many others could take 50 ms instead of 3
                if os.environ.get("FOLCHECK_MALLOC_TUNING", "1") != "0":
                    loaded.fc_tune_allocator()
                _lib = loaded
    return _lib


def take_string(ptr):
    """The library's string at ptr, decoded, and freed."""
    if not ptr:
        return None
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib().fc_string_free(ptr)


def take_error(err):
    msg = take_string(err.value) if err.value else None
    return msg or "unknown error"


def dialect_code(name):
    if name is None:
        return 0
    try:
        return _DIALECTS[name]
    except KeyError:
        raise FolcheckError(f"unknown dialect {name!r} (one of "
                            f"{', '.join(_DIALECTS)})") from None


class _Checker:
    def __init__(self, options_json):
        err = ctypes.c_void_p()
        self.ptr = lib().fc_checker_new_json(options_json.encode(),
                                             ctypes.byref(err))
        if not self.ptr:
            raise FolcheckError(take_error(err))

    def __del__(self):
        if getattr(self, "ptr", None) and _lib is not None:
            _lib.fc_checker_free(self.ptr)
            self.ptr = None


_local = threading.local()


def options_json(window=1, timeout_ms=None, rlimit=None,
                 trace_timeout_ms=None, explain=False):
    o = {"window": window, "explain": bool(explain)}
    if timeout_ms is not None:
        o["timeout_ms"] = timeout_ms
    if rlimit is not None:
        o["rlimit"] = rlimit
    if trace_timeout_ms is not None:
        o["trace_timeout_ms"] = trace_timeout_ms
    return json.dumps(o, sort_keys=True)


def checker(opts):
    """This thread's checker for these options (a JSON text)."""
    cache = getattr(_local, "checkers", None)
    if cache is None:
        cache = _local.checkers = {}
    c = cache.get(opts)
    if c is None:
        c = cache[opts] = _Checker(opts)
    return c
