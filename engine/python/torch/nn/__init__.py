"""torch.nn: modules, parameters, functional and init, written in Python over the engine as in PyTorch."""
from . import functional, init  # noqa: F401
from .modules import *  # noqa: F401,F403
from .modules.module import Module  # noqa: F401
from .parameter import Buffer, Parameter  # noqa: F401
