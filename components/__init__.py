"""Custom Rasa components of the clinic procedure assistant.

Every Rasa process that loads our model or endpoints imports this package, so
two hot paths of Rasa are made cheap here, once (see speedups.py).
"""

from components import speedups

speedups.install()
