"""The AWS-behaviour layer of the fault proxy: where moto 5.2.1 answers more kindly than AWS, answer as AWS does.

Each behaviour is switched through GET /__aws?... (see fault_proxy.py and configure() below); profile=aws turns
them all on with their defaults, profile=moto turns them all off. The behaviours (ALB-NOTES "moto differs from AWS"):

  shape=1        DescribeRules, CreateRule, ModifyRule and DescribeListeners answers as AWS writes them: every action
                 carries its Order (1..n when none was sent), a forward sent as a bare TargetGroupArn also comes
                 back as a ForwardConfig (that group, weight 1, stickiness off), host-header and path-pattern values
                 appear both in the typed config and in the top-level Values, an OIDC ClientSecret is never returned
  lag_ms=N       reads lag writes: for N ms after an ELBv2 write, DescribeRules answers what it answered before the
                 first write of the burst, and DescribeTags shows no tags for a rule created in that window
  lose_reply=A   once: the next call of ELBv2/STS action A (or s3-put, s3-delete) is forwarded, so the change is
                 made, and its reply is lost (connection reset)
  conflict=K     once: the next conditional S3 PUT or DELETE (K = s3-put or s3-delete) is answered
                 409 ConditionalRequestConflict without reaching the emulator
  rules_quota=N  DescribeAccountLimits answers rules-per-application-load-balancer=N; with limits=1, CreateRule
                 past N rules on the load balancer (default rules not counted) is refused TooManyRules
  limits=1       ALB limits moto ignores: MessageBody over 1024 characters, more than 5 condition values or 5
                 wildcards in a rule, a second source-ip/host-header/path-pattern/http-request-method condition,
                 a priority outside 1..50000, tag keys and values outside AWS's pattern or length
  throttle=read:RATE:BURST,write:RATE:BURST
                 token buckets on ELBv2 reads (Describe*) and writes; past them: 400 Throttling
  require_kms=1  an S3 PUT carrying x-amz-server-side-encryption: AES256 is refused 403 AccessDenied, as a bucket
                 policy that requires aws:kms refuses it
  deny_action=A  ELBv2/STS action A (a comma-separated list) is refused 403 AccessDenied
"""
import re
import threading
import time
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET

ELBV2_NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"
ET.register_namespace("", ELBV2_NS)

ELBV2_WRITES = {"CreateRule", "ModifyRule", "DeleteRule", "SetRulePriorities", "AddTags", "RemoveTags", "ModifyListener"}
SHAPED = {"DescribeRules", "CreateRule", "ModifyRule", "DescribeListeners"}
LAGGED = {"DescribeRules", "DescribeTags"}
ONCE_S3 = {"s3-put", "s3-delete"}
SINGLE_CONDITIONS = {"source-ip", "host-header", "path-pattern", "http-request-method"}
WILDCARD_CONDITIONS = {"host-header", "path-pattern", "http-header", "query-string"}
TYPED_VALUES = {"host-header": "HostHeaderConfig", "path-pattern": "PathPatternConfig"}

DEFAULT_QUOTA = 100
DEFAULT_LAG_MS = 1000
# Describe* as documented (40 burst, 10/s); writes are not documented: the same, which long plans do exceed.
DEFAULT_THROTTLE = "read:10:40,write:10:40"


def _q(tag):
    return "{%s}%s" % (ELBV2_NS, tag)


class TokenBucket:
    def __init__(self, rate, burst):
        self.rate = float(rate)
        self.burst = float(burst)
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self):
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


def parse_throttle(text):
    """'read:10:40,write:5:20' -> {"read": (10.0, 40.0), "write": (5.0, 20.0)}; '' or '0' -> {}."""
    buckets = {}
    if text in ("", "0", "off"):
        return buckets
    for part in text.split(","):
        kind, rate, burst = part.split(":")
        if kind not in ("read", "write"):
            raise ValueError("throttle kinds are read and write")
        buckets[kind] = (float(rate), float(burst))
    return buckets


class AwsBehaviour:
    """The switches and the little state they need (buckets, lag cache, once-only faults), shared by handler threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.apply_profile("moto")

    # ----- control -----------------------------------------------------------------------------------------

    def apply_profile(self, name):
        if name not in ("aws", "moto"):
            raise ValueError("profile must be aws or moto")
        on = name == "aws"
        with self.lock:
            self.profile = name
            self.shape = on
            self.lag = DEFAULT_LAG_MS / 1000.0 if on else 0.0
            self.lose_reply = None
            self.conflict = None
            self.rules_quota = DEFAULT_QUOTA if on else None
            self.limits = on
            self.throttle_text = DEFAULT_THROTTLE if on else ""
            self.buckets = {k: TokenBucket(*v) for k, v in parse_throttle(self.throttle_text).items()}
            self.require_kms = False
            self.deny_actions = set()
            self._reset_lag()

    def _reset_lag(self):
        self.read_cache = {}
        self.frozen = {}
        self.stale_until = 0.0
        self.created_in_window = set()

    def configure(self, query):
        """Applies the switches of a /__aws query (profile first, then the others); raises ValueError on a bad one."""
        if "profile" in query:
            self.apply_profile(query["profile"])
        with self.lock:
            for key, value in query.items():
                if key == "profile":
                    continue
                if key == "shape":
                    self.shape = _flag(value)
                elif key == "lag_ms":
                    self.lag = int(value) / 1000.0
                    self._reset_lag()
                elif key == "lose_reply":
                    self.lose_reply = value or None
                elif key == "conflict":
                    if value and value not in ONCE_S3:
                        raise ValueError("conflict must be s3-put or s3-delete")
                    self.conflict = value or None
                elif key == "rules_quota":
                    self.rules_quota = int(value) if value else None
                elif key == "limits":
                    self.limits = _flag(value)
                elif key == "throttle":
                    self.buckets = {k: TokenBucket(*v) for k, v in parse_throttle(value).items()}
                    self.throttle_text = value
                elif key == "require_kms":
                    self.require_kms = _flag(value)
                elif key == "deny_action":
                    self.deny_actions = {a for a in value.split(",") if a}
                else:
                    raise ValueError("unknown switch " + key)

    def describe(self):
        with self.lock:
            return {"profile": self.profile, "shape": self.shape, "lag_ms": int(self.lag * 1000),
                    "lose_reply": self.lose_reply, "conflict": self.conflict, "rules_quota": self.rules_quota,
                    "limits": self.limits, "throttle": self.throttle_text, "require_kms": self.require_kms,
                    "deny_action": ",".join(sorted(self.deny_actions))}

    # ----- decisions before forwarding ---------------------------------------------------------------------

    def refuse(self, service, method, action, form, headers, query_upstream):
        """An (status, code, message, s3) refusal AWS would answer instead of forwarding, or None."""
        if service == "s3":
            if method == "PUT" and self.require_kms and headers.get("x-amz-server-side-encryption", "").upper() == "AES256":
                return 403, "AccessDenied", "Access Denied (the bucket policy requires aws:kms)", True
            return None
        if action is None:
            return None
        if action in self.deny_actions:
            return 403, "AccessDenied", "User is not authorized to perform: %s:%s" % (
                "sts" if service == "sts" else "elasticloadbalancing", action), False
        if service not in ("elasticloadbalancing", None):
            return None
        kind = "read" if action.startswith("Describe") else "write"
        with self.lock:
            bucket = self.buckets.get(kind)
            if bucket is not None and not bucket.take():
                return 400, "Throttling", "Rate exceeded", False
            limits = self.limits
            quota = self.rules_quota
        if limits:
            problem = rule_limit_problem(action, form)
            if problem:
                return (400,) + problem + (False,)
            if action == "CreateRule" and quota is not None:
                count = count_rules(form.get("ListenerArn", ""), query_upstream)
                if count is not None and count >= quota:
                    return 400, "TooManyRules", "You've reached the limit on the number of rules per load balancer (%d)" % quota, False
        return None

    def answer_locally(self, action):
        """DescribeAccountLimits, which moto answers with fixed defaults, as an XML body; None otherwise."""
        with self.lock:
            quota = self.rules_quota
        if action != "DescribeAccountLimits" or quota is None:
            return None
        limits = {"application-load-balancers": 50, "target-groups": 3000, "targets-per-application-load-balancer": 1000,
                  "listeners-per-application-load-balancer": 50, "rules-per-application-load-balancer": quota,
                  "network-load-balancers": 50, "listeners-per-network-load-balancer": 50,
                  "targets-per-network-load-balancer": 3000, "target-groups-per-application-load-balancer": 100,
                  "certificates-per-application-load-balancer": 25}
        members = "".join("<member><Name>%s</Name><Max>%d</Max></member>" % (n, m) for n, m in limits.items())
        return ('<DescribeAccountLimitsResponse xmlns="%s"><DescribeAccountLimitsResult><Limits>%s</Limits>'
                '</DescribeAccountLimitsResult><ResponseMetadata><RequestId>aws-layer-limits</RequestId></ResponseMetadata>'
                '</DescribeAccountLimitsResponse>' % (ELBV2_NS, members))

    def take_once(self, service, method, action, headers):
        """'lose' or 'conflict' when a once-only behaviour applies to this request (and disarms it), else None."""
        s3_kind = None
        if service == "s3":
            s3_kind = {"PUT": "s3-put", "DELETE": "s3-delete"}.get(method)
        with self.lock:
            if self.conflict and s3_kind == self.conflict and ("if-match" in headers or "if-none-match" in headers):
                self.conflict = None
                return "conflict"
            if self.lose_reply and (self.lose_reply == s3_kind or (action is not None and self.lose_reply == action)):
                self.lose_reply = None
                return "lose"
        return None

    # ----- read-after-write lag ----------------------------------------------------------------------------

    def stale_read(self, action, form):
        """The body an earlier read answered, when this read falls in the lag window; None to forward."""
        if action not in LAGGED:
            return None
        with self.lock:
            if time.monotonic() >= self.stale_until:
                return None
            return self.frozen.get(read_key(action, form))

    def after_read(self, action, form, status, body):
        """Remembers a fresh read; hides the tags of rules created in the lag window. Returns the body to send."""
        if action not in LAGGED or status != 200:
            return body
        with self.lock:
            self.read_cache[read_key(action, form)] = body
            hide = set(self.created_in_window) if action == "DescribeTags" and time.monotonic() < self.stale_until else set()
        if hide:
            body = strip_tags_of(body, hide)
        return body

    def after_write(self, action, status, body):
        if action not in ELBV2_WRITES or status != 200:
            return
        with self.lock:
            if self.lag <= 0:
                return
            now = time.monotonic()
            if now >= self.stale_until:
                self.frozen = dict(self.read_cache)
                self.created_in_window = set()
            self.stale_until = now + self.lag
            if action == "CreateRule":
                self.created_in_window.update(re.findall(r"<RuleArn>([^<]+)</RuleArn>", body.decode("utf-8", "replace")))

    def lagging(self):
        with self.lock:
            return time.monotonic() < self.stale_until

    # ----- response shape ----------------------------------------------------------------------------------

    def shaped(self, action, status, body):
        if not self.shape or action not in SHAPED or status != 200:
            return body
        return shape_response(body)


def _flag(value):
    if value not in ("0", "1"):
        raise ValueError("a switch is 0 or 1")
    return value == "1"


def read_key(action, form):
    if action == "DescribeTags":
        return (action, tuple(sorted(v for k, v in form.items() if k.startswith("ResourceArns.member."))))
    return (action, form.get("ListenerArn"), tuple(sorted(v for k, v in form.items() if k.startswith("RuleArns.member."))),
            form.get("Marker"), form.get("PageSize"))


def strip_tags_of(body, arns):
    root = ET.fromstring(body)
    for description in root.iter(_q("TagDescriptions")):
        for member in description.findall(_q("member")):
            arn = member.findtext(_q("ResourceArn"))
            tags = member.find(_q("Tags"))
            if arn in arns and tags is not None:
                for tag in list(tags):
                    tags.remove(tag)
    return ET.tostring(root, encoding="utf-8", xml_declaration=False)


def _child(parent, tag, text=None):
    element = ET.SubElement(parent, _q(tag))
    if text is not None:
        element.text = text
    return element


def shape_actions(actions):
    members = actions.findall(_q("member"))
    for index, action in enumerate(members, start=1):
        if action.find(_q("Order")) is None:
            _child(action, "Order", str(index))
        kind = action.findtext(_q("Type"))
        group = action.findtext(_q("TargetGroupArn"))
        if kind == "forward" and group and action.find(_q("ForwardConfig")) is None:
            forward = _child(action, "ForwardConfig")
            groups = _child(forward, "TargetGroups")
            member = _child(groups, "member")
            _child(member, "TargetGroupArn", group)
            _child(member, "Weight", "1")
            stickiness = _child(forward, "TargetGroupStickinessConfig")
            _child(stickiness, "Enabled", "false")
        oidc = action.find(_q("AuthenticateOidcConfig"))
        if oidc is not None:
            for secret in oidc.findall(_q("ClientSecret")):
                oidc.remove(secret)


def shape_conditions(conditions):
    for condition in conditions.findall(_q("member")):
        typed_name = TYPED_VALUES.get(condition.findtext(_q("Field")) or "")
        if not typed_name:
            continue
        top = condition.find(_q("Values"))
        typed = condition.find(_q(typed_name))
        typed_values = typed.find(_q("Values")) if typed is not None else None
        source = typed_values if typed_values is not None and len(typed_values) else top
        if source is None:
            continue
        values = [m.text or "" for m in source.findall(_q("member"))]
        if top is None:
            top = _child(condition, "Values")
        if typed is None:
            typed = _child(condition, typed_name)
        if typed_values is None:
            typed_values = _child(typed, "Values")
        for target in (top, typed_values):
            for old in list(target):
                target.remove(old)
            for value in values:
                _child(target, "member", value)


def shape_response(body):
    root = ET.fromstring(body)
    for rule in root.iter(_q("Rules")):
        for member in rule.findall(_q("member")):
            actions = member.find(_q("Actions"))
            if actions is not None:
                shape_actions(actions)
            conditions = member.find(_q("Conditions"))
            if conditions is not None:
                shape_conditions(conditions)
    for listeners in root.iter(_q("Listeners")):
        for member in listeners.findall(_q("member")):
            actions = member.find(_q("DefaultActions"))
            if actions is not None:
                shape_actions(actions)
    return ET.tostring(root, encoding="utf-8", xml_declaration=False)


# ----- ALB limits -----------------------------------------------------------------------------------------

_TAG_PUNCTUATION = set("_.:/=+-@")


def _tag_text_ok(text):
    # AWS's pattern ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$: letters, separators, numbers and those marks.
    return all(unicodedata.category(c)[0] in "LZN" or c in _TAG_PUNCTUATION for c in text)


def _members(form, prefix):
    """{N: {rest-of-key: value}} for keys prefix.member.N.rest."""
    found = {}
    head = prefix + ".member."
    for key, value in form.items():
        if key.startswith(head):
            number, _, rest = key[len(head):].partition(".")
            if number.isdigit():
                found.setdefault(int(number), {})[rest] = value
    return found


def rule_limit_problem(action, form):
    """(code, message) for a request ALB would refuse on its limits; None when AWS would take it."""
    if action in ("CreateRule", "ModifyRule", "ModifyListener"):
        for key, value in form.items():
            if key.endswith("FixedResponseConfig.MessageBody") and len(value) > 1024:
                return "ValidationError", "1 validation error detected: Value at 'actions.member.fixedResponseConfig.messageBody' failed to satisfy constraint: Member must have length less than or equal to 1024"
    priorities = []
    if action == "CreateRule" and "Priority" in form:
        priorities.append(form["Priority"])
    if action == "SetRulePriorities":
        priorities.extend(m.get("Priority", "") for m in _members(form, "RulePriorities").values())
    for priority in priorities:
        if not priority.isdigit() or not 1 <= int(priority) <= 50000:
            return "ValidationError", "1 validation error detected: Value '%s' at 'priority' failed to satisfy constraint: Member must have value between 1 and 50000" % priority
    if action in ("CreateRule", "ModifyRule"):
        conditions = _members(form, "Conditions")
        seen = set()
        total_values = 0
        wildcards = 0
        for condition in conditions.values():
            field = condition.get("Field", "")
            if field in SINGLE_CONDITIONS:
                if field in seen:
                    return "ValidationError", "A rule can only have one '%s' condition" % field
                seen.add(field)
            top = [v for k, v in condition.items() if re.fullmatch(r"Values\.member\.\d+", k)]
            typed = [v for k, v in condition.items() if re.fullmatch(r"\w+Config\.Values\.member\.\d+(\.(Key|Value))?", k)]
            pairs = {re.sub(r"\.(Key|Value)$", "", k) for k in condition if re.fullmatch(r"QueryStringConfig\.Values\.member\.\d+\.(Key|Value)", k)}
            count = max(len(top), len(pairs) if field == "query-string" else len(typed))
            total_values += count
            if field in WILDCARD_CONDITIONS:
                texts = top if len(top) >= len(typed) else typed
                wildcards += sum(t.count("*") + t.count("?") for t in texts)
        if total_values > 5:
            return "ValidationError", "A rule can only have '5' condition values"
        if wildcards > 5:
            return "ValidationError", "A rule can only have '5' wildcards"
    if action in ("CreateRule", "AddTags"):
        for tag in _members(form, "Tags").values():
            key, value = tag.get("Key", ""), tag.get("Value", "")
            if not 1 <= len(key) <= 128 or not _tag_text_ok(key) or key.lower().startswith("aws:"):
                return "ValidationError", "1 validation error detected: Value '%s' at 'tags.member.key' failed to satisfy constraint" % key
            if len(value) > 256 or not _tag_text_ok(value):
                return "ValidationError", "1 validation error detected: Value '%s' at 'tags.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$" % value
    return None


def count_rules(listener_arn, query_upstream):
    """Rules of the listener's load balancer, default rules not counted; None when the emulator could not say."""
    match = re.match(r"^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)listener/(app/[^/]+/[^/]+)/[^/]+$", listener_arn)
    if not match:
        return None
    lb_arn = match.group(1) + "loadbalancer/" + match.group(2)
    status, body = query_upstream({"Action": "DescribeListeners", "Version": "2015-12-01", "LoadBalancerArn": lb_arn})
    if status != 200:
        return None
    listeners = re.findall(r"<ListenerArn>([^<]+)</ListenerArn>", body.decode("utf-8", "replace"))
    count = 0
    for listener in set(listeners):
        marker = None
        while True:
            params = {"Action": "DescribeRules", "Version": "2015-12-01", "ListenerArn": listener, "PageSize": "400"}
            if marker:
                params["Marker"] = marker
            status, body = query_upstream(params)
            if status != 200:
                return None
            root = ET.fromstring(body)
            for rule in root.iter(_q("Rules")):
                count += sum(1 for m in rule.findall(_q("member")) if m.findtext(_q("IsDefault")) != "true")
            marker = root.findtext(".//" + _q("NextMarker"))
            if not marker:
                break
    return count


def form_of(body):
    """The Query form as {name: value} (names are unique in the Query protocol)."""
    return {k: v[0] for k, v in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
