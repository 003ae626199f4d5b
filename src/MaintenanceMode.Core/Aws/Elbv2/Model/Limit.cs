namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>One of the account's ELBv2 quotas, as DescribeAccountLimits returns it (shape Limit).</summary>
    public sealed class Limit
    {
        /// <summary>For example <c>rules-per-application-load-balancer</c>.</summary>
        public string? Name { get; set; }

        /// <summary>The quota, a number as text (botocore's shape Max is a string).</summary>
        public string? Max { get; set; }
    }
}
