"""Rich outputs: ``display()``, ``update_display()`` and the publisher that sends them out.

Inside the notebook kernel a publisher posts each output (a MIME bundle) to
the notebook. Outside one (the CLI, a plain script) there is none: ``display``
prints its arguments, as IPython's ``display`` does when no IPython runs, and
the tqdm and matplotlib shims fall back to text (``active()`` tells them).

    from glassgrad_kernel.display import display
    h = display("starting", display_id=True)
    h.update("done")
"""
import json
import math
import sys
import uuid

from .formatters import format_bundle

_publisher = None

#: Callables run after every cell, even a failing one (IPython's post_execute event):
#: matplotlib's inline flush registers here.
post_execute = []


def set_publisher(publisher):
    """publisher(kind, json_text) posts one output; None turns publishing off."""
    global _publisher
    _publisher = publisher


def active():
    """Whether outputs go to a notebook (a kernel is running this code)."""
    return _publisher is not None


def _flush_std():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _finite(value):
    """JSON has no NaN or infinity: they become null (a gap, in a Plotly trace)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def to_json(payload):
    try:
        return json.dumps(payload, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(payload), allow_nan=False)


def publish(kind, payload):
    """Posts one output ('display', 'update-display' or 'execute-result'), after the text printed before it."""
    if _publisher is None:
        raise RuntimeError("no notebook kernel is running")
    _flush_std()
    _publisher(kind, to_json(payload))


def _bundle(obj, raw, include, exclude):
    return dict(obj) if raw else format_bundle(obj, include=include, exclude=exclude)


class DisplayHandle:
    """A display that can be updated in place (IPython.display.DisplayHandle)."""

    def __init__(self, display_id=None):
        self.display_id = display_id or uuid.uuid4().hex

    def __repr__(self):
        return f"<{type(self).__name__} display_id={self.display_id}>"

    def display(self, obj, **kwargs):
        display(obj, display_id=self.display_id, **kwargs)

    def update(self, obj, **kwargs):
        update_display(obj, display_id=self.display_id, **kwargs)


def display(*objs, include=None, exclude=None, raw=False, display_id=None):
    """Shows each object as a rich output (its MIME bundle); returns a DisplayHandle when display_id is given.

    display_id=True makes a new id. raw=True: the objects are MIME bundles already.
    """
    if not active():
        if objs:
            print(*objs)
        return None
    if display_id is True:
        display_id = uuid.uuid4().hex
    for obj in objs:
        payload = {"data": _bundle(obj, raw, include, exclude)}
        if display_id:
            payload["displayId"] = str(display_id)
        publish("display", payload)
    return DisplayHandle(str(display_id)) if display_id else None


def update_display(obj, *, display_id, include=None, exclude=None, raw=False):
    """Replaces the output shown with display_id."""
    if not active():
        print(obj)
        return
    publish("update-display", {"data": _bundle(obj, raw, include, exclude), "displayId": str(display_id)})
