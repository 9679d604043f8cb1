"""Thai text handling: decoding, normalisation, article layout, dates, money, segmentation.

Submodules are imported on demand (``from thaikg.text.dates import find_dates``) so that
``import thaikg`` stays fast; the ones that need pythainlp call
:func:`thaikg.text.offline.configure` before importing it.
"""
