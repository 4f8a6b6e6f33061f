"""`rasa …` (same arguments) without the libraries' deprecation warnings on start-up.

PYTHONWARNINGS=ignore alone is not enough: importing sanic.app adds the filter
"once" for DeprecationWarning and Rasa adds "once" for UserWarning (pyparsing's
deprecation warnings are both), and a filter added later outranks Python's, so
about 17 warnings from pkg_resources, pyparsing, click, SQLAlchemy and
TensorFlow reached the terminal. Deprecation warnings concern the libraries'
future versions, not this project's behaviour: they are not shown. Every other
warning is, as before. Then this hands over to Rasa's command line unchanged,
except that Ctrl-C before the server is up (while the model loads) ends it
without a traceback.
"""

import logging
import sys
import warnings

QUIET = (DeprecationWarning, PendingDeprecationWarning)
_show = warnings.showwarning


def _show_unless_deprecation(message, category, *args, **kwargs):  # type: ignore[no-untyped-def]
    if not issubclass(category, QUIET):
        _show(message, category, *args, **kwargs)


warnings.showwarning = _show_unless_deprecation


def _not_interrupted(record: logging.LogRecord) -> bool:
    return not (record.exc_info and record.exc_info[0] is KeyboardInterrupt)


# Sanic logs Ctrl-C during start-up as an error with a traceback, then re-raises it
logging.getLogger("sanic.error").addFilter(_not_interrupted)

from rasa.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.argv[0] = "rasa"
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)  # 128 + SIGINT, as the shell reports it
