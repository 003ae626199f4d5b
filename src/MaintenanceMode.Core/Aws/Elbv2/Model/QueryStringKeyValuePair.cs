namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>One query-string pair; a null key matches any key.</summary>
    public sealed class QueryStringKeyValuePair
    {
        public string? Key { get; set; }

        public string? Value { get; set; }
    }
}
