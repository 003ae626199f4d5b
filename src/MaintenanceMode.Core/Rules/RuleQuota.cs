using System.Globalization;

namespace MaintenanceMode.Rules
{
    /// <summary>
    /// ALB's rules-per-load-balancer quota the plan is held to, and where that figure came from: the
    /// account's own (it can be raised well above 100), or ALB's default when the account's could not be read.
    /// </summary>
    public sealed class RuleQuota
    {
        public RuleQuota(int value, string source)
        {
            Value = value;
            Source = source;
        }

        public int Value { get; }

        /// <summary>Where <see cref="Value"/> came from, in words that finish "the quota is N, ...".</summary>
        public string Source { get; }

        public static RuleQuota FromAccount(int value) =>
            new RuleQuota(value, "the account's quota read with DescribeAccountLimits");

        /// <summary>ALB's default, used when DescribeAccountLimits was denied.</summary>
        public static RuleQuota DefaultBecauseDenied { get; } = new RuleQuota(RuleLimits.DefaultRulesPerLoadBalancer,
            "ALB's default quota, assumed because DescribeAccountLimits was denied (grant elasticloadbalancing:DescribeAccountLimits to use the account's own)");

        /// <summary>ALB's default, used when DescribeAccountLimits answered without this quota.</summary>
        public static RuleQuota DefaultBecauseUnlisted { get; } = new RuleQuota(RuleLimits.DefaultRulesPerLoadBalancer,
            "ALB's default quota, assumed because DescribeAccountLimits did not list rules-per-application-load-balancer");

        /// <summary>A figure given by the caller rather than read (tests, and plans made without reading the account).</summary>
        public static RuleQuota Given(int value) => new RuleQuota(value, "the quota given in the settings");

        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + " (" + Source + ")";
    }
}
