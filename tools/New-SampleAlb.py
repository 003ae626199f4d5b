#!/usr/bin/env python3
"""Creates a sample load balancer (and a maintenance page bucket) in an AWS emulator such as moto.

The tests and the demo need a listener with realistic rules to put into maintenance mode and back:
mixed conditions (host-header, path-pattern, http-header, source-ip), mixed actions (forward,
weighted forward, redirect, fixed-response) and one rule tagged as owned by another tool.

Prints one JSON object: LoadBalancerArn, LoadBalancerName, ListenerArns, RuleArns (the created,
non-default rules in priority order), Bucket, PageUri.

Example:
    python3 tools/New-SampleAlb.py --endpoint http://127.0.0.1:5000 --name shop --rules 8
"""
import argparse
import json
import sys

import boto3

REGION = "us-east-1"
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Down for maintenance</title></head>
<body><h1>We'll be back soon</h1><p>This site is down for planned maintenance.</p></body></html>
"""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True, help="emulator URL, for example http://127.0.0.1:5000")
    parser.add_argument("--name", required=True, help="load balancer name (letters, digits, hyphens; at most 32)")
    parser.add_argument("--rules", type=int, default=5, help="listener rules to create, priorities 1..N (ALB only)")
    parser.add_argument("--nlb", action="store_true", help="create a network load balancer with a TCP listener instead")
    parser.add_argument("--bucket", help="bucket for the maintenance page (default: <name>-maintenance, lower case)")
    args = parser.parse_args(argv)
    if args.rules < 0:
        parser.error("--rules must be 0 or more")
    if len(args.name) > 32:
        parser.error("--name must be at most 32 characters (an ELBv2 limit)")
    return args


def client(service, endpoint):
    # Fixed dummy keys: the emulator accepts any, and the caller's real credentials must never be used here.
    return boto3.client(
        service,
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def create_network(ec2):
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=zone)["Subnet"]["SubnetId"]
        for cidr, zone in (("10.0.1.0/24", f"{REGION}a"), ("10.0.2.0/24", f"{REGION}b"))
    ]
    return vpc_id, subnets


def condition_for(index):
    """Cycles through the condition types; every third rule also matches a path (at most one condition per field)."""
    kind = index % 4
    if kind == 0:
        conditions = [{"Field": "host-header", "HostHeaderConfig": {"Values": [f"app{index}.example.com"]}}]
    elif kind == 1:
        conditions = [{"Field": "path-pattern", "PathPatternConfig": {"Values": [f"/api/v{index}/*"]}}]
    elif kind == 2:
        conditions = [{"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X-Canary", "Values": [f"group-{index}"]}}]
    else:
        conditions = [{"Field": "source-ip", "SourceIpConfig": {"Values": [f"10.{index % 256}.0.0/16"]}}]
    if index % 3 == 0 and kind != 1:
        conditions.append({"Field": "path-pattern", "PathPatternConfig": {"Values": ["/admin/*"]}})
    return conditions


def actions_for(index, tg_a, tg_b):
    """Cycles through the action types on another period than the conditions, so the two mix."""
    kind = index % 5
    if kind == 0:
        return [{"Type": "forward", "TargetGroupArn": tg_b}]
    if kind == 4:
        return [{"Type": "forward", "TargetGroupArn": tg_a}]
    if kind == 1:
        return [{
            "Type": "forward",
            "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": tg_a, "Weight": 80}, {"TargetGroupArn": tg_b, "Weight": 20}]},
        }]
    if kind == 2:
        return [{
            "Type": "redirect",
            "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}", "Query": "#{query}", "StatusCode": "HTTP_301"},
        }]
    return [{
        "Type": "fixed-response",
        "FixedResponseConfig": {"StatusCode": "200", "ContentType": "text/plain", "MessageBody": f"ok from rule {index}"},
    }]


def create_load_balancer(elbv2, args, vpc_id, subnets):
    protocol = "TCP" if args.nlb else "HTTP"
    prefix = args.name[:27]  # target group names are unique per account and limited to 32 characters
    tg_a, tg_b = (
        elbv2.create_target_group(Name=f"{prefix}-tg-{suffix}", Protocol=protocol, Port=80, VpcId=vpc_id, TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        for suffix in ("a", "b")
    )
    lb = elbv2.create_load_balancer(
        Name=args.name,
        Subnets=subnets,
        Scheme="internet-facing",
        Type="network" if args.nlb else "application",
        IpAddressType="ipv4",
    )["LoadBalancers"][0]
    listener_arn = elbv2.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"],
        Protocol=protocol,
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_a}],
    )["Listeners"][0]["ListenerArn"]

    rule_arns = []
    if not args.nlb:  # network load balancers have no listener rules
        for index in range(1, args.rules + 1):
            rule = elbv2.create_rule(
                ListenerArn=listener_arn,
                Priority=index,
                Conditions=condition_for(index),
                Actions=actions_for(index, tg_a, tg_b),
            )["Rules"][0]
            rule_arns.append(rule["RuleArn"])
        if rule_arns:
            # Another tool owns this rule: maintenance mode must keep its ARN.
            elbv2.add_tags(ResourceArns=[rule_arns[0]], Tags=[{"Key": "owner", "Value": "terraform"}])
    return lb, [listener_arn], rule_arns


def create_page_bucket(s3, bucket, endpoint):
    s3.create_bucket(Bucket=bucket)  # us-east-1 takes no LocationConstraint
    # As every S3 bucket on AWS since January 2023: new objects are encrypted by the bucket's default (SSE-S3).
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    s3.put_object(Bucket=bucket, Key="maintenance.html", Body=PAGE.encode("utf-8"), ContentType="text/html")
    return f"s3://{bucket}/maintenance.html"


def main(argv):
    args = parse_args(argv)
    bucket = args.bucket or f"{args.name.lower()}-maintenance"
    vpc_id, subnets = create_network(client("ec2", args.endpoint))
    lb, listener_arns, rule_arns = create_load_balancer(client("elbv2", args.endpoint), args, vpc_id, subnets)
    page_uri = create_page_bucket(client("s3", args.endpoint), bucket, args.endpoint)
    json.dump({
        "LoadBalancerArn": lb["LoadBalancerArn"],
        "LoadBalancerName": lb["LoadBalancerName"],
        "ListenerArns": listener_arns,
        "RuleArns": rule_arns,
        "Bucket": bucket,
        "PageUri": page_uri,
    }, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
