# The action server: the official rasa-sdk image (the version requirements.txt
# pins), what actions/ imports beyond rasa-sdk, the clinic's configuration and
# the knowledge base (data/). Build from the project root:
#   docker build -f docker/actions.Dockerfile -t clinic-actions .
FROM rasa/rasa-sdk:3.6.2

USER root

# Time zone data for the clinic's opening hours (zoneinfo): the image's Ubuntu
# base does not ship it.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tzdata \
 && rm -rf /var/lib/apt/lists/*

# Versions are pinned in one place, requirements.txt: it is used as a pip
# constraints file (without the `rasa[spacy]` line: pip refuses extras there),
# so these and everything they pull in get exactly the project's versions.
# psycopg2-binary is SQLAlchemy's driver for a postgresql:// BOOKING_DB_URL.
COPY requirements.txt /tmp/requirements.txt
RUN grep -vE '^[[:space:]]*(#|$)|\[' /tmp/requirements.txt > /tmp/constraints.txt \
 && pip install --no-cache-dir -c /tmp/constraints.txt SQLAlchemy PyYAML requests psycopg2-binary phonenumbers email-validator snowballstemmer \
 && rm /tmp/requirements.txt /tmp/constraints.txt

WORKDIR /app
COPY actions/ actions/
COPY clinic/ clinic/
COPY clinic.yml ./
# the knowledge base (data/procedures, data/topics.yml) and the other data files
# actions/ reads; the NLU training data in data/ is small and harmless here
COPY data/ data/

# rasa-sdk listens on SANIC_HOST; inside the container that is every interface
# (the port is only reachable on the compose network / in the cluster).
ENV SANIC_HOST=0.0.0.0
USER 1001
EXPOSE 5055
# the base image's entrypoint (./entrypoint.sh) starts rasa-sdk with these
CMD ["start", "--actions", "actions", "--port", "5055"]
