namespace MaintenanceMode.Aws
{
    /// <summary>
    /// The parts of an ARN this module names to the operator: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE.
    /// A listener's ARN says which account and region it lives in; a caller's ARN (sts:GetCallerIdentity)
    /// says which account the credentials act in and as whom.
    /// </summary>
    public sealed class AwsArn
    {
        private AwsArn(string service, string region, string account, string resource)
        {
            Service = service;
            Region = region;
            Account = account;
            Resource = resource;
        }

        public string Service { get; }

        /// <summary>Empty for global services (IAM, STS).</summary>
        public string Region { get; }

        public string Account { get; }

        /// <summary>For example <c>assumed-role/Deploy/ci</c>, <c>user/alice</c> or <c>listener/app/shop/...</c>.</summary>
        public string Resource { get; }

        /// <returns>The parts, or null when <paramref name="arn"/> is not an ARN.</returns>
        public static AwsArn? TryParse(string? arn)
        {
            var parts = arn?.Split(new[] { ':' }, 6);
            if (parts == null || parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[2].Length == 0)
            {
                return null;
            }

            return new AwsArn(parts[2], parts[3], parts[4], parts[5]);
        }
    }
}
