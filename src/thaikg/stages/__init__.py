"""The built-in pipeline stages; importing this package registers them."""
from . import layout, link, normalise, recognise, relate, resolve, segment  # noqa: F401
