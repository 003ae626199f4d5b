#!/usr/bin/env python3
"""Reads and alters an AWS emulator's state for the Pester tests, independently of the module under test.

Subcommands (all print JSON on stdout):
  listener   --listener ARN     every rule (sorted by priority, default last) with its tags, and the
                                listener's tags: the full state a maintenance run must give back
  create-rule --listener ARN --priority N
                                creates a rule from {"Conditions": [...], "Actions": [...], "Tags": [...]} on stdin
  put-object --bucket B --key K --body-file F [--content-type T]
                                stores the file's bytes
  head-object --bucket B --key K
                                the object's metadata, or {"Missing": true}
  list-objects --bucket B [--prefix P]
                                the keys
  get-object --bucket B --key K the object's body as text, or {"Missing": true}
  delete-object --bucket B --key K
                                deletes the object (as a person clearing a stale lock would)
  delete-listener --listener ARN
                                deletes the listener
  add-tags --arn ARN --key K --value V
                                tags a listener or rule (as anyone allowed elasticloadbalancing:AddTags could)
  serve                         reads one JSON array of the arguments above per line on stdin and
                                answers each with one line of JSON ({"error": ...} on failure), so a
                                test pays for starting python and boto3 once

Example:
  python3 moto_state.py --endpoint http://127.0.0.1:5000 listener --listener arn:aws:...
"""
import argparse
import functools
import json
import sys

import boto3
import botocore.exceptions

REGION = "us-east-1"


@functools.lru_cache(maxsize=None)
def client(service, endpoint):
    # Fixed dummy keys: the emulator accepts any, and the caller's real credentials must never be used here.
    return boto3.client(
        service,
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def sort_key(rule):
    priority = rule["Priority"]
    return (1, 0) if priority == "default" else (0, int(priority))


def sorted_tags(tags):
    return sorted(({"Key": t["Key"], "Value": t["Value"]} for t in tags), key=lambda t: t["Key"])


def tags_of(elbv2, arns):
    result = {}
    for start in range(0, len(arns), 20):  # DescribeTags takes at most 20 ARNs
        for description in elbv2.describe_tags(ResourceArns=arns[start:start + 20])["TagDescriptions"]:
            result[description["ResourceArn"]] = sorted_tags(description.get("Tags", []))
    return result


def listener_state(args):
    elbv2 = client("elbv2", args.endpoint)
    rules = []
    for page in elbv2.get_paginator("describe_rules").paginate(ListenerArn=args.listener):
        rules.extend(page["Rules"])
    rules.sort(key=sort_key)
    tags = tags_of(elbv2, [args.listener] + [r["RuleArn"] for r in rules])
    for rule in rules:
        rule["Tags"] = tags.get(rule["RuleArn"], [])
    listener = elbv2.describe_listeners(ListenerArns=[args.listener])["Listeners"][0]
    return {
        "Rules": rules,
        "ListenerTags": tags.get(args.listener, []),
        "DefaultActions": listener.get("DefaultActions", []),
    }


def create_rule(args):
    spec = json.load(sys.stdin)
    request = {
        "ListenerArn": args.listener,
        "Priority": args.priority,
        "Conditions": spec["Conditions"],
        "Actions": spec["Actions"],
    }
    if spec.get("Tags"):
        request["Tags"] = spec["Tags"]
    rule = client("elbv2", args.endpoint).create_rule(**request)["Rules"][0]
    return {"RuleArn": rule["RuleArn"], "Priority": rule["Priority"]}


def put_object(args):
    with open(args.body_file, "rb") as body:
        request = {"Bucket": args.bucket, "Key": args.key, "Body": body.read()}
    if args.content_type:
        request["ContentType"] = args.content_type
    client("s3", args.endpoint).put_object(**request)
    return {"Bucket": args.bucket, "Key": args.key}


def head_object(args):
    try:
        head = client("s3", args.endpoint).head_object(Bucket=args.bucket, Key=args.key)
    except botocore.exceptions.ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return {"Missing": True}
        raise
    return {
        "Missing": False,
        "ContentLength": head.get("ContentLength"),
        "ContentType": head.get("ContentType"),
        "ServerSideEncryption": head.get("ServerSideEncryption"),
    }


def get_object(args):
    try:
        got = client("s3", args.endpoint).get_object(Bucket=args.bucket, Key=args.key)
    except botocore.exceptions.ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return {"Missing": True}
        raise
    return {"Missing": False, "Body": got["Body"].read().decode("utf-8", errors="replace"),
            "ServerSideEncryption": got.get("ServerSideEncryption")}


def delete_object(args):
    client("s3", args.endpoint).delete_object(Bucket=args.bucket, Key=args.key)
    return {"Bucket": args.bucket, "Key": args.key}


def list_objects(args):
    s3 = client("s3", args.endpoint)
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=args.bucket, Prefix=args.prefix or ""):
        keys.extend(o["Key"] for o in page.get("Contents", []))
    return {"Keys": keys}


def serve(args):
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = parse_args(["--endpoint", args.endpoint] + json.loads(line))
            if request.run is serve:
                raise ValueError("serve cannot be nested")
            answer = {"result": request.run(request)}
        except SystemExit as error:  # argparse
            answer = {"error": "bad arguments (%s): %s" % (error.code, line.strip())}
        except Exception as error:  # pylint: disable=broad-except
            answer = {"error": "%s: %s" % (type(error).__name__, error)}
        sys.stdout.write(json.dumps(answer, default=str, sort_keys=True) + "\n")
        sys.stdout.flush()
    return None


def delete_listener(args):
    client("elbv2", args.endpoint).delete_listener(ListenerArn=args.listener)
    return {"Deleted": args.listener}


def add_tags(args):
    client("elbv2", args.endpoint).add_tags(ResourceArns=[args.arn], Tags=[{"Key": args.key, "Value": args.value}])
    return {"Tagged": args.arn}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    commands = parser.add_subparsers(dest="command", required=True)

    listener = commands.add_parser("listener")
    listener.add_argument("--listener", required=True)
    listener.set_defaults(run=listener_state)

    rule = commands.add_parser("create-rule")
    rule.add_argument("--listener", required=True)
    rule.add_argument("--priority", type=int, required=True)
    rule.set_defaults(run=create_rule)

    put = commands.add_parser("put-object")
    put.add_argument("--bucket", required=True)
    put.add_argument("--key", required=True)
    put.add_argument("--body-file", required=True)
    put.add_argument("--content-type")
    put.set_defaults(run=put_object)

    head = commands.add_parser("head-object")
    head.add_argument("--bucket", required=True)
    head.add_argument("--key", required=True)
    head.set_defaults(run=head_object)

    get = commands.add_parser("get-object")
    get.add_argument("--bucket", required=True)
    get.add_argument("--key", required=True)
    get.set_defaults(run=get_object)

    delete = commands.add_parser("delete-object")
    delete.add_argument("--bucket", required=True)
    delete.add_argument("--key", required=True)
    delete.set_defaults(run=delete_object)

    drop = commands.add_parser("delete-listener")
    drop.add_argument("--listener", required=True)
    drop.set_defaults(run=delete_listener)

    tag = commands.add_parser("add-tags")
    tag.add_argument("--arn", required=True)
    tag.add_argument("--key", required=True)
    tag.add_argument("--value", required=True)
    tag.set_defaults(run=add_tags)

    listing = commands.add_parser("list-objects")
    listing.add_argument("--bucket", required=True)
    listing.add_argument("--prefix")
    listing.set_defaults(run=list_objects)
    commands.add_parser("serve").set_defaults(run=serve)
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    result = args.run(args)
    if args.run is not serve:
        json.dump(result, sys.stdout, default=str, sort_keys=True)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
