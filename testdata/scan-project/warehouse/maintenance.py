"""Nightly maintenance jobs."""

import os
import pickle
import subprocess

import yaml

DB_PASSWORD = "hunter2"


def backup(target_dir):
    # Runs a shell command built from input: bandit B602 (HIGH).
    return subprocess.call("tar czf backup.tgz " + target_dir, shell=True)


def load_snapshot(path):
    with open(path, "rb") as handle:
        return pickle.load(handle)


def load_config(path):
    with open(path) as handle:
        return yaml.load(handle, Loader=yaml.Loader)


def evaluate_rule(expression, stock):
    return eval(expression, {"stock": stock})


def check_disk(path: str) -> int:
    assert os.path.exists(path)
    usage: int = os.statvfs(path).f_bavail
    return str(usage)
