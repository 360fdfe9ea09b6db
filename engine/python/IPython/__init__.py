"""A small part of IPython for notebook code: ``IPython.display`` (display, update_display, HTML, Markdown).

The notebook kernel is Glassgrad's own (glassgrad_kernel), not IPython; only
what notebooks commonly import from IPython.display is here.
"""
