#!/usr/bin/env python3
"""Prints a listener's rules in evaluation order, as the demo shows them before, during and after.

One line a rule: priority, who owns it (the module's role tag, or "user"), its conditions, its
first action, and the rule ARN's last part. With --json, prints the rules and their tags as JSON
instead (the demo compares before and after with it).

Example:
    python3 tools/Show-ListenerRules.py --endpoint http://127.0.0.1:5000 --listener-arn arn:...
"""
import argparse
import json

import boto3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--listener-arn", required=True)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    elb = boto3.client("elbv2", region_name="us-east-1", endpoint_url=args.endpoint,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    rules = elb.describe_rules(ListenerArn=args.listener_arn)["Rules"]
    arns = [r["RuleArn"] for r in rules if not r["IsDefault"]]
    tags = {}
    for i in range(0, len(arns), 20):
        for d in elb.describe_tags(ResourceArns=arns[i:i + 20])["TagDescriptions"]:
            tags[d["ResourceArn"]] = {t["Key"]: t["Value"] for t in d.get("Tags", [])}
    order = lambda r: 10**9 if r["Priority"] == "default" else int(r["Priority"])
    rules.sort(key=order)
    if args.json:
        print(json.dumps([{**r, "Tags": tags.get(r["RuleArn"], {})} for r in rules], indent=1, sort_keys=True, default=str))
        return
    print(f"{'priority':>8}  {'owner':<11} {'conditions':<58} {'action':<16} rule")
    for r in rules:
        owner = tags.get(r["RuleArn"], {}).get("maintenance-mode:role", "user")
        conds = "; ".join(describe(c) for c in r["Conditions"]) or "(everything else)"
        action = r["Actions"][-1]["Type"]
        if action == "fixed-response":
            action += " " + r["Actions"][-1]["FixedResponseConfig"]["StatusCode"]
        print(f"{r['Priority']:>8}  {owner:<11} {conds[:58]:<58} {action:<16} .../{r['RuleArn'].rsplit('/', 1)[-1]}")


def describe(condition):
    field = condition["Field"]
    for key in ("HostHeaderConfig", "PathPatternConfig", "SourceIpConfig", "HttpRequestMethodConfig"):
        if key in condition:
            return f"{field}={','.join(condition[key]['Values'])}"
    if "HttpHeaderConfig" in condition:
        return f"{field} {condition['HttpHeaderConfig']['HttpHeaderName']}=***"
    if "QueryStringConfig" in condition:
        return f"{field}=" + ",".join(f"{p.get('Key', '')}={p['Value']}" for p in condition["QueryStringConfig"]["Values"])
    return f"{field}={','.join(condition.get('Values', []))}"


if __name__ == "__main__":
    main()
