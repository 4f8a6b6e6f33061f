# The Rasa server with the project baked in, for Kubernetes (deploy/helm), where
# pods cannot mount the project's files: the official image (the version
# requirements.txt pins, the spaCy variant because config.yml uses SpacyNLP),
# our plug-ins, the local spaCy pipeline and the trained model. docker-compose.yml
# runs the same official image with these paths mounted instead.
# Build from the project root after `make train`:
#   docker build -f docker/rasa.Dockerfile -t clinic-rasa .
FROM rasa/rasa:3.6.21-spacy-en

WORKDIR /app
COPY components/ components/
COPY channels/ channels/
COPY clinic/ clinic/
COPY data/ data/
COPY config.yml credentials.yml endpoints.yml clinic.yml ./
COPY .spacy/ .spacy/
COPY models/current.tar.gz models/
COPY docker/rasa-run.sh docker/
ENV PYTHONPATH=/app
USER 1001
# ENTRYPOINT stays `rasa`; the Helm values pass `run ...` as the arguments.
