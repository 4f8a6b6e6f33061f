"""The clinic assistant's domain core: plain Python, no Rasa imports.

Both servers import it: the Rasa server (components/, channels/) and the action
server (actions/). Facts come from data/ and clinic.yml, never from code.
"""
