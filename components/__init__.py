"""Custom Rasa components of the clinic procedure assistant.

Every Rasa process that loads our model or endpoints imports this package, so
two hot paths of Rasa are made cheap here, once (see speedups.py), and the wait
for the action server is bounded (action_timeout.py).
"""

from components import action_timeout, speedups

speedups.install()
action_timeout.install()
