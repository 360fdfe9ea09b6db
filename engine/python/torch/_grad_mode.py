"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode.

Each is a context manager and a decorator (with or without parentheses, as in
PyTorch 2.x); the mode itself is engine state (engine/autograd/grad_mode.ts).
"""
import functools
import inspect

from ._bridge import E


def is_grad_enabled():
    return E.isGradEnabled()


def is_inference_mode_enabled():
    return E.isInferenceMode()


class _DecoratorContextManager:
    """Calling an instance on a function decorates it: the function runs inside a fresh copy of the context."""

    def __call__(self, func):
        if inspect.isclass(func):
            raise RuntimeError("Cannot decorate classes; it is ambiguous")
        if inspect.isgeneratorfunction(func):

            @functools.wraps(func)
            def generator_context(*args, **kwargs):
                gen = func(*args, **kwargs)
                with self.clone():
                    response = gen.send(None)
                while True:
                    try:
                        request = yield response
                    except GeneratorExit:
                        with self.clone():
                            gen.close()
                        raise
                    try:
                        with self.clone():
                            response = gen.send(request)
                    except StopIteration as e:
                        return e.value

            return generator_context

        @functools.wraps(func)
        def decorate_context(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)

        return decorate_context

    def clone(self):
        return self.__class__()


class _NoParamDecoratorContextManager(_DecoratorContextManager):
    """Also usable as a bare decorator: ``@torch.no_grad``."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_NoParamDecoratorContextManager):
    """Disables gradient recording inside the block (results have requires_grad=False)."""

    def __init__(self):
        self.prev = None

    def __enter__(self):
        self.prev = E.setGradEnabled(False)

    def __exit__(self, exc_type, exc_value, traceback):
        E.restoreGradMode(self.prev)


class enable_grad(_NoParamDecoratorContextManager):
    """Enables gradient recording inside the block, even within no_grad."""

    def __enter__(self):
        self.prev = E.setGradEnabled(True)

    def __exit__(self, exc_type, exc_value, traceback):
        E.restoreGradMode(self.prev)


class set_grad_enabled(_DecoratorContextManager):
    """Sets grad mode on or off: at once when called, restored at the end of a with block."""

    def __init__(self, mode):
        self.mode = bool(mode)
        self.prev = E.setGradEnabled(self.mode)

    def __call__(self, func):
        E.restoreGradMode(self.prev)
        return super().__call__(func)

    def __enter__(self):
        pass

    def __exit__(self, exc_type, exc_value, traceback):
        E.restoreGradMode(self.prev)

    def clone(self):
        return self.__class__(self.mode)


class inference_mode(_DecoratorContextManager):
    """Like no_grad, and tensors made inside are inference tensors (they can't be saved for backward)."""

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)

    def __init__(self, mode=True):
        self.mode = mode

    def __enter__(self):
        self.prev = E.setInferenceMode(self.mode)

    def __exit__(self, exc_type, exc_value, traceback):
        E.restoreGradMode(self.prev)

    def clone(self):
        return self.__class__(self.mode)
