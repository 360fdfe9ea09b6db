"""tqdm's progress bar: the commonly used API and tqdm's exact text format.

In the notebook kernel a bar is a display output (text/plain: tqdm's line,
text/html: a progress element) that later redraws replace (update-display),
at most every ``mininterval`` seconds (0.1: ten a second) and once more when
it closes, as tqdm.notebook does. Elsewhere (the CLI) it redraws one line of
``file`` (stderr) with '\\r', as tqdm does in a terminal.

Supported: iterable wrapping, total, desc, leave, file, ncols, mininterval,
miniters, ascii, disable, unit, unit_scale, unit_divisor, smoothing,
initial, postfix, colour, delay; update, update_to, set_description(_str),
set_postfix(_str), refresh, reset, clear, close, unpause, write, the context
manager protocol. ``bar_format`` and nested ``position`` raise
NotImplementedError; unknown arguments raise TqdmKeyError, as tqdm does.
"""
import html
import sys
import time
import uuid
import weakref
from numbers import Number

from glassgrad_kernel import display as _display

__all__ = ["tqdm", "trange", "TqdmKeyError", "TqdmTypeError", "TqdmWarning"]


class TqdmTypeError(TypeError):
    pass


class TqdmKeyError(KeyError):
    pass


class TqdmWarning(Warning):
    pass


_UTF_BLOCKS = " " + "".join(chr(c) for c in range(0x258F, 0x2587, -1))  # ' ▏▎▍▌▋▊▉█'
_ASCII_BLOCKS = " 123456789#"


class _EMA:
    """Exponential moving average with tqdm's bias correction."""

    def __init__(self, smoothing):
        self.alpha = smoothing
        self.last = 0.0
        self.calls = 0

    def __call__(self, x=None):
        beta = 1 - self.alpha
        if x is not None:
            self.last = self.alpha * x + beta * self.last
            self.calls += 1
        return self.last / (1 - beta ** self.calls) if self.calls else self.last


def _bar(frac, width, charset):
    frac = min(max(frac, 0.0), 1.0)
    nsyms = len(charset) - 1
    full, partial = divmod(int(frac * width * nsyms), nsyms)
    text = charset[-1] * full
    if full < width:
        text += charset[partial] + charset[0] * (width - full - 1)
    return text


class tqdm:
    """Decorates an iterable with a progress bar that redraws as values are requested."""

    _instances = weakref.WeakSet()

    @staticmethod
    def format_sizeof(num, suffix="", divisor=1000):
        """num with an SI prefix: 1234 -> '1.23k'."""
        for unit in ["", "k", "M", "G", "T", "P", "E", "Z"]:
            if abs(num) < 999.5:
                if abs(num) < 99.95:
                    if abs(num) < 9.995:
                        return f"{num:1.2f}{unit}{suffix}"
                    return f"{num:2.1f}{unit}{suffix}"
                return f"{num:3.0f}{unit}{suffix}"
            num /= divisor
        return f"{num:3.1f}Y{suffix}"

    @staticmethod
    def format_interval(t):
        """Seconds as [H:]MM:SS."""
        mins, s = divmod(int(t), 60)
        h, m = divmod(mins, 60)
        return f"{h:d}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"

    @staticmethod
    def format_num(n):
        """n in .3g notation when that is shorter."""
        f = f"{n:.3g}".replace("+0", "+").replace("-0", "-")
        n = str(n)
        return f if len(f) < len(n) else n

    @staticmethod
    def _parts(n, total, elapsed, prefix="", unit="it", unit_scale=False, rate=None, postfix=None,
               unit_divisor=1000, initial=0):
        """(left text, fraction or None, right text) of the meter."""
        if total and n >= total + 0.5:
            total = None
        if unit_scale and unit_scale not in (True, 1):
            total = total * unit_scale if total else total
            n *= unit_scale
            rate = rate * unit_scale if rate else rate
            unit_scale = False
        if rate is None and elapsed:
            rate = (n - initial) / elapsed
        inv_rate = 1 / rate if rate else None
        sizeof = tqdm.format_sizeof
        rate_noinv = ((sizeof(rate) if unit_scale else f"{rate:5.2f}") if rate else "?") + unit + "/s"
        rate_inv = ((sizeof(inv_rate) if unit_scale else f"{inv_rate:5.2f}") if inv_rate else "?") + "s/" + unit
        rate_fmt = rate_inv if inv_rate and inv_rate > 1 else rate_noinv
        if unit_scale:
            n_fmt = sizeof(n, divisor=unit_divisor)
            total_fmt = sizeof(total, divisor=unit_divisor) if total is not None else "?"
        else:
            n_fmt, total_fmt = str(n), (str(total) if total is not None else "?")
        postfix = ", " + postfix if postfix else ""
        elapsed_str = tqdm.format_interval(elapsed)
        desc = (prefix if prefix[-2:] == ": " else prefix + ": ") if prefix else ""
        if not total:
            return f"{desc}{n_fmt}{unit} [{elapsed_str}, {rate_fmt}{postfix}]", None, ""
        remaining = tqdm.format_interval((total - n) / rate) if rate else "?"
        frac = n / total
        return (f"{desc}{frac * 100:3.0f}%|", frac,
                f"| {n_fmt}/{total_fmt} [{elapsed_str}<{remaining}, {rate_fmt}{postfix}]")

    @staticmethod
    def format_meter(n, total, elapsed, ncols=None, prefix="", ascii=False, unit="it", unit_scale=False,
                     rate=None, bar_format=None, postfix=None, unit_divisor=1000, initial=0, colour=None,
                     **extra):
        """tqdm's text for a bar: ' 40%|████      | 4/10 [00:01<00:02,  3.20it/s]'."""
        if bar_format is not None:
            raise NotImplementedError("tqdm's bar_format is not supported by Glassgrad's tqdm")
        left, frac, right = tqdm._parts(n, total, elapsed, prefix, unit, unit_scale, rate, postfix,
                                        unit_divisor, initial)
        if frac is None:
            return left
        if ncols == 0:
            return left[:-1] + right[1:]
        width = max(1, ncols - len(left) - len(right)) if ncols else 10
        charset = _ASCII_BLOCKS if ascii is True else (ascii or _UTF_BLOCKS)
        text = left + _bar(frac, width, charset) + right
        return text[:ncols] if ncols else text

    def __init__(self, iterable=None, desc=None, total=None, leave=True, file=None, ncols=None,
                 mininterval=0.1, maxinterval=10.0, miniters=None, ascii=None, disable=False, unit="it",
                 unit_scale=False, dynamic_ncols=False, smoothing=0.3, bar_format=None, initial=0,
                 position=None, postfix=None, unit_divisor=1000, colour=None, delay=0, **kwargs):
        if kwargs:
            raise TqdmKeyError("Unknown argument(s): " + str(kwargs))
        if bar_format is not None:
            raise NotImplementedError("tqdm(bar_format=...) is not supported by Glassgrad's tqdm")
        self._notebook = _display.active()
        if position not in (None, 0) and not self._notebook:
            raise NotImplementedError("tqdm(position=...) for nested bars is not supported by Glassgrad's tqdm")
        if total is None and iterable is not None:
            try:
                total = len(iterable)
            except (TypeError, AttributeError):
                total = None
        if total == float("inf"):
            total = None
        self.fp = file if file is not None else sys.stderr
        if disable is None:
            disable = not self._notebook and not (hasattr(self.fp, "isatty") and self.fp.isatty())
        self.iterable, self.total, self.leave, self.n, self.initial = iterable, total, leave, initial, initial
        self.disable = disable
        if disable:
            return
        self.desc = desc or ""
        self.ncols, self.mininterval, self.maxinterval = ncols, mininterval or 0, maxinterval
        self.miniters = miniters or 0
        self.ascii = ascii
        self.unit, self.unit_scale, self.unit_divisor = unit, unit_scale, unit_divisor
        self.smoothing = smoothing or 0
        self.colour, self.delay = colour, delay
        self.postfix = None
        if postfix:
            try:
                self.set_postfix(refresh=False, **postfix)
            except TypeError:
                self.postfix = postfix
        self._reset_rate()
        self._display_id = uuid.uuid4().hex
        self._shown = False
        self._last_len = 0
        self.last_print_n = initial
        self.last_print_t = self.start_t = time.time()
        tqdm._instances.add(self)
        if delay <= 0:
            self.refresh()

    def _reset_rate(self):
        self._ema_dn = _EMA(self.smoothing)
        self._ema_dt = _EMA(self.smoothing)

    # ---- the protocols ----
    def __len__(self):
        if self.iterable is None:
            return self.total
        if hasattr(self.iterable, "__len__"):
            return len(self.iterable)
        return self.total

    def __bool__(self):
        if self.total is not None:
            return self.total > 0
        if self.iterable is None:
            raise TypeError("bool() undefined when iterable == total == None")
        return bool(self.iterable)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __str__(self):
        return self.format_meter(**self.format_dict)

    def __iter__(self):
        iterable = self.iterable
        if self.disable:
            yield from iterable
            return
        n = self.n
        mininterval, miniters = self.mininterval, self.miniters
        try:
            for obj in iterable:
                yield obj
                n += 1
                if n - self.last_print_n >= miniters:
                    now = time.time()
                    if now - self.last_print_t >= mininterval and now >= self.start_t + self.delay:
                        self.update_to(n)
        finally:
            self.n = n
            self.close()

    # ---- progress ----
    def update(self, n=1):
        """Adds n to the counter; returns True when the bar was redrawn."""
        return self.update_to(self.n + n)

    def update_to(self, n):
        if self.disable:
            return None
        self.n = n
        if abs(self.n - self.last_print_n) < self.miniters:
            return None
        now = time.time()
        dt = now - self.last_print_t
        if dt < self.mininterval or now < self.start_t + self.delay:
            return None
        dn = self.n - self.last_print_n
        if self.smoothing and dt and dn:
            self._ema_dn(dn)
            self._ema_dt(dt)
        self.refresh()
        self.last_print_n, self.last_print_t = self.n, now
        return True

    @property
    def format_dict(self):
        rate = self._ema_dn() / self._ema_dt() if not self.disable and self._ema_dt() else None
        return {
            "n": self.n, "total": self.total, "elapsed": time.time() - self.start_t if hasattr(self, "start_t") else 0,
            "ncols": getattr(self, "ncols", None), "prefix": getattr(self, "desc", ""),
            "ascii": getattr(self, "ascii", None), "unit": getattr(self, "unit", "it"),
            "unit_scale": getattr(self, "unit_scale", False), "rate": rate, "postfix": getattr(self, "postfix", None),
            "unit_divisor": getattr(self, "unit_divisor", 1000), "initial": self.initial, "colour": getattr(self, "colour", None),
        }

    def set_description(self, desc=None, refresh=True):
        self.desc = desc + ": " if desc else ""
        if refresh:
            self.refresh()

    def set_description_str(self, desc=None, refresh=True):
        self.desc = desc or ""
        if refresh:
            self.refresh()

    def set_postfix(self, ordered_dict=None, refresh=True, **kwargs):
        """Shows key=value stats after the bar; numbers in tqdm's short notation."""
        postfix = dict(ordered_dict or {})
        for key in sorted(kwargs):
            postfix[key] = kwargs[key]
        parts = []
        for key, value in postfix.items():
            if isinstance(value, Number):
                value = self.format_num(value)
            elif not isinstance(value, str):
                value = str(value)
            parts.append(f"{key}={value.strip()}")
        self.postfix = ", ".join(parts)
        if refresh:
            self.refresh()

    def set_postfix_str(self, s="", refresh=True):
        self.postfix = str(s)
        if refresh:
            self.refresh()

    def unpause(self):
        if self.disable:
            return
        now = time.time()
        self.start_t += now - self.last_print_t
        self.last_print_t = now

    def reset(self, total=None):
        self.n = 0
        if total is not None:
            self.total = total
        if self.disable:
            return
        self.last_print_n = 0
        self.last_print_t = self.start_t = time.time()
        self._reset_rate()
        self.refresh()

    # ---- drawing ----
    def _html(self, done=None):
        d = self.format_dict
        left, frac, right = self._parts(d["n"], d["total"], d["elapsed"], d["prefix"], d["unit"], d["unit_scale"],
                                        d["rate"], d["postfix"], d["unit_divisor"], d["initial"])
        if frac is None:
            return f'<div class="tqdm" style="font-family:monospace">{html.escape(left)}</div>'
        colour = {"danger": "#d9534f"}.get(done, self.colour or "#5cb85c")
        width = f"{min(max(frac, 0.0), 1.0) * 100:.1f}%"
        return (
            '<div class="tqdm" style="display:flex;align-items:center;gap:0.5em;font-family:monospace">'
            f"<span>{html.escape(left[:-1])}</span>"
            '<span style="display:inline-block;width:14em;height:0.9em;border:1px solid #999;border-radius:2px">'
            f'<span style="display:block;width:{width};height:100%;background:{html.escape(colour)}"></span></span>'
            f"<span>{html.escape(right[1:].strip())}</span></div>"
        )

    def _publish(self, bundle):
        if self._shown:
            _display.publish("update-display", {"data": bundle, "displayId": self._display_id})
        else:
            _display.publish("display", {"data": bundle, "displayId": self._display_id})
            self._shown = True

    def _write_line(self, text):
        pad = " " * max(self._last_len - len(text), 0)
        self.fp.write("\r" + text + pad)
        self.fp.flush()
        self._last_len = len(text)
        self._shown = True

    def refresh(self, nolock=False, lock_args=None):
        """Redraws the bar now."""
        if self.disable:
            return None
        if self._notebook:
            self._publish({"text/plain": str(self), "text/html": self._html()})
        else:
            self._write_line(str(self))
        return True

    def clear(self, nolock=False):
        if self.disable or self._notebook or not self._shown:
            return
        self._write_line("")
        self.fp.write("\r")

    def close(self):
        """Draws the bar a last time (leave=True) or removes it (leave=False)."""
        if self.disable:
            return
        self.disable = True
        tqdm._instances.discard(self)
        if not self._shown and time.time() < self.start_t + self.delay:
            return
        self._ema_dt = lambda: None  # the final figures use the overall average rate, as tqdm does
        self.disable = False
        try:
            if self._notebook:
                if self.leave:
                    unfinished = self.total and self.n < self.total
                    self._publish({"text/plain": str(self), "text/html": self._html("danger" if unfinished else None)})
                else:
                    self._publish({"text/plain": ""})
            elif self.leave:
                self._write_line(str(self))
                self.fp.write("\n")
            else:
                self._write_line("")
                self.fp.write("\r")
        finally:
            self.disable = True

    @classmethod
    def write(cls, s, file=None, end="\n", nolock=False):
        """Prints a message without garbling the bars."""
        fp = file if file is not None else sys.stdout
        text_bars = [b for b in list(cls._instances) if not b._notebook and not b.disable]
        for b in text_bars:
            b.clear()
        fp.write(s)
        fp.write(end)
        for b in text_bars:
            b.refresh()


def trange(*args, **kwargs):
    """tqdm(range(*args), **kwargs)."""
    return tqdm(range(*args), **kwargs)
