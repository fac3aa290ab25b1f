"""GEOparse contender for the benchmark suite: download each family file from the loopback server
and parse it with GEOparse 2.0.4, in N worker processes. Prints how many series parsed.

    python3 geoparse_fetch.py BASE_URL LIST.tsv OUT_DIR WORKERS

LIST.tsv holds `accession<TAB>path` lines; BASE_URL ends with a slash.
"""

import logging
import multiprocessing
import os
import shutil
import sys
import urllib.request


def fetch_and_parse(job):
    base, out_dir, accession, path = job
    import GEOparse

    target = os.path.join(out_dir, accession + "_family.soft.gz")
    with urllib.request.urlopen(base + path) as response, open(target, "wb") as output:
        shutil.copyfileobj(response, output)
    gse = GEOparse.get_GEO(filepath=target, silent=True)
    return 1 if gse.name else 0


def main():
    base, list_path, out_dir, workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    logging.disable(logging.CRITICAL)
    os.makedirs(out_dir, exist_ok=True)
    with open(list_path) as lines:
        jobs = [(base, out_dir, *line.rstrip("\n").split("\t")) for line in lines if line.strip()]
    with multiprocessing.Pool(workers) as pool:
        print(sum(pool.imap_unordered(fetch_and_parse, jobs)))


if __name__ == "__main__":
    main()
