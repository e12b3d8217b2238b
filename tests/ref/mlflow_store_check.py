#!/usr/bin/env python3
"""Check a run store against the rules MLflow 2.x's FileStore applies when it reads one
(mlflow/store/tracking/file_store.py, mlflow/utils/validation.py): the same regexes, the
same required keys and types, the same metric line parsing.  Exit 1 with a line per
problem.  Usage: mlflow_store_check.py STORE"""
import os
import posixpath
import re
import sys

import yaml

EXPERIMENT_ID = re.compile(r"^[a-zA-Z0-9][\w\-]{0,63}$")
RUN_ID = re.compile(r"^[a-zA-Z0-9][\w\-]{0,255}$")
KEY = re.compile(r"^[/\w.\- ]*$")
problems = []


def bad(msg):
    problems.append(msg)


def key_ok(name):
    norm = posixpath.normpath(name)
    return (KEY.match(name) and len(name) <= 250 and norm == name and norm != "."
            and not norm.startswith("..") and not norm.startswith("/"))


def files_under(d):
    out = []
    for root, _, files in os.walk(d):
        for f in files:
            out.append(os.path.relpath(os.path.join(root, f), d))
    return out


def check_run(exp_id, run_dir):
    run_id = os.path.basename(run_dir)
    if not RUN_ID.match(run_id):
        bad(f"{run_dir}: run id fails MLflow's regex")
    meta = yaml.safe_load(open(os.path.join(run_dir, "meta.yaml"), encoding="utf-8"))
    if not isinstance(meta, dict):
        bad(f"{run_dir}/meta.yaml: not a mapping")
        return
    for k in ("run_uuid", "experiment_id", "end_time", "user_id", "start_time"):
        if k not in meta:
            bad(f"{run_dir}/meta.yaml: no {k}")
    if meta.get("experiment_id") != exp_id:
        bad(f"{run_dir}/meta.yaml: experiment_id {meta.get('experiment_id')!r} is not {exp_id!r}")
    if meta.get("run_id") != run_id or meta.get("run_uuid") != run_id:
        bad(f"{run_dir}/meta.yaml: run_id or run_uuid differs from the directory")
    for k in ("user_id", "run_name", "artifact_uri"):
        if not isinstance(meta.get(k), str):
            bad(f"{run_dir}/meta.yaml: {k} is not a string")
    if not isinstance(meta.get("start_time"), int):
        bad(f"{run_dir}/meta.yaml: start_time is not an integer")
    if meta.get("end_time") is not None and not isinstance(meta.get("end_time"), int):
        bad(f"{run_dir}/meta.yaml: end_time is not an integer")
    if meta.get("status") not in (1, 2, 3, 4, 5):
        bad(f"{run_dir}/meta.yaml: status {meta.get('status')!r} is not 1..5")
    if meta.get("lifecycle_stage", "active") not in ("active", "deleted"):
        bad(f"{run_dir}/meta.yaml: bad lifecycle_stage")
    for sub in ("metrics", "params", "tags"):
        d = os.path.join(run_dir, sub)
        for name in files_under(d) if os.path.isdir(d) else []:
            if not key_ok(name):
                bad(f"{d}/{name}: not a valid {sub[:-1]} name")
            data = open(os.path.join(d, name), "rb").read()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                bad(f"{d}/{name}: not UTF-8")
                continue
            if sub != "metrics":
                continue
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            if not lines:
                bad(f"{d}/{name}: no data")
            for line in lines:
                parts = line.strip().split(" ")
                if len(parts) not in (2, 3):
                    bad(f"{d}/{name}: {line!r}: expected 2 or 3 fields")
                    continue
                try:
                    int(parts[0])
                    float(parts[1])
                    if len(parts) == 3:
                        int(parts[2])
                except ValueError:
                    bad(f"{d}/{name}: {line!r}: not timestamp value step")


def main(store):
    if not os.path.isdir(os.path.join(store, ".trash")):
        bad(f"{store}: no .trash")
    if not os.path.isfile(os.path.join(store, "0", "meta.yaml")):
        bad(f"{store}: no Default experiment")
    for exp in sorted(os.listdir(store)):
        path = os.path.join(store, exp)
        if not os.path.isdir(path) or exp.endswith(".trash") or exp == "models":
            continue
        if not EXPERIMENT_ID.match(exp):
            bad(f"{path}: experiment id fails MLflow's regex")
            continue
        meta = yaml.safe_load(open(os.path.join(path, "meta.yaml"), encoding="utf-8"))
        for k in ("experiment_id", "name", "artifact_location", "lifecycle_stage"):
            if not isinstance(meta.get(k), str):
                bad(f"{path}/meta.yaml: {k} missing or not a string")
        if meta.get("experiment_id") != exp:
            bad(f"{path}/meta.yaml: experiment_id differs from the directory")
        for run in sorted(os.listdir(path)):
            rp = os.path.join(path, run)
            if os.path.isdir(rp) and run not in ("tags", "datasets", "traces"):
                check_run(exp, rp)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
