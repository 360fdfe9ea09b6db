"""IPython.display: rich outputs in the notebook (display, update_display, DisplayHandle, HTML, Markdown).

    from IPython.display import display, HTML
    display(HTML("<b>bold</b>"))

clear_output is not available: the notebook protocol has no message for it yet.
"""
from glassgrad_kernel.display import DisplayHandle, display, update_display

__all__ = ["display", "update_display", "DisplayHandle", "HTML", "Markdown"]


class _TextDisplayObject:
    """Text to show as one MIME type; data only (url= and filename= would need files or a network)."""

    def __init__(self, data=None, url=None, filename=None, metadata=None):
        if url is not None or filename is not None:
            raise NotImplementedError(f"{type(self).__name__}(url=..., filename=...) is not supported; pass the text as data")
        if metadata is not None:
            raise NotImplementedError(f"{type(self).__name__}(metadata=...) is not supported")
        self.data = "" if data is None else str(data)

    def __repr__(self):
        return f"<IPython.core.display.{type(self).__name__} object>"


class HTML(_TextDisplayObject):
    def _repr_html_(self):
        return self.data

    def __html__(self):
        return self.data


class Markdown(_TextDisplayObject):
    def _repr_markdown_(self):
        return self.data
