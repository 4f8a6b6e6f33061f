# The clinic's pages with the chat widget (port 8080) and the single entry to
# the Rasa servers (port 5005, REST and socket.io, spread over every `rasa`
# container): nginx. Build from the project root:
#   docker build -f docker/web.Dockerfile --build-arg RASA_PUBLIC_URL=https://chat.example.org -t clinic-web .

# 1. The widget from the npm registry, pinned by web/package-lock.json (as `make setup`).
FROM node:20-slim AS widget
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# 2. The static site, made by scripts/serve_web.py's own code (docker/build_site.py).
FROM python:3.10-slim AS site
WORKDIR /src
# PyYAML (clinic.yml) at the version requirements.txt pins, used as constraints.
COPY requirements.txt ./
RUN grep -vE '^[[:space:]]*(#|$)|\[' requirements.txt > /tmp/constraints.txt \
 && pip install --no-cache-dir -c /tmp/constraints.txt PyYAML
COPY clinic/__init__.py clinic/settings.py clinic/
COPY clinic.yml ./
COPY scripts/serve_web.py scripts/
COPY docker/build_site.py docker/
COPY web/ web/
COPY --from=widget /src/web/node_modules web/node_modules
# Where browsers reach the assistant (nginx's port 5005, or the TLS proxy in front of it).
ARG RASA_PUBLIC_URL=http://localhost:5005
RUN python docker/build_site.py /site "$RASA_PUBLIC_URL"

# 3. nginx serves it and proxies to the Rasa containers.
FROM nginx:1.25
COPY --from=site /site /usr/share/nginx/html
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
EXPOSE 8080 5005
