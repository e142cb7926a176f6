"""Versioned model artifacts on disk.

Layout: ``<models_dir>/<name>/<version>/model.joblib`` + ``meta.json``, and ``<models_dir>/<name>/latest``
(a one-line text file naming the current version; a file, not a symlink, so it works on every file
system and copies cleanly). A version is the UTC time of saving plus a short hash, so versions sort
by age and two trainings in the same second do not collide.

``meta.json`` records when and from what the model was trained, its held-out metrics, the library
versions, and the sha256 of ``model.joblib``. Loading checks that hash (a truncated or edited file is
refused) and refuses a model pickled under another major version of scikit-learn or numpy, whose
pickles are not guaranteed to load or behave the same.

Security: ``model.joblib`` is a pickle, which can run code when loaded. That is acceptable only
because these files are written by the platform itself into its own models directory; never load
one received from elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hotline.nlp.classifier import TextClassifier
from hotline.nlp.textnorm import FEATURES_VERSION

MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
LATEST_FILE = "latest"
FORMAT = 1  # bump when TextClassifier's pickled state changes incompatibly
# The stored format is "FORMAT.FEATURES_VERSION": a change of either makes old models refuse to load.
_STORED_FORMAT = f"{FORMAT}.{FEATURES_VERSION}"
_VERSION = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class ArtifactError(RuntimeError):
    """A model artifact is missing, damaged or incompatible with this installation."""


@dataclass(frozen=True)
class ModelMeta:
    name: str
    version: str
    created_at: str
    format: str  # artifact format and feature version, see _STORED_FORMAT
    sha256: str
    libraries: dict[str, str]
    training: dict[str, Any]  # data summary: sources, sample counts per label, features, time
    metrics: dict[str, Any]  # held-out evaluation at training time


def library_versions() -> dict[str, str]:
    import numpy
    import scipy
    import sklearn

    return {"python": platform.python_version(), "numpy": numpy.__version__, "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ArtifactError(f"invalid model name {name!r}: lower-case letters, digits, '-' and '_' only")
    return name


def save(model: TextClassifier, models_dir: Path, *, training: dict[str, Any] | None = None,
         metrics: dict[str, Any] | None = None, make_latest: bool = True) -> ModelMeta:
    """Write ``model`` as a new version and (by default) make it the latest; returns its metadata."""
    import joblib

    name = _check_name(model.name)
    now = datetime.now(UTC)
    home = models_dir / name
    home.mkdir(parents=True, exist_ok=True)
    # Written into a temporary directory and renamed, so a crash never leaves a half-written version.
    tmp = Path(tempfile.mkdtemp(prefix=".saving-", dir=home))
    try:
        version = f"{now:%Y%m%dT%H%M%SZ}-{hashlib.sha256(os.urandom(16)).hexdigest()[:6]}"
        model.version = version
        joblib.dump(model, tmp / MODEL_FILE, compress=3)
        meta = ModelMeta(
            name=name, version=version, created_at=now.isoformat(timespec="seconds"), format=_STORED_FORMAT,
            sha256=_sha256(tmp / MODEL_FILE), libraries=library_versions(),
            training=training or {}, metrics=metrics or {},
        )
        (tmp / META_FILE).write_text(json.dumps(asdict(meta), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.rename(home / version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if make_latest:
        set_latest(models_dir, name, version)
    return meta


def set_latest(models_dir: Path, name: str, version: str) -> None:
    """Point ``latest`` at an existing version (also how an admin rolls back)."""
    home = models_dir / _check_name(name)
    if not (home / version / META_FILE).is_file():
        raise ArtifactError(f"no version {version!r} of model {name!r} in {models_dir}")
    tmp = home / f".{LATEST_FILE}.tmp"
    tmp.write_text(version + "\n", encoding="utf-8")
    tmp.replace(home / LATEST_FILE)


def versions(models_dir: Path, name: str) -> list[str]:
    """Saved versions of a model, oldest first."""
    home = models_dir / _check_name(name)
    if not home.is_dir():
        return []
    return sorted(p.name for p in home.iterdir() if _VERSION.match(p.name) and (p / META_FILE).is_file())


def resolve(models_dir: Path, name: str, version: str = "latest") -> str:
    """A concrete version: ``latest`` is read from the pointer file (or, without one, the newest)."""
    if version != "latest":
        if not _VERSION.match(version):
            raise ArtifactError(f"invalid model version {version!r}")
        return version
    pointer = models_dir / _check_name(name) / LATEST_FILE
    if pointer.is_file():
        return pointer.read_text(encoding="utf-8").strip()
    found = versions(models_dir, name)
    if not found:
        raise ArtifactError(f"no trained model {name!r} in {models_dir} (run `hotline train`)")
    return found[-1]


def read_meta(models_dir: Path, name: str, version: str = "latest") -> ModelMeta:
    path = models_dir / name / resolve(models_dir, name, version) / META_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return ModelMeta(**raw)
    except FileNotFoundError as exc:
        raise ArtifactError(f"model {name!r}: {path} is missing") from exc
    except (ValueError, TypeError) as exc:
        raise ArtifactError(f"model {name!r}: {path} is not valid metadata ({exc})") from exc


def _major(version: str) -> str:
    return version.split(".", 1)[0]


def check_compatible(meta: ModelMeta) -> None:
    """Refuse a model of another artifact format or another major scikit-learn / numpy version."""
    if str(meta.format) != _STORED_FORMAT:
        raise ArtifactError(f"model {meta.name} {meta.version} has artifact format {meta.format}, "
                            f"this installation reads format {_STORED_FORMAT}: retrain it (`hotline train`)")
    here = library_versions()
    for lib in ("scikit-learn", "numpy"):
        saved = meta.libraries.get(lib, "")
        if _major(saved) != _major(here[lib]):
            raise ArtifactError(f"model {meta.name} {meta.version} was trained with {lib} {saved or '?'}, "
                                f"this installation has {lib} {here[lib]}: retrain it (`hotline train`)")


def load(models_dir: Path, name: str, version: str = "latest") -> TextClassifier:
    """Load a saved classifier after checking its hash and library versions (see the module docstring)."""
    import joblib

    meta = read_meta(models_dir, name, version)
    check_compatible(meta)
    path = models_dir / name / meta.version / MODEL_FILE
    if not path.is_file():
        raise ArtifactError(f"model {name!r}: {path} is missing")
    actual = _sha256(path)
    if actual != meta.sha256:
        raise ArtifactError(f"model {name} {meta.version}: {MODEL_FILE} does not match the sha256 in "
                            f"{META_FILE} (damaged or altered); refusing to load it")
    model = joblib.load(path)  # trusted: written by save() above, hash just verified
    if not isinstance(model, TextClassifier):
        raise ArtifactError(f"model {name} {meta.version}: {MODEL_FILE} holds {type(model).__name__}")
    model.version = meta.version
    return model


def available(models_dir: Path, name: str) -> bool:
    try:
        resolve(models_dir, name)
    except ArtifactError:
        return False
    return True
