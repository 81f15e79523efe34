#!/usr/bin/env python3
"""Checks that the alert rules and the Grafana dashboard only use metric names the system really exposes.

Every PromQL expression of infra/prometheus/alerts.yml and infra/grafana/reelpipe-dashboard.json is reduced to the
metric names it selects; each must appear in one of the given scrapes (files saved from /actuator/prometheus or
RabbitMQ's :15692/metrics, or those URLs). With --prometheus, each expression is also evaluated there (dashboard
variables filled in) and any error fails the check.

    python3 infra/prometheus/check_metric_names.py \\
        http://127.0.0.1:8081/actuator/prometheus http://127.0.0.1:8082/actuator/prometheus \\
        http://127.0.0.1:8083/actuator/prometheus http://127.0.0.1:8084/actuator/prometheus \\
        rabbitmq-metrics.txt [--prometheus http://127.0.0.1:9090]

Names that only appear after an event (a first tus upload, a first failed flush) are missing from a fresh scrape;
exercise the services first (docs/deployment.md says how this was done). Exit status 1 lists what is unknown.
"""
import argparse
import json
import pathlib
import re
import sys
import urllib.parse
import urllib.request

import yaml

HERE = pathlib.Path(__file__).resolve().parent
RULES = HERE / "alerts.yml"
DASHBOARD = HERE.parent / "grafana" / "reelpipe-dashboard.json"

# Series Prometheus makes itself rather than scraping them.
SYNTHETIC = {"up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds", "scrape_samples_scraped"}
KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool",
            "inf", "nan", "Inf", "NaN"}


def expressions():
    """(where, expression) for every rule and every dashboard target."""
    for group in yaml.safe_load(RULES.read_text())["groups"]:
        for rule in group["rules"]:
            yield f"rule {rule.get('alert') or rule.get('record')}", rule["expr"]
    for panel in json.loads(DASHBOARD.read_text())["panels"]:
        for target in panel.get("targets", []):
            yield f"panel '{panel['title']}' {target['refId']}", target["expr"]


def metric_names(expr):
    """The metric names an expression selects (strings, matchers, ranges and grouping labels removed)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|`[^`]*`|\'(?:[^\'\\]|\\.)*\'', '""', expr)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        word = match.group(0)
        if word in KEYWORDS or text[match.end():].lstrip().startswith("("):
            continue
        names.add(word)
    return names


def exposed_names(sources):
    names = set()
    for source in sources:
        if re.match(r"https?://", source):
            with urllib.request.urlopen(source, timeout=10) as response:
                text = response.read().decode()
        else:
            text = pathlib.Path(source).read_text()
        for line in text.splitlines():
            if line and not line.startswith("#"):
                names.add(re.split(r"[{\s]", line, maxsplit=1)[0])
    return names


def evaluate(prometheus, expr, namespace):
    concrete = expr.replace("$__rate_interval", "1m").replace("${ns}", namespace).replace("$ns", namespace)
    url = prometheus.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": concrete})
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = json.load(response)
    except urllib.error.HTTPError as e:
        body = json.load(e)
    if body.get("status") != "success":
        return None, body.get("error", "unknown error")
    return len(body["data"]["result"]), None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", help="exposition files or URLs of the services and RabbitMQ")
    parser.add_argument("--prometheus", help="also evaluate every expression on this Prometheus")
    parser.add_argument("--ns", default="reelpipe", help="value of the dashboard's $ns (AMQP namespace)")
    args = parser.parse_args()

    known = exposed_names(args.sources) | SYNTHETIC
    unknown, used, failures = [], set(), []
    for where, expr in expressions():
        names = metric_names(expr)
        used |= names
        unknown += [(where, name) for name in sorted(names - known)]
        if args.prometheus:
            count, error = evaluate(args.prometheus, expr, args.ns)
            if error:
                failures.append((where, error))
            else:
                print(f"{count:4d} series  {where}")
    print(f"{len(used)} metric names used, {len(known)} exposed by the sources")
    for where, name in unknown:
        print(f"UNKNOWN {name}  ({where})")
    for where, error in failures:
        print(f"ERROR {where}: {error}")
    return 1 if unknown or failures else 0


if __name__ == "__main__":
    sys.exit(main())
