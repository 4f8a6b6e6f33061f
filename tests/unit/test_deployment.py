"""Static checks of the deployment files for more than one machine.

docker-compose.yml, .env.example, docker/ and deploy/helm/values.yml are checked
without Docker or Helm (neither runs here): they must parse, agree with
requirements.txt (image versions), endpoints.yml, credentials.yml and config.yml
(stores, channels, environment variables, mounted paths), agree with each other,
and keep every secret out of the repository.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib.metadata
import json
import os
import re
import shlex
import stat
import subprocess
import sys
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple
from urllib.parse import urlparse

import pytest
import yaml

with warnings.catch_warnings():  # packaging 20.9 uses pyparsing names that are deprecated now
    warnings.simplefilter("ignore")
    from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
HELM_VALUES = ROOT / "deploy" / "helm" / "values.yml"
ACTIONS_DOCKERFILE = ROOT / "docker" / "actions.Dockerfile"
RASA_DOCKERFILE = ROOT / "docker" / "rasa.Dockerfile"
WEB_DOCKERFILE = ROOT / "docker" / "web.Dockerfile"
NGINX_CONF = ROOT / "docker" / "nginx.conf"
RASA_RUN = ROOT / "docker" / "rasa-run.sh"
POSTGRES_INIT = ROOT / "docker" / "postgres-init"

REQUIRED_SERVICES = {"rasa", "actions", "postgres", "redis", "web"}
# Read by our stores whatever endpoints.yml says (their documented settings).
STORE_VARIABLES = {"TRACKER_STORE_URL", "LOCK_STORE_URL"}
SENSITIVE_NAME = re.compile(r"(password|passwd|token|jwtsecret|api_?key)$", re.IGNORECASE)
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
K8S_REFERENCE = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")
ENV_READ = re.compile(
    r"os\.(?:environ\.get|getenv)\(\s*[\"']([A-Za-z0-9_]+)[\"']|os\.environ\[\s*[\"']([A-Za-z0-9_]+)[\"']\s*\]"
)

# Top-level keys of a Compose file and of a service (the Compose Specification).
COMPOSE_TOP_LEVEL_KEYS = {
    "version",
    "name",
    "include",
    "services",
    "networks",
    "volumes",
    "configs",
    "secrets",
}
COMPOSE_SERVICE_KEYS = set(
    """annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs
    container_name cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares
    cpus cpuset credential_spec depends_on deploy develop device_cgroup_rules devices dns dns_opt
    dns_search domainname driver_opts entrypoint env_file environment expose extends external_links
    extra_hosts gpus group_add healthcheck hostname image init ipc isolation label_file labels links
    logging mac_address mem_limit mem_reservation mem_swappiness memswap_limit models network_mode
    networks oom_kill_disable oom_score_adj pid pids_limit platform ports post_start pre_stop
    privileged profiles provider pull_policy read_only restart runtime scale secrets security_opt
    shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits
    use_api_socket user userns_mode uts volumes volumes_from working_dir""".split()
)
COMPOSE_RESTART = {"no", "always", "on-failure", "unless-stopped"}
DEPENDS_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}

# Top-level keys of the Rasa chart's values.yaml (RasaHQ/helm-charts, charts/rasa): Helm
# ignores a misspelt key silently, so anything else here is a mistake.
HELM_TOP_LEVEL_KEYS = set(
    """nameOverride fullnameOverride registry applicationSettings replicaCount networkPolicy args
    extraArgs command extraEnv image serviceAccount podAnnotations podLabels deploymentAnnotations
    deploymentLabels podSecurityContext securityContext service ingress resources autoscaling
    nodeSelector tolerations affinity strategy livenessProbe readinessProbe initContainers
    extraContainers volumes volumeMounts global postgresql redis rabbitmq nginx rasa-action-server
    duckling""".split()
)
# Variables the chart itself puts in the Rasa container before extraEnv
# (charts/rasa/templates/_containers-env.yaml and the rasa-common helpers).
HELM_PSQL_VARIABLES = ["DB_USER", "DB_HOST", "DB_PORT", "DB_DATABASE", "DB_PASSWORD"]
HELM_REDIS_VARIABLES = ["REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD"]
# The chart's values.yaml defaults for its own stores: the chart writes every key of these
# sections into endpoints.yml, so they must be nulled for our stores.
HELM_STORE_DEFAULTS = {
    "trackerStore": {"dialect", "url", "port", "username", "password", "db", "login_db"},
    "lockStore": {"url", "port", "password", "db"},
}
HELM_ALWAYS_VARIABLES = [
    "RASA_TELEMETRY_ENABLED",
    "MPLCONFIGDIR",
    "TF_CPP_MIN_LOG_LEVEL",
    "RASA_TOKEN",
    "JWT_SECRET",
]


# --- helpers ---------------------------------------------------------------------------------


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_pins() -> Dict[str, Tuple[str, Set[str]]]:
    """requirements.txt: normalized name -> (pinned version, extras)."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.-]+)(?:\[([^\]]*)\])?==([^\s#;]+)", line)
        if match:
            extras = {normalize(e) for e in (match.group(2) or "").split(",") if e.strip()}
            pins[normalize(match.group(1))] = (match.group(3), extras)
    return pins


def compose() -> Dict[str, Any]:
    return load_yaml(COMPOSE_FILE)


def services() -> Dict[str, Dict[str, Any]]:
    return compose()["services"]


def helm() -> Dict[str, Any]:
    return load_yaml(HELM_VALUES)


def env_example() -> Dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f".env.example: not KEY=VALUE: {line!r}"
            values[key.strip()] = value.strip()
    return values


def filled_env() -> Dict[str, str]:
    """.env.example with the required secret filled in, as a user's .env would be."""
    env = env_example()
    env["POSTGRES_PASSWORD"] = "test-Passw0rd_x"
    return env


def interpolate(text: str, env: Dict[str, Optional[str]]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}."""

    def replace(match: re.Match) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3)
        value = env.get(name)
        if op is None:
            return value or ""
        if op == ":-":
            return value if value else arg
        if op == "-":
            return value if value is not None else arg
        if (op == ":?" and not value) or (op == "?" and value is None):
            raise KeyError(f"{name}: {arg}")
        return value

    return INTERPOLATION.sub(replace, text.replace("$$", "\0")).replace("\0", "$")


def environment(service: Dict[str, Any]) -> Dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {key: (None if value is None else str(value)) for key, value in env.items()}


def resolved_environment(name: str) -> Dict[str, str]:
    return {key: interpolate(value or "", filled_env()) for key, value in environment(services()[name]).items()}


def dockerfile(path: Path) -> List[Tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        current += " " + line[:-1] if line.endswith("\\") else " " + line
        if not line.endswith("\\"):
            keyword, _, arguments = current.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
            current = ""
    return instructions


def instruction_args(path: Path, keyword: str) -> List[str]:
    return [arguments for key, arguments in dockerfile(path) if key == keyword]


def exec_form(arguments: str) -> List[str]:
    return json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)


def copy_sources(path: Path) -> List[Tuple[List[str], str]]:
    """(sources, destination) of each COPY from the build context (not --from=stage)."""
    copies = []
    for arguments in instruction_args(path, "COPY"):
        parts = exec_form(arguments)
        if any(part.startswith("--from") for part in parts):
            continue
        parts = [part for part in parts if not part.startswith("--")]
        copies.append((parts[:-1], parts[-1]))
    return copies


def copy_targets(path: Path, workdir: str) -> Set[str]:
    """Where the COPY instructions of a Dockerfile put files and folders (relative to workdir)."""
    targets = set()
    for sources, destination in copy_sources(path):
        base = destination if destination.startswith("/") else f"{workdir}/{destination}"
        base = os.path.normpath(base)
        for source in sources:
            into_folder = destination.endswith("/") or len(sources) > 1
            if source.endswith("/") or not into_folder:
                targets.add(base)
            else:
                targets.add(f"{base}/{Path(source).name}")
    return targets


def dockerignore(path: Path) -> List[Tuple[bool, str]]:
    """(negated, pattern) lines of a .dockerignore file."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [(line.startswith("!"), line.lstrip("!").rstrip("/")) for line in lines if line and not line.startswith("#")]


def ignored(source: str, patterns: List[Tuple[bool, str]]) -> bool:
    """Whether the build context leaves out `source` (the last matching pattern decides)."""
    source, excluded = source.rstrip("/"), False
    for negated, pattern in patterns:
        if fnmatch.fnmatch(source, pattern) or source.startswith(pattern + "/"):
            excluded = not negated
    return excluded


def final_user(path: Path) -> str:
    users = instruction_args(path, "USER")
    assert users, f"{path.name} sets no USER"
    return users[-1]


def module_file(dotted: str) -> Optional[Path]:
    """components.tracker_store.EnvSQLTrackerStore -> components/tracker_store.py (if ours)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        candidate = ROOT.joinpath(*parts[:cut]).with_suffix(".py")
        if candidate.is_file():
            return candidate
    return None


def variables_read(path: Path) -> Set[str]:
    return {a or b for a, b in ENV_READ.findall(path.read_text(encoding="utf-8"))}


def plugin_paths() -> List[str]:
    """Our module paths that Rasa loads: endpoints.yml types, credentials.yml channels, config.yml components."""
    endpoints = load_yaml(ROOT / "endpoints.yml")
    paths = [section["type"] for section in endpoints.values() if isinstance(section, dict) and "type" in section]
    paths += list(load_yaml(ROOT / "credentials.yml"))
    config = load_yaml(ROOT / "config.yml")
    paths += [item["name"] for item in config.get("pipeline", []) + config.get("policies", [])]
    return [path for path in paths if "." in path and module_file(path)]


def rasa_required_variables() -> Set[str]:
    """${VARS} in endpoints.yml, what our stores and channels read, and the store variables."""
    required = set(INTERPOLATION.findall((ROOT / "endpoints.yml").read_text(encoding="utf-8")))
    required = {name for name, _, _ in required} | STORE_VARIABLES
    endpoints = load_yaml(ROOT / "endpoints.yml")
    modules = [section["type"] for section in endpoints.values() if isinstance(section, dict) and "type" in section]
    modules += list(load_yaml(ROOT / "credentials.yml"))
    for dotted in modules:
        path = module_file(dotted) if "." in dotted else None
        if path:
            required |= variables_read(path)
    return required


def imported_names(path: Path) -> Iterator[str]:
    """Absolute module names a file imports (for `from a import b`, both a and a.b)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def project_module(name: str) -> Optional[Path]:
    """The project's file for a module name (a package's __init__.py), else None."""
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file() and ".venv" not in candidate.parts:
            return candidate
    return None


def module_closure(files: Set[Path]) -> Set[Path]:
    """The given files, the project modules they import (transitively) and their packages' __init__.py."""
    seen, todo = set(), list(files)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for parent in path.relative_to(ROOT).parents:
            if parent != Path(".") and (ROOT / parent / "__init__.py").is_file():
                todo.append(ROOT / parent / "__init__.py")
        for name in imported_names(path):
            found = project_module(name)
            if found:
                todo.append(found)
    return seen


def plugin_files() -> Set[Path]:
    """What the Rasa server imports of ours: the plug-in modules and everything they import."""
    return module_closure({module_file(path) for path in plugin_paths()})


def action_files() -> Set[Path]:
    """What the action server imports: rasa-sdk imports every module of the actions package."""
    return module_closure(set((ROOT / "actions").rglob("*.py")))


def third_party_imports(files: Set[Path]) -> Set[str]:
    names = {name.split(".")[0] for path in files for name in imported_names(path)}
    return {
        name
        for name in names
        if name not in sys.stdlib_module_names and name != "__future__" and not project_module(name)
    }


def root_paths(files: Set[Path]) -> Set[str]:
    """Project files the code opens by default: `ROOT / "data" / "topics.yml"` -> data/topics.yml."""
    found = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            parts: List[str] = []
            while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                if not (isinstance(node.right, ast.Constant) and isinstance(node.right.value, str)):
                    break
                parts.insert(0, node.right.value)
                node = node.left
            if parts and isinstance(node, ast.Name) and node.id == "ROOT":
                found.add("/".join(parts))
    # files of the project (not runtime data such as var/bookings.db)
    return {path for path in found if (ROOT / path).exists() and not gitignored(path)}


def gitignored(path: str) -> bool:
    """Generated or runtime paths: .gitignore names them or their top folder."""
    entries = {line.strip().rstrip("/") for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()}
    return path.rstrip("/") in entries or path.split("/")[0] in entries


def covered(path: str, targets: Set[str]) -> bool:
    return any(path == target or path.startswith(target.rstrip("/") + "/") for target in targets)


@lru_cache(maxsize=None)
def import_to_distributions() -> Dict[str, Set[str]]:
    mapping: Dict[str, Set[str]] = {}
    for dist in importlib.metadata.distributions():
        names = set((dist.read_text("top_level.txt") or "").split())
        for file in dist.files or []:
            first = file.parts[0]
            if first.endswith((".dist-info", ".data")) or first == "..":
                continue
            if first.endswith(".py"):
                names.add(first[:-3])
            elif len(file.parts) > 1:
                names.add(first)
        for name in names:
            mapping.setdefault(name, set()).add(normalize(dist.metadata["Name"]))
    return mapping


def dependency_closure(roots: List[str], extras: Set[str] = frozenset()) -> Set[str]:
    """Installed distributions the roots need (with `extras` of the first level)."""
    seen, todo = set(), [(normalize(root), set(extras)) for root in roots]
    while todo:
        name, wanted = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for text in requires:
                requirement = Requirement(text)
                marker = requirement.marker
                if marker is None or any(marker.evaluate({"extra": extra}) for extra in wanted | {""}):
                    todo.append((normalize(requirement.name), set()))
    return seen


def pip_installed(path: Path) -> Tuple[List[str], str]:
    """The packages a Dockerfile's `pip install` names, and that RUN line."""
    for arguments in instruction_args(path, "RUN"):
        match = re.search(r"pip install ([^&;|]+)", arguments)
        if match:
            tokens, packages, skip = match.group(1).split(), [], False
            for token in tokens:
                if skip:
                    skip = False
                elif token in ("-c", "--constraint", "-r", "--requirement"):
                    skip = True
                elif not token.startswith("-"):
                    packages.append(token)
            return packages, arguments
    raise AssertionError(f"{path.name} runs no pip install")


def helm_chart_variables(values: Dict[str, Any]) -> List[str]:
    """The variables the chart defines in the Rasa container before extraEnv."""
    settings = values.get("applicationSettings", {}).get("endpoints", {})
    names = []
    postgres = values.get("postgresql", {})
    if settings.get("trackerStore", {}).get("enabled") and (
        postgres.get("install") or postgres.get("external", {}).get("enabled")
    ):
        names += HELM_PSQL_VARIABLES
    redis_ = values.get("redis", {})
    if settings.get("lockStore", {}).get("enabled") and (
        redis_.get("install") or redis_.get("external", {}).get("enabled")
    ):
        names += HELM_REDIS_VARIABLES
    action = values.get("rasa-action-server", {})
    if action.get("install") or (action.get("external", {}).get("enabled") and action["external"].get("url")):
        names.append("ACTION_SERVER_URL")
    return names + HELM_ALWAYS_VARIABLES


def check_k8s_env(entries: List[Dict[str, Any]], defined_before: List[str], where: str) -> List[str]:
    """Every $(VAR) refers to a variable defined earlier; secrets come from secretKeyRef."""
    defined = list(defined_before)
    for entry in entries:
        name = entry["name"]
        assert set(entry) <= {"name", "value", "valueFrom"}, f"{where}: {entry}"
        if "valueFrom" in entry:
            sources = set(entry["valueFrom"])
            assert sources <= {"secretKeyRef", "configMapKeyRef", "fieldRef"}, f"{where}: {entry}"
        else:
            value = str(entry.get("value", ""))
            for reference in K8S_REFERENCE.findall(value):
                assert reference in defined, f"{where}: {name} uses $({reference}) before it is defined"
            sensitive = SENSITIVE_NAME.search(name)
            assert not sensitive, f"{where}: {name} must come from a secretKeyRef, not a value"
        defined.append(name)
    return defined


def walk(node: Any, path: str = "") -> Iterator[Tuple[str, Any, Any]]:
    """(path, key, value) of every mapping entry in a YAML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk(item, f"{path}[{index}]")


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


def is_reference(value: str) -> bool:
    """A compose ${VAR} or Kubernetes $(VAR) reference with no literal fallback."""
    match = INTERPOLATION.fullmatch(value)
    if match:
        return not (match.group(2) in (":-", "-") and match.group(3))
    return bool(K8S_REFERENCE.fullmatch(value))


# --- both files ------------------------------------------------------------------------------


def test_deployment_files_parse():
    for path in (COMPOSE_FILE, HELM_VALUES, ROOT / "endpoints.yml", ROOT / "credentials.yml"):
        assert isinstance(load_yaml(path), dict), f"{path.name} is not a YAML mapping"
    for path in (ACTIONS_DOCKERFILE, RASA_DOCKERFILE, WEB_DOCKERFILE):
        assert dockerfile(path)[0][0] in ("FROM", "ARG"), f"{path.name} does not start with FROM"
    subprocess.run(["bash", "-n", str(RASA_RUN)], check=True)


def test_endpoints_use_our_stores():
    """The lead's endpoints.yml: our SQL tracker store and our lock store (what the files configure)."""
    endpoints = load_yaml(ROOT / "endpoints.yml")
    assert endpoints["tracker_store"]["type"] == "components.tracker_store.EnvSQLTrackerStore"
    assert endpoints["lock_store"]["type"] == "components.lock_store.EnvLockStore"
    assert endpoints["action_endpoint"]["url"] == "${ACTION_SERVER_URL}"


def test_no_literal_secrets_in_deployment_files():
    """Passwords and tokens are ${VAR} / $(VAR) references, secretKeyRefs or empty, never values."""
    for path in (COMPOSE_FILE, HELM_VALUES):
        document = load_yaml(path)
        for where, key, value in walk(document):
            if isinstance(key, str) and SENSITIVE_NAME.search(key) and value not in (None, ""):
                assert isinstance(value, str) and is_reference(value), f"{path.name}{where}.{key}: {value!r}"
            if isinstance(value, dict) and "name" in value and SENSITIVE_NAME.search(str(value["name"])):
                assert "value" not in value, f"{path.name}{where}: {value['name']} has a literal value"
        for text in strings(document):
            for match in re.finditer(r"://([^/@\s]*):([^/@\s]*)@", text):
                assert is_reference(match.group(2)), f"{path.name}: a password in {text!r}"
        # a compose default would be a password in the repository
        for name, op, arg in INTERPOLATION.findall(path.read_text(encoding="utf-8")):
            if SENSITIVE_NAME.search(name):
                assert not (op in (":-", "-") and arg), f"{path.name}: ${{{name}}} has a default value"
    for key, value in env_example().items():
        if SENSITIVE_NAME.search(key):
            assert value == "", f".env.example: {key} must be empty (a placeholder is a weak password)"
    for path in (ACTIONS_DOCKERFILE, RASA_DOCKERFILE, WEB_DOCKERFILE):
        for keyword, arguments in dockerfile(path):
            if keyword in ("ENV", "ARG"):
                assert not SENSITIVE_NAME.search(arguments.split("=")[0].split()[0]), f"{path.name}: {arguments}"


# --- docker-compose.yml ----------------------------------------------------------------------


def test_compose_structure():
    """Focused checks of the Compose Specification (no schema validator is installed here)."""
    document = compose()
    extra = {key for key in document if not key.startswith("x-")} - COMPOSE_TOP_LEVEL_KEYS
    assert not extra, f"unknown top-level keys: {extra}"
    assert REQUIRED_SERVICES <= set(document["services"]), "missing services"
    declared_volumes = set(document.get("volumes") or {})
    for name, service in document["services"].items():
        unknown = set(service) - COMPOSE_SERVICE_KEYS
        assert not unknown, f"{name}: unknown keys {unknown}"
        assert "image" in service or "build" in service, f"{name}: neither image nor build"
        if "build" in service:
            context = ROOT / service["build"].get("context", ".")
            assert (context / service["build"]["dockerfile"]).is_file(), f"{name}: no such Dockerfile"
        assert service.get("restart", "no") in COMPOSE_RESTART, f"{name}: restart"
        for key, _value in environment(service).items():
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key), f"{name}: bad variable name {key}"
        depends = service.get("depends_on") or {}
        for target, spec in depends.items() if isinstance(depends, dict) else ((d, {}) for d in depends):
            assert target in document["services"], f"{name} depends on unknown {target}"
            condition = spec.get("condition", "service_started")
            assert condition in DEPENDS_CONDITIONS, f"{name}: {condition}"
            if condition == "service_healthy":
                assert "healthcheck" in document["services"][target], f"{target} has no healthcheck"
        if "healthcheck" in service:
            test = service["healthcheck"]["test"]
            assert isinstance(test, str) or test[0] in ("CMD", "CMD-SHELL", "NONE"), f"{name}: healthcheck"
        for port in service.get("ports") or []:
            assert re.fullmatch(r"(\$\{[^}]+\}|\d+):\d+", str(port)), f"{name}: port {port}"
        for port in service.get("expose") or []:
            assert re.fullmatch(r"\d+", str(port)), f"{name}: expose {port}"
        for volume in service.get("volumes") or []:
            source, target, *mode = str(volume).split(":")
            assert target.startswith("/"), f"{name}: {volume}"
            assert not mode or mode[0] in ("ro", "rw"), f"{name}: {volume}"
            if source.startswith((".", "/")):
                relative = source[2:] if source.startswith("./") else source
                assert (ROOT / relative).exists() or gitignored(relative), f"{name}: {source} missing"
            else:
                assert source in declared_volumes, f"{name}: volume {source} is not declared"


def test_env_example_lists_every_compose_variable():
    used = {name for name, _, _ in INTERPOLATION.findall(COMPOSE_FILE.read_text(encoding="utf-8"))}
    listed = set(env_example())
    assert used - listed == set(), f"not in .env.example: {used - listed}"
    assert listed - used == set(), f".env.example lists unused variables: {listed - used}"
    # the required secret really is required: without it compose must stop
    with pytest.raises(KeyError):
        interpolate(services()["postgres"]["environment"]["POSTGRES_PASSWORD"], env_example())


def test_compose_rasa_image_is_the_pinned_version():
    version, extras = requirement_pins()["rasa"]
    uses_spacy = any(item["name"].startswith("Spacy") for item in load_yaml(ROOT / "config.yml")["pipeline"])
    image = services()["rasa"]["image"]
    repository, _, tag = image.partition(":")
    assert repository == "rasa/rasa", image
    if uses_spacy:
        # the plain tag has no spaCy; the official spaCy variant of the same version has
        assert "spacy" in extras, "config.yml uses spaCy but requirements.txt pins rasa without it"
        assert tag in (f"{version}-spacy-en", f"{version}-full"), f"{image}: not rasa {version} with spaCy"
    else:
        assert tag == version, f"{image}: requirements.txt pins rasa {version}"
    # the image for Kubernetes is built from the same one
    assert instruction_args(RASA_DOCKERFILE, "FROM") == [image]


def test_compose_rasa_environment():
    rasa = environment(services()["rasa"])
    missing = rasa_required_variables() - set(rasa)
    assert not missing, f"rasa service does not set {missing}"
    for name in rasa_required_variables():
        assert rasa[name], f"rasa service: {name} is empty"
    assert rasa.get("PYTHONPATH") == "/app" and services()["rasa"].get("working_dir") == "/app"


def test_compose_urls_point_at_the_services():
    all_services = services()
    rasa = resolved_environment("rasa")
    # the action server: the actions service, on the port its image listens on
    action = urlparse(rasa["ACTION_SERVER_URL"])
    assert action.hostname == "actions" and action.path == "/webhook", rasa["ACTION_SERVER_URL"]
    actions = all_services["actions"]
    assert actions["build"]["dockerfile"] == "docker/actions.Dockerfile"
    command = exec_form(instruction_args(ACTIONS_DOCKERFILE, "CMD")[-1])
    port = int(command[command.index("--port") + 1])
    assert action.port == port, "ACTION_SERVER_URL port is not the port of the actions image"
    assert str(port) in instruction_args(ACTIONS_DOCKERFILE, "EXPOSE")[-1].split()
    assert [str(p) for p in actions.get("expose", [])] == [str(port)]
    # PostgreSQL: the postgres service, its user, database and password variable
    postgres = resolved_environment("postgres")
    for url, database in (
        (rasa["TRACKER_STORE_URL"], postgres["POSTGRES_DB"]),
        (resolved_environment("actions")["BOOKING_DB_URL"], "bookings"),
    ):
        parsed = urlparse(url)
        assert parsed.scheme.startswith("postgresql") and parsed.hostname == "postgres", url
        assert (parsed.port, parsed.username, parsed.password) == (
            5432,
            postgres["POSTGRES_USER"],
            postgres["POSTGRES_PASSWORD"],
        ), url
        assert parsed.path == f"/{database}", url
    # the bookings database is created by an init script mounted into the postgres container
    mounts = {str(v).split(":")[1]: str(v).split(":")[0] for v in all_services["postgres"]["volumes"]}
    init = ROOT / mounts["/docker-entrypoint-initdb.d"]
    assert init == POSTGRES_INIT and "CREATE DATABASE bookings" in "".join(
        p.read_text(encoding="utf-8") for p in init.glob("*.sql")
    )
    # Redis: the redis service
    lock = urlparse(rasa["LOCK_STORE_URL"])
    assert lock.scheme == "redis" and lock.hostname == "redis", rasa["LOCK_STORE_URL"]


def test_compose_actions_environment():
    """The booking services' variables, as in the README; the DB driver is in the image."""
    actions = environment(services()["actions"])
    read = set().union(*(variables_read(p) for p in (ROOT / "clinic" / "booking").glob("*.py")))
    assert {"BOOKING_DB_URL", "BOOKING_WEBHOOK_URL"} <= read, "clinic/booking reads other variables now"
    assert {"BOOKING_DB_URL", "BOOKING_WEBHOOK_URL"} <= set(actions)


def test_rasa_can_scale_behind_the_web_service():
    rasa, web = services()["rasa"], services()["web"]
    assert "ports" not in rasa and "container_name" not in rasa, "a fixed host port or name prevents --scale"
    conf = NGINX_CONF.read_text(encoding="utf-8")
    upstream = re.search(r"upstream rasa \{(.*?)\}", conf, re.S).group(1)
    assert re.search(r"^\s*server rasa:5005\b", upstream, re.M), "nginx must proxy to the rasa service"
    assert re.search(r"^\s*ip_hash;", upstream, re.M), "socket.io long-polling needs one server per client"
    assert "proxy_pass http://rasa;" in conf and "$connection_upgrade" in conf
    assert [str(p) for p in rasa["expose"]] == ["5005"]
    listened = set(re.findall(r"^\s*listen (\d+);", conf, re.M))
    published = {str(port).rsplit(":", 1)[1] for port in web["ports"]}
    assert published == listened == {"8080", "5005"}
    # the widget's address is a build argument of the web image
    assert "RASA_PUBLIC_URL" in web["build"]["args"]
    assert "ARG RASA_PUBLIC_URL=http://localhost:5005" in WEB_DOCKERFILE.read_text(encoding="utf-8")
    assert (["docker/nginx.conf"], "/etc/nginx/conf.d/default.conf") in copy_sources(WEB_DOCKERFILE)


def test_rasa_mounts_what_the_server_loads():
    """Our plug-ins, the packages they import, the spaCy pipeline, the model and the configuration."""
    rasa = services()["rasa"]
    mounts = {}
    for volume in rasa["volumes"]:
        source, target, mode = str(volume).split(":")
        assert mode == "ro", f"{volume}: the project's files are mounted read-only"
        mounts[target] = source
    files = plugin_files()
    needed = {"/app/" + str(path.relative_to(ROOT)) for path in files}
    needed |= {"/app/" + path for path in root_paths(files)}
    assert {"/app/components/tracker_store.py", "/app/clinic/settings.py", "/app/clinic.yml"} <= needed
    spacy_model = next(i["model"] for i in load_yaml(ROOT / "config.yml")["pipeline"] if i["name"] == "SpacyNLP")
    needed.add("/app/" + Path(spacy_model).parts[0])
    needed |= {"/app/models", "/app/credentials.yml", "/app/endpoints.yml", "/app/clinic.yml"}
    needed.add(rasa["entrypoint"][-1])
    missing = {path for path in needed if not covered(path, set(mounts))}
    assert not missing, f"not mounted: {missing}"
    for target, source in mounts.items():
        assert target == "/app/" + source.removeprefix("./"), f"{source} mounted at {target}"
    # the Kubernetes image holds the same files
    assert instruction_args(RASA_DOCKERFILE, "WORKDIR")[-1] == "/app"
    copied = copy_targets(RASA_DOCKERFILE, "/app")
    missing = {path for path in needed | set(mounts) if path != "/app/models" and not covered(path, copied)}
    assert not missing, f"not in docker/rasa.Dockerfile: {missing}"
    assert "/app/models/current.tar.gz" in copied


def test_rasa_start_script(tmp_path):
    """docker/rasa-run.sh: serve.sh's arguments, the HTTP API only with RASA_API_TOKEN."""
    stub = tmp_path / "rasa"
    stub.write_text('#!/usr/bin/env bash\nprintf "%s\\n" "$@"\n')
    stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    base = {"PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}", "CORS_ORIGIN": "https://www.example.org"}

    def run(**env: str) -> List[str]:
        result = subprocess.run(["bash", str(RASA_RUN)], env={**base, **env}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    expected = [
        "run",
        "--model",
        "models/current.tar.gz",
        "--port",
        "5005",
        "--credentials",
        "credentials.yml",
        "--endpoints",
        "endpoints.yml",
        "--cors",
        "https://www.example.org",
    ]
    assert run() == expected
    assert run(RASA_API_TOKEN="") == expected
    assert run(RASA_API_TOKEN="t0ken") == expected + ["--enable-api", "--auth-token", "t0ken"]
    no_cors = subprocess.run(["bash", str(RASA_RUN)], env={"PATH": base["PATH"]}, capture_output=True)
    assert no_cors.returncode != 0, "CORS_ORIGIN must be required"
    # the Helm values start Rasa the same way (with their own origin)
    assert helm()["args"][:-1] == expected[:-1]


# --- docker/ ---------------------------------------------------------------------------------


def test_actions_image_is_the_pinned_sdk_and_not_root():
    version, _ = requirement_pins()["rasa-sdk"]
    assert instruction_args(ACTIONS_DOCKERFILE, "FROM") == [f"rasa/rasa-sdk:{version}"]
    for path in (ACTIONS_DOCKERFILE, RASA_DOCKERFILE):
        user = final_user(path).split(":")[0]
        assert user not in ("root", "0"), f"{path.name} runs as root"
    assert "ENV SANIC_HOST=0.0.0.0" in ACTIONS_DOCKERFILE.read_text(encoding="utf-8")


def test_actions_image_installs_what_actions_import_at_the_pinned_versions():
    pins = requirement_pins()
    packages, run_line = pip_installed(ACTIONS_DOCKERFILE)
    # versions come only from requirements.txt, used as constraints
    assert re.search(r"-c (\S+)", run_line) and "requirements.txt" in run_line, run_line
    for package in packages:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", package), f"{package}: no version here, requirements.txt pins it"
        assert normalize(package) in pins, f"{package} is not pinned in requirements.txt"
    installed = {normalize(p) for p in packages}
    provided = dependency_closure(["rasa-sdk"]) | dependency_closure(sorted(installed))
    distributions = import_to_distributions()
    for name in sorted(third_party_imports(action_files())):
        dists = distributions.get(name, set())
        assert dists & provided, f"actions/ imports {name} ({dists or 'unknown'}), not in the actions image"
    if urlparse(resolved_environment("actions")["BOOKING_DB_URL"]).scheme.startswith("postgresql"):
        assert "psycopg2-binary" in installed, "a postgresql:// BOOKING_DB_URL needs the driver"
    assert "tzdata" in ACTIONS_DOCKERFILE.read_text(encoding="utf-8"), "zoneinfo needs time zone data"


def test_rasa_image_has_what_our_plugins_import():
    """The official image has rasa (with spaCy) and its dependencies: enough for our plug-ins."""
    provided = dependency_closure(["rasa"], {"spacy"})
    distributions = import_to_distributions()
    for name in sorted(third_party_imports(plugin_files())):
        dists = distributions.get(name, set())
        assert dists & provided, f"our plug-ins import {name} ({dists or 'unknown'}), not in the rasa image"


def test_images_copy_the_knowledge_base_and_only_what_their_context_allows():
    assert instruction_args(ACTIONS_DOCKERFILE, "WORKDIR")[-1] == "/app"
    copied = copy_targets(ACTIONS_DOCKERFILE, "/app")
    files = action_files()
    needed = {"/app/" + str(path.relative_to(ROOT)) for path in files} | {"/app/" + p for p in root_paths(files)}
    assert {"/app/data/procedures", "/app/data/topics.yml", "/app/clinic.yml"} <= needed
    missing = {path for path in needed if not covered(path, copied)}
    assert not missing, f"docker/actions.Dockerfile does not copy {missing}"
    for path in (ACTIONS_DOCKERFILE, RASA_DOCKERFILE, WEB_DOCKERFILE):
        patterns = dockerignore(Path(f"{path}.dockerignore"))
        assert patterns[0] == (
            False,
            "*",
        ), f"{path.name}.dockerignore: an allow-list (starting with *) expected"
        for sources, _ in copy_sources(path):
            for source in sources:
                assert not ignored(source, patterns), f"{path.name} copies {source}, excluded from its context"
                if source != "models/current.tar.gz" and not source.startswith(".spacy"):
                    assert (ROOT / source).exists(), f"{path.name}: {source} does not exist"


def test_web_image_builds_the_page_like_serve_web(tmp_path):
    sys.path.insert(0, str(ROOT / "docker"))
    try:
        from build_site import build_site  # noqa: E402
        import serve_web  # noqa: E402  (imported by build_site)
    finally:
        sys.path.remove(str(ROOT / "docker"))
    assert serve_web.BUNDLE.is_file(), "the widget bundle is missing: make setup (npm ci in web/)"
    out = tmp_path / "site"
    build_site(out, "https://chat.example.org")
    config = (out / "config.js").read_text(encoding="utf-8")
    assert '"socketUrl": "https://chat.example.org"' in config
    assert serve_web.REMOTE_FONT not in (out / "webchat.js").read_bytes()
    assert (out / "index.html").is_file() and not (out / "node_modules").exists()
    assert not list(out.glob("package*"))
    web = WEB_DOCKERFILE.read_text(encoding="utf-8")
    assert "npm ci --ignore-scripts" in web and "web/package-lock.json" in web
    assert "FROM nginx:" in web and "python docker/build_site.py" in web


# --- deploy/helm/values.yml ------------------------------------------------------------------


def test_helm_values_use_known_chart_keys_and_scale_out():
    values = helm()
    unknown = set(values) - HELM_TOP_LEVEL_KEYS
    assert not unknown, f"keys the rasa chart does not have: {unknown}"
    assert values["replicaCount"] >= 2
    assert values["postgresql"]["install"] and values["redis"]["install"]
    # our image (built FROM the official one, see test_compose_rasa_image_is_the_pinned_version)
    image = values["image"]
    assert image["repository"] and "rasa/rasa" not in image["repository"] and str(image["tag"])
    assert (
        values["applicationSettings"]["initialModel"] == "" and not values["applicationSettings"]["trainInitialModel"]
    ), "the model is in the image"
    assert values["securityContext"]["runAsNonRoot"] is True and values["securityContext"]["runAsUser"] != 0


def test_helm_endpoints_and_credentials_agree_with_the_project_files():
    settings = helm()["applicationSettings"]
    endpoints = load_yaml(ROOT / "endpoints.yml")
    for chart_key, key in (("trackerStore", "tracker_store"), ("lockStore", "lock_store")):
        section = settings["endpoints"][chart_key]
        assert section["enabled"] is True and section["type"] == endpoints[key]["type"], chart_key
        # the chart renders every other key: its defaults for its own stores must be unset
        unset = {key for key in HELM_STORE_DEFAULTS[chart_key] if key in section and section[key] is None}
        assert unset == HELM_STORE_DEFAULTS[chart_key], f"{chart_key}: set to null: {HELM_STORE_DEFAULTS[chart_key]}"
        leftovers = {k: v for k, v in section.items() if k not in ("enabled", "type") and v is not None}
        assert leftovers == {k: v for k, v in endpoints[key].items() if k != "type"}, chart_key
    # the chart writes action_endpoint.url: ${ACTION_SERVER_URL} = the action server service + this path
    assert endpoints["action_endpoint"] == {"url": "${ACTION_SERVER_URL}"}
    compose_path = urlparse(resolved_environment("rasa")["ACTION_SERVER_URL"]).path
    assert settings["endpoints"]["action"]["endpointURL"] == compose_path
    # every other endpoint (the NLG that writes the escalation replies) goes through the
    # chart's additionalEndpoints, which it renders as it is
    others = {k: v for k, v in endpoints.items() if k not in ("tracker_store", "lock_store", "action_endpoint")}
    assert settings["endpoints"].get("additionalEndpoints", {}) == others
    credentials = {k: v or {} for k, v in load_yaml(ROOT / "credentials.yml").items()}
    assert settings["credentials"]["enabled"] is True
    assert settings["credentials"]["additionalChannelCredentials"] == credentials


def test_helm_rasa_environment():
    values = helm()
    chart_variables = helm_chart_variables(values)
    defined = check_k8s_env(values["extraEnv"], chart_variables, "extraEnv")
    missing = rasa_required_variables() - set(defined)
    assert not missing, f"the Rasa pods do not get {missing}"
    extra = {entry["name"]: entry.get("value", "") for entry in values["extraEnv"]}
    assert extra["PYTHONPATH"] == "/app"
    assert urlparse(extra["TRACKER_STORE_URL"]).scheme.startswith("postgresql")
    assert "$(DB_PASSWORD)" in extra["TRACKER_STORE_URL"]
    assert urlparse(extra["LOCK_STORE_URL"]).scheme == "redis" and "$(REDIS_PASSWORD)" in extra["LOCK_STORE_URL"]
    assert values["global"]["postgresql"]["existingSecret"], "the database password comes from a Secret"
    assert values["redis"]["existingSecret"] == values["redis"]["auth"]["existingSecret"]


def test_helm_action_server():
    action = helm()["rasa-action-server"]
    assert action["install"] is True
    assert action["image"]["repository"] and str(action["image"]["tag"])
    command = exec_form(instruction_args(ACTIONS_DOCKERFILE, "CMD")[-1])
    assert action["applicationSettings"]["port"] == int(command[command.index("--port") + 1])
    assert action["securityContext"]["runAsNonRoot"] is True and action["securityContext"]["runAsUser"] != 0
    defined = check_k8s_env(action["extraEnv"], [], "rasa-action-server.extraEnv")
    missing = set(environment(services()["actions"])) - set(defined)
    assert not missing, f"the action server pods do not get {missing}"
    booking_db = next(e["value"] for e in action["extraEnv"] if e["name"] == "BOOKING_DB_URL")
    assert booking_db.startswith("postgresql://") and "$(DB_PASSWORD)" in booking_db
