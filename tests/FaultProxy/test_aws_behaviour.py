"""Tests of the AWS-behaviour layer itself: that it answers as AWS does, so the module's tests through it mean something.

The pure parts (shape, limits) need nothing; the live parts need a proxy in front of moto, named by the environment
(AWS_LAYER_PROXY, AWS_LAYER_MOTO, AWS_LAYER_LISTENER): tests/Pester/AwsLayer.Tests.ps1 starts them and runs this file.
"""
import json
import os
import time
import unittest
import urllib.request

import aws_behaviour as layer

NS = layer.ELBV2_NS
RULES = ('<DescribeRulesResponse xmlns="%s"><DescribeRulesResult><Rules>'
         '<member><RuleArn>r1</RuleArn><Priority>1</Priority><Conditions><member><Field>path-pattern</Field>'
         '<Values><member>/a/*</member></Values></member><member><Field>host-header</Field><HostHeaderConfig><Values>'
         '<member>a.example.com</member></HostHeaderConfig></member></Conditions><Actions>'
         '<member><Type>authenticate-oidc</Type><AuthenticateOidcConfig><ClientId>c</ClientId><ClientSecret>s</ClientSecret>'
         '</AuthenticateOidcConfig></member><member><Type>forward</Type><TargetGroupArn>tg</TargetGroupArn></member>'
         '</Actions><IsDefault>false</IsDefault></member></Rules></DescribeRulesResult></DescribeRulesResponse>') % NS


class ShapeTests(unittest.TestCase):
    def setUp(self):
        self.text = layer.shape_response(RULES.replace("</HostHeaderConfig>", "</Values></HostHeaderConfig>").encode()).decode()

    def test_every_action_gets_its_order(self):
        self.assertIn("<Order>1</Order>", self.text)
        self.assertIn("<Order>2</Order>", self.text)

    def test_a_bare_target_group_also_comes_back_as_a_forward_config(self):
        self.assertIn("<ForwardConfig><TargetGroups><member><TargetGroupArn>tg</TargetGroupArn><Weight>1</Weight>", self.text)
        self.assertIn("<TargetGroupStickinessConfig><Enabled>false</Enabled>", self.text)

    def test_host_and_path_values_are_mirrored(self):
        self.assertIn("<PathPatternConfig><Values><member>/a/*</member></Values></PathPatternConfig>", self.text)
        self.assertIn("<Values><member>a.example.com</member></Values></member>", self.text.replace("</HostHeaderConfig>", ""))

    def test_an_oidc_secret_is_never_returned(self):
        self.assertNotIn("ClientSecret", self.text)


def form(**pairs):
    return {k.replace("__", "."): v for k, v in pairs.items()}


class LimitTests(unittest.TestCase):
    def problem(self, action, values):
        return layer.rule_limit_problem(action, values)

    def test_a_body_over_1024_characters_is_refused_and_1024_is_not(self):
        key = "Actions.member.1.FixedResponseConfig.MessageBody"
        self.assertIsNone(self.problem("CreateRule", {key: "\u00e9" * 1024, "Priority": "1"}))
        self.assertEqual("ValidationError", self.problem("CreateRule", {key: "\u00e9" * 1025, "Priority": "1"})[0])

    def test_priorities_outside_1_to_50000(self):
        self.assertIsNone(self.problem("CreateRule", {"Priority": "50000"}))
        self.assertIsNotNone(self.problem("CreateRule", {"Priority": "50001"}))
        self.assertIsNotNone(self.problem("SetRulePriorities", {"RulePriorities.member.1.RuleArn": "r", "RulePriorities.member.1.Priority": "0"}))

    def test_more_than_five_condition_values(self):
        five = {"Conditions.member.1.Field": "source-ip"}
        five.update({"Conditions.member.1.SourceIpConfig.Values.member.%d" % i: "10.0.0.%d/32" % i for i in range(1, 6)})
        self.assertIsNone(self.problem("CreateRule", five))
        five["Conditions.member.2.Field"] = "http-header"
        five["Conditions.member.2.HttpHeaderConfig.HttpHeaderName"] = "X-A"
        five["Conditions.member.2.HttpHeaderConfig.Values.member.1"] = "v"
        self.assertIsNotNone(self.problem("CreateRule", five))

    def test_mirrored_values_count_once(self):
        values = {"Conditions.member.1.Field": "path-pattern"}
        for i in range(1, 4):
            values["Conditions.member.1.Values.member.%d" % i] = "/p%d" % i
            values["Conditions.member.1.PathPatternConfig.Values.member.%d" % i] = "/p%d" % i
        self.assertIsNone(self.problem("CreateRule", values))

    def test_more_than_five_wildcards(self):
        values = {"Conditions.member.1.Field": "path-pattern", "Conditions.member.1.PathPatternConfig.Values.member.1": "/*/*/*",
                  "Conditions.member.2.Field": "host-header", "Conditions.member.2.HostHeaderConfig.Values.member.1": "*.?.*"}
        self.assertIsNotNone(self.problem("CreateRule", values))

    def test_a_second_single_condition(self):
        values = {"Conditions.member.1.Field": "source-ip", "Conditions.member.1.SourceIpConfig.Values.member.1": "10.0.0.0/8",
                  "Conditions.member.2.Field": "source-ip", "Conditions.member.2.SourceIpConfig.Values.member.1": "10.1.0.0/16"}
        self.assertIsNotNone(self.problem("CreateRule", values))
        values["Conditions.member.2.Field"] = "http-header"
        self.assertIsNone(self.problem("CreateRule", values))

    def test_tag_values_outside_the_pattern(self):
        self.assertIsNone(self.problem("AddTags", {"Tags.member.1.Key": "maintenance-mode:state", "Tags.member.1.Value": "s3://b/p/x.json"}))
        self.assertIsNotNone(self.problem("AddTags", {"Tags.member.1.Key": "k", "Tags.member.1.Value": "a,b"}))
        self.assertIsNotNone(self.problem("AddTags", {"Tags.member.1.Key": "k", "Tags.member.1.Value": "x" * 257}))


class ThrottleTests(unittest.TestCase):
    def test_a_bucket_answers_its_burst_then_refuses(self):
        bucket = layer.TokenBucket(0.0001, 3)
        self.assertEqual([True, True, True, False], [bucket.take() for _ in range(4)])


def control(query):
    with urllib.request.urlopen(os.environ["AWS_LAYER_PROXY"] + "/__aws?" + query, timeout=10) as response:
        return json.loads(response.read())


@unittest.skipUnless(os.environ.get("AWS_LAYER_PROXY"), "needs a proxy in front of moto (tests/Pester/AwsLayer.Tests.ps1)")
class LiveTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import boto3
        def client(service, endpoint):
            return boto3.client(service, region_name="us-east-1", endpoint_url=endpoint,
                                aws_access_key_id="testing", aws_secret_access_key="testing")
        cls.via = client("elbv2", os.environ["AWS_LAYER_PROXY"])
        cls.moto = client("elbv2", os.environ["AWS_LAYER_MOTO"])
        cls.listener = os.environ["AWS_LAYER_LISTENER"]

    def setUp(self):
        control("profile=aws&throttle=0")

    def tearDown(self):
        control("profile=aws")

    def new_rule(self, priority, client=None):
        return (client or self.via).create_rule(
            ListenerArn=self.listener, Priority=priority, Conditions=[{"Field": "path-pattern", "Values": ["/live/%d" % priority]}],
            Actions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "503"}}],
            Tags=[{"Key": "test", "Value": "live"}])["Rules"][0]

    def arns(self, client):
        return {r["RuleArn"] for r in client.describe_rules(ListenerArn=self.listener)["Rules"]}

    def test_a_read_right_after_a_write_shows_the_state_before_it_then_catches_up(self):
        control("lag_ms=60000")
        self.arns(self.via)
        rule = self.new_rule(901)
        self.assertNotIn(rule["RuleArn"], self.arns(self.via))
        self.assertIn(rule["RuleArn"], self.arns(self.moto))
        self.assertEqual([], self.via.describe_tags(ResourceArns=[rule["RuleArn"]])["TagDescriptions"][0]["Tags"])
        control("lag_ms=0")
        self.assertIn(rule["RuleArn"], self.arns(self.via))
        self.moto.delete_rule(RuleArn=rule["RuleArn"])

    def test_a_lost_reply_is_lost_after_the_change_was_made(self):
        control("lose_reply=CreateRule")
        before = self.arns(self.moto)
        import botocore.config
        import boto3
        once = boto3.client("elbv2", region_name="us-east-1", endpoint_url=os.environ["AWS_LAYER_PROXY"],
                            aws_access_key_id="testing", aws_secret_access_key="testing",
                            config=botocore.config.Config(retries={"max_attempts": 0}))
        with self.assertRaises(Exception):
            self.new_rule(902, once)
        created = self.arns(self.moto) - before
        self.assertEqual(1, len(created))
        self.moto.delete_rule(RuleArn=created.pop())
        self.assertIsNone(control("")["lose_reply"])

    def test_too_many_rules_at_the_quota(self):
        count = len([a for a in self.arns(self.moto)]) - 1
        control("rules_quota=%d" % count)
        limits = {l["Name"]: l["Max"] for l in self.via.describe_account_limits()["Limits"]}
        self.assertEqual(str(count), limits["rules-per-application-load-balancer"])
        with self.assertRaises(self.via.exceptions.TooManyRulesException):
            self.new_rule(903)

    def test_throttling_past_the_bucket(self):
        import botocore.config
        import boto3
        control("throttle=read:0.001:2")
        once = boto3.client("elbv2", region_name="us-east-1", endpoint_url=os.environ["AWS_LAYER_PROXY"],
                            aws_access_key_id="testing", aws_secret_access_key="testing",
                            config=botocore.config.Config(retries={"max_attempts": 0}))
        once.describe_rules(ListenerArn=self.listener)
        once.describe_rules(ListenerArn=self.listener)
        with self.assertRaises(Exception) as caught:
            once.describe_rules(ListenerArn=self.listener)
        self.assertIn("Throttling", str(caught.exception))

    def s3(self):
        import boto3
        import botocore.config
        return boto3.client("s3", region_name="us-east-1", endpoint_url=os.environ["AWS_LAYER_PROXY"],
                            aws_access_key_id="testing", aws_secret_access_key="testing",
                            config=botocore.config.Config(retries={"max_attempts": 0}))

    def test_a_kms_only_bucket_refuses_aes256(self):
        s3 = self.s3()
        s3.create_bucket(Bucket="aws-layer-kms")
        control("require_kms=1")
        with self.assertRaises(Exception) as caught:
            s3.put_object(Bucket="aws-layer-kms", Key="k", Body=b"x", ServerSideEncryption="AES256")
        self.assertIn("AccessDenied", str(caught.exception))
        s3.put_object(Bucket="aws-layer-kms", Key="k", Body=b"x")

    def test_a_conditional_write_meets_one_conflict(self):
        s3 = self.s3()
        s3.create_bucket(Bucket="aws-layer-conflict")
        control("conflict=s3-put")
        s3.put_object(Bucket="aws-layer-conflict", Key="plain", Body=b"x")  # not conditional: not a conflict
        with self.assertRaises(Exception) as caught:
            s3.put_object(Bucket="aws-layer-conflict", Key="k", Body=b"x", IfNoneMatch="*")
        self.assertIn("ConditionalRequestConflict", str(caught.exception))
        s3.put_object(Bucket="aws-layer-conflict", Key="k", Body=b"x", IfNoneMatch="*")

    def test_moto_profile_answers_as_moto(self):
        control("profile=moto")
        rule = self.new_rule(904)
        self.assertNotIn("Order", rule["Actions"][0])
        self.moto.delete_rule(RuleArn=rule["RuleArn"])


if __name__ == "__main__":
    unittest.main()
