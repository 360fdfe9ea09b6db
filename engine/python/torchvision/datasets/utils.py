"""Getting dataset files: "downloads" copy files shipped with the app into Pyodide's file system.

The app ships datasets under ``datasets/`` on its own site (built by
scripts/build-datasets.mjs); the host reads them for Python through the
``_glassgrad_host`` module (a file read in Node, a synchronous request in the
browser's Worker). Nothing is fetched from the internet.
"""
import gzip
import os

SHIPPED_PREFIX = "datasets/"


def read_shipped(name):
    """The bytes of a shipped data file (``name`` relative to the datasets folder), or None when absent."""
    import _glassgrad_host

    data = _glassgrad_host.read_asset(name)
    if data is None or type(data).__name__ == "JsNull":
        return None
    return data.to_bytes()


def check_integrity(fpath, md5=None):
    """Whether the file exists (shipped files are not the originals, so there is no checksum to compare)."""
    return os.path.isfile(fpath)


def extract_gzip(from_path, to_path):
    """Writes the decompressed contents of a .gz file; prints torchvision's "Extracting" line."""
    print(f"Extracting {from_path} to {os.path.dirname(to_path)}")
    with gzip.open(from_path, "rb") as src, open(to_path, "wb") as dst:
        dst.write(src.read())


def download_shipped_and_extract(name, download_root):
    """Copies the shipped file ``name`` (e.g. "mnist/train-images-idx3-ubyte.gz") into download_root and
    extracts it next to itself. Returns False when the app does not ship the file."""
    data = read_shipped(name)
    if data is None:
        return False
    fpath = os.path.join(download_root, os.path.basename(name))
    print(f"Downloading {SHIPPED_PREFIX}{name} to {fpath}")
    with open(fpath, "wb") as f:
        f.write(data)
    extract_gzip(fpath, fpath[:-len(".gz")])
    return True
