using System.Globalization;
using System.Xml.Linq;
using MaintenanceMode.Aws.Elbv2;

namespace MaintenanceMode.Tests.Moto
{
    /// <summary>
    /// Builds a small ALB in moto with raw Query actions sent through <see cref="QueryTransport"/> itself:
    /// a VPC, two subnets in two zones, a target group, the load balancer, an HTTP:80 listener that
    /// forwards to the target group, and path-pattern rules with priorities 1..n.
    /// </summary>
    public static class MotoLoadBalancerBuilder
    {
        public const string Ec2ApiVersion = "2016-11-15";

        public static async Task<MotoLoadBalancer> CreateAsync(MotoServerFixture moto, string name, int ruleCount = 3, CancellationToken cancellationToken = default)
        {
            if (name.Length > 32) throw new ArgumentException("ALB names have at most 32 characters.", nameof(name));

            using QueryTransport ec2 = moto.CreateTransport("ec2", Ec2ApiVersion);
            XElement vpc = await ec2.InvokeForResponseAsync("CreateVpc", Fields(("CidrBlock", "10.0.0.0/16")), cancellationToken);
            string vpcId = Value(vpc, "vpcId");
            var subnetIds = new List<string>();
            foreach ((string zone, string cidr) in new[] { ("us-east-1a", "10.0.1.0/24"), ("us-east-1b", "10.0.2.0/24") })
            {
                XElement subnet = await ec2.InvokeForResponseAsync("CreateSubnet",
                    Fields(("VpcId", vpcId), ("CidrBlock", cidr), ("AvailabilityZone", zone)), cancellationToken);
                subnetIds.Add(Value(subnet, "subnetId"));
            }

            using QueryTransport elbv2 = moto.CreateTransport();
            XElement targetGroup = await elbv2.InvokeAsync("CreateTargetGroup",
                Fields(("Name", name + "-tg"), ("Protocol", "HTTP"), ("Port", "80"), ("VpcId", vpcId), ("TargetType", "instance")), cancellationToken);
            string targetGroupArn = Value(targetGroup, "TargetGroupArn");

            XElement loadBalancer = await elbv2.InvokeAsync("CreateLoadBalancer",
                Fields(("Name", name), ("Type", "application"), ("Scheme", "internet-facing"),
                    ("Subnets.member.1", subnetIds[0]), ("Subnets.member.2", subnetIds[1])), cancellationToken);
            string loadBalancerArn = Value(loadBalancer, "LoadBalancerArn");

            XElement listener = await elbv2.InvokeAsync("CreateListener",
                Fields(("LoadBalancerArn", loadBalancerArn), ("Protocol", "HTTP"), ("Port", "80"),
                    ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", targetGroupArn)), cancellationToken);
            string listenerArn = Value(listener, "ListenerArn");

            var ruleArns = new List<string>();
            for (int priority = 1; priority <= ruleCount; priority++)
            {
                XElement rule = await elbv2.InvokeAsync("CreateRule", RuleFields(listenerArn, priority, $"/app{priority}/*", targetGroupArn), cancellationToken);
                ruleArns.Add(Value(rule, "RuleArn"));
            }

            return new MotoLoadBalancer
            {
                VpcId = vpcId,
                SubnetIds = subnetIds,
                TargetGroupArn = targetGroupArn,
                LoadBalancerName = name,
                LoadBalancerArn = loadBalancerArn,
                ListenerArn = listenerArn,
                RuleArns = ruleArns,
            };
        }

        /// <summary>The form fields of a CreateRule that forwards one path pattern.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> RuleFields(string listenerArn, int priority, string pathPattern, string targetGroupArn) =>
            Fields(
                ("ListenerArn", listenerArn),
                ("Priority", priority.ToString(CultureInfo.InvariantCulture)),
                ("Conditions.member.1.Field", "path-pattern"),
                ("Conditions.member.1.PathPatternConfig.Values.member.1", pathPattern),
                ("Actions.member.1.Type", "forward"),
                ("Actions.member.1.TargetGroupArn", targetGroupArn));

        public static IReadOnlyList<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
            fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();

        /// <summary>The first element with this local name, anywhere below <paramref name="element"/>.</summary>
        public static string Value(XElement element, string localName) =>
            element.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value
            ?? throw new InvalidOperationException($"No <{localName}> in the response: {element}");
    }
}
