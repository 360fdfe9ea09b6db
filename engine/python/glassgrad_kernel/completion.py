"""Completions from the live namespace, as IPython's completer gives them without jedi.

``complete(text_before_cursor, namespace)`` returns the token being completed
and the candidates (Completion in protocol.ts): names in the namespace,
builtins and keywords for a bare name; attributes for a dotted chain of names
(``torch.nn.functional.re``, ``x.vi``), evaluated with getattr only (calls and
subscripts are never evaluated); module names after ``import``/``from``.
Each candidate carries its signature (``detail``) and the first paragraph of
its docstring (``info``), cached per object since torch's functions do not
change.
"""
import builtins
import contextlib
import inspect
import io
import keyword
import pkgutil
import re
import sys
import types
import warnings

_IDENT = r"[^\W\d]\w*"
_TOKEN = re.compile(rf"(?:(?P<chain>{_IDENT}(?:\.{_IDENT})*)\.)?(?P<prefix>{_IDENT})?$")
_IMPORT = re.compile(r"^\s*(?:import\s+(?:[\w.]+\s*,\s*)*|from\s+)(?P<path>[\w.]*)$")
_FROM_IMPORT = re.compile(r"^\s*from\s+(?P<module>[\w.]+)\s+import\s+(?:\(?\s*(?:\w+\s*,\s*)*)(?P<prefix>\w*)$")
_GENERIC_SIGNATURES = {"(*args, **kwargs)", "(*args)", "(**kwargs)", "(self, /, *args, **kwargs)"}

_cache = {}
_top_level_modules = None


def _first_paragraph(doc):
    return doc.strip().split("\n\n")[0].strip() if doc else None


def _in_string_or_comment(line):
    quote = None
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 1
            elif line.startswith(quote, i):
                i += len(quote) - 1
                quote = None
        elif c == "#":
            return True
        elif c in "'\"":
            quote = line[i:i + 3] if line[i:i + 3] in ("'''", '"""') else c
            i += len(quote) - 1
        i += 1
    return quote is not None


def _signature(value):
    try:
        sig = str(inspect.signature(value))
    except (TypeError, ValueError):
        sig = None
    if sig is None or sig in _GENERIC_SIGNATURES:
        doc = inspect.getdoc(value)
        first = doc.strip().split("\n")[0].strip() if doc else None
        return first or sig
    return sig


def _details(value, bound):
    """(signature, docstring paragraph) of a function, class or module, cached."""
    key_obj = getattr(value, "__func__", value)
    key = (id(key_obj), bound)
    hit = _cache.get(key)
    if hit is not None and hit[0] is key_obj:
        return hit[1], hit[2]
    detail = None if inspect.ismodule(value) else _signature(value)
    info = _first_paragraph(inspect.getdoc(value))
    _cache[key] = (key_obj, detail, info)
    return detail, info


def _kind(value, is_member):
    if inspect.ismodule(value):
        return "module"
    if inspect.isclass(value):
        return "class"
    if callable(value):
        return "method" if is_member else "function"
    return "variable"


def _item(name, value, is_member):
    kind = _kind(value, is_member)
    item = {"label": name, "type": kind}
    if kind != "variable":
        detail, info = _details(value, inspect.ismethod(value))
        if detail:
            item["detail"] = detail
        if info:
            item["info"] = info
    return item


def _attribute_item(owner, name):
    """The item for owner.name; properties are described, never run."""
    try:
        static = inspect.getattr_static(owner, name)
    except AttributeError:
        static = None
    if isinstance(static, (property, types.GetSetDescriptorType, types.MemberDescriptorType)):
        item = {"label": name, "type": "property"}
        info = _first_paragraph(static.__doc__)
        if info:
            item["info"] = info
        return item
    try:
        value = getattr(owner, name)
    except Exception:
        return {"label": name, "type": "variable"}
    return _item(name, value, not inspect.ismodule(owner))


def _visible(names, prefix):
    hide_private = not prefix.startswith("_")
    chosen = {n for n in names if n.startswith(prefix) and not (hide_private and n.startswith("_"))}
    return sorted(chosen, key=lambda n: (n.startswith("_"), n.lower(), n))


@contextlib.contextmanager
def _quiet():
    """Attribute lookups may print or warn (x.grad of a non-leaf): none of it reaches the notebook."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _resolve(chain, namespace):
    first, *rest = chain.split(".")
    if first in namespace:
        obj = namespace[first]
    elif hasattr(builtins, first):
        obj = getattr(builtins, first)
    else:
        raise LookupError(first)
    for part in rest:
        obj = getattr(obj, part)
    return obj


def _module_names(parent):
    global _top_level_modules
    if parent is None:
        if _top_level_modules is None:
            found = set(sys.builtin_module_names) | {m.name for m in pkgutil.iter_modules()}
            _top_level_modules = found
        return _top_level_modules | {name.split(".")[0] for name in sys.modules}
    module = sys.modules.get(parent)
    path = getattr(module, "__path__", None)
    found = {m.name for m in pkgutil.iter_modules(path)} if path else set()
    return found | {name[len(parent) + 1:] for name in sys.modules if name.startswith(parent + ".") and "." not in name[len(parent) + 1:]}


def _complete_module_path(path):
    parent, _, prefix = path.rpartition(".")
    names = _module_names(parent or None)
    return prefix, [{"label": n, "type": "module"} for n in _visible(names, prefix)]


def _complete_from_import(module_name, prefix):
    module = sys.modules.get(module_name)
    items = {n: {"label": n, "type": "module"} for n in _visible(_module_names(module_name), prefix)}
    if module is not None:
        for n in _visible(dir(module), prefix):
            items[n] = _attribute_item(module, n)
    return prefix, [items[n] for n in _visible(items, prefix)]


def _complete_name(prefix, namespace):
    items = {}
    for kw in keyword.kwlist:
        if kw.startswith(prefix):
            items[kw] = {"label": kw, "type": "keyword"}
    for source in (vars(builtins), namespace):
        for n in _visible(source, prefix):
            items[n] = _item(n, source[n], False)
    return prefix, [items[n] for n in _visible(items, prefix)]


def warm(module_names=("torch", "torch.nn", "torch.nn.functional")):
    """Fills the signature cache for the modules students complete most (and torch.Tensor's methods)."""
    owners = [sys.modules[m] for m in module_names if m in sys.modules]
    torch = sys.modules.get("torch")
    if torch is not None:
        owners.append(torch.Tensor)
    with _quiet():
        for owner in owners:
            for name in dir(owner):
                if not name.startswith("_"):
                    _attribute_item(owner, name)


def complete(text, namespace):
    """(token, items) for the text before the cursor; token is the text the completion replaces."""
    line = text[text.rfind("\n") + 1:]
    text = line  # a completed token never spans lines
    if _in_string_or_comment(line):
        return "", []
    with _quiet():
        m = _FROM_IMPORT.match(line)
        if m:
            return _complete_from_import(m["module"], m["prefix"])
        m = _IMPORT.match(line)
        if m:
            return _complete_module_path(m["path"])
        m = _TOKEN.search(text)
        chain, prefix = m["chain"], m["prefix"] or ""
        before = text[m.start() - 1] if m.start() > 0 else ""
        if before == "." or (not chain and not prefix and (before.isalnum() or before == "_")):
            return prefix, []  # an attribute of an expression we do not evaluate, or inside a number
        if chain is None:
            return _complete_name(prefix, namespace)
        try:
            owner = _resolve(chain, namespace)
            names = dir(owner)
        except Exception:
            return prefix, []
        return prefix, [_attribute_item(owner, n) for n in _visible(names, prefix)]
