"""Running one cell as IPython does.

The cell is parsed once; if its last statement is an expression, the rest runs
as 'exec' and that expression separately as 'eval', and its value becomes the
cell's result (Out[n]) unless it is None or the cell ends with ';'. The source
is registered in linecache under the cell's name ("<cell 3>"), so tracebacks
and warnings show its lines. An exception is reported as Python prints it,
without the kernel's frames, the engine's JavaScript or torch's private
plumbing (the runner's rules), then every reference the traceback holds is
dropped so the memory ledger shows only what the user's names keep.
"""
import ast
import io
import linecache
import os
import re
import sys
import tokenize
import traceback

import _glassgrad_runner as runner

from .display import post_execute, publish
from .formatters import format_bundle

KERNEL_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def _hidden(tb):
    return tb.tb_frame.f_code.co_filename.startswith(KERNEL_DIR) or runner._hidden(tb)


def user_traceback(tb):
    """tb without hidden frames (relinked in place); None when every frame is hidden."""
    frames = []
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    kept = frames if runner._FULL else [f for f in frames if not _hidden(f)]
    for a, b in zip(kept, kept[1:] + [None]):
        a.tb_next = b
    return kept[0] if kept else None


def _chain(exc):
    """exc and the exceptions it was raised from or while handling, each once."""
    seen = []
    while exc is not None and not any(exc is s for s in seen):
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def ends_with_semicolon(source):
    """IPython's rule for a quiet cell: its last token (comments aside) is ';'."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    skip = (tokenize.ENDMARKER, tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)
    for tok in reversed(tokens):
        if tok.type in skip:
            continue
        return tok.type == tokenize.OP and tok.string == ";"
    return False


class UsageError(Exception):
    """IPython's error for a magic command it cannot run."""

    __module__ = "IPython.core.error"


_MATPLOTLIB_MAGIC = re.compile(r"^(\s*)%matplotlib(\s+inline)?\s*$")


def _parse(source, filename):
    """The cell's syntax tree. `%matplotlib inline` lines are accepted (figures already show inline);
    other magics and shell escapes, which only IPython runs, raise UsageError."""
    lines = source.split("\n")
    while True:
        try:
            return compile("\n".join(lines), filename, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except SyntaxError as exc:
            i = (exc.lineno or 0) - 1
            line = lines[i] if 0 <= i < len(lines) else ""
            stripped = line.lstrip()
            if not stripped.startswith(("%", "!")):
                raise
            m = _MATPLOTLIB_MAGIC.match(line)
            if m:
                lines[i] = m.group(1) + "pass"
                continue
            if stripped.startswith("!"):
                raise UsageError("Shell commands (!) are not available: this Python runs in the browser.") from None
            name = re.match(r"%+\w*", stripped).group(0)
            raise UsageError(f"Line magic function `{name}` not found.") from None


def compile_cell(source, filename):
    """(code for all statements but a trailing expression, code for that expression); either may be None."""
    tree = _parse(source, filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = compile(ast.Expression(tree.body.pop().value), filename, "eval", dont_inherit=True)
    body = compile(tree, filename, "exec", dont_inherit=True) if tree.body else None
    return body, last


def error_payload(exc):
    """The 'error' event's fields: ename, evalue, traceback lines and user frames."""
    for e in _chain(exc):
        e.__traceback__ = user_traceback(e.__traceback__)
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    frames = [
        {"filename": f.filename, "lineno": f.lineno, "name": f.name}
        for f in traceback.extract_tb(exc.__traceback__)
    ]
    if isinstance(exc, SyntaxError) and exc.filename and exc.lineno:
        frames.append({"filename": exc.filename, "lineno": exc.lineno, "name": "<module>"})
    return {"ename": type(exc).__name__, "evalue": str(exc), "traceback": text.rstrip("\n").split("\n"), "frames": frames}


def bare_payload(exc):
    """IPython reports SystemExit (the kernel keeps running) and UsageError without a traceback."""
    ename, evalue = type(exc).__name__, str(exc)
    return {"ename": ename, "evalue": evalue, "traceback": [f"{ename}: {evalue}" if evalue else ename], "frames": []}


def release_traceback(exc):
    """Drops the frames (and so the tensors in their locals) that exc's tracebacks keep alive."""
    for e in _chain(exc):
        traceback.clear_frames(e.__traceback__)
        e.__traceback__ = None
    for name in ("last_exc", "last_type", "last_value", "last_traceback"):
        if hasattr(sys, name):
            delattr(sys, name)


def _report(exc):
    if isinstance(exc, (SystemExit, UsageError)):
        payload = bare_payload(exc)
    else:
        sys.stdout.flush()
        payload = error_payload(exc)
    publish("error", payload)
    return "interrupted" if isinstance(exc, KeyboardInterrupt) else "error"


def _show_result(value, execution_count, namespace):
    data = format_bundle(value)
    namespace["___"] = namespace.get("__", "")
    namespace["__"] = namespace.get("_", "")
    namespace["_"] = value
    publish("execute-result", {"data": data, "executionCount": execution_count})


def _run_post_execute():
    for hook in list(post_execute):
        try:
            hook()
        except Exception:
            traceback.print_exc()


def _register_cell_source(source, filename):
    """A notebook cell ("<cell 3>") replaces its lines; cells of one file (a lesson, each padded with blank
    lines to its place in the file) add theirs, so functions defined by earlier cells keep their source."""
    old = linecache.cache.get(filename)
    if filename.startswith("<") or old is None:
        runner._register_source(source, filename)
        return
    merged = list(old[2])
    for i, line in enumerate(source.splitlines(True)):
        if i >= len(merged):
            merged.append(line)
        elif line.strip():
            merged[i] = line
    text = "".join(merged)
    linecache.cache[filename] = (len(text), None, merged, filename)


def run_cell(source, filename, execution_count, namespace):
    """Runs a cell in namespace, posting its result or error; returns 'ok', 'error' or 'interrupted'."""
    _register_cell_source(source, filename)
    namespace.pop("__warningregistry__", None)  # a re-run shows its warnings again, as a fresh program would
    try:
        body, last = compile_cell(source, filename)
        if body is not None:
            exec(body, namespace)
        if last is not None:
            value = eval(last, namespace)
            if value is not None and not ends_with_semicolon(source):
                _show_result(value, execution_count, namespace)
            value = None
        status = "ok"
    except BaseException as exc:
        try:
            status = _report(exc)
        finally:
            release_traceback(exc)
    finally:
        _run_post_execute()
    return status
